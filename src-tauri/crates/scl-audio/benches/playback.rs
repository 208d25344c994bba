//! The player's latencies on a 60-minute 8 kHz mu-law call, pulled through a device-less Tap
//! (the same deck a sound card pulls from, without the card's own buffering):
//! - load to first sample: `Load`, `Play`, then the first sample out. Goal <= 50 ms.
//! - seek anywhere: `Seek` to a spread of places, then the first sample from there. Goal <= 20 ms.
//!   Also on a 60-minute MP3 (the test phrase repeated), where the decoder must find its place.
//! - speed 1.5x: CPU for one second of output through the time stretch (real time is 1 s).
//! - waveform of the 60 minutes in 2,000 peaks, uncached. Goal <= 300 ms; and from the cache.
//!
//! `cargo bench -p scl-audio --bench playback`

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use crossbeam_channel::Receiver;
use scl_audio::{compute_waveform, waveform, Command, Output, Player, PlayerEvent, Tap};

fn wait(events: &Receiver<PlayerEvent>, pick: impl Fn(&PlayerEvent) -> bool) {
    loop {
        let event = events.recv_timeout(Duration::from_secs(10)).expect("event");
        if let PlayerEvent::Error { message } = &event {
            panic!("{message}");
        }
        if pick(&event) {
            return;
        }
    }
}

fn first_sample(tap: &mut Tap) -> f32 {
    tap.pull_playing(1)[0]
}

fn player_benches(c: &mut Criterion) {
    let path = common::call_recording(60);
    let (output, mut tap) = Output::tap();
    let (player, events) = Player::spawn(output);

    c.bench_function("load to first sample, 60 min mu-law", |b| {
        b.iter(|| {
            player.send(Command::Load(path.clone()));
            wait(&events, |e| matches!(e, PlayerEvent::Loaded { .. }));
            player.send(Command::Play);
            wait(&events, |e| matches!(e, PlayerEvent::Playing));
            first_sample(&mut tap)
        })
    });

    // Spread over the whole call, in an order that jumps back and forth.
    let mut place = 0u64;
    c.bench_function("seek anywhere, 60 min mu-law", |b| {
        b.iter(|| {
            place = (place * 6_364_136_223_846_793_005 + 1_442_695_040_888_963_407) % (1 << 31);
            let seconds = (place % 3_590) as f64 + 0.25;
            player.send(Command::Seek(seconds));
            // Position ticks pile up while playing: wait for the one that answers this seek.
            wait(&events, |e| *e == PlayerEvent::Position { seconds });
            first_sample(&mut tap)
        })
    });

    let mp3 = common::long_mp3(60);
    player.send(Command::Load(mp3));
    wait(&events, |e| matches!(e, PlayerEvent::Loaded { .. }));
    player.send(Command::Play);
    wait(&events, |e| matches!(e, PlayerEvent::Playing));
    c.bench_function("seek anywhere, 60 min MP3", |b| {
        b.iter(|| {
            place = (place * 6_364_136_223_846_793_005 + 1_442_695_040_888_963_407) % (1 << 31);
            let seconds = (place % 3_590) as f64 + 0.25;
            player.send(Command::Seek(seconds));
            // Position ticks pile up while playing: wait for the one that answers this seek.
            wait(&events, |e| *e == PlayerEvent::Position { seconds });
            first_sample(&mut tap)
        })
    });

    player.send(Command::Load(path.clone()));
    wait(&events, |e| matches!(e, PlayerEvent::Loaded { .. }));
    player.send(Command::Play);
    wait(&events, |e| matches!(e, PlayerEvent::Playing));
    player.send(Command::SetSpeed(1.5));
    player.send(Command::Seek(600.0));
    wait(&events, |e| matches!(e, PlayerEvent::Position { .. }));
    c.bench_function("one second of output at 1.5x (time stretch)", |b| {
        b.iter(|| tap.pull_playing(8000).len())
    });
}

fn waveform_benches(c: &mut Criterion) {
    let path = common::call_recording(60);
    let mut group = c.benchmark_group("waveform");
    group.sample_size(20);
    group.bench_function("60 min mu-law, 2000 peaks, uncached", |b| {
        b.iter(|| compute_waveform(&path, 2000).expect("waveform"))
    });
    let cache = tempfile::tempdir().expect("cache dir");
    waveform(&path, 2000, cache.path()).expect("warm the cache");
    group.bench_function("60 min mu-law, 2000 peaks, from the cache", |b| {
        b.iter(|| waveform(&path, 2000, cache.path()).expect("waveform"))
    });
    group.finish();
}

criterion_group!(benches, player_benches, waveform_benches);
criterion_main!(benches);
