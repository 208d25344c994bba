//! Speed keeps pitch; long silences are skipped; short pauses are not.

mod common;

use common::*;
use scl_audio::{Command, PlayerEvent, WavEncoding};

const RATE: u32 = 8000;

fn tone_file(dir: &std::path::Path, seconds: f64) -> std::path::PathBuf {
    wav_in(
        dir,
        "tone.wav",
        WavEncoding::Pcm16,
        RATE,
        &sine(440.0, seconds, RATE, 0.5),
    )
}

fn played_at(speed: f32, path: &std::path::Path) -> Vec<f32> {
    let mut h = Harness::new();
    h.send(Command::SetSpeed(speed));
    h.load_and_pull(path)
}

#[test]
fn double_speed_halves_the_duration_and_keeps_the_pitch() {
    let dir = tempfile::tempdir().unwrap();
    let path = tone_file(dir.path(), 4.0);
    let played = played_at(2.0, &path);
    let seconds = played.len() as f64 / f64::from(RATE);
    assert!(
        (seconds - 2.0).abs() < 0.04,
        "4 s at 2x lasted {seconds:.3} s"
    );
    let middle = &played[4000..12000];
    let hz = zero_crossing_hz(middle, RATE);
    assert!((hz - 440.0).abs() < 5.0, "440 Hz came out at {hz:.1} Hz");
    // And the level did not wobble: overlapped frames line up in phase.
    let peak = middle.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let low = middle
        .chunks(80)
        .map(|c| c.iter().fold(0.0f32, |m, s| m.max(s.abs())))
        .fold(f32::MAX, f32::min);
    assert!(
        peak < 0.52 && low > 0.45,
        "amplitude between {low} and {peak}"
    );
}

#[test]
fn half_speed_doubles_the_duration_and_keeps_the_pitch() {
    let dir = tempfile::tempdir().unwrap();
    let path = tone_file(dir.path(), 2.0);
    let played = played_at(0.5, &path);
    let seconds = played.len() as f64 / f64::from(RATE);
    assert!(
        (seconds - 4.0).abs() < 0.05,
        "2 s at 0.5x lasted {seconds:.3} s"
    );
    let hz = zero_crossing_hz(&played[8000..24000], RATE);
    assert!((hz - 440.0).abs() < 5.0, "440 Hz came out at {hz:.1} Hz");
}

#[test]
fn one_and_a_half_speed_on_speech_lasts_two_thirds() {
    let path = fixture("hello-mulaw.wav");
    let normal = played_at(1.0, &path).len() as f64;
    let fast = played_at(1.5, &path).len() as f64;
    let ratio = fast / normal;
    assert!((ratio - 2.0 / 3.0).abs() < 0.03, "ratio {ratio:.3}");
}

#[test]
fn speed_changes_while_playing_and_back_to_one_is_exact_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = tone_file(dir.path(), 6.0);
    let original = pcm16(&path);
    let mut h = Harness::new();
    h.load(&path);
    h.play();
    let first = h.tap.pull_playing(8000);
    h.send(Command::SetSpeed(2.0));
    h.send(Command::Pause);
    h.wait("Paused", |e| matches!(e, PlayerEvent::Paused).then_some(()));
    h.play();
    let fast = h.tap.pull_playing(8000);
    h.send(Command::SetSpeed(1.0));
    h.send(Command::Pause);
    h.wait("Paused", |e| matches!(e, PlayerEvent::Paused).then_some(()));
    let at = h.position();
    // 1 s at 1x, then 1 s of output at 2x covered 2 s more.
    assert!((at - 3.0).abs() < 0.05, "position {at:.3} s");
    h.play();
    let rest = h.pull_all();
    assert_same(&first, &original[..8000], "first second");
    assert!((zero_crossing_hz(&fast[1000..7000], RATE) - 440.0).abs() < 5.0);
    let total = (first.len() + fast.len() + rest.len()) as f64 / f64::from(RATE);
    assert!((total - 5.0).abs() < 0.05, "total {total:.3} s");
    // Once back at 1x, the samples are the file's own again, after a short crossfade.
    let tail = &rest[rest.len() - 4000..];
    assert_same(tail, &original[original.len() - 4000..], "back at 1x");
}

fn tone_gap_tone(gap: f64) -> Vec<f32> {
    let mut samples = sine(300.0, 1.0, RATE, 0.5);
    samples.extend(silence(gap, RATE));
    samples.extend(sine(300.0, 1.0, RATE, 0.5));
    samples
}

fn played_with_skip(path: &std::path::Path, speed: f32) -> Vec<f32> {
    let mut h = Harness::new();
    h.send(Command::SetSkipSilence(true));
    h.send(Command::SetSpeed(speed));
    h.load_and_pull(path)
}

#[test]
fn a_three_second_silence_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = wav_in(
        dir.path(),
        "gap.wav",
        WavEncoding::MuLaw,
        RATE,
        &tone_gap_tone(3.0),
    );
    let plain = played_at(1.0, &path);
    assert_eq!(plain.len(), 5 * 8000);
    let skipped = played_with_skip(&path, 1.0);
    let seconds = skipped.len() as f64 / f64::from(RATE);
    // 1 s tone, 0.3 s of the silence kept, 1 s tone.
    assert!((seconds - 2.3).abs() < 0.03, "lasted {seconds:.3} s");
    let loud = |s: &[f32]| s.iter().filter(|x| x.abs() > 0.1).count();
    assert_eq!(loud(&skipped), loud(&plain), "no speech is lost");
    // Skipping and speed together.
    let both = played_with_skip(&path, 2.0).len() as f64 / f64::from(RATE);
    assert!((both - 1.15).abs() < 0.05, "lasted {both:.3} s at 2x");
}

#[test]
fn short_pauses_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = wav_in(
        dir.path(),
        "pause.wav",
        WavEncoding::Pcm16,
        RATE,
        &tone_gap_tone(0.5),
    );
    let skipped = played_with_skip(&path, 1.0);
    assert_eq!(skipped.len(), 20_000);
}

#[test]
fn position_jumps_over_the_skipped_silence() {
    let dir = tempfile::tempdir().unwrap();
    let path = wav_in(
        dir.path(),
        "gap.wav",
        WavEncoding::MuLaw,
        RATE,
        &tone_gap_tone(3.0),
    );
    let mut h = Harness::new();
    h.send(Command::SetSkipSilence(true));
    h.load(&path);
    h.play();
    // 1 s of tone and the 0.15 s kept of the silence's start and end: the second tone is next.
    assert_eq!(h.tap.pull_playing(8000 + 2400).len(), 10_400);
    h.send(Command::Pause);
    h.wait("Paused", |e| matches!(e, PlayerEvent::Paused).then_some(()));
    let at = h.position();
    assert!((at - 4.0).abs() < 0.05, "position {at:.3} s");
}
