//! Plays one recording from the command line, for trying the player by ear and for tests and
//! benchmarks that need it in a process of its own (no sound device, peak memory).
//!
//! `scl-audio-play FILE [--tap] [--speed X] [--skip-silence] [--probe]`
//!
//! Prints one `key: value` line per event; with `--tap`, pulls the samples as fast as it can
//! instead of playing them, then prints how many and the process's peak memory (VmHWM).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use scl_audio::{probe, Command, Output, Player, PlayerEvent};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut file = None;
    let (mut tap, mut only_probe, mut skip_silence, mut speed) = (false, false, false, 1.0f32);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tap" => tap = true,
            "--probe" => only_probe = true,
            "--skip-silence" => skip_silence = true,
            "--speed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => speed = s,
                None => return usage("--speed needs a number"),
            },
            _ if file.is_none() && !arg.starts_with("--") => file = Some(PathBuf::from(arg)),
            _ => return usage(&format!("unexpected argument {arg}")),
        }
    }
    let Some(file) = file else {
        return usage("no file given");
    };
    if only_probe {
        return match probe(&file) {
            Ok(info) => {
                println!("format: {}", info.format);
                println!("duration_s: {:.3}", info.duration_s);
                ExitCode::SUCCESS
            }
            Err(e) => {
                println!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let started = Instant::now();
    let (output, tap_end) = if tap {
        let (output, tap) = Output::tap();
        (output, Some(tap))
    } else {
        (Output::default_device(), None)
    };
    let (player, events) = Player::spawn(output);
    if let Some(problem) = player.output_problem() {
        println!("output_problem: {problem}");
    }
    player.send(Command::SetSpeed(speed));
    player.send(Command::SetSkipSilence(skip_silence));
    player.send(Command::Load(file));
    player.send(Command::Play);
    let mut pulled = 0usize;
    let mut tap_end = tap_end;
    // Without a device, the first error is the one about the device, sent at spawn.
    let mut expected_errors = usize::from(player.output_problem().is_some());
    for event in events.iter() {
        match &event {
            PlayerEvent::Loaded {
                duration_s, format, ..
            } => println!("loaded: {format}, {duration_s:.3} s"),
            PlayerEvent::Position { seconds } => println!("position: {seconds:.3}"),
            PlayerEvent::Error { message } => println!("error: {message}"),
            other => println!("event: {other:?}"),
        }
        match event {
            PlayerEvent::Playing => {
                if let Some(tap) = &mut tap_end {
                    // Pull in blocks like a sound card would, never the whole recording.
                    loop {
                        let block = tap.pull_playing(4096);
                        if block.is_empty() {
                            break;
                        }
                        pulled += block.len();
                    }
                }
            }
            PlayerEvent::Ended => break,
            PlayerEvent::Error { .. } if expected_errors > 0 => expected_errors -= 1,
            // Play's answer when there is no device: nothing more will come.
            PlayerEvent::Error { .. } if player.output_problem().is_some() => break,
            PlayerEvent::Error { .. } => return ExitCode::FAILURE,
            _ => {}
        }
    }
    if tap {
        println!("samples: {pulled}");
    }
    println!("wall_s: {:.3}", started.elapsed().as_secs_f64());
    if let Some(kib) = peak_memory_kib() {
        println!("vm_hwm_kib: {kib}");
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!(
        "{problem}\nusage: scl-audio-play FILE [--tap] [--speed X] [--skip-silence] [--probe]"
    );
    ExitCode::from(2)
}

/// Peak resident memory of this process, from Linux's /proc.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
