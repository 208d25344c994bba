//! Which ids a file has already used, so a repeated record can name the line of the first.

use std::hash::{BuildHasher, Hash};

use rustc_hash::{FxBuildHasher, FxHashMap};

/// The call ids read so far, kept end to end in one string (no allocation per id) and found by
/// their hash. Calls leave the reader part by part, so the ids cannot point into them. An id
/// whose hash another id already took is kept whole in `spill`.
#[derive(Default)]
pub(super) struct CallIds {
    by_hash: FxHashMap<u64, Seen>,
    text: String,
    spill: FxHashMap<String, u64>,
}

/// Where an id is in `CallIds::text`, and the line it was read on.
struct Seen {
    start: usize,
    end: usize,
    line: u64,
}

impl CallIds {
    pub(super) fn reserve(&mut self, calls: usize) {
        self.by_hash.reserve(calls);
    }

    /// The line the id was first read on, or `None` (and the id remembered) the first time.
    pub(super) fn seen(&mut self, id: &str, line: u64) -> Option<u64> {
        let hash = FxBuildHasher.hash_one(id);
        match self.by_hash.get(&hash) {
            None => {
                let start = self.text.len();
                self.text.push_str(id);
                let end = self.text.len();
                self.by_hash.insert(hash, Seen { start, end, line });
                None
            }
            Some(seen) if &self.text[seen.start..seen.end] == id => Some(seen.line),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_apart_and_repeats_name_the_first_line() {
        let mut ids = CallIds::default();
        assert_eq!(ids.seen("a", 1), None);
        assert_eq!(ids.seen("ab", 2), None);
        assert_eq!(ids.seen("b", 3), None);
        assert_eq!(ids.seen("ab", 4), Some(2));
        assert_eq!(ids.seen("a", 5), Some(1));
        assert_eq!(ids.seen("", 6), None);
        assert_eq!(ids.seen("", 7), Some(6));
    }

    #[test]
    fn a_hash_taken_by_another_id_spills() {
        let mut ids = CallIds::default();
        // Pretend "x" and "y" share a hash: "y" is stored under the hash of "x".
        ids.text.push('y');
        let hash = FxBuildHasher.hash_one("x");
        ids.by_hash.insert(
            hash,
            Seen {
                start: 0,
                end: 1,
                line: 1,
            },
        );
        assert_eq!(ids.seen("x", 2), None, "x is new though its hash is taken");
        assert_eq!(ids.seen("x", 3), Some(2));
        assert_eq!(ids.seen("y", 4), None, "y was never seen as y");
    }
}
