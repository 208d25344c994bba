//! The supervisor: splits a reader's inputs among worker processes, reads their reports, and
//! when a worker dies (an abort, an allocation past the ceiling, a stack overflow) replays its
//! last stretch input by input to find and keep the input that killed it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use crate::readers::Reader;
use crate::worker::{story, Range, HANG_EXIT};
use crate::{corpus, input_for};

/// What one reader's run came to.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub inputs: u64,
    pub seconds: f64,
    /// One line per failure: its kind, index and kept path.
    pub failures: Vec<String>,
    /// Panics that readers caught themselves (not failures; scl-audio's decoder guard).
    pub caught_panics: u64,
    /// Those panics by message and place, with counts.
    pub caught_causes: BTreeMap<String, u64>,
    pub largest_peak: u64,
}

/// How one worker process ended.
struct WorkerEnd {
    /// Every input before this is done.
    done_to: u64,
    /// The input announced last in trace mode.
    last_at: Option<u64>,
    finished: bool,
    failures: Vec<String>,
    caught_panics: u64,
    caught_causes: BTreeMap<String, u64>,
    largest_peak: u64,
    status: String,
    stderr_tail: String,
}

fn spawn_worker(
    reader: &Reader,
    range: &Range,
    progress: &AtomicU64,
) -> std::io::Result<WorkerEnd> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command.args([
        "--worker",
        reader.name,
        "--seed",
        &range.seed.to_string(),
        "--from",
        &range.from.to_string(),
        "--to",
        &range.to.to_string(),
    ]);
    if range.trace {
        command.arg("--trace");
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let start = text.len().saturating_sub(4000);
        let start = (start..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        text[start..].to_string()
    });
    let mut end = WorkerEnd {
        done_to: range.from,
        last_at: None,
        finished: false,
        failures: Vec::new(),
        caught_panics: 0,
        caught_causes: BTreeMap::new(),
        largest_peak: 0,
        status: String::new(),
        stderr_tail: String::new(),
    };
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    for line in stdout.lines() {
        let line = line?;
        let mut words = line.split(' ');
        let number = |w: Option<&str>| w.and_then(|w| w.parse::<u64>().ok()).unwrap_or(0);
        match words.next() {
            Some("ok") => {
                let next = number(words.next());
                progress.fetch_add(next - end.done_to, Ordering::Relaxed);
                end.done_to = next;
            }
            Some("at") => end.last_at = Some(number(words.next())),
            Some("fail") | Some("hang") => end.failures.push(line.clone()),
            Some("caught") => {
                let count = number(words.next());
                let cause = words.collect::<Vec<_>>().join(" ");
                *end.caught_causes.entry(cause).or_insert(0) += count;
            }
            Some("done") => {
                end.finished = true;
                let _ = number(words.next());
                end.caught_panics = number(words.next());
                end.largest_peak = number(words.next());
                progress.fetch_add(range.to - end.done_to, Ordering::Relaxed);
                end.done_to = range.to;
            }
            _ => end.failures.push(format!("worker said: {line}")),
        }
    }
    let status = child.wait()?;
    // A worker that died or was stopped by its watchdog leaves its scratch folder.
    let _ = std::fs::remove_dir_all(crate::Scratch::dir_of(child.id()));
    end.status = status.to_string();
    end.stderr_tail = stderr_reader.join().unwrap_or_default();
    if !status.success() && status.code() != Some(HANG_EXIT) {
        end.finished = false;
    }
    Ok(end)
}

/// Runs inputs `from..to` to the end, whatever workers die on the way.
fn supervise_range(
    reader: &'static Reader,
    seed: u64,
    from: u64,
    to: u64,
    progress: &AtomicU64,
) -> std::io::Result<Report> {
    let mut report = Report::default();
    let mut next = from;
    let mut deaths = 0;
    while next < to {
        let end = spawn_worker(
            reader,
            &Range {
                seed,
                from: next,
                to,
                trace: false,
            },
            progress,
        )?;
        report.failures.extend(end.failures.iter().cloned());
        report.largest_peak = report.largest_peak.max(end.largest_peak);
        if end.finished {
            report.caught_panics += end.caught_panics;
            report.caught_causes = end.caught_causes;
            next = to;
            break;
        }
        deaths += 1;
        if let Some(hang) = end.failures.iter().rev().find(|f| f.starts_with("hang ")) {
            // The hung input is kept; go on after it.
            let index: u64 = hang
                .split(' ')
                .nth(1)
                .and_then(|i| i.parse().ok())
                .unwrap_or(next);
            next = index + 1;
        } else {
            // Died without a word: replay from the last checkpoint, announcing each input.
            let traced = Range {
                seed,
                from: end.done_to,
                to,
                trace: true,
            };
            let replay = spawn_worker(reader, &traced, &AtomicU64::new(0))?;
            let culprit = if replay.finished {
                None
            } else {
                replay.last_at
            };
            match culprit {
                Some(index) => {
                    let seeds = corpus::load(&corpus::seed_paths(reader))?;
                    let input = input_for(reader, &seeds, seed, index);
                    let what = format!(
                        "the process died ({}); its last words:\n{}",
                        replay.status, replay.stderr_tail
                    );
                    let path = corpus::keep(reader, &input, &story(reader, seed, index, &what))?;
                    report
                        .failures
                        .push(format!("crash {index} {}", path.display()));
                    progress.fetch_add(index + 1 - end.done_to, Ordering::Relaxed);
                    next = index + 1;
                }
                None => {
                    report.failures.push(format!(
                        "crash after {} not reproduced ({}): {}",
                        end.done_to, end.status, end.stderr_tail
                    ));
                    next = to;
                }
            }
        }
        if deaths > 20 {
            report
                .failures
                .push(format!("gave up at {next}: workers died 20 times"));
            break;
        }
    }
    // Only what was run counts: a range given up on counts up to where it stopped.
    report.inputs = next.min(to) - from;
    Ok(report)
}

/// Runs `inputs` inputs of `reader` from index `first`, split among `jobs` workers.
pub fn run_reader(
    reader: &'static Reader,
    seed: u64,
    first: u64,
    inputs: u64,
    jobs: u64,
) -> std::io::Result<Report> {
    let started = Instant::now();
    let progress = Arc::new(AtomicU64::new(0));
    let jobs = jobs.clamp(1, inputs.max(1));
    let chunk = inputs.div_ceil(jobs);
    let handles: Vec<_> = (0..jobs)
        .map(|j| {
            let from = first + j * chunk;
            let to = (from + chunk).min(first + inputs);
            let progress = Arc::clone(&progress);
            std::thread::spawn(move || supervise_range(reader, seed, from, to, &progress))
        })
        .collect();
    let watcher = {
        let progress = Arc::clone(&progress);
        std::thread::spawn(move || {
            let mut last = Instant::now();
            while progress.load(Ordering::Relaxed) < inputs {
                std::thread::sleep(std::time::Duration::from_millis(250));
                if last.elapsed().as_secs() >= 30 {
                    last = Instant::now();
                    let done = progress.load(Ordering::Relaxed);
                    let rate = done as f64 / started.elapsed().as_secs_f64();
                    eprintln!("  {}: {done}/{inputs} ({rate:.0} inputs/s)", reader.name);
                }
            }
        })
    };
    let mut report = Report::default();
    for handle in handles {
        let part = handle.join().expect("a supervising thread panicked")?;
        report.inputs += part.inputs;
        report.failures.extend(part.failures);
        report.caught_panics += part.caught_panics;
        for (cause, count) in part.caught_causes {
            *report.caught_causes.entry(cause).or_insert(0) += count;
        }
        report.largest_peak = report.largest_peak.max(part.largest_peak);
    }
    progress.store(inputs, Ordering::Relaxed);
    let _ = watcher.join();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
