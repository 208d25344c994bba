//! Fuzzing the readers of outside input.
//!
//! Owns: the table of readers under fuzz ([`READERS`]: Asterisk and FreePBX CDR, Twilio, JSON
//! Lines, format detection with `read_path`, WebVTT, SRT, the recording probe), the
//! structure-aware input generators and byte mutators for each, the guard every input runs
//! under (panics caught, a watchdog for hangs, peak memory counted by the allocator against
//! [`memory_bound`]), the `scl-fuzz` command that runs millions of inputs outside CI, and the
//! kept inputs that once failed (`regressions/<reader>/`), replayed by `tests/regressions.rs`
//! in CI; and the libFuzzer targets in `fuzz/` (their own workspace, built by `fuzz/run.sh`),
//! one per entry of the same table.
//! Must not: change the readers (a failure is reported and kept, and fixed where the reader
//! lives), run in CI beyond the replay of kept inputs, write anywhere but its own
//! `regressions/` folder and a scratch folder it removes, or read the network or the clock
//! for anything but timing.
//!
//! Every input is a function of (reader, seed, index) and the seed files alone, so a failure
//! found by one run is found again by the same command, and a worker that dies can be replayed
//! input by input.

pub mod corpus;
pub mod gen;
pub mod guard;
pub mod mutate;
pub mod readers;
pub mod supervisor;
pub mod worker;

pub use guard::{memory_bound, run_guarded, Outcome};
pub use readers::{Reader, Scratch, READERS};

/// The allocator the fuzz binary and the replay test install: counts live and peak bytes,
/// and refuses any allocation past [`HARD_CEILING`] (the process then aborts, which the runner
/// catches and traces back to the input).
pub type FuzzAlloc = cap::Cap<peak_alloc::PeakAlloc>;

/// Live bytes past which any allocation fails: far above [`memory_bound`] of any input the
/// generators make, and far below the machine's memory, so a reader asking for gigabytes is a
/// failure of the run rather than of the machine.
pub const HARD_CEILING: usize = 4 << 30;

/// The allocator value to put in a `#[global_allocator]` static.
pub const fn fuzz_alloc() -> FuzzAlloc {
    cap::Cap::new(peak_alloc::PeakAlloc, HARD_CEILING)
}

/// The reader of a given name.
pub fn reader(name: &str) -> Option<&'static Reader> {
    READERS.iter().find(|r| r.name == name)
}

/// The input for `index` of a run with `seed`: generated or mutated from `seeds`, and the
/// same on every run.
pub fn input_for(reader: &Reader, seeds: &[Vec<u8>], seed: u64, index: u64) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(mix(seed, index, reader.name));
    let mut input = match rng.u8(0..10) {
        // Structure-aware: a fresh document of the reader's format with edge values.
        0..=3 => (reader.generate)(&mut rng),
        // A known-good or once-failing file, mutated byte-wise.
        4..=7 if !seeds.is_empty() => {
            let mut bytes = seeds[rng.usize(0..seeds.len())].clone();
            mutate::mutate(&mut rng, &mut bytes, seeds, reader.dictionary);
            bytes
        }
        // Both: a generated document, then byte mutations on top.
        _ => {
            let mut bytes = (reader.generate)(&mut rng);
            mutate::mutate(&mut rng, &mut bytes, seeds, reader.dictionary);
            bytes
        }
    };
    input.truncate(mutate::MAX_INPUT);
    input
}

/// SplitMix64 over the seed, the index and the reader's name: neighbouring indexes and
/// readers get unrelated streams.
fn mix(seed: u64, index: u64, name: &str) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ fnv1a(name.as_bytes());
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, 64-bit: names kept inputs by content, so the same input is kept once.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}
