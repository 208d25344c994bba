//! Phrase matching: the phrase lists compiled once into Aho-Corasick automata, then one pass per
//! lowercased segment. This is the hot path of scoring, so it allocates one buffer per call.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use scl_domain::{Speaker, TranscriptSegment};

use crate::features::{FeatureId, FEATURE_COUNT};
use crate::rules::{Rule, Scope, NEGATING_WORDS, NEGATION_CUES, SKIPPABLE};

/// Where a signal first showed up: segment index and byte range in the lowercased text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub segment: usize,
    pub start: usize,
    pub end: usize,
}

/// What one transcript pass found: the first hit per signal, and how many Spanish markers.
#[derive(Debug, Clone)]
pub(crate) struct Scan {
    pub hits: [Option<Hit>; FEATURE_COUNT],
    pub spanish_markers: u32,
}

impl Scan {
    pub fn hit(&self, f: FeatureId) -> Option<Hit> {
        self.hits[f as usize]
    }
}

/// A set of phrases, each owned by one or more groups (rules or keyword groups).
#[derive(Clone)]
pub(crate) struct PhraseSet {
    ac: AhoCorasick,
    owners: Vec<Vec<u16>>,
}

impl PhraseSet {
    /// `groups[i]` are the phrases of group `i`. Each phrase with an apostrophe is also added
    /// without it, since transcripts write "dont" as often as "don't".
    pub fn new(groups: &[&[&str]]) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<u16>> = Vec::new();
        for (g, phrases) in groups.iter().enumerate() {
            let g = u16::try_from(g).expect("fewer than 65536 groups");
            for phrase in phrases.iter() {
                let plain = normalize(phrase);
                let bare = plain.replace('\'', "");
                for p in [plain, bare] {
                    match patterns.iter().position(|q| *q == p) {
                        Some(i) if !owners[i].contains(&g) => owners[i].push(g),
                        Some(_) => {}
                        None => {
                            patterns.push(p);
                            owners.push(vec![g]);
                        }
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("phrase lists compile");
        Self { ac, owners }
    }

    /// Calls `f(group, start, end)` for every phrase occurrence in `hay` (already normalized).
    /// With `whole_words`, only occurrences that start and end on a word boundary count.
    pub fn each_match(&self, hay: &str, whole_words: bool, mut f: impl FnMut(u16, usize, usize)) {
        for m in self.ac.find_overlapping_iter(hay) {
            if whole_words && !on_word_boundaries(hay, m.start(), m.end()) {
                continue;
            }
            for &g in &self.owners[m.pattern().as_usize()] {
                f(g, m.start(), m.end());
            }
        }
    }
}

/// The compiled transcript rules.
#[derive(Clone)]
pub(crate) struct TranscriptMatcher {
    rules: &'static [Rule],
    phrases: PhraseSet,
    cues: PhraseSet,
}

impl TranscriptMatcher {
    pub fn new(rules: &'static [Rule]) -> Self {
        let groups: Vec<&[&str]> = rules.iter().map(|r| r.phrases).collect();
        Self {
            rules,
            phrases: PhraseSet::new(&groups),
            cues: PhraseSet::new(&[NEGATION_CUES]),
        }
    }

    /// One pass over the transcript; `buf` is reused across segments.
    pub fn scan(&self, transcript: &[TranscriptSegment], buf: &mut String) -> Scan {
        let mut scan = Scan {
            hits: [None; FEATURE_COUNT],
            spanish_markers: 0,
        };
        for (i, seg) in transcript.iter().enumerate() {
            normalize_into(&seg.text, buf);
            let text = buf.as_str();
            self.phrases.each_match(text, true, |g, start, end| {
                let rule = &self.rules[usize::from(g)];
                let scope = match seg.speaker {
                    Speaker::Customer => Scope::Customer,
                    Speaker::Agent => Scope::Agent,
                };
                if rule.scope != scope || (rule.negatable && negated(&self.cues, text, start)) {
                    return;
                }
                if rule.feature == FeatureId::SpanishSpeaker {
                    scan.spanish_markers += 1;
                }
                let slot = &mut scan.hits[rule.feature as usize];
                if slot.is_none() {
                    *slot = Some(Hit {
                        segment: i,
                        start,
                        end,
                    });
                }
            });
        }
        scan
    }
}

/// Lowercase, one char for one char, with curly apostrophes made straight. Keeping one char per
/// char lets a position in the normalized text be mapped back to the original.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // The common case, and a vectorized one.
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    out.reserve(text.len());
    for c in text.chars() {
        let n = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}') {
            '\''
        } else {
            let mut low = c.to_lowercase();
            match (low.next(), low.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        };
        out.push(n);
    }
}

pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::new();
    normalize_into(text, &mut out);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn on_word_boundaries(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    let first = hay[start..].chars().next();
    let last = hay[..end].chars().next_back();
    // A phrase edge that is itself punctuation ("a/c", "no a.c.") needs no boundary there.
    let left_ok = !first.is_some_and(is_word_char) || !before.is_some_and(is_word_char);
    let right_ok = !last.is_some_and(is_word_char) || !after.is_some_and(is_word_char);
    left_ok && right_ok
}

/// Whether the clause before `start` turns the phrase around: "I don't need a quote", "it's not
/// leaking", "never asked for a price". Looks only inside the same clause (back to the last
/// punctuation or "but"), so "No, how much is it?" still asks.
pub(crate) fn negated(cues: &PhraseSet, text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..start];
    let clause_start = window
        .rfind(['.', '?', '!', ';', ':', ','])
        .map(|i| i + 1)
        .into_iter()
        .chain(window.rfind(" but ").map(|i| i + 5))
        .max()
        .unwrap_or(0);
    let clause = &window[clause_start..];
    let mut cue = false;
    cues.each_match(clause, true, |_, _, _| cue = true);
    if cue {
        return true;
    }
    let last_word = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .rev()
        .filter(|w| !w.is_empty())
        .find(|w| !SKIPPABLE.contains(w));
    last_word.is_some_and(|w| NEGATING_WORDS.contains(&w))
}

/// Maps a byte offset in the normalized text back to the original (they differ only when a
/// character changed its UTF-8 length, like a curly apostrophe).
pub(crate) fn original_offset(original: &str, normalized: &str, pos: usize) -> usize {
    if original.len() == normalized.len() {
        return pos;
    }
    let nth = normalized[..pos].chars().count();
    original
        .char_indices()
        .nth(nth)
        .map_or(original.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::TRANSCRIPT_RULES;
    use crate::test_support::seg;

    fn fired(text: &str, speaker: Speaker) -> Vec<FeatureId> {
        let m = TranscriptMatcher::new(TRANSCRIPT_RULES);
        let scan = m.scan(&[seg(0.0, speaker, text)], &mut String::new());
        FeatureId::ALL
            .iter()
            .copied()
            .filter(|&f| scan.hit(f).is_some())
            .collect()
    }

    fn negated(text: &str, start: usize) -> bool {
        super::negated(&PhraseSet::new(&[NEGATION_CUES]), text, start)
    }

    #[test]
    fn negation_is_clause_local() {
        assert!(negated("i don't need a quote", 15));
        assert!(negated("it's not leaking", 9));
        assert!(
            !negated("no, how much is it", 4),
            "a leading 'no,' is its own clause"
        );
        assert!(
            !negated("i don't know how much", 13),
            "not knowing is not declining"
        );
    }

    #[test]
    fn word_boundaries_and_apostrophes() {
        assert!(fired("The heater is making noise", Speaker::Customer)
            .contains(&FeatureId::ServiceNeed));
        assert!(
            !fired("Heatherton street", Speaker::Customer).contains(&FeatureId::UrgentProblem),
            "'heat' inside a word is not a phrase"
        );
        assert!(fired(
            "I dont need a new unit, I cant afford it",
            Speaker::Customer
        )
        .contains(&FeatureId::PriceObjection));
        assert!(fired("I can\u{2019}t afford that", Speaker::Customer)
            .contains(&FeatureId::PriceObjection));
    }

    #[test]
    fn scope_keeps_agent_words_out_of_customer_rules() {
        assert!(
            !fired("The estimate is free and the price is $89", Speaker::Agent)
                .contains(&FeatureId::AskedPrice)
        );
        assert!(
            fired("How much would that be?", Speaker::Customer).contains(&FeatureId::AskedPrice)
        );
    }

    #[test]
    fn original_offsets_survive_curly_apostrophes() {
        let original = "It\u{2019}s LEAKING";
        let norm = normalize(original);
        assert_eq!(norm, "it's leaking");
        let pos = norm.find("leaking").unwrap();
        assert_eq!(
            &original[original_offset(original, &norm, pos)..],
            "LEAKING"
        );
    }
}
