//! Seed files and kept failures.
//!
//! A failing input is kept as `regressions/<reader>/<fnv1a hex>.bin` with a `.txt` beside it
//! saying how it failed and how it was found; both are committed, and the replay test runs
//! every `.bin` through its reader.

use std::path::{Path, PathBuf};

use crate::readers::{crates_dir, Reader};

/// `src-tauri/crates/scl-fuzz/regressions/<reader>`.
pub fn regressions_dir(reader: &Reader) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions")
        .join(reader.name)
}

/// The reader's seed files (the project's test data), sorted by path so a run is the same
/// everywhere. Kept failures are not seeds: a run must not change the inputs of the runs after
/// it (and one slow input kept would breed thousands).
pub fn seed_paths(reader: &Reader) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for (folder, extensions) in reader.seeds {
        let mut found = files_with(&crates_dir().join(folder), extensions);
        found.sort();
        paths.extend(found);
    }
    paths
}

/// What the replay test runs: the seeds, then every kept failure.
pub fn replay_paths(reader: &Reader) -> Vec<PathBuf> {
    let mut paths = seed_paths(reader);
    paths.extend(regression_paths(reader));
    paths
}

/// The kept failures of a reader, sorted.
pub fn regression_paths(reader: &Reader) -> Vec<PathBuf> {
    let mut found = files_with(&regressions_dir(reader), &["bin"]);
    found.sort();
    found
}

/// The bytes of every seed path.
pub fn load(paths: &[PathBuf]) -> std::io::Result<Vec<Vec<u8>>> {
    paths.iter().map(std::fs::read).collect()
}

fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect()
}

/// Keeps a failing input and its story; returns the path of the kept input.
pub fn keep(reader: &Reader, input: &[u8], story: &str) -> std::io::Result<PathBuf> {
    let dir = regressions_dir(reader);
    std::fs::create_dir_all(&dir)?;
    let stem = format!("{:016x}", crate::fnv1a(input));
    let path = dir.join(format!("{stem}.bin"));
    std::fs::write(&path, input)?;
    std::fs::write(dir.join(format!("{stem}.txt")), story)?;
    Ok(path)
}
