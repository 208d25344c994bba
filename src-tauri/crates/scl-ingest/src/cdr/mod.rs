//! Asterisk and FreePBX call detail records: one row per leg, legs grouped into calls.
//!
//! - Values: `NULL`, `\N` and empty all mean "no value" (database exports write the first two).
//! - One call: legs that share a `linkedid`, or a `uniqueid` (the caller's channel), or the
//!   same caller number (`src`, when it is a number) and the same start second: that is how a
//!   ring group writes its legs to a Master.csv without `linkedid`. Started = earliest start,
//!   ended = latest end, answered when any leg was answered by a person.
//! - Answered by a person: disposition ANSWERED, a bridged channel (`dstchannel`) that is not a
//!   voicemail or IVR channel, and a last application that is not an IVR or voicemail one
//!   (`VoiceMail`, `BackGround`, `Playback`, `WaitExten`, `Read`, ...). A caller the IVR or
//!   voicemail picked up, and nobody else, was not answered: an abandoned call.
//! - Direction, from where the call entered (the earliest leg, a real channel before a `Local/`
//!   one): a context calls from outside enter by (`from-trunk`, `from-pstn`, `from-did`,
//!   `ext-did`, ...) or a trunk channel (`DAHDI/…`, or `SIP`/`PJSIP`/`IAX2` to a peer that is not
//!   an extension) carrying a caller who is not an extension is inbound. A `Local/` channel
//!   (originate, click-to-call), an extension's own phone (`PJSIP/201-…`) or a context the
//!   company dials out from (`from-internal…`, `outbound-allroutes`, `outrt-…`,
//!   `macro-dialout…`, `originate…`) placed the call: outbound when it went outside (an outside
//!   number of any length, a trunk `dstchannel`, an outbound route), internal when it rang
//!   another extension. Without channels or contexts, the numbers' shapes decide: an outside
//!   number calling in is inbound, an extension calling an outside number outbound.
//!   Extension to extension is internal: counted in [`Batch::internal_calls`] (and its rows in
//!   [`Batch::rows_internal`]), not returned.
//! - The customer is the outside party; the agent is the answering leg's extension
//!   (`SIP/201-00000a1f` → `201`) inbound, the dialing extension outbound.
//! - call_id: the first leg's `linkedid`, else its `uniqueid`, else `cdr-` and a stable hash of
//!   caller and start.
//! - Times are the PBX's local time, read in [`Options::local_zone`] (DST-aware for an IANA
//!   zone). A local time that happened twice (clocks going back) is the one the row's epoch
//!   `uniqueid` names, else the first, with a warning; answer and end follow the start. A local
//!   time that never happened is an error. Rows whose `uniqueid` is whole hours off their start
//!   get one warning per file: the zone is likely wrong.
//! - Dates: `YYYY-MM-DD` always; slashed (`24/08/17`, `1.9.2017`, year last unless it has four
//!   digits first; two-digit years are 20YY) by [`Options::date_order`], else by the order the
//!   file proves (a first part over 12 proves day-first, a second part over 12 month-first;
//!   said once in a warning). A date both orders read, in a file that proves no single order, is
//!   an error naming line and field.

mod asterisk;
mod clock;
mod dates;
mod freepbx;
mod input;
mod recordings;
mod row;
mod rules;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use scl_domain::Direction;

use crate::model::{
    Batch, Format, IngestError, LocalZone, Options, Part, Problem, RawCall, Severity, Source,
};
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
use clock::Clock;
use recordings::Recordings;
use row::Row;
use rules::{
    call_id, channel_kind, context_kind, direction, extension, groups, number_in_clid, party,
    person_answered, ChannelKind, ContextKind, Party,
};

/// One row: a leg of a call, as far as the call needs it.
#[derive(Debug, Clone)]
struct Leg {
    line: u64,
    src: String,
    dst: String,
    /// What kind of context the row's `dcontext` is (see the module doc).
    context: ContextKind,
    /// What the calling channel is: a trunk, an extension's phone, a `Local/` channel.
    channel: ChannelKind,
    /// The bridged channel is a trunk: the call went outside.
    dst_trunk: bool,
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

/// No row that makes a leg is shorter: a start time (`1/9/17 9:32` at its shortest), the
/// columns' separators and a line ending. Room for legs is made by this, not by newlines alone,
/// so a file of blank lines reserves nothing.
const SMALLEST_LEG_ROW: usize = 16;

/// A call longer than this is a broken record, not a call.
const MAX_CALL_SECONDS: i64 = 7 * 24 * 3600;

/// What a CDR read gathers before the legs become calls.
struct Cdr<'a> {
    file: &'a Path,
    shared_file: Arc<Path>,
    zone: LocalZone,
    clock: Clock,
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
            zone: opts.local_zone,
            clock: Clock::new(opts.date_order),
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

    /// A row read from the file: kept as a leg, held back until the file's date order is known,
    /// or skipped with its problem.
    fn offer(&mut self, row: Row<'_>, record: &csv::ByteRecord) {
        if !self.defer(row.line, &row.times, record) {
            self.add(row);
        }
    }

    /// After the last row: the rows held back, then the one warning on the zone.
    fn rows_done(&mut self, each: &mut dyn FnMut(&mut Cdr<'_>, u64, &csv::ByteRecord)) {
        self.settle_dates(each);
        self.report_zone_mismatch();
        self.batch.date_order = self.clock.order_used();
    }

    /// Checks a row and keeps its leg; a row with a bad time is skipped.
    fn add(&mut self, row: Row<'_>) {
        let line = row.line;
        let disposition = row.disposition.trim().to_ascii_uppercase();
        let known = match disposition.as_str() {
            "ANSWERED" => Some(true),
            "NO ANSWER" | "BUSY" | "FAILED" | "CONGESTION" => Some(false),
            _ => None,
        };
        let Some((start, answer, end)) = self.times(line, &row.times, known, row.uniqueid) else {
            return;
        };
        if known.is_none() {
            let message = format!(
                "unknown disposition {} (expected ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION); read as answered only if it has an answer time",
                quote(row.disposition)
            );
            self.problem(Severity::Warning, line, Some("disposition"), message);
        }
        let picked_up = known.unwrap_or(answer.is_some());
        let by_person = picked_up && person_answered(row.dstchannel, row.lastapp);
        let mut src = row.src.trim();
        if party(src) == Party::Withheld {
            // Some trunks leave src empty but still put the number in the caller ID.
            src = number_in_clid(row.clid).unwrap_or(src);
        }
        let channel = channel_kind(row.channel);
        let company_side = matches!(channel, ChannelKind::Device | ChannelKind::Local)
            || matches!(party(src), Party::Extension | Party::Other);
        self.legs.push(Leg {
            line,
            src: src.to_string(),
            dst: row.dst.trim().to_string(),
            context: context_kind(row.dcontext.trim()),
            channel,
            dst_trunk: channel_kind(row.dstchannel) == ChannelKind::Trunk,
            // Only an outbound call's first leg names its agent by the calling channel, and
            // only an answering leg by the bridged one.
            caller_ext: company_side.then(|| extension(row.channel)).flatten(),
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
            // A real channel before a `Local/` one of the same second: the call entered there.
            members.sort_by_key(|&i| {
                let leg = &legs[i];
                (leg.start, leg.channel == ChannelKind::Local, leg.line)
            });
            match self.call(&legs, members) {
                Some(call) => self.batch.calls.push(call),
                None => {
                    self.batch.internal_calls += 1;
                    self.batch.rows_internal += members.len() as u64;
                }
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
