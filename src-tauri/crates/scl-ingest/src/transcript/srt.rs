//! SubRip (SRT): blocks of a cue number, a timing line (`00:00:01,000 --> 00:00:04,000`) and
//! text, separated by blank lines; lines may end in CR, LF or CRLF.
//!
//! A speaker is named by a `Name:` prefix on the cue's text only when the prefix is clearly a
//! name (see [`speaker_prefix`]); otherwise the colon is part of what was said, and the text
//! stays whole.

use super::{decode_entities, not_a_cue, split_lines, CueProblem, Cues, Reader};
use crate::text::quote;

const EXAMPLE: &str = "00:00:01,000 --> 00:00:04,000";

/// Role words taken as a speaker whatever their case.
const ROLES: [&str; 6] = ["agent", "csr", "customer", "caller", "client", "rep"];

/// Capitalized words that open a sentence or a note, not a name: "Note: bring the ladder".
const NOT_NAMES: [&str; 16] = [
    "Note",
    "Notes",
    "PS",
    "P.S.",
    "Re",
    "Important",
    "Warning",
    "Total",
    "Address",
    "Price",
    "Time",
    "Date",
    "Subject",
    "Update",
    "Reminder",
    "Example",
];

/// Words that make a phrase a sentence, not a name: "The Address Is: 12 Elm St".
const SENTENCE_WORDS: [&str; 36] = [
    "a", "an", "the", "is", "are", "was", "be", "and", "or", "but", "so", "of", "to", "in", "on",
    "at", "for", "with", "my", "your", "our", "this", "that", "it", "we", "you", "i", "he", "she",
    "they", "if", "then", "what", "how", "why", "please",
];

/// Reads SubRip. The error is for a file whose first block is no cue at all.
pub fn parse_srt(text: &str, agent: Option<&str>) -> Result<Cues, CueProblem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = split_lines(text);
    let mut reader = Reader::new(agent);
    for (index, block) in blocks(&lines).enumerate() {
        let (first_line, head) = block[0];
        let timing_at = block.iter().take(2).position(|(_, l)| l.contains("-->"));
        let Some(timing_at) = timing_at else {
            if index == 0 {
                return Err(CueProblem::new(
                    first_line,
                    format!(
                        "not a SubRip (SRT) file: expected a cue number and a timing line, found {}",
                        quote(head)
                    ),
                ));
            }
            reader.problem(first_line, not_a_cue(EXAMPLE, head));
            continue;
        };
        let (line, timing_line) = block[timing_at];
        let (start, end) = match timing(timing_line) {
            Ok(times) => times,
            Err(message) => {
                reader.problem(line, message);
                continue;
            }
        };
        let text_lines: Vec<&str> = block[timing_at + 1..].iter().map(|(_, l)| *l).collect();
        let (name, text) = payload(&text_lines);
        reader.caption(line, start, end, name.as_deref(), &text);
    }
    Ok(reader.finish())
}

/// Runs of non-blank lines.
fn blocks<'l, 't>(lines: &'l [(u64, &'t str)]) -> impl Iterator<Item = &'l [(u64, &'t str)]> {
    lines
        .split(|(_, l)| l.trim().is_empty())
        .filter(|block| !block.is_empty())
}

fn timing(line: &str) -> Result<(f64, f64), String> {
    let bad = || format!("bad cue timing {}", quote(line));
    let (left, right) = line.split_once("-->").ok_or_else(bad)?;
    let right = right.split_whitespace().next().ok_or_else(bad)?;
    let start = timestamp(left.trim())
        .ok_or_else(|| format!("bad cue start time {}", quote(left.trim())))?;
    let end = timestamp(right).ok_or_else(|| format!("bad cue end time {}", quote(right)))?;
    Ok((start, end))
}

/// `HH:MM:SS,mmm` or `MM:SS,mmm`, with `,` or `.` before the milliseconds (1 to 3 digits):
/// SRT writers are less strict than WebVTT's.
pub(crate) fn timestamp(s: &str) -> Option<f64> {
    let (clock, fraction) = s.split_once(['.', ',']).unwrap_or((s, ""));
    let parts: Vec<&str> = clock.split(':').collect();
    let number = |p: &str, max: u64| -> Option<u64> {
        (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
            .filter(|&n| n <= max)
    };
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (number(h, 99_999)?, number(m, 59)?, number(s, 59)?),
        [m, s] => (0, number(m, 59)?, number(s, 59)?),
        _ => return None,
    };
    let millis = if fraction.is_empty() {
        0.0
    } else {
        if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        fraction.parse::<f64>().ok()? / 10f64.powi(fraction.len() as i32)
    };
    Some((hours * 3600 + minutes * 60 + seconds) as f64 + millis)
}

/// The speaker named by a `Name:` prefix, and the text without `<i>`-style tags or `{\an8}`
/// positions.
fn payload(lines: &[&str]) -> (Option<String>, String) {
    let mut joined = String::new();
    for line in lines {
        let mut rest = *line;
        // An opener without its closer has none after any later opener of its kind either, so
        // that kind is not looked for again on the line (looking again from each one was
        // quadratic in them).
        let mut openers = vec!['<', '{'];
        while let Some(open) = rest.find(openers.as_slice()) {
            joined.push_str(&rest[..open]);
            let opener = if rest.as_bytes()[open] == b'<' {
                '<'
            } else {
                '{'
            };
            let closer = if opener == '<' { '>' } else { '}' };
            match rest[open..].find(closer) {
                Some(close) => rest = &rest[open + close + 1..],
                None => {
                    joined.push(opener);
                    rest = &rest[open + 1..];
                    openers.retain(|&c| c != opener);
                }
            }
        }
        joined.push_str(rest);
        joined.push(' ');
    }
    let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((head, tail)) = joined.split_once(':') {
        if let Some(name) = speaker_prefix(head, tail) {
            return (Some(name), decode_entities(tail.trim().to_string()));
        }
    }
    (None, decode_entities(joined))
}

/// The rule for a `Name:` prefix. It names the speaker when it is followed by a space (or ends
/// the cue), and is either a role word in any case (`agent`, `CSR`, `Caller`, …) or `Speaker`
/// and a number, or looks like a person's name: one to three words, at most 32 characters,
/// every word starting with a capital letter and made of letters, `.`, `'` or `-` (no digits),
/// none of them a word that makes a sentence ("The", "Is", "My", "This", …), and not a word
/// that opens a note ("Note:", "Important:", "Total:").
/// Anything else ("Car j'ai 3 spécialités: la boxe", "So what I need is this: a filter",
/// "10:30") is text.
pub(crate) fn speaker_prefix(head: &str, tail: &str) -> Option<String> {
    if !(tail.is_empty() || tail.starts_with(' ')) {
        return None;
    }
    let head = head.trim();
    let words: Vec<&str> = head.split(' ').collect();
    let lower = head.to_lowercase();
    let role = ROLES.contains(&lower.as_str())
        || matches!(words.as_slice(), [s, n] if s.eq_ignore_ascii_case("speaker")
            && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let name_like = (1..=3).contains(&words.len())
        && head.chars().count() <= 32
        && !NOT_NAMES.contains(&head)
        && words
            .iter()
            .all(|word| !SENTENCE_WORDS.contains(&word.to_lowercase().as_str()))
        && words.iter().all(|word| {
            let mut chars = word.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_alphabetic() || ".'-’".contains(c))
        });
    (role || name_like).then(|| head.to_string())
}
