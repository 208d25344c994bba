//! Replays every seed file and every kept failing input (`regressions/<reader>/*.bin`) through
//! its reader, as CI does on each run: no panic, no hang, memory within the bound. Inputs
//! listed in `regressions/OPEN` fail in a reader owned elsewhere and not fixed yet: they run in
//! a child process held to their memory bound and must still fail there, so that the fix is
//! noticed and the entry moved out of the list.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scl_fuzz::corpus::{regressions_dir, replay_paths};
use scl_fuzz::guard::{counting_allocator_installed, Watchdog, HANG_AFTER};
use scl_fuzz::{run_guarded, Scratch, READERS};

#[global_allocator]
static ALLOC: scl_fuzz::FuzzAlloc = scl_fuzz::fuzz_alloc();

/// `reader/stem` -> why it is open, from `regressions/OPEN`.
fn open_failures() -> BTreeMap<String, String> {
    let list = regressions_dir(&READERS[0])
        .parent()
        .expect("regressions/<reader>")
        .join("OPEN");
    let text = std::fs::read_to_string(&list).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, why) = l.split_once(' ').unwrap_or((l, ""));
            (name.to_string(), why.trim().to_string())
        })
        .collect()
}

/// Runs an open failure in a child process whose allocations stop at the input's memory
/// bound (so a reader asking for gigabytes aborts instead of taking them) and whose time is
/// capped; `None` while it still fails, else what the child said.
fn still_failing_elsewhere(reader: &str, path: &Path) -> Option<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scl-fuzz"))
        .args(["replay", "--limit-memory", reader])
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting scl-fuzz replay");
    let started = Instant::now();
    let scratch = Scratch::dir_of(child.id());
    loop {
        if let Some(status) = child.try_wait().expect("waiting for scl-fuzz replay") {
            // An aborted child leaves its scratch folder.
            let _ = std::fs::remove_dir_all(&scratch);
            if status.success() {
                let mut said = String::new();
                let _ = child.stdout.take().map(|mut o| o.read_to_string(&mut said));
                return Some(said.trim().to_string());
            }
            return None;
        }
        if started.elapsed() > HANG_AFTER * 4 {
            // Still running: the hang is still there.
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&scratch);
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn every_seed_and_kept_input_reads_without_panic_hang_or_blowup() {
    assert!(
        counting_allocator_installed(),
        "the counting allocator must be global, or memory is not checked"
    );
    let open = open_failures();
    let scratch = Scratch::new().expect("scratch folder");
    // A hang cannot be interrupted; a replay past twice the fuzz limit ends the test process.
    let dog = Watchdog::start(HANG_AFTER * 2, |_, elapsed: Duration| {
        eprintln!("a kept input hangs its reader: still running after {elapsed:?}");
        std::process::abort();
    });
    let mut problems = Vec::new();
    let mut open_seen = 0;
    for reader in READERS {
        let paths = replay_paths(reader);
        assert!(
            !paths.is_empty(),
            "{}: no seed or kept input to replay",
            reader.name
        );
        for (token, path) in paths.iter().enumerate() {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let key = format!("{}/{stem}", reader.name);
            if open.contains_key(&key) {
                open_seen += 1;
                if let Some(passed) = still_failing_elsewhere(reader.name, path) {
                    problems.push(format!(
                        "{} now passes ({passed}): the reader was fixed; remove {key} from \
                         regressions/OPEN",
                        path.display()
                    ));
                }
                continue;
            }
            let bytes = std::fs::read(path).expect("reading a kept input");
            dog.begin(token as u64);
            let outcome = run_guarded(reader, &bytes, &scratch);
            dog.end();
            if outcome.is_failure() {
                problems.push(format!("{}: {}", path.display(), outcome.describe()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        open_seen,
        open.len(),
        "regressions/OPEN names inputs that are not kept: {:?}",
        open.keys().collect::<Vec<_>>()
    );
}
