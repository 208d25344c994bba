//! Long recordings for the benchmarks, generated at run time (never committed) and kept in
//! cargo's scratch directory for later runs.
#![allow(dead_code)]

use std::path::PathBuf;

use scl_audio::{WavEncoding, WavWriter};

/// A `minutes`-long 8 kHz mu-law WAV, the format most phone systems record in: talk-like
/// bursts of tone with short pauses, and a 5-second silence every minute (hold, typing).
pub fn call_recording(minutes: u32) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scl-audio-bench");
    std::fs::create_dir_all(&dir).expect("bench data dir");
    let path = dir.join(format!("call-{minutes}min-mulaw-v1.wav"));
    if path.exists() {
        return path;
    }
    let rate = 8000u32;
    let partial = path.with_extension("partial");
    let mut writer = WavWriter::create(&partial, WavEncoding::MuLaw, rate, 1).expect("create");
    let mut second = vec![0.0f32; rate as usize];
    for s in 0..minutes * 60 {
        let quiet = s % 60 >= 55;
        for (i, sample) in second.iter_mut().enumerate() {
            let t = f64::from(s) + i as f64 / f64::from(rate);
            let talking = !quiet && t.fract() < 0.75;
            let pitch = 120.0 + 40.0 * (t * 0.37).sin();
            *sample = if talking {
                (0.4 * (2.0 * std::f64::consts::PI * pitch * t).sin()
                    + 0.15 * (2.0 * std::f64::consts::PI * pitch * 3.1 * t).sin())
                    as f32
            } else {
                0.0
            };
        }
        writer.write(&second).expect("write");
    }
    writer.finish().expect("finish");
    std::fs::rename(&partial, &path).expect("rename");
    path
}

/// A `minutes`-long MP3 made by repeating the 1.5-second test phrase (CBR MPEG-2 Layer III
/// frames can follow each other from any file): for seeking in a long compressed recording.
pub fn long_mp3(minutes: u32) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scl-audio-bench");
    std::fs::create_dir_all(&dir).expect("bench data dir");
    let path = dir.join(format!("call-{minutes}min-v1.mp3"));
    if path.exists() {
        return path;
    }
    let phrase = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/hello.mp3"))
        .expect("the MP3 fixture");
    let copies = (f64::from(minutes) * 60.0 / 1.512).ceil() as usize;
    let partial = path.with_extension("partial");
    std::fs::write(&partial, phrase.repeat(copies)).expect("write");
    std::fs::rename(&partial, &path).expect("rename");
    path
}
