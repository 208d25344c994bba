//! `scl-fuzz <reader|all> --inputs N [--seed S] [--jobs J] [--from I]`: fuzzes readers of
//! outside input; `scl-fuzz replay <reader> <file>...` runs files through a reader under the
//! same guard; `scl-fuzz sample <reader> --from I` prints input I; `scl-fuzz list` names the
//! readers. Exit status 1 when any input failed.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use scl_fuzz::supervisor::run_reader;
use scl_fuzz::worker::{self, Range};
use scl_fuzz::{reader, run_guarded, FuzzAlloc, Reader, Scratch, READERS};

#[global_allocator]
static ALLOC: FuzzAlloc = scl_fuzz::fuzz_alloc();

const USAGE: &str = "usage:
  scl-fuzz <reader|all> --inputs N [--seed S] [--jobs J] [--from I]
  scl-fuzz replay [--limit-memory] <reader> <file>...
  scl-fuzz sample <reader> [--seed S] [--from I]
  scl-fuzz seeds <reader>
  scl-fuzz list";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("scl-fuzz: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Result<Option<u64>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => {
            let value = args.get(i + 1).ok_or(format!("{name} needs a number"))?;
            value
                .replace('_', "")
                .parse()
                .map(Some)
                .map_err(|_| format!("{name} takes a whole number, not {value:?}"))
        }
    }
}

fn named(name: &str) -> Result<&'static Reader, String> {
    let names: Vec<&str> = READERS.iter().map(|r| r.name).collect();
    reader(name).ok_or(format!("no reader {name:?}; readers: {}", names.join(", ")))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let first = args.first().ok_or("name a reader")?;
    let seed = flag(args, "--seed")?.unwrap_or(1);
    let from = flag(args, "--from")?.unwrap_or(0);
    match first.as_str() {
        "list" => {
            for r in READERS {
                println!("{}", r.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        "--worker" => {
            let reader = named(args.get(1).ok_or("--worker needs a reader")?)?;
            let to = flag(args, "--to")?.ok_or("--worker needs --to")?;
            let trace = args.iter().any(|a| a == "--trace");
            let range = Range {
                seed,
                from,
                to,
                trace,
            };
            worker::run(reader, &range).map_err(|e| format!("worker: {e}"))?;
            Ok(ExitCode::SUCCESS)
        }
        "seeds" => {
            // The seed files of a reader, one path a line (fuzz/run.sh copies them).
            let reader = named(args.get(1).ok_or("seeds needs a reader")?)?;
            for path in scl_fuzz::corpus::seed_paths(reader) {
                println!("{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        "sample" => {
            // The input a run would feed the reader at --from: to look at, or to keep by hand.
            let reader = named(args.get(1).ok_or("sample needs a reader")?)?;
            let seeds = scl_fuzz::corpus::load(&scl_fuzz::corpus::seed_paths(reader))
                .map_err(|e| format!("seeds: {e}"))?;
            let input = scl_fuzz::input_for(reader, &seeds, seed, from);
            std::io::stdout()
                .write_all(&input)
                .map_err(|e| format!("stdout: {e}"))?;
            Ok(ExitCode::SUCCESS)
        }
        "replay" => {
            // --limit-memory: an allocation past the input's bound fails, and the process
            // aborts, instead of the reader taking gigabytes (the replay test uses it).
            let limit = args.iter().any(|a| a == "--limit-memory");
            let files: Vec<&String> = args[1..].iter().filter(|a| !a.starts_with("--")).collect();
            let (reader_name, files) = files.split_first().ok_or("replay needs a reader")?;
            let reader = named(reader_name)?;
            let scratch = Scratch::new().map_err(|e| format!("scratch folder: {e}"))?;
            let mut failed = false;
            for file in files {
                let bytes = std::fs::read(Path::new(file)).map_err(|e| format!("{file}: {e}"))?;
                if limit {
                    let ceiling = ALLOC.allocated() + scl_fuzz::memory_bound(bytes.len());
                    ALLOC
                        .set_limit(ceiling)
                        .map_err(|()| "cannot set the memory limit".to_string())?;
                }
                let outcome = run_guarded(reader, &bytes, &scratch);
                failed |= outcome.is_failure();
                println!("{file}: {}", outcome.describe());
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        name => {
            let readers: Vec<&'static Reader> = if name == "all" {
                READERS.iter().collect()
            } else {
                vec![named(name)?]
            };
            let inputs = flag(args, "--inputs")?.ok_or("--inputs N is required")?;
            let jobs = flag(args, "--jobs")?.unwrap_or(1);
            println!("| reader | inputs | seconds | inputs/s | failures | panics caught by the reader | largest peak |");
            println!("|---|---:|---:|---:|---:|---:|---:|");
            let mut failures = Vec::new();
            let mut notes = Vec::new();
            for reader in readers {
                let report = run_reader(reader, seed, from, inputs, jobs)
                    .map_err(|e| format!("{}: {e}", reader.name))?;
                println!(
                    "| {} | {} | {:.0} | {:.0} | {} | {} | {:.1} MiB |",
                    reader.name,
                    report.inputs,
                    report.seconds,
                    report.inputs as f64 / report.seconds.max(1e-9),
                    report.failures.len(),
                    report.caught_panics,
                    report.largest_peak as f64 / f64::from(1 << 20)
                );
                failures.extend(
                    report
                        .failures
                        .iter()
                        .map(|f| format!("{}: {f}", reader.name)),
                );
                for (cause, count) in &report.caught_causes {
                    notes.push(format!(
                        "{}: {count} caught by the reader: {cause}",
                        reader.name
                    ));
                }
            }
            println!("seed {seed}, inputs {from}..{}, jobs {jobs}", from + inputs);
            for note in &notes {
                println!("NOTE {note}");
            }
            let (kept, repeats): (Vec<&String>, Vec<&String>) =
                failures.iter().partition(|f| !f.contains("(not kept"));
            for failure in kept {
                println!("FAILED {failure}");
            }
            if !repeats.is_empty() {
                println!(
                    "FAILED {} more inputs of causes already kept",
                    repeats.len()
                );
            }
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}
