//! Twilio Call resources: a list-calls page (`{"calls": [...], "page": 0, …}`), a bare list of
//! calls, or one call object.
//!
//! - Legs: a call with `parent_call_sid` is a leg of its parent (a `<Dial>` from TwiML), grouped
//!   like ring-group legs. call_id = the parent's sid.
//! - Answered by a person: status `completed` and `answered_by` not `machine_…` or `fax`. With
//!   child legs, the call is answered when a child was (Twilio itself answers the parent to run
//!   TwiML); without, when the parent was. busy, no-answer, failed, canceled: not answered.
//!   queued, ringing, in-progress: not over yet, so skipped with an error.
//! - Answer time = end_time − duration (Twilio's duration counts from the answer).
//! - Inbound: the customer is the parent's `from`, the agent the answering child's `to`
//!   (`client:dana` → `dana`). Outbound with children (click-to-call: Twilio rings the agent,
//!   then dials out): the agent is the parent's `to`, the customer the first child's `to`.
//! - Lines: the line where each call object opens. Twilio's API writes a page on one line, so
//!   every field name also carries the call's place in the list: `calls[3].start_time`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use scl_domain::Direction;
use serde::Deserialize;
use serde_json::value::RawValue;

mod calls;

use crate::cdr::plus;
use crate::jsonl::value;
use crate::model::{Batch, Format, IngestError, Options, Problem, Severity};
use crate::phone::PhoneCache;
use crate::text::{self, quote};

#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow)]
    calls: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    sid: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct CallFields<'a> {
    #[serde(borrow)]
    sid: Option<&'a RawValue>,
    #[serde(borrow)]
    parent_call_sid: Option<&'a RawValue>,
    #[serde(borrow)]
    from: Option<&'a RawValue>,
    #[serde(borrow)]
    to: Option<&'a RawValue>,
    #[serde(borrow)]
    direction: Option<&'a RawValue>,
    #[serde(borrow)]
    status: Option<&'a RawValue>,
    #[serde(borrow)]
    start_time: Option<&'a RawValue>,
    #[serde(borrow)]
    end_time: Option<&'a RawValue>,
    #[serde(borrow)]
    duration: Option<&'a RawValue>,
    #[serde(borrow)]
    answered_by: Option<&'a RawValue>,
}

struct Leg {
    name: String,
    line: u64,
    sid: String,
    parent: Option<String>,
    direction: Direction,
    by_person: bool,
    start: DateTime<Utc>,
    answer: Option<DateTime<Utc>>,
    end: DateTime<Utc>,
    from: String,
    to: String,
}

/// Reads Twilio Call resources; calls are filed under `opts.account`, which must be set. A
/// document that is not JSON at all is a file error; a bad call is a problem.
pub fn read_twilio(
    input: impl AsRef<[u8]>,
    file: &Path,
    opts: &Options,
) -> Result<Batch, IngestError> {
    let account = opts
        .account
        .clone()
        .ok_or_else(|| IngestError::MissingAccount {
            path: file.to_path_buf(),
            format: Format::TwilioJson,
        })?;
    let bytes = text::strip_bom(input.as_ref());
    let json = std::str::from_utf8(bytes).map_err(|_| IngestError::NotUtf8 {
        path: file.to_path_buf(),
        line: text::first_bad_utf8_line(bytes).unwrap_or(1),
    })?;
    let malformed = |line: u64, message: String| IngestError::Malformed {
        path: file.to_path_buf(),
        line,
        message,
    };
    let json_error = |e: serde_json::Error| {
        let full = e.to_string();
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        malformed(
            e.line() as u64,
            format!("not valid JSON: {message} (column {})", e.column()),
        )
    };
    let (items, prefix): (Vec<&RawValue>, &str) = match json.trim_start().as_bytes().first() {
        Some(b'[') => (serde_json::from_str(json).map_err(json_error)?, ""),
        Some(b'{') => {
            let page: Page<'_> = serde_json::from_str(json).map_err(json_error)?;
            match (page.calls, page.sid) {
                (Some(calls), _) => (calls, "calls"),
                (None, Some(_)) => (vec![serde_json::from_str(json).map_err(json_error)?], ""),
                (None, None) => {
                    return Err(malformed(
                        1,
                        "a JSON object without a \"calls\" list or a call \"sid\"".into(),
                    ))
                }
            }
        }
        _ => {
            return Err(malformed(
                1,
                "expected a Twilio calls page {\"calls\": [...]} or a list of calls".into(),
            ));
        }
    };
    let newlines = text::newlines(json.as_bytes());
    let base = json.as_ptr() as usize;
    let mut reader = Reader {
        file,
        shared_file: file.into(),
        region: opts.region_for(&account),
        account,
        phones: PhoneCache::new(),
        batch: Batch::new(Format::TwilioJson),
    };
    reader.batch.rows = items.len() as u64;
    let mut legs: Vec<Leg> = Vec::new();
    let mut first_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut skipped = HashSet::new();
    for (k, item) in items.iter().enumerate() {
        let offset = (item.get().as_ptr() as usize)
            .saturating_sub(base)
            .min(json.len());
        let line = text::line_at(&newlines, offset);
        match reader.leg(&format!("{prefix}[{k}]"), line, item) {
            Ok(leg) => match first_of.get(&leg.sid) {
                None => {
                    first_of.insert(leg.sid.clone(), legs.len());
                    legs.push(leg);
                }
                Some(&at) => reader.again(&legs[at], &leg),
            },
            Err(Some(sid)) => {
                skipped.insert(sid);
            }
            Err(None) => {}
        }
    }
    reader.calls(legs, &skipped);
    Ok(reader.batch)
}

struct Reader<'a> {
    file: &'a Path,
    shared_file: Arc<Path>,
    account: String,
    region: &'a str,
    phones: PhoneCache,
    batch: Batch,
}

impl Reader<'_> {
    /// The same sid a second time (overlapping pages, a re-sent call): read once; when the data
    /// differ it is a conflict, and the first one is kept.
    fn again(&mut self, first: &Leg, again: &Leg) {
        let differ: Vec<&str> = [
            ("parent_call_sid", first.parent != again.parent),
            ("direction", first.direction != again.direction),
            ("from", first.from != again.from),
            ("to", first.to != again.to),
            ("status", first.by_person != again.by_person),
            ("start_time", first.start != again.start),
            ("duration", first.answer != again.answer),
            ("end_time", first.end != again.end),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect();
        let sid = quote(&again.sid);
        if differ.is_empty() {
            let message = format!(
                "call {sid} is also on line {} with the same data; read once",
                first.line
            );
            self.problem(Severity::Warning, again.line, &again.name, message);
            return;
        }
        self.batch.conflicts += 1;
        if first.direction == Direction::Inbound {
            self.batch.conflicts_inbound += 1;
        }
        let message = format!(
            "call {sid} is also on line {} with different data ({}); the first one is kept",
            first.line,
            differ.join(", ")
        );
        let field = format!("{}.{}", again.name, differ[0]);
        self.problem(Severity::Warning, again.line, &field, message);
    }

    fn problem(&mut self, severity: Severity, line: u64, field: &str, message: String) {
        let problem = Problem::new(severity, self.file, line, Some(field), message);
        self.batch.problems.push(problem);
    }

    /// The value, or `None` with an error under `name.field`.
    fn check<T>(
        &mut self,
        failed: &mut bool,
        line: u64,
        field: String,
        result: Result<T, String>,
    ) -> Option<T> {
        result
            .map_err(|message| {
                *failed = true;
                self.problem(Severity::Error, line, &field, message);
            })
            .ok()
    }

    /// A checked leg, or the sid of a skipped one (its child legs go with it).
    fn leg(&mut self, name: &str, line: u64, item: &RawValue) -> Result<Leg, Option<String>> {
        let fields: Result<CallFields<'_>, String> = if item.get().starts_with('{') {
            serde_json::from_str(item.get()).map_err(|e| e.to_string())
        } else {
            Err(format!(
                "expected a call object, found {}",
                value::kind_of(item)
            ))
        };
        let fields = match fields {
            Ok(fields) => fields,
            Err(message) => {
                self.problem(Severity::Error, line, name, message);
                return Err(None);
            }
        };
        let at = |field: &str| format!("{name}.{field}");
        let mut failed = false;
        let sid = self.check(&mut failed, line, at("sid"), required(fields.sid));
        let direction = required(fields.direction).and_then(|d| direction_of(&d));
        let direction = self.check(&mut failed, line, at("direction"), direction);
        let completed = required(fields.status).and_then(|s| completed_of(&s));
        let completed = self.check(&mut failed, line, at("status"), completed);
        let start = required(fields.start_time).and_then(|t| time(&t));
        let start = self.check(&mut failed, line, at("start_time"), start);
        let end = fields
            .end_time
            .map(|raw| value::text(raw).and_then(|t| time(&t)));
        let end = end.and_then(|end| self.check(&mut failed, line, at("end_time"), end));
        let duration = fields.duration.map(seconds);
        let duration = duration.and_then(|d| self.check(&mut failed, line, at("duration"), d));
        let optional = |raw: Option<&RawValue>| -> String {
            raw.map(value::text)
                .and_then(Result::ok)
                .map(|t| t.trim().to_string())
                .unwrap_or_default()
        };
        let parent = Some(optional(fields.parent_call_sid)).filter(|p| !p.is_empty());
        let answered_by = optional(fields.answered_by);
        let end = match (end, start, duration) {
            (Some(end), _, _) => Some(end),
            (None, Some(start), Some(d)) if fields.end_time.is_none() => {
                let end = plus(start, d).ok_or_else(|| "out of range".to_string());
                self.check(&mut failed, line, at("end_time"), end)
            }
            (None, _, _) if fields.end_time.is_none() && completed.is_some() => {
                let missing = Err::<(), _>(
                    "required (missing or null) when there is no duration".to_string(),
                );
                self.check(&mut failed, line, at("end_time"), missing);
                None
            }
            (None, _, _) => None,
        };
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                let message = format!("{} is before start_time {}", e.to_rfc3339(), s.to_rfc3339());
                self.check(&mut failed, line, at("end_time"), Err::<(), _>(message));
            }
        }
        let Some(sid) = sid else {
            return Err(None);
        };
        let (Some(direction), Some(completed), Some(start), Some(end)) =
            (direction, completed, start, end)
        else {
            return Err(Some(sid));
        };
        if failed {
            return Err(Some(sid));
        }
        let machine = answered_by.starts_with("machine") || answered_by == "fax";
        let answer = completed.then(|| {
            plus(end, -duration.unwrap_or(0))
                .unwrap_or(start)
                .clamp(start, end)
        });
        Ok(Leg {
            name: name.to_string(),
            line,
            sid,
            parent,
            direction,
            by_person: completed && !machine,
            start,
            answer,
            end,
            from: optional(fields.from),
            to: optional(fields.to),
        })
    }
}

fn required(raw: Option<&RawValue>) -> Result<String, String> {
    let text = raw
        .ok_or_else(|| "required (missing or null)".to_string())
        .and_then(|raw| value::text(raw).map(|t| t.trim().to_string()))?;
    if text.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(text)
}

fn direction_of(text: &str) -> Result<Direction, String> {
    match text {
        "inbound" => Ok(Direction::Inbound),
        "outbound-api" | "outbound-dial" | "outbound" => Ok(Direction::Outbound),
        other => Err(format!(
            "unknown direction {} (expected inbound, outbound-api or outbound-dial)",
            quote(other)
        )),
    }
}

/// Whether the call was picked up; an error for calls that are not over.
fn completed_of(status: &str) -> Result<bool, String> {
    match status {
        "completed" => Ok(true),
        "busy" | "no-answer" | "failed" | "canceled" => Ok(false),
        "queued" | "ringing" | "in-progress" => Err(format!(
            "the call is not over (status {}); export it again once it ends",
            quote(status)
        )),
        other => Err(format!("unknown status {}", quote(other))),
    }
}

fn time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc2822(text)
        .or_else(|_| DateTime::parse_from_rfc3339(text))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "not a time like \"Fri, 20 Nov 2026 14:03:12 +0000\": {}",
                quote(text)
            )
        })
}

/// Twilio writes durations as strings of seconds ("42"); numbers are read too.
fn seconds(raw: &RawValue) -> Result<i64, String> {
    let text = match value::text(raw) {
        Ok(t) => t.trim().to_string(),
        Err(_) => raw.get().to_string(),
    };
    text.parse::<i64>()
        .ok()
        .filter(|s| (0..=7 * 24 * 3600).contains(s))
        .ok_or_else(|| {
            format!(
                "expected whole seconds (0 to a week), found {}",
                quote(&text)
            )
        })
}

#[cfg(test)]
mod tests;
