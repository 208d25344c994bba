//! FreePBX CDR exports: the `asteriskcdrdb.cdr` table as CSV, with a header row.

use std::collections::HashMap;
use std::path::Path;

use csv::ByteRecord;

use super::input::{each_record, line_ends};
use super::row::{field, Row, Times};
use super::{Cdr, SMALLEST_LEG_ROW};
use crate::lines::records_to_reserve;
use crate::model::{Batch, Format, IngestError, Options, Severity};
use crate::text::strip_bom;

/// Without these a row cannot become a leg, or its meaning would change without a word: no
/// `dstchannel` would make every answered call abandoned, no `channel`/`dcontext` would lose
/// where a call entered, no `lastapp` would take voicemail for an agent.
const REQUIRED: [&str; 10] = [
    "calldate",
    "src",
    "dst",
    "duration",
    "billsec",
    "disposition",
    "dstchannel",
    "channel",
    "dcontext",
    "lastapp",
];

/// Reads a FreePBX CDR export. Columns may come in any order; optional ones (`linkedid`,
/// `recordingfile`, `did`, …) may be missing. Times are PBX local time (`opts.local_zone`);
/// calls are filed under `opts.account`, which must be set.
pub fn read_freepbx_cdr(
    input: impl AsRef<[u8]>,
    file: &Path,
    opts: &Options,
) -> Result<Batch, IngestError> {
    Ok(legs(input.as_ref(), file, opts)?.whole())
}

/// The rows of the export as legs, not yet grouped into calls.
pub(super) fn legs<'a>(
    input: &[u8],
    file: &'a Path,
    opts: &'a Options,
) -> Result<Cdr<'a>, IngestError> {
    let input = line_ends(strip_bom(input));
    let input = &*input;
    let mut cdr = Cdr::new(Format::FreePbxCdr, file, opts)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let header = reader.byte_headers().cloned().unwrap_or_default();
    let columns: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = String::from_utf8_lossy(name).trim().to_ascii_lowercase();
            (name, i)
        })
        .collect();
    if let Some(missing) = REQUIRED.iter().find(|c| !columns.contains_key(**c)) {
        return Err(IngestError::MissingColumn {
            path: file.to_path_buf(),
            column: missing.to_string(),
        });
    }
    let col = |name: &str| columns.get(name).copied();
    let names: Vec<String> = header
        .iter()
        .map(|n| String::from_utf8_lossy(n).trim().to_string())
        .collect();
    cdr.legs.reserve(records_to_reserve(
        memchr::memchr_iter(b'\n', input).count() + 1,
        input.len(),
        SMALLEST_LEG_ROW,
    ));
    let name_of = |i: usize| {
        names
            .get(i)
            .map_or("a column past the header", String::as_str)
            .to_string()
    };
    let mut row = |cdr: &mut Cdr<'_>, line: u64, record: &ByteRecord| {
        if record.len() < header.len() {
            let message = format!(
                "{} columns; the header has {} (is the line cut off?)",
                record.len(),
                header.len()
            );
            cdr.problem(Severity::Error, line, None, message);
            return;
        }
        let at = |name: &str| field(record, col(name));
        let row = Row {
            line,
            src: at("src"),
            dst: at("dst"),
            dcontext: at("dcontext"),
            clid: at("clid"),
            channel: at("channel"),
            dstchannel: at("dstchannel"),
            lastapp: at("lastapp"),
            disposition: at("disposition"),
            times: Times::CallDate {
                calldate: at("calldate"),
                duration: at("duration"),
                billsec: at("billsec"),
            },
            uniqueid: at("uniqueid"),
            linkedid: at("linkedid"),
            did: at("did"),
            outbound_cnum: at("outbound_cnum"),
            recordingfile: at("recordingfile"),
        };
        cdr.offer(row, record);
    };
    each_record(input, &mut reader, &mut cdr, &name_of, &mut row);
    cdr.rows_done(&mut row);
    Ok(cdr)
}
