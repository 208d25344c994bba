//! The learned reading of a transcript: words and word pairs, hashed into a fixed table of
//! weights trained on labeled calls (see `train`), so wordings no phrase list foresaw still
//! count ("what's the damage on something like that", a misheard "for nest"). Its log-odds
//! enter the model as one signal, [`crate::FeatureId::LearnedWords`], and the segment that
//! weighed most is quoted as evidence with its time.
//!
//! Words are lowercased, split on anything but letters, digits and apostrophes (dropped), and
//! prefixed by who said them, so "how much" from the agent is not the customer asking.

use std::sync::OnceLock;

use scl_domain::{Speaker, TranscriptSegment};

/// The table has 2^18 weights: few enough to ship (about 1 MB in memory), many enough that
/// the words of a few thousand calls rarely share a slot.
pub const TABLE_BITS: u32 = 18;
pub const TABLE_SIZE: usize = 1 << TABLE_BITS;

/// One hashed word or word pair of a transcript, the first segment it appeared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    pub slot: u32,
    pub segment: u32,
}

/// The distinct terms of a transcript, and the value each carries: every present term counts
/// the same, scaled so the whole vector has length one (a 15-minute call does not outweigh a
/// short one by talking longer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    pub terms: Vec<Term>,
}

impl Terms {
    pub fn of(transcript: &[TranscriptSegment]) -> Self {
        let mut terms = Vec::with_capacity(transcript.len() * 24);
        for (i, seg) in transcript.iter().enumerate() {
            let who: u64 = match seg.speaker {
                Speaker::Customer => 0x9e37_79b9_7f4a_7c15,
                Speaker::Agent => 0xc2b2_ae3d_27d4_eb4f,
            };
            let mut prev: Option<u64> = None;
            for word in words(&seg.text) {
                let h = word_hash(&word) ^ who;
                push(&mut terms, mix(h), i);
                if let Some(p) = prev {
                    push(
                        &mut terms,
                        mix(p.rotate_left(17) ^ h ^ 0x1656_67b1_9e37_79f9),
                        i,
                    );
                }
                prev = Some(h);
            }
        }
        // Keep each slot once, at its first segment.
        terms.sort_unstable();
        terms.dedup_by_key(|t| t.slot);
        Self { terms }
    }

    /// The value of each present term.
    pub fn value(&self) -> f64 {
        if self.terms.is_empty() {
            0.0
        } else {
            1.0 / (self.terms.len() as f64).sqrt()
        }
    }
}

fn push(terms: &mut Vec<Term>, h: u64, segment: usize) {
    terms.push(Term {
        slot: (h >> (64 - TABLE_BITS)) as u32,
        segment: segment as u32,
    });
}

/// Lowercased words: letters and digits, apostrophes dropped ("don't" = "dont").
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| {
            w.chars()
                .filter(|&c| c != '\'' && c != '’')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
}

/// FNV-1a: stable across platforms and versions, so a shipped table means the same everywhere.
fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A finalizer (from SplitMix64) so that nearby hashes land in unrelated slots.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The shipped weights, trained by `cargo run -p scl-detect --release --example train` and
/// stored as `model/shipped.json`.
pub(crate) fn shipped_table() -> &'static [f32] {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![0f32; TABLE_SIZE];
        for &(slot, w) in &crate::shipped::shipped().text {
            if let Some(cell) = table.get_mut(slot as usize) {
                *cell = w;
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(speaker: Speaker, text: &str) -> TranscriptSegment {
        TranscriptSegment {
            start_s: 0.0,
            end_s: 1.0,
            speaker,
            text: text.into(),
        }
    }

    #[test]
    fn speaker_case_and_apostrophes() {
        let a = Terms::of(&[seg(Speaker::Customer, "Don't know, HOW much?")]);
        let b = Terms::of(&[seg(Speaker::Customer, "dont know how much")]);
        assert_eq!(a, b, "case, punctuation and apostrophes do not matter");
        let agent = Terms::of(&[seg(Speaker::Agent, "dont know how much")]);
        assert_ne!(a, agent, "the same words from the agent are other terms");
        // 4 words and 3 pairs, all distinct.
        assert_eq!(a.terms.len(), 7);
        assert!((a.value() - 1.0 / 7f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn a_term_keeps_its_first_segment() {
        let t = Terms::of(&[
            seg(Speaker::Agent, "hello"),
            seg(Speaker::Customer, "leak"),
            seg(Speaker::Customer, "leak again"),
        ]);
        let leak = Terms::of(&[seg(Speaker::Customer, "leak")]).terms[0].slot;
        let first = t.terms.iter().find(|x| x.slot == leak).unwrap();
        assert_eq!(first.segment, 1);
        assert_eq!(Terms::of(&[]).value(), 0.0);
    }
}
