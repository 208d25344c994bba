//! A machine without sound output: a clear error, no panic, and the rest still works.
//!
//! Run in a child process whose ALSA configuration is empty, so no output device exists there
//! whatever this machine has (CI has a PulseAudio null sink).

mod common;

use std::process::Command;

use common::fixture;

#[test]
fn without_a_sound_device_loading_works_and_play_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let empty_config = dir.path().join("asound.conf");
    std::fs::write(&empty_config, "").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_scl-audio-play"))
        .arg(fixture("hello-mulaw.wav"))
        .env("ALSA_CONFIG_PATH", &empty_config)
        .env_remove("PULSE_SERVER")
        .output()
        .expect("run scl-audio-play");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {:?}\n{stdout}\n{stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("output_problem: "), "{stdout}");
    assert!(
        stdout.contains("loaded: WAV (G.711 mu-law), 1.434 s"),
        "the recording still loads: {stdout}"
    );
    assert!(
        stdout.contains("error: no audio output device: "),
        "Play answers why: {stdout}"
    );
}
