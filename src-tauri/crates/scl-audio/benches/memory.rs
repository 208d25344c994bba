//! Peak memory while playing a 60-minute call versus a 1-minute one: the recording is streamed
//! from disk, so both should cost the same within a few MB. Each run is a fresh process
//! (`scl-audio-play --tap`, pulling every sample as fast as it can) and reports its VmHWM.
//!
//! `cargo bench -p scl-audio --bench memory`

mod common;

use std::process::Command;

fn peak_kib(path: &std::path::Path, extra: &[&str]) -> (u64, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scl-audio-play"))
        .arg(path)
        .arg("--tap")
        .args(extra)
        .output()
        .expect("run scl-audio-play");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "{stdout}");
    let field = |key: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key} in {stdout}"))
            .trim()
            .to_string()
    };
    let kib = field("vm_hwm_kib:").parse().expect("VmHWM");
    (
        kib,
        format!("{} samples in {} s", field("samples:"), field("wall_s:")),
    )
}

fn main() {
    // `cargo test --benches` runs bench binaries with --bench absent: only run when benchmarking.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let short = common::call_recording(1);
    let long = common::call_recording(60);
    println!("| recording | settings | peak memory (VmHWM) | pulled |");
    println!("| --- | --- | ---: | --- |");
    for (settings, extra) in [
        ("1x", &[][..]),
        (
            "1.5x, skip silence",
            &["--speed", "1.5", "--skip-silence"][..],
        ),
    ] {
        for (name, path) in [("1 min", &short), ("60 min", &long)] {
            let (kib, pulled) = peak_kib(path, extra);
            println!(
                "| {name} | {settings} | {:.1} MB | {pulled} |",
                kib as f64 / 1024.0
            );
        }
    }
}
