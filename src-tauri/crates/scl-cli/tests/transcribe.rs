//! `scl transcribe`: recorded calls that came without words get them from their recordings,
//! on this computer, with the real model (prepared by `.ci/speech-model`, which exports
//! `SCL_SPEECH_MODEL`); speakers by channel, a bad recording reported and left alone (exit 3),
//! an export's own words never replaced.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ok, scl};

fn model() -> PathBuf {
    let path = std::env::var_os("SCL_SPEECH_MODEL")
        .map(PathBuf::from)
        .expect("SCL_SPEECH_MODEL is not set: run `source .ci/speech-model` first");
    assert!(path.is_file(), "{} is not a file", path.display());
    path
}

/// espeak-ng says `text`; its samples (22,050 Hz mono).
fn spoken(dir: &Path, name: &str, voice: &str, text: &str) -> (Vec<f32>, u32) {
    let path = dir.join(format!("{name}.wav"));
    let status = Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng runs");
    assert!(status.success());
    let s = scl_audio::samples(&path).unwrap();
    let rate = s.info.sample_rate;
    (s.collect(), rate)
}

/// A stereo recording: the agent on the right channel answers, the customer on the left asks.
fn recorded_call(dir: &Path) -> PathBuf {
    let (agent, rate) = spoken(
        dir,
        "a",
        "en-us",
        "Thanks for calling Summit Heating, this is Dana. How can I help?",
    );
    let (customer, _) = spoken(
        dir,
        "c",
        "en-us+m3",
        "Hi, how much would it cost to replace my water heater?",
    );
    let at = |s: f64| (s * f64::from(rate)) as usize;
    let len = at(5.0) + customer.len() + at(1.0);
    let (mut left, mut right) = (vec![0.0f32; len], vec![0.0f32; len]);
    right[at(0.5)..at(0.5) + agent.len()].copy_from_slice(&agent);
    left[at(5.0)..at(5.0) + customer.len()].copy_from_slice(&customer);
    let interleaved: Vec<f32> = left
        .iter()
        .zip(&right)
        .flat_map(|(l, r)| [*l, *r])
        .collect();
    let path = dir.join("r-1.wav");
    scl_audio::write_wav(&path, scl_audio::WavEncoding::Pcm16, rate, 2, &interleaved).unwrap();
    path
}

fn call_line(id: &str, recording: &str, transcript: &str) -> String {
    format!(
        r#"{{"call_id":"{id}","account":"Summit Heating & Air","direction":"inbound","from":"+13035550188","to":"+13035550199","started_at":"2026-11-20T14:00:00Z","answered_at":"2026-11-20T14:00:05Z","ended_at":"2026-11-20T14:00:20Z","agent":"Dana Whitfield","booked":false,"reason":null,"csr_notes":null,"recording":"{recording}","transcript":{transcript}}}"#
    )
}

#[test]
fn recorded_calls_without_words_get_them_from_their_recordings() {
    let model = model();
    let dir = tempfile::tempdir().unwrap();
    recorded_call(dir.path());
    std::fs::write(dir.path().join("bad.wav"), b"RIFF not really a recording").unwrap();
    let export = dir.path().join("calls.jsonl");
    std::fs::write(
        &export,
        [
            call_line("R-1", "r-1.wav", "null"),
            call_line("R-2", "bad.wav", "null"),
            call_line(
                "R-3",
                "r-1.wav",
                r#"[{"start":0,"end":2,"speaker":"agent","text":"The export's own words."}]"#,
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    ok(&scl(&db, &["import", export.to_str().unwrap()]));
    let model = model.to_str().unwrap();

    let out = scl(
        &db,
        &["transcribe", "--pending", "--json", "--model", model],
    );
    assert_eq!(out.status.code(), Some(3), "one recording is bad: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let reports: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 2, "R-3 has words: not queued: {stdout}");
    let r1 = reports.iter().find(|r| r["call_id"] == "R-1").unwrap();
    assert!(r1["segments"].as_u64().unwrap() >= 2, "{r1}");
    assert!(r1["error"].is_null());
    assert!((r1["audio_s"].as_f64().unwrap() - 9.0).abs() < 4.0, "{r1}");
    let r2 = reports.iter().find(|r| r["call_id"] == "R-2").unwrap();
    assert!(r2["error"].as_str().unwrap().contains("bad.wav"), "{r2}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 2 recordings"));

    let words = ok(&scl(&db, &["transcript", "R-1"]));
    let lines: Vec<&str> = words.lines().collect();
    assert!(
        lines[0].contains("Agent:") && lines[0].to_lowercase().contains("thanks for calling"),
        "the channel heard first is the agent's: {words}"
    );
    let asked = lines
        .iter()
        .find(|l| l.to_lowercase().contains("how much"))
        .unwrap_or_else(|| panic!("{words}"));
    assert!(
        asked.starts_with("[00:00:0") && asked.contains("Customer:"),
        "{words}"
    );

    // Done is done: the queue is empty, the bad recording is not tried again, words stay.
    let again = scl(
        &db,
        &["transcribe", "--pending", "--json", "--model", model],
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
    let kept = ok(&scl(
        &db,
        &["transcribe", "--call", "R-3", "--json", "--model", model],
    ));
    let kept: serde_json::Value = serde_json::from_str(kept.trim()).unwrap();
    assert_eq!(kept["segments"], 0, "an export's transcript is kept");
    assert!(ok(&scl(&db, &["transcript", "R-3"])).contains("The export's own words."));

    let missing = scl(
        &db,
        &["transcribe", "--pending", "--model", "/nowhere/ggml.bin"],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nowhere/ggml.bin"));
}
