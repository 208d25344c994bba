//! Transcribes recordings and reports the speed: how many seconds of audio per second of work
//! (the real-time factor), per file and channel.
//!
//! `cargo run -p scl-transcribe --release --example transcribe -- MODEL THREADS FILE...`

use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, threads, files @ ..] = args.as_slice() else {
        eprintln!("usage: transcribe MODEL THREADS FILE...");
        std::process::exit(2);
    };
    let threads: u16 = threads.parse().expect("THREADS is a number");
    let started = Instant::now();
    let engine = scl_transcribe::Engine::load(Path::new(model), threads).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    println!(
        "model {} loaded in {:.2} s",
        engine.name(),
        started.elapsed().as_secs_f64()
    );
    for file in files {
        let speech = scl_transcribe::load(Path::new(file)).expect("the recording reads");
        for (i, channel) in speech.channels.iter().enumerate() {
            let t = Instant::now();
            let lines = engine.transcribe(channel).expect("transcribes");
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{file} channel {i}: {:.1} s of audio in {secs:.1} s = {:.2}x real time, {} lines",
                speech.duration_s,
                speech.duration_s / secs,
                lines.len()
            );
            for l in &lines {
                println!("  [{:7.2}-{:7.2}] {}", l.start_s, l.end_s, l.text);
            }
        }
    }
}
