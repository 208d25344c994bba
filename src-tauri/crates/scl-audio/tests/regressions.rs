//! Every input that ever made a decoder panic (found by `examples/fuzz_decode.rs` or by users)
//! is kept in `testdata/regressions/` and goes through everything a recording goes through:
//! probe, waveform, player, to its end. A panic anywhere fails, even one the crate's own
//! guards catch: the hook counts them all. One test in this binary, so no other test's
//! assertion is counted.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{fixture, Harness};
use scl_audio::{compute_waveform, probe, PlayerEvent};

#[test]
fn no_input_that_ever_failed_panics_anything() {
    let panics = Arc::new(AtomicUsize::new(0));
    let counted = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counted.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));

    let mut inputs: Vec<_> = std::fs::read_dir(fixture("regressions"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "mp3" || e == "wav"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let mut harness = Harness::new();
    for path in &inputs {
        let name = path.file_name().unwrap().to_string_lossy();
        let before = panics.load(Ordering::SeqCst);
        match probe(path) {
            Ok(info) => {
                let waveform = compute_waveform(path, 16).unwrap();
                assert_eq!(waveform.duration_s, info.duration_s, "{name}");
                harness.send(scl_audio::Command::Load(path.clone()));
                harness.wait("Loaded", |e| match e {
                    PlayerEvent::Loaded { .. } => Some(()),
                    PlayerEvent::Error { message } => panic!("{name}: {message}"),
                    _ => None,
                });
                harness.play();
                let samples = harness.pull_all();
                let expected = info.duration_s * f64::from(info.sample_rate);
                assert!(
                    (samples.len() as f64 / f64::from(info.channels) - expected).abs() < 2.0,
                    "{name}: {} samples for {} s",
                    samples.len(),
                    info.duration_s
                );
            }
            // Refused by name is fine; what matters is that nothing panicked on the way.
            Err(error) => assert!(error.to_string().contains(&*name), "{error}"),
        }
        assert_eq!(
            panics.load(Ordering::SeqCst),
            before,
            "{name} made something panic"
        );
    }
}
