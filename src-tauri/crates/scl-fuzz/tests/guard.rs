//! The guard fails what it must: a panic, an allocation past the bound; and inputs are a
//! function of (reader, seed, index) alone.

use std::path::Path;

use scl_fuzz::guard::counting_allocator_installed;
use scl_fuzz::{input_for, memory_bound, reader, run_guarded, Outcome, Reader, Scratch};

#[global_allocator]
static ALLOC: scl_fuzz::FuzzAlloc = scl_fuzz::fuzz_alloc();

fn no_input(_: &mut fastrand::Rng) -> Vec<u8> {
    Vec::new()
}

const PANICS: Reader = Reader {
    name: "test-panics",
    run: |bytes, _| {
        let at = bytes.len() + 3;
        let _ = bytes[at];
    },
    generate: no_input,
    dictionary: &[],
    seeds: &[],
};

const HOARDS: Reader = Reader {
    name: "test-hoards",
    run: |bytes, _| {
        let hoard = vec![1u8; memory_bound(bytes.len()) + 1];
        std::hint::black_box(&hoard);
    },
    generate: no_input,
    dictionary: &[],
    seeds: &[],
};

// One test: the allocator's peak is process-wide, so nothing else may run beside it.
#[test]
fn guard_catches_panics_and_blowups_and_inputs_are_reproducible() {
    assert!(counting_allocator_installed());
    let scratch = Scratch::new().unwrap();

    match run_guarded(&PANICS, b"abc", &scratch) {
        Outcome::Panic { message } => {
            assert!(message.contains("index out of bounds"), "{message}");
            assert!(
                message.contains("guard.rs"),
                "the place is named: {message}"
            );
        }
        other => panic!("a panic must be caught and reported, got {other:?}"),
    }
    match run_guarded(&HOARDS, b"abc", &scratch) {
        Outcome::Memory { peak_bytes, bound } => {
            assert!(peak_bytes > bound);
            assert_eq!(bound, memory_bound(3));
        }
        other => panic!("a blowup must be reported, got {other:?}"),
    }

    let vtt = reader("vtt").unwrap();
    let ok = run_guarded(
        vtt,
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n",
        &scratch,
    );
    assert!(matches!(ok, Outcome::Ok { .. }), "{ok:?}");

    let seeds = vec![b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n".to_vec()];
    let a = input_for(vtt, &seeds, 7, 42);
    assert_eq!(
        a,
        input_for(vtt, &seeds, 7, 42),
        "same seed and index, same input"
    );
    let differ = (0..20)
        .filter(|i| input_for(vtt, &seeds, 7, *i) != a)
        .count();
    assert!(differ >= 19, "other indexes give other inputs");
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions/test-panics")
        .exists());
}
