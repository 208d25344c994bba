//! A CDR row's local times as instants: the date order, the PBX's zone, the repeated and the
//! missing hour of daylight saving time, and the epoch in a `uniqueid` as a check on the zone.

use std::collections::BTreeMap;

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use csv::ByteRecord;

use super::dates::{iso_time, OrderEvidence, Proof, Slashed};
use super::row::Times;
use super::{plus, Cdr, LegTimes, MAX_CALL_SECONDS};
use crate::model::{DateOrder, LocalZone, Severity};
use crate::text::quote;

/// Seconds a `uniqueid` may differ from the start it names: the channel is made a moment before
/// the CDR starts.
const UNIQUEID_SLACK: i64 = 120;

/// What the clock of a CDR read keeps between rows.
#[derive(Debug, Default)]
pub(super) struct Clock {
    /// The order slashed dates are read in, once known (`None`: each date must tell by itself).
    order: Option<DateOrder>,
    /// Whether the order is settled: given, or decided after every row was seen.
    settled: bool,
    evidence: OrderEvidence,
    /// Rows held back until the order is settled: their dates are not ISO.
    deferred: Vec<(u64, ByteRecord)>,
    /// Whether any slashed date was read.
    read_slashed: bool,
    /// Rows whose uniqueid is whole hours off their start: by hours, the first line and count.
    zone_mismatch: BTreeMap<i64, (u64, u64)>,
}

impl Clock {
    pub(super) fn new(order: Option<DateOrder>) -> Self {
        Self {
            order,
            settled: order.is_some(),
            ..Self::default()
        }
    }

    /// The order the read used, when it read any slashed date.
    pub(super) fn order_used(&self) -> Option<DateOrder> {
        self.read_slashed.then_some(self.order).flatten()
    }
}

/// `1503567123.45` (or `pbx1-1503567123.45`): the seconds since 1970 when the channel was made.
pub(super) fn uniqueid_epoch(uniqueid: &str) -> Option<i64> {
    let tail = uniqueid.rsplit('-').next()?;
    let (seconds, sequence) = tail.split_once('.')?;
    let plausible = (9..=10).contains(&seconds.len())
        && seconds.bytes().all(|b| b.is_ascii_digit())
        && sequence.bytes().all(|b| b.is_ascii_digit());
    let seconds = seconds.parse::<i64>().ok().filter(|_| plausible)?;
    // 2001 to 2100: anything else is a sequence number that merely looks like one.
    (1_000_000_000..4_102_444_800)
        .contains(&seconds)
        .then_some(seconds)
}

impl Cdr<'_> {
    /// Holds a row back when the order of its dates is not settled yet; `true` if it did.
    pub(super) fn defer(&mut self, line: u64, times: &Times<'_>, record: &ByteRecord) -> bool {
        if self.clock.settled {
            return false;
        }
        let mut later = false;
        for (field, text) in times.texts() {
            let text = text.trim();
            if text.is_empty() || iso_time(text).is_some() {
                continue;
            }
            if let Some(date) = Slashed::parse(text) {
                self.clock.evidence.add(line, field, text, &date);
            }
            later = true;
        }
        if later {
            self.clock.deferred.push((line, record.clone()));
        }
        later
    }

    /// After the last row: settles the date order and reads the rows held back through `each`.
    pub(super) fn settle_dates(&mut self, each: &mut dyn FnMut(&mut Cdr<'_>, u64, &ByteRecord)) {
        self.clock.settled = true;
        if self.clock.deferred.is_empty() {
            return;
        }
        if self.clock.order.is_none() {
            if let Some((order, line, field, text)) = self.clock.evidence.proven() {
                let (how, why) = match order {
                    DateOrder::Dmy => ("day-first", "its first part can only be a day"),
                    _ => ("month-first", "its second part can only be a day"),
                };
                let message = format!(
                    "dates in this file are read {how}: {} proves it ({why}); pass --date-order to choose otherwise",
                    quote(text)
                );
                self.problem(Severity::Warning, line, Some(field), message);
                self.clock.order = Some(order);
            } else if let Some((l1, t1, l2, t2)) = self.clock.evidence.contradiction() {
                let message = format!(
                    "this file writes dates both day-first ({} on line {l1}) and month-first ({} on line {l2}); dates either order could read are refused; pass --date-order to choose",
                    quote(t1),
                    quote(t2)
                );
                self.problem(Severity::Warning, l2, None, message);
            }
        }
        for (line, record) in std::mem::take(&mut self.clock.deferred) {
            each(self, line, &record);
        }
        // Held-back rows came last: put legs and problems back in file order.
        self.legs.sort_by_key(|l| l.line);
        self.batch.problems.sort_by_key(|p| p.line);
    }

    /// One warning for the rows whose uniqueid is whole hours off their start.
    pub(super) fn report_zone_mismatch(&mut self) {
        let Some((&hours, &(line, rows))) = self
            .clock
            .zone_mismatch
            .iter()
            .max_by_key(|(_, (_, rows))| *rows)
        else {
            return;
        };
        let side = if hours > 0 { "after" } else { "before" };
        let message = format!(
            "{rows} row(s) start {} hour(s) {side} the time in their uniqueid (seconds since 1970, UTC) when read in {}: is the account's time zone right? (first on this line)",
            hours.abs(),
            self.zone.name()
        );
        self.problem(Severity::Warning, line, Some("uniqueid"), message);
        self.batch.problems.sort_by_key(|p| p.line);
    }

    pub(super) fn times(
        &mut self,
        line: u64,
        times: &Times<'_>,
        answered: Option<bool>,
        uniqueid: &str,
    ) -> Option<LegTimes> {
        let epoch = uniqueid_epoch(uniqueid);
        let (start, answer, end) = match *times {
            Times::Triple { start, answer, end } => {
                let start = self.time(line, "start", start, Hint::Epoch(epoch));
                let after = start.map_or(Hint::None, Hint::NotBefore);
                let answer = match answer.trim() {
                    "" => Some(None),
                    text => self.time(line, "answer", text, after).map(Some),
                };
                let end = self.time(line, "end", end, after);
                (start?, answer?, end?)
            }
            Times::CallDate {
                calldate,
                duration,
                billsec,
            } => {
                let start = self.time(line, "calldate", calldate, Hint::Epoch(epoch));
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
        if let Some(epoch) = epoch {
            let off = start.timestamp() - epoch;
            let hours = (off as f64 / 3600.0).round() as i64;
            // No zone is more than 14 hours from UTC: more is a uniqueid that is no clock at all.
            if hours != 0 && hours.abs() <= 14 && (off - hours * 3600).abs() <= UNIQUEID_SLACK {
                self.clock.zone_mismatch.entry(hours).or_insert((line, 0)).1 += 1;
            }
        }
        Some((start, answer.map(|a| a.clamp(start, end)), end))
    }

    fn time(&mut self, line: u64, field: &str, text: &str, hint: Hint) -> Option<DateTime<Utc>> {
        let local = self.local_time(line, field, text.trim())?;
        self.instant(line, field, local, hint)
    }

    /// The date and time as written, read by the date rules.
    fn local_time(&mut self, line: u64, field: &str, text: &str) -> Option<NaiveDateTime> {
        if let Some(time) = iso_time(text) {
            return Some(time);
        }
        let Some(date) = Slashed::parse(text) else {
            let message = format!("not a time like 2026-11-20 14:03:12: {}", quote(text));
            self.problem(Severity::Error, line, Some(field), message);
            return None;
        };
        self.clock.read_slashed = true;
        let order = if date.year_first() {
            Some(DateOrder::Ymd)
        } else {
            match (self.clock.order, date.proof()) {
                (Some(order), _) => Some(order),
                (None, Proof::DayFirst) => Some(DateOrder::Dmy),
                (None, Proof::MonthFirst) => Some(DateOrder::Mdy),
                (None, Proof::Either) if date.read(DateOrder::Dmy) == date.read(DateOrder::Mdy) => {
                    Some(DateOrder::Mdy)
                }
                (None, Proof::Either) => {
                    let message = format!(
                        "{} could be {}: the file does not show its date order; choose it with --date-order dmy or mdy",
                        quote(text),
                        date.both_readings()
                    );
                    self.problem(Severity::Error, line, Some(field), message);
                    return None;
                }
                (None, Proof::Nothing) => None,
            }
        };
        let read = order.and_then(|o| date.read(o));
        if read.is_none() {
            let how = match order {
                Some(DateOrder::Dmy) => "a day-first date",
                Some(DateOrder::Mdy) => "a month-first date",
                Some(DateOrder::Ymd) if date.year_first() => "a date",
                Some(DateOrder::Ymd) => "a year-first date (--date-order ymd)",
                None => "a date in either order",
            };
            let message = format!("{} is not {how}", quote(text));
            self.problem(Severity::Error, line, Some(field), message);
        }
        read
    }

    /// The instant a local time names in the PBX's zone.
    fn instant(
        &mut self,
        line: u64,
        field: &str,
        local: NaiveDateTime,
        hint: Hint,
    ) -> Option<DateTime<Utc>> {
        let tz = match self.zone {
            LocalZone::Fixed(offset) => {
                return offset
                    .from_local_datetime(&local)
                    .single()
                    .map(|t| t.to_utc());
            }
            LocalZone::Iana(tz) => tz,
        };
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.to_utc()),
            LocalResult::Ambiguous(a, b) => {
                let (first, second) = (a.to_utc().min(b.to_utc()), a.to_utc().max(b.to_utc()));
                match hint {
                    Hint::NotBefore(start) => Some(if first < start { second } else { first }),
                    Hint::Epoch(Some(epoch))
                        if (second.timestamp() - epoch).abs() <= UNIQUEID_SLACK =>
                    {
                        Some(second)
                    }
                    Hint::Epoch(Some(epoch))
                        if (first.timestamp() - epoch).abs() <= UNIQUEID_SLACK =>
                    {
                        Some(first)
                    }
                    _ => {
                        let message = format!(
                            "{local} happened twice in {} (the clocks went back) and the uniqueid does not tell which; read as the first, {}",
                            tz.name(),
                            first.to_rfc3339()
                        );
                        self.problem(Severity::Warning, line, Some(field), message);
                        Some(first)
                    }
                }
            }
            LocalResult::None => {
                let message = format!(
                    "{local} never happened in {} (the clocks went forward at that hour): is the time zone right?",
                    tz.name()
                );
                self.problem(Severity::Error, line, Some(field), message);
                None
            }
        }
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
}

/// What settles a local time that happened twice.
#[derive(Clone, Copy)]
enum Hint {
    None,
    /// The start: the uniqueid's epoch, when the row has one.
    Epoch(Option<i64>),
    /// Answer and end: the first instant not before the start.
    NotBefore(DateTime<Utc>),
}

#[cfg(test)]
#[path = "clock_tests.rs"]
mod tests;
