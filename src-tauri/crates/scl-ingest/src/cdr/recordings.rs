//! Finding a CDR call's recording on disk: by the `recordingfile` the PBX wrote, or by a file
//! in the recordings folder whose name holds the call's uniqueid.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::model::IngestError;

/// FreePBX files recordings under `YYYY/MM/DD/`; four levels also covers a parent folder.
const MAX_DEPTH: usize = 4;

#[derive(Debug, Default)]
pub(crate) struct Recordings {
    /// File name → path, for `recordingfile` values.
    by_name: FxHashMap<String, PathBuf>,
    /// Uniqueid written in a file name (`…-1700000000.123.wav`) → path.
    by_uniqueid: FxHashMap<String, PathBuf>,
    /// The export's own folder: a `recordingfile` may sit next to it.
    export_dir: PathBuf,
}

impl Recordings {
    pub(crate) fn new(dir: Option<&Path>, export: &Path) -> Result<Self, IngestError> {
        let mut recordings = Self {
            export_dir: export.parent().unwrap_or(Path::new("")).to_path_buf(),
            ..Self::default()
        };
        if let Some(dir) = dir {
            let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
            let mut files = Vec::new();
            walk(&dir, 0, &mut files).map_err(|source| IngestError::Io {
                path: dir.clone(),
                source,
            })?;
            // Sorted, so that when two files claim one uniqueid the choice does not depend on
            // the order the file system lists them in.
            files.sort();
            for path in files {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                for id in uniqueids_in(name) {
                    recordings
                        .by_uniqueid
                        .entry(id.to_string())
                        .or_insert_with(|| path.clone());
                }
                recordings
                    .by_name
                    .entry(name.to_string())
                    .or_insert_with(|| path.clone());
            }
        }
        Ok(recordings)
    }

    /// The file a `recordingfile` value names: an absolute path, a name in the recordings
    /// folder (at any depth), or a path next to the export.
    pub(crate) fn named(&self, recordingfile: &str) -> Option<PathBuf> {
        let given = Path::new(recordingfile);
        if given.is_absolute() && given.is_file() {
            return Some(given.to_path_buf());
        }
        if let Some(found) = given
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| self.by_name.get(n))
        {
            return Some(found.clone());
        }
        let beside = self.export_dir.join(given);
        beside
            .is_file()
            .then(|| std::path::absolute(&beside).unwrap_or(beside))
    }

    pub(crate) fn by_uniqueid(&self, id: &str) -> Option<PathBuf> {
        self.by_uniqueid.get(id).cloned()
    }
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_file() {
            files.push(entry.path());
        } else if kind.is_dir() && depth < MAX_DEPTH {
            // A subfolder that cannot be listed only hides the recordings in it.
            let _ = walk(&entry.path(), depth + 1, files);
        }
    }
    Ok(())
}

/// Asterisk uniqueids are `<unix seconds>.<sequence>`: six or more digits, a dot, digits.
fn uniqueids_in(name: &str) -> impl Iterator<Item = &str> {
    let bytes = name.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let whole = i - start;
            if whole >= 6
                && i + 1 < bytes.len()
                && bytes[i] == b'.'
                && bytes[i + 1].is_ascii_digit()
            {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                return Some(&name[start..i]);
            }
            if whole == 0 {
                i += 1;
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniqueids_are_found_in_freepbx_style_names() {
        let ids: Vec<&str> =
            uniqueids_in("in-2025551234-201-20261120-140312-1700000000.123.wav").collect();
        assert_eq!(ids, vec!["1700000000.123"]);
        let ids: Vec<&str> = uniqueids_in("1700000000.4-1700000001.17.mp3").collect();
        assert_eq!(ids, vec!["1700000000.4", "1700000001.17"]);
        assert_eq!(uniqueids_in("q-600-20261120.wav").count(), 0);
        assert_eq!(uniqueids_in("").count(), 0);
    }

    #[test]
    fn files_are_found_by_name_and_by_uniqueid_at_depth() {
        let dir = tempfile::tempdir().unwrap();
        let day = dir.path().join("2026/11/20");
        std::fs::create_dir_all(&day).unwrap();
        let file = day.join("in-3035550123-201-20261120-140312-1700000000.123.wav");
        std::fs::write(&file, b"RIFF").unwrap();
        let export = dir.path().join("cdr.csv");
        let recordings = Recordings::new(Some(dir.path()), &export).unwrap();
        assert_eq!(
            recordings.named("in-3035550123-201-20261120-140312-1700000000.123.wav"),
            Some(file.clone())
        );
        assert_eq!(recordings.by_uniqueid("1700000000.123"), Some(file.clone()));
        assert_eq!(
            recordings.by_uniqueid("1700000000.12"),
            None,
            "whole ids only"
        );
        assert_eq!(recordings.named("missing.wav"), None);
        assert!(Recordings::new(Some(&dir.path().join("nope")), &export).is_err());
    }
}
