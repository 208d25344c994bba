//! Amazon Transcribe JSON: the standard batch output and the Call Analytics output.
//!
//! - Call Analytics (`{"Transcript": [{"ParticipantRole": "AGENT", "BeginOffsetMillis": …,
//!   "EndOffsetMillis": …, "Content": …}]}`): one segment per entry; `ParticipantRole` (or
//!   Contact Lens's `ParticipantId`) says who speaks, and is taken as it is.
//! - Standard output (`{"results": {"transcripts", "items", "speaker_labels" or
//!   "channel_labels", "audio_segments"}}`): `audio_segments` when present (Amazon's own
//!   segmentation), else words from `items` (or each channel's items) grouped into turns of
//!   one speaker, punctuation joined to the word before it.
//!
//! Speaker and channel labels (`spk_0`, `ch_1`) do not say who is the agent, and no channel
//! layout holds across phone systems, so labels are told apart by a rule, named in a notice:
//! 1. the agent introduces themself: the label that first says "this is NAME", "my name is
//!    NAME", "NAME speaking" or "NAME here", NAME being the first name of the call's agent;
//! 2. otherwise, who answers speaks first: on an inbound call the first label to speak is the
//!    agent (the business picks up), on an outbound call it is the customer and the next label
//!    to speak is the agent. A call of unknown direction is taken as inbound.
//!
//! Every other label is the customer.

use rustc_hash::FxHashMap;
use scl_domain::{Direction, Speaker};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{CueProblem, Cues, Hints, Reader};
use crate::text::{line_at, newlines};

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    results: Option<Results<'a>>,
    #[serde(rename = "Transcript", borrow)]
    transcript: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Results<'a> {
    #[serde(default, borrow)]
    items: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    audio_segments: Vec<&'a RawValue>,
    speaker_labels: Option<Value>,
    #[serde(borrow)]
    channel_labels: Option<ChannelLabels<'a>>,
}

#[derive(Deserialize)]
struct ChannelLabels<'a> {
    #[serde(default, borrow)]
    channels: Vec<Channel<'a>>,
}

#[derive(Deserialize)]
struct Channel<'a> {
    #[serde(default)]
    channel_label: String,
    #[serde(default, borrow)]
    items: Vec<&'a RawValue>,
}

/// One stretch of speech by one label, before labels become speakers.
struct Turn {
    line: u64,
    start: f64,
    end: f64,
    label: String,
    text: String,
}

/// Reads an Amazon Transcribe output. The error is for a file that is not one.
pub fn parse_amazon(text: &str, hints: Hints<'_>) -> Result<Cues, CueProblem> {
    let top: Top<'_> = serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|e| {
        CueProblem::new(e.line() as u64, format!("not Amazon Transcribe JSON: {e}"))
    })?;
    let lines = Lines {
        base: text.as_ptr() as usize,
        newlines: newlines(text.as_bytes()),
    };
    let mut reader = Reader::new(hints.agent);
    if let Some(entries) = top.transcript {
        call_analytics(&entries, &lines, &mut reader);
        return Ok(reader.finish());
    }
    let Some(results) = top.results else {
        return Err(CueProblem::new(
            1,
            "not an Amazon Transcribe output: expected \"results\" (standard output) or \
             \"Transcript\" (Call Analytics)",
        ));
    };
    let turns = if !results.audio_segments.is_empty() {
        audio_segments(&results.audio_segments, &lines, &mut reader)
    } else if let Some(channels) = results.channel_labels.filter(|c| !c.channels.is_empty()) {
        let mut words = Vec::new();
        for channel in &channels.channels {
            words.extend(read_words(&channel.items, &lines, &mut reader, |_| {
                Some(channel.channel_label.clone())
            }));
        }
        words.sort_by(|a, b| a.start.total_cmp(&b.start));
        group(words)
    } else {
        let segments = label_segments(results.speaker_labels.as_ref());
        let words = read_words(&results.items, &lines, &mut reader, |start| {
            segments
                .iter()
                .find(|(from, to, _)| *from <= start && start <= *to)
                .map(|(_, _, label)| label.clone())
        });
        group(words)
    };
    assign_speakers(turns, hints, &mut reader);
    Ok(reader.finish())
}

struct Lines {
    base: usize,
    newlines: Vec<usize>,
}

impl Lines {
    /// The line where a part of the parsed text starts.
    fn of(&self, raw: &RawValue) -> u64 {
        line_at(
            &self.newlines,
            (raw.get().as_ptr() as usize).saturating_sub(self.base),
        )
    }
}

fn call_analytics(entries: &[&RawValue], lines: &Lines, reader: &mut Reader<'_>) {
    for (k, raw) in entries.iter().enumerate() {
        let line = lines.of(raw);
        let entry: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let millis = |name: &str| entry.get(name).and_then(seconds).map(|ms| ms / 1000.0);
        let (Some(start), Some(end)) = (millis("BeginOffsetMillis"), millis("EndOffsetMillis"))
        else {
            let message = format!("Transcript[{k}]: no BeginOffsetMillis and EndOffsetMillis");
            reader.problem(line, message);
            continue;
        };
        let role = ["ParticipantRole", "ParticipantId"]
            .iter()
            .find_map(|name| entry.get(*name).and_then(Value::as_str))
            .unwrap_or("");
        let speaker = match role.to_ascii_uppercase().as_str() {
            "AGENT" => Speaker::Agent,
            "CUSTOMER" => Speaker::Customer,
            other => {
                let message = format!(
                    "Transcript[{k}]: ParticipantRole {:?} is neither AGENT nor CUSTOMER; read \
                     as the customer",
                    other
                );
                reader.notice(line, message);
                Speaker::Customer
            }
        };
        let content = entry.get("Content").and_then(Value::as_str).unwrap_or("");
        if end < start {
            let message =
                format!("Transcript[{k}]: ends ({end:.3} s) before it starts ({start:.3} s)");
            reader.problem(line, message);
            continue;
        }
        reader.push(line, start, end, speaker, content);
    }
}

fn audio_segments(segments: &[&RawValue], lines: &Lines, reader: &mut Reader<'_>) -> Vec<Turn> {
    let mut turns = Vec::with_capacity(segments.len());
    for (k, raw) in segments.iter().enumerate() {
        let line = lines.of(raw);
        let segment: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let time = |name: &str| segment.get(name).and_then(seconds);
        let (Some(start), Some(end)) = (time("start_time"), time("end_time")) else {
            reader.problem(
                line,
                format!("audio_segments[{k}]: no start_time and end_time"),
            );
            continue;
        };
        let label = ["speaker_label", "channel_label"]
            .iter()
            .find_map(|name| segment.get(*name).and_then(Value::as_str))
            .unwrap_or("")
            .to_string();
        let text = segment
            .get("transcript")
            .and_then(Value::as_str)
            .unwrap_or("");
        turns.push(Turn {
            line,
            start,
            end,
            label,
            text: text.to_string(),
        });
    }
    turns
}

/// `speaker_labels.segments` as (start, end, label), for items that carry no label themselves.
fn label_segments(labels: Option<&Value>) -> Vec<(f64, f64, String)> {
    let segments = labels
        .and_then(|l| l.get("segments"))
        .and_then(Value::as_array);
    segments
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let start = s.get("start_time").and_then(seconds)?;
            let end = s.get("end_time").and_then(seconds)?;
            let label = s.get("speaker_label").and_then(Value::as_str)?;
            Some((start, end, label.to_string()))
        })
        .collect()
}

struct Word {
    line: u64,
    start: f64,
    end: f64,
    label: Option<String>,
    text: String,
}

/// Pronunciation items as words, punctuation joined to the word before it. `label_at` names
/// the label of a word that carries none.
fn read_words(
    items: &[&RawValue],
    lines: &Lines,
    reader: &mut Reader<'_>,
    label_at: impl Fn(f64) -> Option<String>,
) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::with_capacity(items.len());
    for raw in items {
        let item: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let content = item
            .get("alternatives")
            .and_then(|a| a.get(0))
            .and_then(|a| a.get("content"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if item.get("type").and_then(Value::as_str) == Some("punctuation") {
            if let Some(last) = words.last_mut() {
                last.text.push_str(content);
            }
            continue;
        }
        let time = |name: &str| item.get(name).and_then(seconds);
        let (Some(start), Some(end)) = (time("start_time"), time("end_time")) else {
            let message = format!(
                "item {:?} has no start_time and end_time; word dropped",
                content
            );
            reader.problem(lines.of(raw), message);
            continue;
        };
        let label = ["speaker_label", "channel_label"]
            .iter()
            .find_map(|name| item.get(*name).and_then(Value::as_str))
            .map(str::to_string)
            .or_else(|| label_at(start));
        words.push(Word {
            line: lines.of(raw),
            start,
            end,
            label,
            text: content.to_string(),
        });
    }
    words
}

/// Consecutive words of one label make a turn; without labels, a sentence makes one.
fn group(words: Vec<Word>) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut open = false;
    for word in words {
        let label = word.label.unwrap_or_default();
        match turns.last_mut() {
            Some(turn) if open && turn.label == label => {
                turn.end = turn.end.max(word.end);
                turn.text.push(' ');
                turn.text.push_str(&word.text);
            }
            _ => turns.push(Turn {
                line: word.line,
                start: word.start,
                end: word.end,
                label: label.clone(),
                text: word.text,
            }),
        }
        let sentence_ends = turns
            .last()
            .is_some_and(|t| t.text.ends_with(['.', '?', '!']));
        open = !(label.is_empty() && sentence_ends);
    }
    turns
}

fn assign_speakers(turns: Vec<Turn>, hints: Hints<'_>, reader: &mut Reader<'_>) {
    // Labels in the order they first speak; words outside every labelled stretch have none.
    let mut labels: Vec<&str> = Vec::new();
    for turn in &turns {
        if !turn.label.is_empty() && !labels.contains(&turn.label.as_str()) {
            labels.push(&turn.label);
        }
    }
    let line = turns.first().map_or(1, |t| t.line);
    let agent_label = if labels.is_empty() {
        if !turns.is_empty() {
            reader.notice(
                line,
                "no speaker or channel labels: every segment is read as the customer",
            );
        }
        None
    } else if let Some((label, name)) = introduced_agent(&turns, hints.agent) {
        let message = format!(
            "speakers told apart by who introduces themself: {label} says the agent's name \
             {name:?} and is read as the agent; {} as the customer",
            others(&labels, &label)
        );
        reader.notice(line, message);
        Some(label)
    } else {
        let outbound = hints.direction == Some(Direction::Outbound);
        let label = if outbound {
            labels.get(1)
        } else {
            labels.first()
        };
        let label = label.map(|l| l.to_string());
        if let Some(label) = &label {
            let (call, who) = match hints.direction {
                Some(Direction::Outbound) => ("an outbound call", "the second to speak"),
                Some(Direction::Inbound) => ("an inbound call", "the first to speak"),
                None => (
                    "a call of unknown direction (taken as inbound)",
                    "the first to speak",
                ),
            };
            let message = format!(
                "speakers told apart by who speaks first: on {call} the agent is {who}, \
                 {label}; {} read as the customer",
                others(&labels, label)
            );
            reader.notice(line, message);
        }
        label
    };
    let mut speakers: FxHashMap<&str, Speaker> = FxHashMap::default();
    speakers.insert("", Speaker::Customer);
    for label in &labels {
        let speaker = if agent_label.as_deref() == Some(*label) {
            Speaker::Agent
        } else {
            Speaker::Customer
        };
        speakers.insert(label, speaker);
    }
    for turn in &turns {
        let speaker = speakers[turn.label.as_str()];
        if turn.end < turn.start {
            let message = format!(
                "segment ends ({:.3} s) before it starts ({:.3} s)",
                turn.end, turn.start
            );
            reader.problem(turn.line, message);
            continue;
        }
        reader.push(turn.line, turn.start, turn.end, speaker, &turn.text);
    }
}

fn others(labels: &[&str], agent: &str) -> String {
    let rest: Vec<&str> = labels.iter().copied().filter(|l| *l != agent).collect();
    if rest.is_empty() {
        "no other label".to_string()
    } else {
        rest.join(", ")
    }
}

/// The label that first says the agent's first name in an introduction, and that name.
fn introduced_agent(turns: &[Turn], agent: Option<&str>) -> Option<(String, String)> {
    let name = agent?
        .split_whitespace()
        .next()
        .filter(|n| n.chars().filter(|c| c.is_alphabetic()).count() >= 2)?
        .to_lowercase();
    let phrases = [
        format!("this is {name}"),
        format!("my name is {name}"),
        format!("{name} speaking"),
        format!("{name} here"),
    ];
    turns.iter().find_map(|turn| {
        let words: String = turn
            .text
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let words = format!(
            " {} ",
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        phrases
            .iter()
            .any(|p| words.contains(&format!(" {p} ")))
            .then(|| (turn.label.clone(), agent.unwrap_or_default().to_string()))
    })
}

/// Seconds (or milliseconds) written as a number or as a string of one, as Transcribe does.
fn seconds(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

#[cfg(test)]
#[path = "amazon_tests.rs"]
mod tests;
