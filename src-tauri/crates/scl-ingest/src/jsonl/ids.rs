//! Which ids a file has already used, so a repeated record can name the line of the first.

use std::hash::{BuildHasher, Hash};

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::model::RawCall;

/// The call ids read so far, without a second copy of each: a hash of the id points at the call
/// that holds it. An id whose hash another id already took is kept whole in `spill`.
#[derive(Default)]
pub(super) struct CallIds {
    by_hash: FxHashMap<u64, usize>,
    spill: FxHashMap<String, u64>,
}

impl CallIds {
    pub(super) fn with_capacity(calls: usize) -> Self {
        let mut ids = Self::default();
        ids.by_hash.reserve(calls);
        ids
    }

    /// The line the id was first read on, or `None` when it is new and about to be pushed.
    pub(super) fn seen(&mut self, calls: &[RawCall], id: &str, line: u64) -> Option<u64> {
        let hash = FxBuildHasher.hash_one(id);
        match self.by_hash.get(&hash).map(|&i| calls.get(i)) {
            None => {
                self.by_hash.insert(hash, calls.len());
                None
            }
            Some(Some(call)) if call.call_id == id => Some(call.source.line),
            Some(_) => seen_before(&mut self.spill, &id.to_string(), line),
        }
    }
}

/// The line an id was first read on, or `None` (and the id remembered) the first time.
pub(super) fn seen_before<K: Hash + Eq + Clone>(
    seen: &mut FxHashMap<K, u64>,
    key: &K,
    line: u64,
) -> Option<u64> {
    if let Some(&first) = seen.get(key) {
        return Some(first);
    }
    seen.insert(key.clone(), line);
    None
}
