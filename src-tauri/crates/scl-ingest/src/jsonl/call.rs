//! `"kind": "call"` records, their recordings and transcripts.

use std::path::{Path, PathBuf};

use scl_domain::{Direction, Speaker, TranscriptSegment};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{value, Env, Fields, Record};
use crate::model::RawCall;
use crate::phone::PhoneCache;
use crate::redact::{redact, redact_opt};
use crate::text::quote;
use crate::transcript::{read_transcript, Hints};

/// A transcript file bigger than this is not read: hours of speech fit in a few megabytes.
const MAX_TRANSCRIPT_BYTES: u64 = 64 << 20;

pub(super) fn read(rec: &mut Record<'_>, f: &Fields<'_>, env: &mut Env<'_>) -> Option<RawCall> {
    let call_id = rec.required_text("call_id", f.call_id);
    let account = rec.account(f.account, env.opts);
    let direction = direction(rec, f.direction);
    let started_at = rec.required_time("started_at", f.started_at);
    let ended_at = rec.required_time("ended_at", f.ended_at);
    let answered_at = f
        .answered_at
        .and_then(|raw| rec.check("answered_at", value::time(raw)));
    if let (Some(start), Some(end)) = (started_at, ended_at) {
        if end < start {
            let message = format!(
                "{} is before started_at {}",
                end.to_rfc3339(),
                start.to_rfc3339()
            );
            rec.error("ended_at", message);
        } else if let Some(answer) = answered_at.filter(|a| *a < start || *a > end) {
            let message = format!(
                "{} is outside the call ({} to {})",
                answer.to_rfc3339(),
                start.to_rfc3339(),
                end.to_rfc3339()
            );
            rec.error("answered_at", message);
        }
    }
    let region = env.region(account.as_deref());
    let from = rec.required_text("from", f.from);
    let from = from.map(|raw| phone(rec, &mut env.phones, "from", raw, region));
    let to = rec.required_text("to", f.to);
    let to = to.map(|raw| phone(rec, &mut env.phones, "to", raw, region));
    let agent = rec.optional_text("agent", f.agent);
    let booked = match f.booked {
        None => {
            rec.warn("booked", "missing; read as false");
            false
        }
        Some(raw) => rec.check("booked", value::boolean(raw)).unwrap_or(false),
    };
    let mut redactions = 0;
    let reason = redact_opt(rec.optional_text("reason", f.reason), &mut redactions);
    let csr_notes = redact_opt(rec.optional_text("csr_notes", f.csr_notes), &mut redactions);
    let recording = rec.optional_text("recording", f.recording);
    let (Some(call_id), Some(account), Some(direction), Some(from), Some(to)) =
        (call_id, account, direction, from, to)
    else {
        return None;
    };
    let (Some(started_at), Some(ended_at)) = (started_at, ended_at) else {
        return None;
    };
    if rec.failed {
        // Files are only opened for records that will be kept.
        return None;
    }
    let recording = recording.and_then(|path| existing_recording(rec, env, &path));
    let hints = Hints {
        agent: agent.as_deref(),
        direction: Some(direction),
    };
    let transcript = transcript(rec, env, f.transcript, hints, &mut redactions);
    Some(RawCall {
        call_id,
        account,
        direction,
        from,
        to,
        started_at,
        answered_at,
        ended_at,
        agent,
        booked,
        reason,
        csr_notes,
        recording,
        transcript,
        redactions,
        source: env.source(rec.line),
    })
}

fn direction(rec: &mut Record<'_>, raw: Option<&RawValue>) -> Option<Direction> {
    let Some(raw) = raw else {
        rec.error("direction", "required (missing or null)");
        return None;
    };
    let text = rec.check("direction", value::text(raw))?;
    let text = text.trim();
    if text.eq_ignore_ascii_case("inbound") {
        Some(Direction::Inbound)
    } else if text.eq_ignore_ascii_case("outbound") {
        Some(Direction::Outbound)
    } else {
        let message = format!(
            "expected \"inbound\" or \"outbound\", found {}",
            quote(text)
        );
        rec.error("direction", message);
        None
    }
}

/// E.164, or the number as written with a warning: a call is worth keeping even when its
/// number is withheld ("anonymous") or mistyped.
fn phone(
    rec: &mut Record<'_>,
    phones: &mut PhoneCache,
    field: &str,
    raw: String,
    region: &str,
) -> String {
    match phones.normalize(&raw, region) {
        Ok(e164) => e164,
        Err(e) => {
            rec.warn(field, format!("{e}; kept as written"));
            raw
        }
    }
}

fn existing_recording(rec: &mut Record<'_>, env: &Env<'_>, path: &str) -> Option<PathBuf> {
    let path = env.resolve(path);
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "file not found: {}; the call is kept without it",
        path.display()
    );
    rec.warn("recording", message);
    None
}

fn transcript(
    rec: &mut Record<'_>,
    env: &Env<'_>,
    raw: Option<&RawValue>,
    hints: Hints<'_>,
    redactions: &mut u32,
) -> Vec<TranscriptSegment> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    match raw.get().as_bytes().first() {
        Some(b'[') => inline(rec, raw, hints.agent, redactions),
        Some(b'"') => match value::text(raw) {
            Ok(path) if !path.trim().is_empty() => {
                from_file(rec, &env.resolve(path.trim()), hints, redactions)
            }
            _ => Vec::new(),
        },
        _ => {
            let message = format!(
                "expected a list of segments or the path of a .vtt, .srt or .json file, found {}",
                value::kind_of(raw)
            );
            rec.warn("transcript", message);
            Vec::new()
        }
    }
}

#[derive(Deserialize)]
struct SegmentFields<'a> {
    #[serde(borrow)]
    start: Option<&'a RawValue>,
    #[serde(borrow)]
    end: Option<&'a RawValue>,
    #[serde(borrow)]
    speaker: Option<&'a RawValue>,
    #[serde(borrow)]
    text: Option<&'a RawValue>,
}

/// `[{"start": 0.0, "end": 2.5, "speaker": "agent", "text": "…"}, …]`. A bad segment is dropped
/// with a warning; the call keeps the rest.
fn inline(
    rec: &mut Record<'_>,
    raw: &RawValue,
    agent: Option<&str>,
    redactions: &mut u32,
) -> Vec<TranscriptSegment> {
    let items = match value::list(raw) {
        Ok(items) => items,
        Err(message) => {
            rec.warn("transcript", message);
            return Vec::new();
        }
    };
    let mut segments = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let at = |name: &str| format!("transcript[{k}]{name}");
        if !item.get().starts_with('{') {
            let message = format!("expected a segment object, found {}", value::kind_of(item));
            rec.warn(&at(""), message);
            continue;
        }
        let fields: SegmentFields<'_> = match serde_json::from_str(item.get()) {
            Ok(fields) => fields,
            Err(e) => {
                rec.warn(&at(""), format!("{e}; segment dropped"));
                continue;
            }
        };
        let mut seconds = |name: &str, raw: Option<&RawValue>| {
            let result = raw
                .ok_or_else(|| "missing".to_string())
                .and_then(value::number)
                .and_then(|s| {
                    (s >= 0.0)
                        .then_some(s)
                        .ok_or_else(|| format!("negative ({s})"))
                });
            result
                .map_err(|message| rec.warn(&at(name), format!("{message}; segment dropped")))
                .ok()
        };
        let (Some(start_s), Some(end_s)) =
            (seconds(".start", fields.start), seconds(".end", fields.end))
        else {
            continue;
        };
        if end_s < start_s {
            let message = format!("ends ({end_s}) before it starts ({start_s}); segment dropped");
            rec.warn(&at(".end"), message);
            continue;
        }
        let text = match fields.text.map(value::text) {
            Some(Ok(text)) => text,
            Some(Err(message)) => {
                rec.warn(&at(".text"), format!("{message}; segment dropped"));
                continue;
            }
            None => {
                rec.warn(&at(".text"), "missing; segment dropped");
                continue;
            }
        };
        if text.trim().is_empty() {
            rec.warn(&at(".text"), "empty; segment dropped");
            continue;
        }
        let speaker = speaker(rec, &at(".speaker"), fields.speaker, agent);
        let (text, n) = redact(text.trim());
        *redactions += n;
        segments.push(TranscriptSegment {
            start_s,
            end_s,
            speaker,
            text,
        });
    }
    segments
}

fn speaker(
    rec: &mut Record<'_>,
    field: &str,
    raw: Option<&RawValue>,
    agent: Option<&str>,
) -> Speaker {
    let Some(raw) = raw else {
        rec.warn(field, "missing; read as customer");
        return Speaker::Customer;
    };
    let name = match value::text(raw) {
        Ok(name) => name,
        Err(message) => {
            rec.warn(field, format!("{message}; read as customer"));
            return Speaker::Customer;
        }
    };
    let name = name.trim();
    match name.to_ascii_lowercase().as_str() {
        "agent" | "csr" => Speaker::Agent,
        "customer" | "caller" => Speaker::Customer,
        _ if agent.is_some_and(|a| a.eq_ignore_ascii_case(name)) => Speaker::Agent,
        _ => {
            let message = format!(
                "unknown speaker {} (expected agent or customer); read as customer",
                quote(name)
            );
            rec.warn(field, message);
            Speaker::Customer
        }
    }
}

/// A `.vtt`, `.srt` or Amazon Transcribe `.json` file; problems in it are reported against its
/// own lines: skipped cues and notices as warnings, a file that cannot be read as a warning too
/// (the call is kept without a transcript).
fn from_file(
    rec: &mut Record<'_>,
    path: &Path,
    hints: Hints<'_>,
    redactions: &mut u32,
) -> Vec<TranscriptSegment> {
    let bytes = std::fs::metadata(path).and_then(|meta| {
        if !meta.is_file() {
            Err(std::io::Error::other("not a regular file"))
        } else if meta.len() > MAX_TRANSCRIPT_BYTES {
            let mb = meta.len() >> 20;
            Err(std::io::Error::other(format!(
                "{mb} MiB is too big for a transcript"
            )))
        } else {
            std::fs::read(path)
        }
    });
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => {
            let message = format!(
                "cannot read {}: {e}; the call is kept without it",
                path.display()
            );
            rec.warn("transcript", message);
            return Vec::new();
        }
    };
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    match read_transcript(&bytes, &extension, hints) {
        Ok(cues) => {
            for notice in cues.notices {
                rec.warn_at(path, notice.line, "transcript", notice.message);
            }
            for problem in cues.problems {
                let message = format!("{}; cue skipped", problem.message);
                rec.warn_at(path, problem.line, "transcript", message);
            }
            *redactions += cues.redactions;
            cues.segments
        }
        Err(problem) => {
            let message = format!("{}; the call is kept without a transcript", problem.message);
            rec.warn_at(path, problem.line, "transcript", message);
            Vec::new()
        }
    }
}
