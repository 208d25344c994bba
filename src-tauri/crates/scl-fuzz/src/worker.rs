//! A worker process: runs inputs `from..to` of one reader and tells its supervisor how it
//! goes on stdout, one line per event:
//!
//! - `ok <next>`: every input before `next` is done (a checkpoint, about once a second);
//! - `at <index>`: in trace mode, before each input (so a process that dies names its input);
//! - `fail <index> <kept path>`: an input panicked or went over its memory bound;
//! - `hang <index> <kept path>`: the watchdog saw one input run past the limit; then exit 3;
//! - `caught <count> <panic>`: panics the reader caught itself, by message and place;
//! - `done <inputs> <panics seen> <largest peak bytes>`.
//!
//! One reader on one thread per process, so the allocator's peak is this input's peak.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::guard::{panics_seen, run_guarded, take_caught_panic, Outcome, Watchdog, HANG_AFTER};
use crate::readers::{Reader, Scratch};
use crate::{corpus, input_for};

/// Inputs kept per cause (a panic's place, or "memory") in one worker's run.
pub const KEEP_PER_CAUSE: usize = 3;

/// Exit code of a worker stopped by its watchdog.
pub const HANG_EXIT: i32 = 3;

#[derive(Debug, Clone)]
pub struct Range {
    pub seed: u64,
    pub from: u64,
    pub to: u64,
    /// Announce every input before running it.
    pub trace: bool,
}

/// Reproduces one input: the command a kept input's story names.
pub fn reproduce_command(reader: &Reader, seed: u64, index: u64) -> String {
    format!(
        "cargo run --release -p scl-fuzz -- {} --inputs 1 --seed {seed} --from {index}",
        reader.name
    )
}

pub fn story(reader: &Reader, seed: u64, index: u64, what: &str) -> String {
    format!(
        "reader: {}\nseed: {seed}\nindex: {index}\nfound again by: {}\n\n{what}\n",
        reader.name,
        reproduce_command(reader, seed, index)
    )
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // The supervisor reading this is gone if writing fails; nothing is left to tell.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

pub fn run(reader: &'static Reader, range: &Range) -> std::io::Result<()> {
    let seeds = Arc::new(corpus::load(&corpus::seed_paths(reader))?);
    let scratch = Scratch::new()?;
    let seed = range.seed;
    let dog_seeds = Arc::clone(&seeds);
    let dog = Watchdog::start(HANG_AFTER, move |index, elapsed| {
        let input = input_for(reader, &dog_seeds, seed, index);
        let what = format!(
            "hang: still running after {:.1} s of CPU",
            elapsed.as_secs_f64()
        );
        match corpus::keep(reader, &input, &story(reader, seed, index, &what)) {
            Ok(path) => say(&format!("hang {index} {}", path.display())),
            Err(e) => say(&format!("hang {index} (not kept: {e})")),
        }
        std::process::exit(HANG_EXIT);
    });
    let mut last_checkpoint = Instant::now();
    let mut largest_peak = 0usize;
    let mut kept_by_cause: HashMap<String, usize> = HashMap::new();
    let mut caught_by_cause: HashMap<String, u64> = HashMap::new();
    for index in range.from..range.to {
        let input = input_for(reader, &seeds, seed, index);
        if range.trace {
            say(&format!("at {index}"));
        }
        dog.begin(index);
        let outcome = run_guarded(reader, &input, &scratch);
        dog.end();
        match &outcome {
            Outcome::Ok { peak_bytes } => {
                largest_peak = largest_peak.max(*peak_bytes);
                if let Some(caught) = take_caught_panic() {
                    let cause = caught.lines().next().unwrap_or("").to_string();
                    *caught_by_cause.entry(cause).or_insert(0) += 1;
                }
            }
            failed => {
                // One cause found again and again is kept a few times, not thousands.
                let kept = kept_by_cause.entry(failed.cause()).or_insert(0);
                *kept += 1;
                if *kept <= KEEP_PER_CAUSE {
                    let path = corpus::keep(
                        reader,
                        &input,
                        &story(reader, seed, index, &failed.describe()),
                    )?;
                    say(&format!("fail {index} {}", path.display()));
                } else {
                    say(&format!(
                        "fail {index} (not kept: cause kept {KEEP_PER_CAUSE} times)"
                    ));
                }
            }
        }
        if index % 1024 == 0 && last_checkpoint.elapsed() > Duration::from_secs(1) {
            say(&format!("ok {}", index + 1));
            last_checkpoint = Instant::now();
        }
    }
    for (cause, count) in &caught_by_cause {
        say(&format!("caught {count} {}", cause.replace('\n', " ")));
    }
    say(&format!(
        "done {} {} {largest_peak}",
        range.to - range.from,
        panics_seen()
    ));
    Ok(())
}
