//! The player without a sound device: every sample pulled through a Tap and checked.

mod common;

use common::*;
use scl_audio::{Command, PlayerEvent, WavEncoding};

#[test]
fn pcm16_plays_bit_exact() {
    let path = fixture("hello-pcm16.wav");
    let expected = pcm16(&path);
    let mut h = Harness::new();
    let played = h.load_and_pull(&path);
    assert_same(&played, &expected, "pcm16");
    assert_eq!((h.tap.channels(), h.tap.sample_rate()), (1, 8000));
}

/// The decoder's G.711 agrees with the standard tables, sample for sample.
#[test]
fn mu_law_and_a_law_decode_to_g711_values() {
    let mu = |u: u8| -> f32 {
        let u = !u;
        let t = ((i32::from(u & 0x0f) << 3) + 0x84) << ((u >> 4) & 7);
        let v = if u & 0x80 != 0 { 0x84 - t } else { t - 0x84 };
        v as f32 / 32768.0
    };
    let a = |a: u8| -> f32 {
        let a = a ^ 0x55;
        let m = i32::from(a & 0x0f) << 4;
        let t = match (a >> 4) & 7 {
            0 => m + 8,
            e => (m + 0x108) << (e - 1),
        };
        (if a & 0x80 != 0 { t } else { -t }) as f32 / 32768.0
    };
    let mut h = Harness::new();
    for (name, table) in [
        ("hello-mulaw.wav", &mu as &dyn Fn(u8) -> f32),
        ("hello-alaw.wav", &a),
    ] {
        let path = fixture(name);
        let expected: Vec<f32> = wav_data(&path).iter().map(|&b| table(b)).collect();
        let played = h.load_and_pull(&path);
        assert_eq!(played.len(), expected.len(), "{name}");
        let worst = played
            .iter()
            .zip(&expected)
            .map(|(p, e)| (p - e).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-4, "{name}: off by {worst}");
    }
}

/// Each compressed format plays exactly what its decoder yields, from start to end.
#[test]
fn every_format_plays_what_the_decoder_yields() {
    let mut h = Harness::new();
    for (name, rate) in FIXTURES {
        let path = fixture(name);
        let expected = reference_decode(&path);
        let played = h.load_and_pull(&path);
        assert_same(&played, &expected, name);
        assert_eq!(h.tap.sample_rate(), rate, "{name}");
        h.wait("Ended", |e| matches!(e, PlayerEvent::Ended).then_some(()));
    }
}

#[test]
fn seeking_lands_on_the_sample() {
    let path = fixture("hello-pcm16.wav");
    let all = pcm16(&path);
    let mut h = Harness::new();
    h.load(&path);
    h.play();
    assert_eq!(h.tap.pull_playing(800).len(), 800);
    assert_eq!(h.seek(0.5), 0.5);
    assert_same(&h.pull_all(), &all[4000..], "forward to 0.5 s");
    h.wait("Ended", |e| matches!(e, PlayerEvent::Ended).then_some(()));
    // Seek back after the end, then play on.
    assert_eq!(h.seek(0.25), 0.25);
    h.play();
    assert_same(&h.pull_all(), &all[2000..], "back to 0.25 s");
}

/// After a seek, what is left to play matches the time left, in every format.
#[test]
fn seeking_works_in_every_format() {
    let mut h = Harness::new();
    for (name, rate) in FIXTURES {
        let duration = h.load(&fixture(name));
        h.play();
        h.seek(1.0);
        let left = h.pull_all().len() as f64 / f64::from(rate);
        // MP3 frames hold 576 samples at 16 kHz: allow one.
        assert!(
            (left - (duration - 1.0)).abs() < 0.04,
            "{name}: {left:.3} s left of {duration:.3} after seeking to 1 s"
        );
    }
}

/// A device finishes the 10 ms block it holds; a Tap applies orders between any two samples.
#[test]
fn on_a_tap_orders_apply_between_any_two_samples() {
    let path = fixture("hello-pcm16.wav");
    let all = pcm16(&path);
    let mut h = Harness::new();
    h.load(&path);
    h.play();
    assert_same(&h.tap.pull_playing(1234), &all[..1234], "start");
    h.seek(0.5);
    assert_same(&h.tap.pull_playing(777), &all[4000..4777], "after the seek");
    h.send(Command::Pause);
    h.wait("Paused", |e| matches!(e, PlayerEvent::Paused).then_some(()));
    assert!(h.tap.pull_playing(10).is_empty());
    h.play();
    assert_same(&h.pull_all(), &all[4777..], "after the pause");
}

#[test]
fn seek_is_clamped_to_the_recording() {
    let mut h = Harness::new();
    let duration = h.load(&fixture("hello-mulaw.wav"));
    assert_eq!(h.seek(-3.0), 0.0);
    assert_eq!(h.seek(99.0), duration);
    h.play();
    assert!(h.pull_all().len() < 10);
}

#[test]
fn skip_buttons_move_ten_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = wav_in(
        dir.path(),
        "long.wav",
        WavEncoding::MuLaw,
        8000,
        &sine(300.0, 25.0, 8000, 0.5),
    );
    let mut h = Harness::new();
    h.load(&path);
    h.play();
    assert_eq!(h.tap.pull_playing(8000 * 3).len(), 8000 * 3);
    h.send(Command::SkipForward);
    assert!((h.position() - 13.0).abs() < 0.05);
    h.send(Command::SkipForward);
    assert!((h.position() - 23.0).abs() < 0.05);
    h.send(Command::SkipBack);
    assert!((h.position() - 13.0).abs() < 0.05);
    let left = h.pull_all().len();
    assert!(
        (left as i64 - 12 * 8000).abs() < 80,
        "{left} samples after 13 s"
    );
    h.wait("Ended", |e| matches!(e, PlayerEvent::Ended).then_some(()));
    h.send(Command::SkipBack);
    h.send(Command::SkipBack);
    h.send(Command::SkipBack);
    let positions: Vec<f64> = (0..3).map(|_| h.position()).collect();
    assert_eq!(positions, [15.0, 5.0, 0.0], "never before the start");
}

#[test]
fn pause_stops_the_samples_and_reports_where() {
    let mut h = Harness::new();
    h.load(&fixture("hello-pcm16.wav"));
    h.play();
    assert_eq!(h.tap.pull_playing(4000).len(), 4000);
    h.send(Command::Pause);
    h.wait("Paused", |e| matches!(e, PlayerEvent::Paused).then_some(()));
    let at = h.position();
    assert!((at - 0.5).abs() < 0.011, "paused at {at}");
    assert!(
        h.tap.pull_playing(1000).is_empty(),
        "nothing plays while paused"
    );
    h.play();
    assert_eq!(h.pull_all().len(), 11474 - 4000, "resumes where it paused");
}

#[test]
fn volume_scales_the_samples() {
    let path = fixture("hello-pcm16.wav");
    let mut h = Harness::new();
    let full = h.load_and_pull(&path);
    h.send(Command::SetVolume(0.5));
    let half = h.load_and_pull(&path);
    assert_eq!(full.len(), half.len());
    assert!(full
        .iter()
        .zip(&half)
        .all(|(f, h)| (f * 0.5 - h).abs() < 1e-6));
}

#[test]
fn ended_then_play_starts_again() {
    let path = fixture("hello.flac");
    let mut h = Harness::new();
    let first = h.load_and_pull(&path);
    h.wait("Ended", |e| matches!(e, PlayerEvent::Ended).then_some(()));
    h.play();
    assert_same(&h.pull_all(), &first, "played again");
}

#[test]
fn stop_closes_the_recording() {
    let mut h = Harness::new();
    h.load(&fixture("hello-pcm16.wav"));
    h.play();
    h.send(Command::Stop);
    h.wait("Stopped", |e| {
        matches!(e, PlayerEvent::Stopped).then_some(())
    });
    assert!(h.tap.pull_playing(100).is_empty());
    h.send(Command::Play);
    assert_eq!(h.error(), "no recording is loaded");
}

#[test]
fn bad_commands_answer_with_errors_and_the_player_goes_on() {
    let mut h = Harness::new();
    h.send(Command::Play);
    assert_eq!(h.error(), "no recording is loaded");
    h.send(Command::SetSpeed(3.0));
    assert_eq!(h.error(), "speed 3 is out of range (0.5 to 2)");
    h.send(Command::SetVolume(1.5));
    assert_eq!(h.error(), "volume 1.5 is out of range (0 to 1)");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.wav");
    assert_eq!(
        h.load_error(&missing),
        format!("recording not found: {}", missing.display())
    );
    let played = h.load_and_pull(&fixture("hello.ogg"));
    assert!(played.len() > 20000);
    h.send(Command::Seek(f64::NAN));
    assert_eq!(h.error(), "cannot seek to a position that is not a number");
    let duration = h.load(&fixture("hello.ogg"));
    assert_eq!(h.seek(f64::INFINITY), duration);
}

#[test]
fn a_failed_load_unloads_the_previous_recording() {
    let mut h = Harness::new();
    h.load(&fixture("hello-pcm16.wav"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.wav");
    std::fs::write(&bad, b"RIFF\0\0\0\0WAVEjunk").unwrap();
    h.load_error(&bad);
    h.send(Command::Play);
    assert_eq!(h.error(), "no recording is loaded");
    assert!(h.tap.pull_playing(100).is_empty());
}
