//! Playing on a real sound output is paced by the device, and reports its position about ten
//! times a second. Needs a sound server: CI runs `source .ci/pulse && start_pulse` first (a
//! PulseAudio null sink, which plays in real time without a sound card). Without one this test
//! fails; it does not skip.

mod common;

use std::time::{Duration, Instant};

use common::{silence, sine, wav_in};
use scl_audio::{Command, Output, Player, PlayerEvent, WavEncoding};

/// Plays the loaded recording to its end; the wall time from `Playing` to `Ended`, and every
/// position reported meanwhile.
fn play_to_end(
    player: &Player,
    events: &crossbeam_channel::Receiver<PlayerEvent>,
) -> (f64, Vec<(f64, f64)>) {
    player.send(Command::Play);
    let mut started = None;
    let mut positions = Vec::new();
    loop {
        let event = events
            .recv_timeout(Duration::from_secs(10))
            .expect("the recording plays to its end within 10 s");
        match event {
            PlayerEvent::Playing => started = Some(Instant::now()),
            PlayerEvent::Position { seconds } => {
                if let Some(t) = started {
                    positions.push((t.elapsed().as_secs_f64(), seconds));
                }
            }
            PlayerEvent::Ended => {
                let t = started.expect("Playing came before Ended");
                return (t.elapsed().as_secs_f64(), positions);
            }
            PlayerEvent::Error { message } => panic!("{message}"),
            _ => {}
        }
    }
}

fn load(
    player: &Player,
    events: &crossbeam_channel::Receiver<PlayerEvent>,
    path: &std::path::Path,
) {
    player.send(Command::Load(path.to_path_buf()));
    loop {
        match events.recv_timeout(Duration::from_secs(5)).expect("Loaded") {
            PlayerEvent::Loaded { .. } => return,
            PlayerEvent::Error { message } => panic!("{message}"),
            _ => {}
        }
    }
}

#[test]
fn playback_on_a_sound_device_takes_real_time() {
    let (player, events) = Player::spawn(Output::default_device());
    if let Err(e) = player.require_output() {
        panic!("this test needs a sound output; run `source .ci/pulse && start_pulse` first: {e}");
    }
    let dir = tempfile::tempdir().unwrap();
    // A PulseAudio null sink holds back the first second or two of a new stream; play a short
    // silence first so the timed runs below see the steady state a sound card has.
    let warm_up = wav_in(
        dir.path(),
        "warm.wav",
        WavEncoding::MuLaw,
        8000,
        &silence(0.2, 8000),
    );
    load(&player, &events, &warm_up);
    play_to_end(&player, &events);

    let tone = wav_in(
        dir.path(),
        "tone.wav",
        WavEncoding::MuLaw,
        8000,
        &sine(440.0, 2.0, 8000, 0.3),
    );
    load(&player, &events, &tone);
    let (wall, positions) = play_to_end(&player, &events);
    eprintln!(
        "2 s at 1x: {wall:.3} s wall, {} positions: {positions:?}",
        positions.len()
    );
    // Ended comes when the last block is handed to the device, up to its buffer (about 0.1 s)
    // before it is heard.
    assert!((1.75..2.4).contains(&wall), "2 s of audio took {wall:.3} s");
    let ticks: Vec<_> = positions.iter().filter(|(_, s)| *s < 2.0).collect();
    assert!(
        (15..=24).contains(&ticks.len()),
        "{} positions in 2 s: {positions:?}",
        ticks.len()
    );
    for pair in ticks.windows(2) {
        assert!(
            pair[1].1 >= pair[0].1,
            "positions go forward: {positions:?}"
        );
    }
    // Each position is within a device buffer of the wall clock.
    for (t, s) in &ticks {
        assert!(
            (t - s).abs() < 0.35,
            "at {t:.3} s of wall time the position was {s:.3}"
        );
    }

    // Twice as fast takes half the time.
    player.send(Command::SetSpeed(2.0));
    player.send(Command::Seek(0.0));
    let (wall, _) = play_to_end(&player, &events);
    eprintln!("2 s at 2x: {wall:.3} s wall");
    assert!(
        (0.8..1.4).contains(&wall),
        "2 s of audio at 2x took {wall:.3} s"
    );
}
