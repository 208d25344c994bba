//! Reading call-center exports into plain records.
//!
//! Owns: the file formats (native JSON Lines, Asterisk Master.csv, FreePBX CDR exports, Twilio
//! Call resources, WebVTT and SRT transcripts), telling them apart, turning phone numbers into
//! E.164, grouping the legs of one call, and redacting card numbers and SSNs from free text
//! before any record leaves the crate. Every record-level problem becomes a [`Problem`] naming
//! file, line and field; the rest of the file is still read.
//! Must not: touch a database, read the clock, read files other than the export and the
//! recordings and transcripts it names, decide what a call means for the business (leads,
//! scores), or panic on any input.

mod cdr;
pub mod export;
mod jsonl;
mod lines;
mod model;
mod phone;
mod redact;
mod text;
pub mod transcript;
mod twilio;

use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

pub use cdr::{read_asterisk_cdr, read_freepbx_cdr};
pub use jsonl::{read_jsonl, MAX_LINE_BYTES};
pub use model::{
    Batch, DateOrder, Format, IngestError, LocalZone, Options, Part, Problem, RawCall, RawCustomer,
    RawJob, RawLocation, Severity, Source,
};
pub use phone::{normalize_phone, PhoneCache, PhoneError};
pub use redact::{redact, CARD_MARK, SSN_MARK};
pub use twilio::read_twilio;

/// Reads one export, telling its format from the extension and then the content.
pub fn read_path(path: &Path, opts: &Options) -> Result<Batch, IngestError> {
    let mut whole: Option<Batch> = None;
    read_path_parts(path, opts, usize::MAX, &mut |part| {
        match &mut whole {
            Some(batch) => batch.append(part.batch),
            None => whole = Some(part.batch),
        }
        ControlFlow::Continue(())
    })?;
    whole.ok_or_else(|| IngestError::UnknownFormat {
        path: path.to_path_buf(),
    })
}

/// [`read_path`] a part at a time, so a caller can write one part while the next is read.
/// `each` gets parts of up to `part_calls` calls (at least one), in file order, and may stop
/// the read by breaking. Joined with [`Batch::append`], the parts are what [`read_path`]
/// returns. Every customer and job comes in the first part (JSON Lines reads them first, wherever
/// they are in the file), so its calls can already be matched to them; problems come in file
/// order across the parts. There is always a last part (it may be empty). An error means the
/// file could not be read at all: it comes before any part.
pub fn read_path_parts(
    path: &Path,
    opts: &Options,
    part_calls: usize,
    each: &mut dyn FnMut(Part) -> ControlFlow<()>,
) -> Result<(), IngestError> {
    let io_error = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    // A pipe cannot be read twice; it is read whole below like any other export.
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    if named_jsonl(path) && regular {
        // Streamed: the biggest exports are JSON Lines, and their first calls can be written
        // while the rest is read.
        let _ = jsonl::read_jsonl_parts(file, path, opts, part_calls, each).map_err(io_error)?;
        return Ok(());
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io_error)?;
    let format = detect(path, &bytes).ok_or_else(|| IngestError::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    match format {
        Format::Jsonl => {
            let bytes = std::io::Cursor::new(&bytes);
            let _ =
                jsonl::read_jsonl_parts(bytes, path, opts, part_calls, each).map_err(io_error)?;
        }
        Format::AsteriskCdr | Format::FreePbxCdr => {
            cdr::read_cdr_parts(format, &bytes, path, opts, part_calls, each)?;
        }
        Format::TwilioJson => {
            let _ = split(read_twilio(&bytes, path, opts)?, part_calls, each);
        }
    }
    Ok(())
}

/// Hands a batch read whole to `each` in parts of up to `part_calls` calls; everything but the
/// calls comes in the first part.
fn split(
    mut batch: Batch,
    part_calls: usize,
    each: &mut dyn FnMut(Part) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let part_calls = part_calls.max(1);
    let calls_expected = batch.calls.len();
    while batch.calls.len() > part_calls {
        let rest = batch.calls.split_off(part_calls);
        let mut next = Batch::new(batch.format);
        next.calls = rest;
        let batch = std::mem::replace(&mut batch, next);
        each(Part {
            batch,
            calls_expected,
        })?;
    }
    each(Part {
        batch,
        calls_expected,
    })
}

fn named_jsonl(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// The format of an export: `.jsonl`/`.ndjson` are JSON Lines; `.csv` is a FreePBX export when
/// its first line names a `calldate` column, else Master.csv; `.json` is Twilio unless its first
/// line is a whole native record. Other names are judged by content alone.
pub fn detect(path: &Path, bytes: &[u8]) -> Option<Format> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let body = text::strip_bom(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let first_line = body
        .split(|&b| b == b'\n')
        .find(|l| !text::is_blank(l))
        .unwrap_or(b"");
    let names_calldate = || {
        String::from_utf8_lossy(first_line)
            .to_ascii_lowercase()
            .split([',', ';', '\t'])
            .any(|c| c.trim().trim_matches('"') == "calldate")
    };
    let csv = || {
        if names_calldate() {
            Format::FreePbxCdr
        } else {
            Format::AsteriskCdr
        }
    };
    let native_record = || jsonl::is_native_record(first_line);
    if named_jsonl(path) {
        return Some(Format::Jsonl);
    }
    match extension.as_deref() {
        Some("csv") => return Some(csv()),
        Some("json") if native_record() => return Some(Format::Jsonl),
        Some("json") => return Some(Format::TwilioJson),
        _ => {}
    }
    match body.get(start?)? {
        b'[' => Some(Format::TwilioJson),
        b'{' if native_record() => Some(Format::Jsonl),
        b'{' => Some(Format::TwilioJson),
        _ if names_calldate() => Some(Format::FreePbxCdr),
        _ if cdr::looks_like_master_csv(first_line) => Some(Format::AsteriskCdr),
        _ => None,
    }
}
