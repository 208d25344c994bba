//! Transcript files: WebVTT and SubRip (SRT) cues to [`TranscriptSegment`]s.
//!
//! Who speaks: a WebVTT voice tag (`<v Dana Smith>`) or an SRT `Name:` prefix. A name holding
//! "agent" or "csr", or equal to the call's agent, is the agent; any other name is the customer.
//! A cue that names nobody keeps the previous cue's speaker (captions split one turn into many
//! cues); before any name, the customer. Text comes out redacted (see [`crate::redact`]).

use scl_domain::{Speaker, TranscriptSegment};

use crate::redact::redact;
use crate::text::quote;

/// What a transcript file yields: the cues that could be read, and one problem per cue that
/// could not (the file's line where that cue starts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cues {
    pub segments: Vec<TranscriptSegment>,
    pub problems: Vec<CueProblem>,
    /// Card numbers and SSNs replaced in the text.
    pub redactions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueProblem {
    /// 1-based line in the transcript file.
    pub line: u64,
    pub message: String,
}

/// Reads WebVTT. The error is for a file that is not WebVTT at all.
pub fn parse_vtt(text: &str, agent: Option<&str>) -> Result<Cues, CueProblem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let signature = first
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if !signature {
        return Err(CueProblem {
            line: 1,
            message: format!(
                "not a WebVTT file: the first line must be WEBVTT, found {}",
                quote(first)
            ),
        });
    }
    let mut reader = Reader::new(agent);
    for (index, block) in blocks(text).enumerate() {
        let head = block.lines[0];
        let skipped = index == 0
            || ["NOTE", "STYLE", "REGION"].iter().any(|word| {
                head.strip_prefix(word)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
            });
        if !skipped {
            reader.cue(&block, Flavor::Vtt);
        }
    }
    Ok(reader.finish())
}

/// Reads SubRip. The error is for a file whose first block is no cue at all.
pub fn parse_srt(text: &str, agent: Option<&str>) -> Result<Cues, CueProblem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = Reader::new(agent);
    for (index, block) in blocks(text).enumerate() {
        if index == 0 && !block.lines.iter().take(2).any(|l| l.contains("-->")) {
            return Err(CueProblem {
                line: block.first_line,
                message: format!(
                    "not a SubRip (SRT) file: expected a cue number and a timing line, found {}",
                    quote(block.lines[0])
                ),
            });
        }
        reader.cue(&block, Flavor::Srt);
    }
    Ok(reader.finish())
}

#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    Vtt,
    Srt,
}

struct Block<'a> {
    first_line: u64,
    lines: Vec<&'a str>,
}

/// Groups of non-blank lines.
fn blocks(text: &str) -> impl Iterator<Item = Block<'_>> {
    let mut lines = text.lines().zip(1u64..).peekable();
    std::iter::from_fn(move || {
        while lines.peek().is_some_and(|(l, _)| l.trim().is_empty()) {
            lines.next();
        }
        let (_, first_line) = *lines.peek()?;
        let mut block = Block {
            first_line,
            lines: Vec::new(),
        };
        while let Some((line, _)) = lines.next_if(|(l, _)| !l.trim().is_empty()) {
            block.lines.push(line);
        }
        Some(block)
    })
}

struct Reader<'a> {
    agent: Option<&'a str>,
    speaker: Speaker,
    cues: Cues,
}

impl<'a> Reader<'a> {
    fn new(agent: Option<&'a str>) -> Self {
        Self {
            agent: agent.map(str::trim).filter(|a| !a.is_empty()),
            speaker: Speaker::Customer,
            cues: Cues::default(),
        }
    }

    fn cue(&mut self, block: &Block<'_>, flavor: Flavor) {
        let Some(timing_at) = block.lines.iter().take(2).position(|l| l.contains("-->")) else {
            let expected = match flavor {
                Flavor::Vtt => "00:01:02.500 --> 00:01:05.000",
                Flavor::Srt => "00:00:01,000 --> 00:00:04,000",
            };
            self.problem(
                block.first_line,
                format!(
                    "expected a cue timing line like {expected}, found {}",
                    quote(block.lines[0])
                ),
            );
            return;
        };
        let line = block.first_line + timing_at as u64;
        let (start, end) = match timing(block.lines[timing_at]) {
            Ok(times) => times,
            Err(message) => return self.problem(line, message),
        };
        if end < start {
            return self.problem(
                line,
                format!("cue ends ({end:.3} s) before it starts ({start:.3} s)"),
            );
        }
        let payload = &block.lines[timing_at + 1..];
        let (name, text) = match flavor {
            Flavor::Vtt => vtt_payload(payload),
            Flavor::Srt => srt_payload(payload),
        };
        if let Some(name) = name {
            self.speaker = self.speaker_named(&name);
        }
        if text.is_empty() {
            return;
        }
        let (text, redactions) = redact(&text);
        self.cues.redactions += redactions;
        self.cues.segments.push(TranscriptSegment {
            start_s: start,
            end_s: end,
            speaker: self.speaker,
            text,
        });
    }

    fn speaker_named(&self, name: &str) -> Speaker {
        let lower = name.to_lowercase();
        let is_agent = lower.contains("agent")
            || lower.contains("csr")
            || self
                .agent
                .is_some_and(|a| a.eq_ignore_ascii_case(name.trim()));
        if is_agent {
            Speaker::Agent
        } else {
            Speaker::Customer
        }
    }

    fn problem(&mut self, line: u64, message: String) {
        self.cues.problems.push(CueProblem { line, message });
    }

    fn finish(self) -> Cues {
        self.cues
    }
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

/// `HH:MM:SS.mmm` or `MM:SS.mmm`, with `.` or `,` before the milliseconds (1 to 3 digits).
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

/// The first voice's name, and the text without tags, lines joined by spaces.
fn vtt_payload(lines: &[&str]) -> (Option<String>, String) {
    let mut name = None;
    let mut text = String::new();
    for line in lines {
        let mut rest = *line;
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                rest = &rest[open + 1..];
                continue;
            };
            let tag = &rest[open + 1..open + close];
            if name.is_none() && (tag.starts_with("v ") || tag.starts_with("v.")) {
                name = tag
                    .split_once([' ', '\t'])
                    .map(|(_, n)| n.trim().to_string())
                    .filter(|n| !n.is_empty());
            }
            rest = &rest[open + close + 1..];
        }
        text.push_str(rest);
        text.push(' ');
    }
    (
        name,
        decode_entities(text.split_whitespace().collect::<Vec<_>>().join(" ")),
    )
}

/// The `Name:` prefix of the first line when it looks like a name, and the text without
/// `<i>`-style tags or `{\an8}` positions.
fn srt_payload(lines: &[&str]) -> (Option<String>, String) {
    let mut joined = String::new();
    for line in lines {
        let mut rest = *line;
        while let Some(open) = rest.find(['<', '{']) {
            joined.push_str(&rest[..open]);
            let closer = if rest.as_bytes()[open] == b'<' {
                '>'
            } else {
                '}'
            };
            match rest[open..].find(closer) {
                Some(close) => rest = &rest[open + close + 1..],
                None => {
                    joined.push_str(&rest[open..open + 1]);
                    rest = &rest[open + 1..];
                }
            }
        }
        joined.push_str(rest);
        joined.push(' ');
    }
    let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((head, tail)) = joined.split_once(':') {
        let words = head.split_whitespace().count();
        let looks_like_name = (1..=4).contains(&words)
            && head.len() <= 40
            && head.chars().any(char::is_alphabetic)
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || " .'-_".contains(c))
            && (tail.is_empty() || tail.starts_with(' '));
        if looks_like_name {
            return (
                Some(head.trim().to_string()),
                decode_entities(tail.trim().to_string()),
            );
        }
    }
    (None, decode_entities(joined))
}

fn decode_entities(text: String) -> String {
    if !text.contains('&') {
        return text;
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
#[path = "transcript_tests.rs"]
mod tests;
