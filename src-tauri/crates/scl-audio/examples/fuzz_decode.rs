//! Mutates recordings and feeds them to the probe and the decoders, keeping every input that
//! makes anything panic (the crate's own `catch_unwind` guards count: the panic hook sees them).
//!
//! `cargo run --release -p scl-audio --example fuzz_decode -- ITERATIONS OUT_DIR SEED_FILE...`
//!
//! Deterministic: the same arguments (and `SCL_FUZZ_SEED`, a number) make the same inputs. Each failing input is written to
//! `OUT_DIR/panic-<n>.<ext>` with the panic message beside it (`.txt`); the files that belong
//! in `testdata/regressions/` are chosen from these by hand (one per distinct cause).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use scl_audio::{compute_waveform, probe};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [iterations, out_dir, seeds @ ..] = &args[..] else {
        eprintln!("usage: fuzz_decode ITERATIONS OUT_DIR SEED_FILE...");
        return ExitCode::FAILURE;
    };
    let Ok(iterations) = iterations.parse::<u64>() else {
        eprintln!("ITERATIONS must be a number");
        return ExitCode::FAILURE;
    };
    let out_dir = PathBuf::from(out_dir);
    std::fs::create_dir_all(&out_dir).expect("create OUT_DIR");
    let seeds: Vec<(PathBuf, Vec<u8>)> = seeds
        .iter()
        .map(|s| (PathBuf::from(s), std::fs::read(s).expect("read seed")))
        .collect();
    if seeds.is_empty() {
        eprintln!("no seed files");
        return ExitCode::FAILURE;
    }

    let last_panic: Arc<Mutex<Option<String>>> = Arc::default();
    let seen = last_panic.clone();
    std::panic::set_hook(Box::new(move |info| {
        *seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(info.to_string());
    }));

    let work = tempfile_dir();
    let seed = std::env::var("SCL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(1);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut failures = 0u64;
    for i in 0..iterations {
        let (seed_path, seed) = &seeds[(rng.next() % seeds.len() as u64) as usize];
        let ext = seed_path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("bin");
        let input = mutate(seed, &mut rng);
        let path = work.join(format!("input.{ext}"));
        std::fs::write(&path, &input).expect("write input");
        *last_panic.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let outcome = std::panic::catch_unwind(|| run_one(&path));
        let message = last_panic.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(message) = message.or_else(|| outcome.is_err().then(|| "panic".into())) {
            failures += 1;
            let kept = out_dir.join(format!("panic-{failures}.{ext}"));
            std::fs::write(&kept, &input).expect("keep input");
            std::fs::write(kept.with_extension("txt"), format!("{message}\n"))
                .expect("keep message");
            eprintln!(
                "#{i}: {} -> {}: {message}",
                seed_path.display(),
                kept.display()
            );
        }
        if i % 1000 == 0 {
            eprintln!("#{i}: {failures} failing inputs so far");
        }
    }
    println!("{iterations} inputs, {failures} made something panic");
    let _ = std::fs::remove_dir_all(&work);
    ExitCode::SUCCESS
}

/// Everything a user's file goes through: the probe, then a whole decode for the waveform.
fn run_one(path: &Path) {
    if probe(path).is_ok() {
        let _ = compute_waveform(path, 64);
    }
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scl-audio-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create work dir");
    dir
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Byte values that sit on the edges of fields.
const INTERESTING: [u8; 8] = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x10, 0x40];

/// A few mutations of one kind or another; headers (the first 2 KiB) are hit more often.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    let rounds = 1 + rng.below(6);
    for _ in 0..rounds {
        if bytes.is_empty() {
            break;
        }
        let near_start = rng.below(2) == 0;
        let at = if near_start {
            rng.below(bytes.len().min(2048))
        } else {
            rng.below(bytes.len())
        };
        match rng.below(7) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 => bytes[at] = rng.next() as u8,
            3 => {
                // A run of random bytes: damaged sectors, a bad splice.
                let len = 1 + rng.below(64);
                for b in bytes.iter_mut().skip(at).take(len) {
                    *b = rng.next() as u8;
                }
            }
            4 => bytes.truncate(at.max(1)),
            5 => {
                // A copy of another stretch of the file over this one (a frame header elsewhere).
                let from = rng.below(bytes.len());
                let len = (1 + rng.below(32)).min(bytes.len() - from);
                let chunk = bytes[from..from + len].to_vec();
                for (b, c) in bytes.iter_mut().skip(at).zip(chunk) {
                    *b = c;
                }
            }
            _ => {
                // A 32-bit field set to an edge value (sizes, counts, rates).
                let value: u32 = match rng.below(4) {
                    0 => 0,
                    1 => u32::MAX,
                    2 => 0x8000_0000,
                    _ => rng.next() as u32,
                };
                for (b, v) in bytes.iter_mut().skip(at).zip(value.to_le_bytes()) {
                    *b = v;
                }
            }
        }
    }
    bytes
}
