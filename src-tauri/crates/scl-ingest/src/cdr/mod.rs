//! Asterisk and FreePBX call detail records: one row per leg, legs grouped into calls.
//!
//! - One call: legs that share a `linkedid`, or a `uniqueid` (the caller's channel), or the
//!   same caller number (`src`, when it is a number) and the same start second: that is how a
//!   ring group writes its legs to a Master.csv without `linkedid`. Started = earliest start,
//!   ended = latest end, answered when any leg was answered by a person.
//! - Answered by a person: disposition ANSWERED, a bridged channel (`dstchannel`), and the last
//!   application not VoiceMail. An IVR or voicemail that picks up is not an answer.
//! - Direction, from the earliest leg: an extension (1-6 digits) calling an outside number
//!   (7+ digits) is outbound; an outside number calling an outside number from an outbound
//!   context (`from-internal…`, `outbound-allroutes`, `outrt-…`, `macro-dialout…`: the PBX put
//!   its own caller ID in `src`) is outbound; any other call from an outside or withheld number
//!   (`from-trunk`, `from-pstn`, `ext-group`, …) is inbound. Extension to extension is internal:
//!   counted in [`Batch::internal_calls`], not returned.
//! - The customer is the outside party; the agent is the answering leg's extension
//!   (`SIP/201-00000a1f` → `201`) inbound, the dialing extension outbound.
//! - call_id: the first leg's `linkedid`, else its `uniqueid`, else `cdr-` and a stable hash of
//!   caller and start.

mod asterisk;
mod freepbx;
mod recordings;
mod row;
mod rules;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use scl_domain::Direction;

use crate::model::{Batch, Format, IngestError, Options, Part, Problem, RawCall, Severity, Source};
use crate::phone::PhoneCache;
use crate::text::quote;

pub(crate) use asterisk::looks_like_master_csv;
pub use asterisk::read_asterisk_cdr;
pub use freepbx::read_freepbx_cdr;

/// A CDR export a part at a time (see [`crate::read_path_parts`]): an error comes before any
/// part, once the rows are read and grouped only parts come.
pub(crate) fn read_cdr_parts(
    format: Format,
    input: &[u8],
    file: &Path,
    opts: &Options,
    part_calls: usize,
    each: &mut dyn FnMut(Part) -> ControlFlow<()>,
) -> Result<(), IngestError> {
    let cdr = match format {
        Format::FreePbxCdr => freepbx::legs(input, file, opts)?,
        _ => asterisk::legs(input, file, opts)?,
    };
    let _ = cdr.finish(part_calls, each);
    Ok(())
}
use recordings::Recordings;
use row::{local_time, Row, Times};
use rules::{
    call_id, direction, extension, groups, number_in_clid, outbound_context, party, Party,
};

/// One row: a leg of a call, as far as the call needs it.
#[derive(Debug, Clone)]
struct Leg {
    line: u64,
    src: String,
    dst: String,
    /// The context is one an internal phone dials out from (see the module doc).
    outbound_context: bool,
    /// The extension on the calling channel (`SIP/201-…` → `201`).
    caller_ext: Option<String>,
    /// The extension on the bridged channel.
    callee_ext: Option<String>,
    start: DateTime<Utc>,
    answer: Option<DateTime<Utc>>,
    end: DateTime<Utc>,
    by_person: bool,
    uniqueid: String,
    linkedid: String,
    did: String,
    outbound_cnum: String,
    recordingfile: String,
}

/// Start, answer (when picked up) and end of a leg.
type LegTimes = (DateTime<Utc>, Option<DateTime<Utc>>, DateTime<Utc>);

/// A call longer than this is a broken record, not a call.
const MAX_CALL_SECONDS: i64 = 7 * 24 * 3600;

/// What a CDR read gathers before the legs become calls.
struct Cdr<'a> {
    file: &'a Path,
    shared_file: Arc<Path>,
    offset: FixedOffset,
    account: String,
    region: &'a str,
    phones: PhoneCache,
    recordings: Recordings,
    legs: Vec<Leg>,
    batch: Batch,
}

impl<'a> Cdr<'a> {
    fn new(format: Format, file: &'a Path, opts: &'a Options) -> Result<Self, IngestError> {
        let account = opts
            .account
            .clone()
            .ok_or_else(|| IngestError::MissingAccount {
                path: file.to_path_buf(),
                format,
            })?;
        Ok(Self {
            file,
            shared_file: file.into(),
            offset: opts.utc_offset,
            region: opts.region_for(&account),
            account,
            phones: PhoneCache::new(),
            recordings: Recordings::new(opts.recordings_dir.as_deref(), file)?,
            legs: Vec::new(),
            batch: Batch::new(format),
        })
    }

    fn problem(&mut self, severity: Severity, line: u64, field: Option<&str>, message: String) {
        let problem = Problem::new(severity, self.file, line, field, message);
        self.batch.problems.push(problem);
    }

    /// Checks a row and keeps its leg; a row with a bad time is skipped.
    fn add(&mut self, row: Row<'_>) {
        let line = row.line;
        let disposition = row.disposition.trim().to_ascii_uppercase();
        let known = match disposition.as_str() {
            "ANSWERED" => Some(true),
            "NO ANSWER" | "BUSY" | "FAILED" => Some(false),
            _ => None,
        };
        let Some((start, answer, end)) = self.times(line, &row.times, known) else {
            return;
        };
        if known.is_none() {
            let message = format!(
                "unknown disposition {} (expected ANSWERED, NO ANSWER, BUSY or FAILED); read as answered only if it has an answer time",
                quote(row.disposition)
            );
            self.problem(Severity::Warning, line, Some("disposition"), message);
        }
        let picked_up = known.unwrap_or(answer.is_some());
        let by_person = picked_up
            && !row.dstchannel.trim().is_empty()
            && !row.lastapp.trim().eq_ignore_ascii_case("voicemail");
        let mut src = row.src.trim();
        if party(src) == Party::Withheld {
            // Some trunks leave src empty but still put the number in the caller ID.
            src = number_in_clid(row.clid).unwrap_or(src);
        }
        self.legs.push(Leg {
            line,
            src: src.to_string(),
            dst: row.dst.trim().to_string(),
            outbound_context: outbound_context(row.dcontext.trim()),
            // Only an outbound call's first leg names its agent by the calling channel, and
            // only an answering leg by the bridged one.
            caller_ext: matches!(party(src), Party::Extension | Party::Other)
                .then(|| extension(row.channel))
                .flatten(),
            callee_ext: by_person.then(|| extension(row.dstchannel)).flatten(),
            start,
            answer: answer.filter(|_| picked_up),
            end,
            by_person,
            uniqueid: row.uniqueid.trim().to_string(),
            linkedid: row.linkedid.trim().to_string(),
            did: row.did.trim().to_string(),
            outbound_cnum: row.outbound_cnum.trim().to_string(),
            recordingfile: row.recordingfile.trim().to_string(),
        });
    }

    fn times(&mut self, line: u64, times: &Times<'_>, answered: Option<bool>) -> Option<LegTimes> {
        let (start, answer, end) = match *times {
            Times::Triple { start, answer, end } => {
                let start = self.time(line, "start", start);
                let answer = match answer.trim() {
                    "" => Some(None),
                    text => self.time(line, "answer", text).map(Some),
                };
                let end = self.time(line, "end", end);
                (start?, answer?, end?)
            }
            Times::CallDate {
                calldate,
                duration,
                billsec,
            } => {
                let start = self.time(line, "calldate", calldate);
                let duration = self.seconds(line, "duration", duration);
                let billsec = self.seconds(line, "billsec", billsec);
                let (start, duration, billsec) = (start?, duration?, billsec?);
                if billsec > duration {
                    let message = format!("{billsec} is more than duration {duration}");
                    self.problem(Severity::Error, line, Some("billsec"), message);
                    return None;
                }
                let Some(end) = plus(start, duration) else {
                    let message = format!("{} is out of range", quote(calldate));
                    self.problem(Severity::Error, line, Some("calldate"), message);
                    return None;
                };
                let answer = (billsec > 0 || answered == Some(true))
                    .then(|| plus(start, duration - billsec))
                    .flatten();
                (start, answer, end)
            }
        };
        if end < start {
            let message = format!(
                "{} is before the start {}",
                end.to_rfc3339(),
                start.to_rfc3339()
            );
            self.problem(Severity::Error, line, Some("end"), message);
            return None;
        }
        if (end - start).num_seconds() > MAX_CALL_SECONDS {
            let message = format!(
                "the call lasts more than a week ({} to {})",
                start.to_rfc3339(),
                end.to_rfc3339()
            );
            self.problem(Severity::Error, line, Some("end"), message);
            return None;
        }
        Some((start, answer.map(|a| a.clamp(start, end)), end))
    }

    fn time(&mut self, line: u64, field: &str, text: &str) -> Option<DateTime<Utc>> {
        let parsed =
            local_time(text.trim()).and_then(|t| self.offset.from_local_datetime(&t).single());
        if parsed.is_none() {
            let message = format!("not a time like 2026-11-20 14:03:12: {}", quote(text));
            self.problem(Severity::Error, line, Some(field), message);
        }
        parsed.map(|t| t.with_timezone(&Utc))
    }

    fn seconds(&mut self, line: u64, field: &str, text: &str) -> Option<i64> {
        let value = text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|s| (0..=MAX_CALL_SECONDS).contains(s));
        if value.is_none() {
            let message = format!(
                "expected whole seconds (0 to a week), found {}",
                quote(text)
            );
            self.problem(Severity::Error, line, Some(field), message);
        }
        value
    }

    /// Groups the legs into calls, in the order their first legs appear, and hands them to
    /// `each` in parts of up to `part_calls` calls. The first part carries the problems of the
    /// rows; there is always a last part, which may be empty.
    fn finish(
        mut self,
        part_calls: usize,
        each: &mut dyn FnMut(Part) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let part_calls = part_calls.max(1);
        let legs = std::mem::take(&mut self.legs);
        let (mut order, starts) = groups(&legs);
        let calls = starts.len().saturating_sub(1);
        self.batch.calls.reserve(calls.min(part_calls));
        for bounds in starts.windows(2) {
            let members = &mut order[bounds[0]..bounds[1]];
            members.sort_by_key(|&i| (legs[i].start, legs[i].line));
            match self.call(&legs, members) {
                Some(call) => self.batch.calls.push(call),
                None => self.batch.internal_calls += 1,
            }
            if self.batch.calls.len() >= part_calls {
                let mut next = Batch::new(self.batch.format);
                next.calls.reserve(calls.min(part_calls));
                let batch = std::mem::replace(&mut self.batch, next);
                each(Part {
                    batch,
                    calls_expected: calls,
                })?;
            }
        }
        each(Part {
            batch: self.batch,
            calls_expected: calls,
        })
    }

    /// Reads a CDR export whole.
    fn whole(self) -> Batch {
        let mut whole = Batch::new(self.batch.format);
        let _ = self.finish(usize::MAX, &mut |part| {
            whole.append(part.batch);
            ControlFlow::Continue(())
        });
        whole
    }

    /// `None` for a call between extensions. `members` index `all`, earliest leg first.
    fn call(&mut self, all: &[Leg], members: &[usize]) -> Option<RawCall> {
        let legs: Vec<&Leg> = members.iter().map(|&i| &all[i]).collect();
        let first = *legs.first()?;
        let line = legs.iter().map(|l| l.line).min().unwrap_or(first.line);
        let direction = direction(first)?;
        let (customer, customer_field, business) = match direction {
            Direction::Inbound => (
                &first.src,
                "src",
                if first.did.is_empty() {
                    &first.dst
                } else {
                    &first.did
                },
            ),
            Direction::Outbound => (
                &first.dst,
                "dst",
                if first.outbound_cnum.is_empty() {
                    &first.src
                } else {
                    &first.outbound_cnum
                },
            ),
        };
        let customer = match self.phones.normalize(customer, self.region) {
            Ok(e164) => e164,
            Err(e) => {
                let message = format!("{e}; kept as written");
                self.problem(Severity::Warning, line, Some(customer_field), message);
                customer.clone()
            }
        };
        // The company's side is often an extension or a DID stub like "s": kept as written.
        let business = self
            .phones
            .normalize(business, self.region)
            .unwrap_or_else(|_| business.clone());
        let answering = legs
            .iter()
            .filter(|l| l.by_person)
            .min_by_key(|l| (l.answer, l.line));
        let agent = match direction {
            Direction::Inbound => answering.and_then(|l| l.callee_ext.clone()),
            Direction::Outbound => first
                .caller_ext
                .clone()
                .or_else(|| (party(&first.src) == Party::Extension).then(|| first.src.clone())),
        };
        let (from, to) = match direction {
            Direction::Inbound => (customer, business),
            Direction::Outbound => (business, customer),
        };
        Some(RawCall {
            call_id: call_id(first),
            account: self.account.clone(),
            direction,
            from,
            to,
            started_at: first.start,
            answered_at: answering.map(|l| l.answer.unwrap_or(l.start)),
            ended_at: legs.iter().map(|l| l.end).max().unwrap_or(first.end),
            agent,
            booked: false,
            reason: None,
            csr_notes: None,
            recording: self.recording(&legs, line),
            transcript: Vec::new(),
            redactions: 0,
            source: Source {
                file: self.shared_file.clone(),
                line,
            },
        })
    }

    fn recording(&mut self, legs: &[&Leg], line: u64) -> Option<PathBuf> {
        if let Some(leg) = legs.iter().find(|l| !l.recordingfile.is_empty()) {
            if let Some(found) = self.recordings.named(&leg.recordingfile) {
                return Some(found);
            }
            let message = format!(
                "{} not found (looked in the recordings folder and beside the export); the call is kept without it",
                quote(&leg.recordingfile)
            );
            self.problem(
                Severity::Warning,
                leg.line.max(line),
                Some("recordingfile"),
                message,
            );
        }
        legs.iter()
            .flat_map(|l| [&l.uniqueid, &l.linkedid])
            .filter(|id| !id.is_empty())
            .find_map(|id| self.recordings.by_uniqueid(id))
    }
}

/// `time` plus `seconds`, unless that leaves the calendar chrono can hold.
pub(crate) fn plus(time: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
    time.checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
