//! The records and reports that leave the crate.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use scl_domain::{Direction, TranscriptSegment};
use serde::Serialize;

/// Where a record came from. `line` is 1-based: the physical line where the record starts (for
/// CSV, a quoted field may span lines; for Twilio JSON, the line where the call object opens).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    /// Shared by every record of the file: a path per record was an allocation per call.
    pub file: Arc<Path>,
    pub line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record was skipped.
    Error,
    /// The record was kept; something in it was dropped or read leniently.
    Warning,
}

/// One thing wrong with one record, or one part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: u64,
    pub field: Option<String>,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(
        severity: Severity,
        file: &Path,
        line: u64,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            field: field.map(str::to_string),
            severity,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file.display(), self.line)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Format {
    /// The native JSON Lines export (`.jsonl`, `.ndjson`).
    Jsonl,
    /// Asterisk `cdr_csv` Master.csv: no header, fixed column order.
    AsteriskCdr,
    /// A FreePBX CDR table export: CSV with a header row.
    FreePbxCdr,
    /// Twilio Call resources, as the list-calls API returns them.
    TwilioJson,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "JSON Lines",
            Format::AsteriskCdr => "Asterisk Master.csv",
            Format::FreePbxCdr => "FreePBX CDR export",
            Format::TwilioJson => "Twilio calls JSON",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A call as the phone system reported it, before the store assigns ids. Phone numbers are
/// E.164 when they could be read as one, else the trimmed text of the export (with a warning).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawCall {
    pub call_id: String,
    pub account: String,
    pub direction: Direction,
    pub from: String,
    pub to: String,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: DateTime<Utc>,
    pub agent: Option<String>,
    pub booked: bool,
    pub reason: Option<String>,
    pub csr_notes: Option<String>,
    /// Absolute path of a recording file that exists.
    pub recording: Option<PathBuf>,
    pub transcript: Vec<TranscriptSegment>,
    /// Card numbers and SSNs replaced in the transcript, notes and reason.
    pub redactions: u32,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawJob {
    pub job_id: String,
    pub account: String,
    pub phone: Option<String>,
    pub customer_id: Option<String>,
    pub location_id: Option<String>,
    pub booked_at: DateTime<Utc>,
    pub revenue_cents: Option<i64>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawLocation {
    pub location_id: String,
    pub address: String,
    pub zone: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawCustomer {
    pub customer_id: String,
    pub account: String,
    pub name: String,
    /// E.164 only: numbers that could not be read are dropped with a warning.
    pub phones: Vec<String>,
    pub notes: Option<String>,
    pub locations: Vec<RawLocation>,
    /// Card numbers and SSNs replaced in the notes.
    pub redactions: u32,
    pub source: Source,
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    pub format: Format,
    pub calls: Vec<RawCall>,
    pub jobs: Vec<RawJob>,
    pub customers: Vec<RawCustomer>,
    /// In file order. Records with an [`Severity::Error`] are not in the lists above.
    pub problems: Vec<Problem>,
    /// CDR calls between two extensions: not customer calls, counted and left out.
    pub internal_calls: u32,
    /// Records the reader found (CDR data rows, JSON Lines non-blank lines, Twilio call
    /// objects), skipped ones included: the report accounts for each of them.
    pub rows: u64,
    /// Rows that made the internal calls.
    pub rows_internal: u64,
    /// JSON Lines job and customer records that were read.
    pub rows_other: u64,
    /// Rows skipped without a problem of their own line: swallowed by a quote never closed
    /// (the problem is on the line where it opened and says which lines).
    pub rows_unread: u64,
    /// Calls that came twice in the file with different data (Twilio): the first was kept.
    pub conflicts: u64,
    /// Of those, the inbound ones.
    pub conflicts_inbound: u64,
    /// How slashed dates were read (CDR), when the file had any.
    pub date_order: Option<DateOrder>,
}

impl Batch {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            calls: Vec::new(),
            jobs: Vec::new(),
            customers: Vec::new(),
            problems: Vec::new(),
            internal_calls: 0,
            rows: 0,
            rows_internal: 0,
            rows_other: 0,
            rows_unread: 0,
            conflicts: 0,
            conflicts_inbound: 0,
            date_order: None,
        }
    }

    /// Adds a later part of the same file: lists and problems continue in order.
    pub fn append(&mut self, part: Batch) {
        self.calls.extend(part.calls);
        self.jobs.extend(part.jobs);
        self.customers.extend(part.customers);
        self.problems.extend(part.problems);
        self.internal_calls += part.internal_calls;
        self.rows += part.rows;
        self.rows_internal += part.rows_internal;
        self.rows_other += part.rows_other;
        self.rows_unread += part.rows_unread;
        self.conflicts += part.conflicts;
        self.conflicts_inbound += part.conflicts_inbound;
        self.date_order = self.date_order.or(part.date_order);
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

/// A part of an export read a part at a time (see [`crate::read_path_parts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub batch: Batch,
    /// The most calls the whole file can hold, as far as the reader could tell before reading
    /// them (lines or grouped legs): for a progress bar.
    pub calls_expected: usize,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// ISO 3166 region for numbers written without a country code.
    pub default_region: String,
    /// Region per account name, when it differs from `default_region`.
    pub regions: HashMap<String, String>,
    /// The account to file calls under for formats that name none (CDR, Twilio); required
    /// there. In JSON Lines it stands in for a missing `account`.
    pub account: Option<String>,
    /// CDR: a folder searched (four levels deep) for recordings named after a call's uniqueid.
    pub recordings_dir: Option<PathBuf>,
    /// CDR: the zone the PBX wrote its local times in; CDR times carry no offset.
    pub local_zone: LocalZone,
    /// CDR: how to read slashed dates (`1/9/2017`); `None` lets the file decide when it can
    /// (see the `cdr` module doc).
    pub date_order: Option<DateOrder>,
}

/// The clock a PBX wrote its local times by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalZone {
    /// A fixed offset from UTC, the same all year (`--utc-offset`).
    Fixed(FixedOffset),
    /// An IANA zone, with its daylight saving time rules.
    Iana(chrono_tz::Tz),
}

impl LocalZone {
    /// `America/Chicago`, or `UTC-06:00` for a fixed offset.
    pub fn name(&self) -> String {
        match self {
            LocalZone::Fixed(offset) => format!("UTC{offset}"),
            LocalZone::Iana(tz) => tz.name().to_string(),
        }
    }
}

/// The order of day, month and year in a slashed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// 24/08/2017
    Dmy,
    /// 08/24/2017
    Mdy,
    /// 2017/08/24
    Ymd,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
            DateOrder::Ymd => "ymd",
        }
    }
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dmy" | "day-first" => Ok(DateOrder::Dmy),
            "mdy" | "month-first" => Ok(DateOrder::Mdy),
            "ymd" | "year-first" => Ok(DateOrder::Ymd),
            other => Err(format!(
                "unknown date order {other:?} (expected dmy, mdy or ymd)"
            )),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            default_region: "US".to_string(),
            regions: HashMap::new(),
            account: None,
            recordings_dir: None,
            local_zone: LocalZone::Fixed(Utc.fix()),
            date_order: None,
        }
    }
}

impl Options {
    pub fn region_for(&self, account: &str) -> &str {
        self.regions
            .get(account)
            .map(String::as_str)
            .unwrap_or(&self.default_region)
    }
}

/// What stops a whole file from being read. Problems with single records are [`Problem`]s.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: not a known call export (expected .jsonl/.ndjson, an Asterisk or FreePBX CDR .csv, or a Twilio calls .json)",
        path.display()
    )]
    UnknownFormat { path: PathBuf },
    #[error("{}:{line}: not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf, line: u64 },
    #[error("{}: {format} files name no account; choose the account to import into", path.display())]
    MissingAccount { path: PathBuf, format: Format },
    #[error("{}:1: the header has no {column:?} column", path.display())]
    MissingColumn { path: PathBuf, column: String },
    #[error("{}:{line}: {message}", path.display())]
    Malformed {
        path: PathBuf,
        line: u64,
        message: String,
    },
}
