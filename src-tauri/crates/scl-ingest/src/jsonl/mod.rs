//! The native JSON Lines export: one call, job or customer object per line.

mod call;
mod ids;
mod records;
pub(crate) mod value;

use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::lines::{block_lines, records_to_reserve, Block, Line, LineReader};
use crate::model::{
    Batch, Format, Options, Part, Problem, RawCall, RawCustomer, RawJob, Severity, Source,
};
use crate::phone::PhoneCache;
use crate::text::{self, quote, quote_bytes};
use ids::{seen_before, CallIds};

/// A longer line is refused unread: no real record is this big, and a file without newlines
/// (or a binary) should not be parsed as one record.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// No call line is shorter: its six required fields' names and colons alone take 60 bytes
/// (`{"call_id":…,"started_at":…,"ended_at":…,"from":…,"to":…,"direction":…}`).
const SMALLEST_CALL_LINE: usize = 60;

/// Every field any kind of record may carry, each kept as raw JSON so a wrong type is reported
/// under the field's name. Unknown fields are ignored; `null` reads as absent.
#[derive(Deserialize, Default)]
struct Fields<'a> {
    #[serde(borrow)]
    kind: Option<&'a RawValue>,
    #[serde(borrow)]
    call_id: Option<&'a RawValue>,
    #[serde(borrow)]
    account: Option<&'a RawValue>,
    #[serde(borrow)]
    direction: Option<&'a RawValue>,
    #[serde(borrow)]
    from: Option<&'a RawValue>,
    #[serde(borrow)]
    to: Option<&'a RawValue>,
    #[serde(borrow)]
    started_at: Option<&'a RawValue>,
    #[serde(borrow)]
    answered_at: Option<&'a RawValue>,
    #[serde(borrow)]
    ended_at: Option<&'a RawValue>,
    #[serde(borrow)]
    agent: Option<&'a RawValue>,
    #[serde(borrow)]
    booked: Option<&'a RawValue>,
    #[serde(borrow)]
    reason: Option<&'a RawValue>,
    #[serde(borrow)]
    csr_notes: Option<&'a RawValue>,
    #[serde(borrow)]
    recording: Option<&'a RawValue>,
    #[serde(borrow)]
    transcript: Option<&'a RawValue>,
    #[serde(borrow)]
    job_id: Option<&'a RawValue>,
    #[serde(borrow)]
    phone: Option<&'a RawValue>,
    #[serde(borrow)]
    customer_id: Option<&'a RawValue>,
    #[serde(borrow)]
    location_id: Option<&'a RawValue>,
    #[serde(borrow)]
    booked_at: Option<&'a RawValue>,
    #[serde(borrow)]
    revenue: Option<&'a RawValue>,
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    phones: Option<&'a RawValue>,
    #[serde(borrow)]
    notes: Option<&'a RawValue>,
    #[serde(borrow)]
    locations: Option<&'a RawValue>,
}

/// Reads a JSON Lines export. `file` names the input in problems and anchors the relative paths
/// of recordings and transcripts (which are read from disk).
pub fn read_jsonl(input: impl AsRef<[u8]>, file: &Path, opts: &Options) -> Batch {
    let mut whole = Batch::new(Format::Jsonl);
    let input = io::Cursor::new(input.as_ref());
    // Reading memory cannot fail.
    let _ = read_jsonl_parts(input, file, opts, usize::MAX, &mut |part| {
        whole.append(part.batch);
        ControlFlow::Continue(())
    });
    whole
}

/// [`read_jsonl`] a part at a time, from a stream read twice (once for the jobs and customers
/// and the line count, once for the calls) and never held whole: `each` gets parts of up to
/// `part_calls` calls, in file order, and stops the read by breaking. Jobs and customers are read
/// first, wherever they are in the file, and all come in the first part; problems come in file
/// order across the parts. There is always a last part, empty when the calls ran out exactly at
/// a part's end. An error means the first read failed, before any part; a failure of the second
/// read, or a file that shrank between the two, is a problem on the line where it happened.
pub(crate) fn read_jsonl_parts<R: Read + Seek>(
    mut input: R,
    file: &Path,
    opts: &Options,
    part_calls: usize,
    each: &mut dyn FnMut(Part) -> ControlFlow<()>,
) -> io::Result<ControlFlow<()>> {
    let part_calls = part_calls.max(1);
    let mut reader = Reader {
        env: Env {
            file,
            shared_file: file.into(),
            dir: file.parent().unwrap_or(Path::new("")).to_path_buf(),
            opts,
            phones: PhoneCache::new(),
        },
        batch: Batch::new(Format::Jsonl),
        call_ids: CallIds::default(),
        job_lines: FxHashMap::default(),
        customer_lines: FxHashMap::default(),
    };
    // First pass: the jobs and customers (so calls of the first part already meet the customers
    // named at the end of the file), with their problems held back to keep file order.
    let mut read_early = Vec::new();
    let mut first_pass = LineReader::new(&mut input, MAX_LINE_BYTES);
    while let Some(block) = first_pass.next_block()? {
        let Block::Lines { first, bytes } = block else {
            continue;
        };
        if may_hold_other_records(bytes) {
            for line in block_lines(first, bytes) {
                if other_record(line.bytes) {
                    read_early.push(line.number);
                    reader.line(line);
                }
            }
        }
    }
    let (lines, length) = (first_pass.lines_read(), first_pass.bytes_taken());
    let lines = usize::try_from(lines).unwrap_or(usize::MAX);
    let length_bytes = usize::try_from(length).unwrap_or(usize::MAX);
    let calls_expected = records_to_reserve(
        lines.saturating_sub(read_early.len()),
        length_bytes,
        SMALLEST_CALL_LINE,
    );
    reader.call_ids.reserve(calls_expected);
    let mut held = std::mem::take(&mut reader.batch.problems)
        .into_iter()
        .peekable();
    let mut read_early = read_early.into_iter().peekable();
    // Calls are most of an export; growing the lists by doubling would copy them again and again.
    reader.batch.calls.reserve(calls_expected.min(part_calls));
    // Second pass: the calls, up to where the first pass ended (a file still being written is
    // read as it was then).
    let rewound = input.seek(SeekFrom::Start(0));
    let mut second_pass = LineReader::new((&mut input).take(length), MAX_LINE_BYTES);
    let mut failed = rewound.err();
    while failed.is_none() {
        let line = match second_pass.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                failed = Some(e);
                break;
            }
        };
        while let Some(problem) = held.next_if(|p| p.line < line.number) {
            reader.batch.problems.push(problem);
        }
        if read_early.next_if_eq(&line.number).is_some() {
            continue;
        }
        reader.line(line);
        if reader.batch.calls.len() >= part_calls {
            let mut next = Batch::new(Format::Jsonl);
            next.calls.reserve(calls_expected.min(part_calls));
            let batch = std::mem::replace(&mut reader.batch, next);
            if let ControlFlow::Break(()) = each(Part {
                batch,
                calls_expected,
            }) {
                return Ok(ControlFlow::Break(()));
            }
        }
    }
    let read = second_pass.lines_read();
    let message = match failed {
        Some(e) => Some(format!("could not read the rest of the file: {e}")),
        None if read < lines as u64 => Some(format!(
            "the file changed while it was read (it had {lines} lines, then {read}); \
             the rest was not read"
        )),
        None => None,
    };
    if let Some(message) = message {
        reader.error(read + 1, None, message);
    }
    reader.batch.problems.extend(held);
    Ok(each(Part {
        batch: reader.batch,
        calls_expected,
    }))
}

/// Whether any line of the input may be a job or a customer: only a line that names a `kind`,
/// or has an escape (which could spell one), can be.
fn may_hold_other_records(input: &[u8]) -> bool {
    memchr::memchr(b'\\', input).is_some() || memchr::memmem::find(input, b"\"kind\"").is_some()
}

/// Whether a line is a job or a customer record, as [`Reader::line`] would read it. A line
/// without escapes whose every `"kind"` is followed by `: "call"` is a call (or not a record)
/// whatever else it holds, and is told without parsing.
fn other_record(line: &[u8]) -> bool {
    fn after_space(bytes: &[u8]) -> &[u8] {
        let start = bytes
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .unwrap_or(bytes.len());
        &bytes[start..]
    }
    let surely_call = memchr::memchr(b'\\', line).is_none()
        && memchr::memmem::find_iter(line, b"\"kind\"").all(|at| {
            after_space(&line[at + 6..])
                .strip_prefix(b":")
                .is_some_and(|rest| after_space(rest).starts_with(b"\"call\""))
        });
    if surely_call || line.len() > MAX_LINE_BYTES {
        return false;
    }
    #[derive(Deserialize)]
    struct Kind<'a> {
        #[serde(borrow)]
        kind: Option<&'a RawValue>,
    }
    let kind = std::str::from_utf8(line)
        .ok()
        .filter(|json| json.trim_start().starts_with('{'))
        .and_then(|json| serde_json::from_str::<Kind<'_>>(json).ok())
        .and_then(|k| value::text(k.kind?).ok());
    kind.is_some_and(|kind| {
        let kind = kind.trim();
        kind.eq_ignore_ascii_case("job") || kind.eq_ignore_ascii_case("customer")
    })
}

/// What the record readers need besides the record.
struct Env<'a> {
    file: &'a Path,
    shared_file: Arc<Path>,
    dir: PathBuf,
    opts: &'a Options,
    phones: PhoneCache,
}

impl<'a> Env<'a> {
    fn source(&self, line: u64) -> Source {
        Source {
            file: self.shared_file.clone(),
            line,
        }
    }

    /// A path from the file, relative to the file's folder, made absolute.
    fn resolve(&self, path: &str) -> PathBuf {
        let joined = self.dir.join(path);
        std::path::absolute(&joined).unwrap_or(joined)
    }

    /// Borrowed from the options, not from `self`, so the phone cache stays free to use.
    fn region(&self, account: Option<&str>) -> &'a str {
        let opts: &'a Options = self.opts;
        account.map_or(opts.default_region.as_str(), |a| opts.region_for(a))
    }
}

struct Reader<'a> {
    env: Env<'a>,
    batch: Batch,
    /// Where each id was first read, to name it when it comes again.
    call_ids: CallIds,
    job_lines: FxHashMap<(String, String), u64>,
    customer_lines: FxHashMap<(String, String), u64>,
}

enum Parsed {
    Call(RawCall),
    Job(RawJob),
    Customer(RawCustomer),
}

impl Reader<'_> {
    fn line(&mut self, line: Line<'_>) {
        let n = line.number;
        if line.skipped || line.len > MAX_LINE_BYTES {
            self.batch.rows += 1;
            let mb = line.len as f64 / 1e6;
            let limit = MAX_LINE_BYTES >> 20;
            let message = format!("line is {mb:.1} MB; records over {limit} MiB are not read");
            return self.error(n, None, message);
        }
        if text::is_blank(line.bytes) {
            return;
        }
        self.batch.rows += 1;
        let json = match std::str::from_utf8(line.bytes) {
            Ok(json) => json,
            Err(e) => {
                let at = e.valid_up_to() + 1;
                let shown = quote_bytes(line.bytes);
                let message = format!("not UTF-8 (bad byte at column {at}): {shown}");
                return self.error(n, None, message);
            }
        };
        let trimmed = json.trim_start();
        if !trimmed.starts_with('{') {
            let message = format!("expected a JSON object, found {}", quote(trimmed));
            return self.error(n, None, message);
        }
        let fields: Fields<'_> = match serde_json::from_str(json) {
            Ok(fields) => fields,
            Err(e) => return self.error(n, None, json_error(&e, line.unterminated)),
        };
        let kind = match fields.kind.map(value::text) {
            None => "call".into(),
            Some(Ok(kind)) => kind,
            Some(Err(message)) => return self.error(n, Some("kind"), message),
        };
        let kind = kind.trim();
        let is = |name: &str| kind.eq_ignore_ascii_case(name);
        let read = {
            let mut record = Record {
                file: self.env.file,
                line: n,
                problems: &mut self.batch.problems,
                failed: false,
            };
            let env = &mut self.env;
            let read = if is("call") {
                call::read(&mut record, &fields, env).map(Parsed::Call)
            } else if is("job") {
                records::job(&mut record, &fields, env).map(Parsed::Job)
            } else if is("customer") {
                records::customer(&mut record, &fields, env).map(Parsed::Customer)
            } else {
                let message = format!(
                    "unknown record kind {} (expected call, job or customer)",
                    quote(kind)
                );
                record.error("kind", message);
                None
            };
            read.filter(|_| !record.failed)
        };
        match read {
            Some(Parsed::Call(call)) => match self.call_ids.seen(&call.call_id, n) {
                None => self.batch.calls.push(call),
                Some(first) => self.duplicate(n, "call_id", &call.call_id, first),
            },
            Some(Parsed::Job(job)) => {
                let key = (job.account.clone(), job.job_id.clone());
                match seen_before(&mut self.job_lines, &key, n) {
                    None => {
                        self.batch.jobs.push(job);
                        self.batch.rows_other += 1;
                    }
                    Some(first) => self.duplicate(n, "job_id", &job.job_id, first),
                }
            }
            Some(Parsed::Customer(customer)) => {
                let key = (customer.account.clone(), customer.customer_id.clone());
                match seen_before(&mut self.customer_lines, &key, n) {
                    None => {
                        self.batch.customers.push(customer);
                        self.batch.rows_other += 1;
                    }
                    Some(first) => self.duplicate(n, "customer_id", &customer.customer_id, first),
                }
            }
            None => {}
        }
    }

    fn duplicate(&mut self, line: u64, field: &str, id: &str, first: u64) {
        let message = format!("{} was already read on line {first}; skipped", quote(id));
        self.error(line, Some(field), message);
    }

    fn error(&mut self, line: u64, field: Option<&str>, message: String) {
        let problem = Problem::new(Severity::Error, self.env.file, line, field, message);
        self.batch.problems.push(problem);
    }
}

/// Whether a line is a whole native record (for telling a `.json` file's format).
pub(crate) fn is_native_record(line: &[u8]) -> bool {
    let fields = std::str::from_utf8(line)
        .ok()
        .and_then(|l| serde_json::from_str::<Fields<'_>>(l).ok());
    fields.is_some_and(|f| {
        f.kind.is_some() || f.call_id.is_some() || f.job_id.is_some() || f.customer_id.is_some()
    })
}

fn json_error(e: &serde_json::Error, unterminated: bool) -> String {
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    match e.classify() {
        Category::Eof if unterminated => {
            "the file ends in the middle of this record (was it cut off?)".to_string()
        }
        Category::Eof => format!("the record ends early, at column {}", e.column()),
        Category::Syntax => format!("invalid JSON at column {}: {message}", e.column()),
        Category::Data | Category::Io => message.to_string(),
    }
}

/// The problems of one record as it is read. Any error means the record is skipped, but the
/// rest of its fields are still checked so one pass reports everything wrong with it.
struct Record<'a> {
    file: &'a Path,
    line: u64,
    problems: &'a mut Vec<Problem>,
    failed: bool,
}

impl Record<'_> {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.failed = true;
        let problem = Problem::new(Severity::Error, self.file, self.line, Some(field), message);
        self.problems.push(problem);
    }

    fn warn(&mut self, field: &str, message: impl Into<String>) {
        let problem = Problem::new(
            Severity::Warning,
            self.file,
            self.line,
            Some(field),
            message,
        );
        self.problems.push(problem);
    }

    fn warn_at(&mut self, file: &Path, line: u64, field: &str, message: impl Into<String>) {
        let problem = Problem::new(Severity::Warning, file, line, Some(field), message);
        self.problems.push(problem);
    }

    /// A string that must be there and not be blank; trimmed.
    fn required_text(&mut self, field: &str, raw: Option<&RawValue>) -> Option<String> {
        let Some(raw) = raw else {
            self.error(field, "required (missing or null)");
            return None;
        };
        match value::text(raw) {
            Ok(t) if t.trim().is_empty() => {
                self.error(field, "must not be empty");
                None
            }
            Ok(t) => Some(t.trim().to_string()),
            Err(message) => {
                self.error(field, message);
                None
            }
        }
    }

    /// A string that may be absent; blank reads as absent.
    fn optional_text(&mut self, field: &str, raw: Option<&RawValue>) -> Option<String> {
        match value::text(raw?) {
            Ok(t) if t.trim().is_empty() => None,
            Ok(t) => Some(t.trim().to_string()),
            Err(message) => {
                self.error(field, message);
                None
            }
        }
    }

    fn required_time(&mut self, field: &str, raw: Option<&RawValue>) -> Option<DateTime<Utc>> {
        let Some(raw) = raw else {
            self.error(field, "required (missing or null)");
            return None;
        };
        self.check(field, value::time(raw))
    }

    fn id(&mut self, field: &str, raw: Option<&RawValue>, required: bool) -> Option<String> {
        match raw.map(value::id) {
            None if required => {
                self.error(field, "required (missing or null)");
                None
            }
            None => None,
            Some(Ok(id)) if id.is_empty() => {
                if required {
                    self.error(field, "must not be empty");
                }
                None
            }
            Some(result) => self.check(field, result),
        }
    }

    fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.error(field, message)).ok()
    }

    /// The record's account, or the one the import was started for.
    fn account(&mut self, raw: Option<&RawValue>, opts: &Options) -> Option<String> {
        match (raw, &opts.account) {
            (None, Some(account)) => Some(account.clone()),
            _ => self.required_text("account", raw),
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
