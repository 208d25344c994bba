//! Transcript files to [`TranscriptSegment`]s: WebVTT, SubRip (SRT) and Amazon Transcribe JSON.
//!
//! Who speaks, in caption files: a WebVTT voice tag (`<v Dana Smith>`) or an SRT `Name:` prefix
//! (see [`srt`] for when a prefix is a name). A name holding "agent" or "csr", or equal to the
//! call's agent, is the agent; any other name is the customer. A cue that names nobody keeps the
//! previous cue's speaker (captions split one turn into many cues); before any name, the
//! customer. Amazon Transcribe output names its speakers its own way (see [`amazon`]).
//! Text always comes out redacted (see [`crate::redact`]).

mod amazon;
mod decode;
mod srt;
mod webvtt;

use scl_domain::{Direction, Speaker, TranscriptSegment};

use crate::redact::redact;
use crate::text::quote;

pub use amazon::parse_amazon;
pub use decode::{decode, Decoded};
pub use srt::parse_srt;
pub use webvtt::parse_vtt;

/// What a transcript file yields: the segments that could be read, one problem per cue that was
/// skipped (the file's line where that cue starts), and notices about the file as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cues {
    pub segments: Vec<TranscriptSegment>,
    /// Cues skipped, each with its line: bad timings, no text, not a cue at all.
    pub problems: Vec<CueProblem>,
    /// Nothing was skipped, but the reader decided something the user should know: the text
    /// encoding it assumed, the rule that told the agent from the customer.
    pub notices: Vec<CueProblem>,
    /// Card numbers and SSNs replaced in the text.
    pub redactions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueProblem {
    /// 1-based line in the transcript file.
    pub line: u64,
    pub message: String,
}

impl CueProblem {
    pub(crate) fn new(line: u64, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// What the call tells about its transcript's speakers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The call's agent: a name or extension.
    pub agent: Option<&'a str>,
    pub direction: Option<Direction>,
}

/// The transcript formats, told apart by [`Format::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    WebVtt,
    Srt,
    AmazonTranscribe,
}

impl Format {
    /// By extension (`.vtt`, `.srt`, `.json`); any other file by its first characters: `WEBVTT`
    /// is WebVTT, `{` is Amazon Transcribe JSON, anything else is read as SRT.
    pub fn of(extension: &str, text: &str) -> Format {
        match extension.to_ascii_lowercase().as_str() {
            "vtt" => Format::WebVtt,
            "srt" => Format::Srt,
            "json" => Format::AmazonTranscribe,
            _ => {
                let head = text.trim_start_matches('\u{FEFF}').trim_start();
                if head.starts_with("WEBVTT") {
                    Format::WebVtt
                } else if head.starts_with('{') {
                    Format::AmazonTranscribe
                } else {
                    Format::Srt
                }
            }
        }
    }
}

/// Decodes a transcript file's bytes and reads it in the format its extension (or its content)
/// names. The error is for a file that cannot be read at all; its line is where that showed.
pub fn read_transcript(
    bytes: &[u8],
    extension: &str,
    hints: Hints<'_>,
) -> Result<Cues, CueProblem> {
    let Decoded { text, notice } = decode(bytes)?;
    let mut cues = match Format::of(extension, &text) {
        Format::WebVtt => parse_vtt(&text, hints.agent),
        Format::Srt => parse_srt(&text, hints.agent),
        Format::AmazonTranscribe => parse_amazon(&text, hints),
    }?;
    cues.notices.splice(0..0, notice);
    Ok(cues)
}

/// The lines of a text file, each with its 1-based number. CR, LF and CRLF each end a line (LF
/// then CR is two line ends, as in WebVTT); an empty piece after the last line end is no line.
pub(crate) fn split_lines(text: &str) -> Vec<(u64, &str)> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i, mut number) = (0, 0, 1u64);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                lines.push((number, &text[start..i]));
                number += 1;
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push((number, &text[start..]));
    }
    lines
}

/// Turns cues into segments: keeps the running speaker, redacts, and collects problems.
pub(crate) struct Reader<'a> {
    agent: Option<&'a str>,
    speaker: Speaker,
    cues: Cues,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(agent: Option<&'a str>) -> Self {
        Self {
            agent: agent.map(str::trim).filter(|a| !a.is_empty()),
            speaker: Speaker::Customer,
            cues: Cues::default(),
        }
    }

    /// A caption cue: `name` (when the cue names one) becomes the running speaker.
    pub(crate) fn caption(
        &mut self,
        line: u64,
        start: f64,
        end: f64,
        name: Option<&str>,
        text: &str,
    ) {
        if end < start {
            let message = format!("cue ends ({end:.3} s) before it starts ({start:.3} s)");
            return self.problem(line, message);
        }
        if let Some(name) = name {
            self.speaker = self.speaker_named(name);
        }
        self.push(line, start, end, self.speaker, text);
    }

    /// A segment whose speaker is already known.
    pub(crate) fn push(&mut self, line: u64, start: f64, end: f64, speaker: Speaker, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return self.problem(line, "empty cue (no text)");
        }
        let (text, redactions) = redact(text);
        self.cues.redactions += redactions;
        self.cues.segments.push(TranscriptSegment {
            start_s: start,
            end_s: end,
            speaker,
            text,
        });
    }

    pub(crate) fn speaker_named(&self, name: &str) -> Speaker {
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

    pub(crate) fn problem(&mut self, line: u64, message: impl Into<String>) {
        self.cues.problems.push(CueProblem::new(line, message));
    }

    pub(crate) fn notice(&mut self, line: u64, message: impl Into<String>) {
        self.cues.notices.push(CueProblem::new(line, message));
    }

    pub(crate) fn finish(self) -> Cues {
        self.cues
    }
}

/// `&amp;`-style references that caption files use; WebVTT and SRT share them.
pub(crate) fn decode_entities(text: String) -> String {
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

/// "expected a cue timing line like …, found "…"": the message for a block that is no cue.
pub(crate) fn not_a_cue(example: &str, found: &str) -> String {
    format!(
        "expected a cue timing line like {example}, found {}",
        quote(found)
    )
}

#[cfg(test)]
mod tests;
