//! Waveforms kept on disk, so reopening a call draws at once.
//!
//! One file per recording and bucket count, named by a hash of the recording's path. Inside,
//! the key in full (path, size, modification time) is checked: a recording replaced in place
//! is noticed and its waveform recomputed. Layout, little-endian:
//! `SCLPEAK1`, size u64, mtime seconds i64, mtime nanoseconds u32, path length u32, path
//! bytes, duration f64, bucket count u32, then per bucket min i16 and max i16 (x 32767).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::waveform::{compute_waveform, to_i16, Peak, Waveform};
use crate::AudioError;

const MAGIC: &[u8; 8] = b"SCLPEAK1";

/// Whether [`waveform`] answered from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    Hit,
    /// Nothing cached yet.
    Miss,
    /// A cached waveform of an older version of the file (or an unreadable one) was replaced.
    Stale,
}

/// The waveform of `path` in `buckets` peaks, from `cache_dir` when it is current there.
/// A cache that cannot be written is logged, not an error: the waveform is still returned.
#[tracing::instrument(level = "debug")]
pub fn waveform(
    path: &Path,
    buckets: usize,
    cache_dir: &Path,
) -> Result<(Waveform, CacheOutcome), AudioError> {
    let buckets = buckets.max(1);
    let key = Key::of(path)?;
    let cache_file = cache_dir.join(format!("{:016x}-{buckets}.peaks", key.path_hash()));
    let outcome = match fs::read(&cache_file) {
        Ok(bytes) => match decode(&bytes, &key, buckets) {
            Some(waveform) => return Ok((waveform, CacheOutcome::Hit)),
            None => CacheOutcome::Stale,
        },
        Err(_) => CacheOutcome::Miss,
    };
    let waveform = compute_waveform(path, buckets)?;
    if let Err(error) = store(&cache_file, &encode(&key, &waveform)) {
        tracing::warn!(%error, cache = %cache_file.display(), "waveform cache not written");
    }
    Ok((waveform, outcome))
}

struct Key {
    path: PathBuf,
    size: u64,
    mtime_s: i64,
    mtime_ns: u32,
}

impl Key {
    fn of(path: &Path) -> Result<Key, AudioError> {
        let meta = fs::metadata(path).map_err(|e| AudioError::io(path, e))?;
        let (mtime_s, mtime_ns) = match meta.modified().map(|t| t.duration_since(UNIX_EPOCH)) {
            Ok(Ok(d)) => (d.as_secs() as i64, d.subsec_nanos()),
            Ok(Err(before)) => (-(before.duration().as_secs() as i64), 0),
            Err(_) => (0, 0),
        };
        Ok(Key {
            path: fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
            size: meta.len(),
            mtime_s,
            mtime_ns,
        })
    }

    fn path_bytes(&self) -> Vec<u8> {
        self.path.to_string_lossy().into_owned().into_bytes()
    }

    /// FNV-1a: stable across runs and Rust versions, unlike the standard hasher.
    fn path_hash(&self) -> u64 {
        self.path_bytes()
            .iter()
            .fold(0xcbf2_9ce4_8422_2325, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
    }
}

fn encode(key: &Key, waveform: &Waveform) -> Vec<u8> {
    let path = key.path_bytes();
    let mut out = Vec::with_capacity(48 + path.len() + waveform.peaks.len() * 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.size.to_le_bytes());
    out.extend_from_slice(&key.mtime_s.to_le_bytes());
    out.extend_from_slice(&key.mtime_ns.to_le_bytes());
    out.extend_from_slice(&(path.len() as u32).to_le_bytes());
    out.extend_from_slice(&path);
    out.extend_from_slice(&waveform.duration_s.to_le_bytes());
    out.extend_from_slice(&(waveform.peaks.len() as u32).to_le_bytes());
    for peak in &waveform.peaks {
        out.extend_from_slice(&to_i16(peak.min).to_le_bytes());
        out.extend_from_slice(&to_i16(peak.max).to_le_bytes());
    }
    out
}

/// The cached waveform when the bytes are well formed and were made from this very file.
fn decode(bytes: &[u8], key: &Key, buckets: usize) -> Option<Waveform> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let size = u64::from_le_bytes(take(8)?.try_into().ok()?);
    let mtime_s = i64::from_le_bytes(take(8)?.try_into().ok()?);
    let mtime_ns = u32::from_le_bytes(take(4)?.try_into().ok()?);
    let path_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
    let path = take(path_len)?;
    let same = size == key.size
        && mtime_s == key.mtime_s
        && mtime_ns == key.mtime_ns
        && path == key.path_bytes().as_slice();
    if !same {
        return None;
    }
    let duration_s = f64::from_le_bytes(take(8)?.try_into().ok()?);
    let count = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
    if count != buckets {
        return None;
    }
    let body = take(count * 4)?;
    let peaks = body
        .chunks_exact(4)
        .map(|p| Peak {
            min: f32::from(i16::from_le_bytes([p[0], p[1]])) / 32767.0,
            max: f32::from(i16::from_le_bytes([p[2], p[3]])) / 32767.0,
        })
        .collect();
    Some(Waveform { duration_s, peaks })
}

/// Written beside and renamed into place, so a reader never sees half a file.
fn store(cache_file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = cache_file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile_in(dir)?;
    temp.1.write_all(bytes)?;
    temp.1.sync_all().ok();
    drop(temp.1);
    fs::rename(&temp.0, cache_file).inspect_err(|_| {
        let _ = fs::remove_file(&temp.0);
    })
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, fs::File)> {
    let name = format!(
        ".peaks-{}-{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    );
    let path = dir.join(name.replace(['(', ')'], ""));
    let file = fs::File::create(&path)?;
    Ok((path, file))
}
