//! Asterisk `cdr_csv` Master.csv: no header, columns in the order `cdr_csv` writes them.

use std::path::Path;

use csv::ByteRecord;

use super::dates::{iso_time, Slashed};
use super::input::{each_record, line_ends};
use super::row::{field, Row, Times};
use super::{Cdr, SMALLEST_LEG_ROW};
use crate::lines::records_to_reserve;
use crate::model::{Batch, Format, IngestError, Options, Severity};
use crate::text::strip_bom;

/// The columns every row has. Then, as `cdr.conf` says: `uniqueid` (loguniqueid), `userfield`
/// (loguserfield), and `peeraccount, linkedid, sequence` (newcdrcolumns): 16 to 21 columns.
const COLUMNS: [&str; 16] = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
];

/// Reads a Master.csv. Times are PBX local time (`opts.local_zone`); calls are filed under
/// `opts.account`, which must be set.
pub fn read_asterisk_cdr(
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
    let mut cdr = Cdr::new(Format::AsteriskCdr, file, opts)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    cdr.legs.reserve(records_to_reserve(
        memchr::memchr_iter(b'\n', input).count() + 1,
        input.len(),
        SMALLEST_LEG_ROW,
    ));
    let name_of = |i: usize| COLUMNS.get(i).copied().unwrap_or("userfield").to_string();
    each_record(input, &mut reader, &mut cdr, &name_of, &mut row);
    cdr.rows_done(&mut row);
    Ok(cdr)
}

/// One record of a Master.csv.
fn row(cdr: &mut Cdr<'_>, line: u64, record: &ByteRecord) {
    let n = record.len();
    if !(16..=21).contains(&n) {
        let message = format!("{n} columns; a Master.csv row has 16 to 21 (is the line cut off?)");
        cdr.problem(Severity::Error, line, None, message);
        return;
    }
    let newcdrcolumns = n >= 19;
    let optional = n - 16 - if newcdrcolumns { 3 } else { 0 };
    // With one optional column it is uniqueid or userfield; a uniqueid looks like one.
    let uniqueid = match optional {
        2 => Some(16),
        1 if looks_like_uniqueid(field(record, Some(16))) => Some(16),
        _ => None,
    };
    let linkedid = newcdrcolumns.then_some(n - 2);
    let at = |i: usize| field(record, Some(i));
    let times = Times::Triple {
        start: at(9),
        answer: at(10),
        end: at(11),
    };
    let row = Row {
        line,
        src: at(1),
        dst: at(2),
        dcontext: at(3),
        clid: at(4),
        channel: at(5),
        dstchannel: at(6),
        lastapp: at(7),
        disposition: at(14),
        times,
        uniqueid: field(record, uniqueid),
        linkedid: field(record, linkedid),
        did: "",
        outbound_cnum: "",
        recordingfile: "",
    };
    cdr.offer(row, record);
}

fn looks_like_uniqueid(text: &str) -> bool {
    text.split_once('.').is_some_and(|(secs, seq)| {
        !secs.is_empty()
            && !seq.is_empty()
            && secs.bytes().all(|b| b.is_ascii_digit())
            && seq.bytes().all(|b| b.is_ascii_digit())
    })
}

/// For telling a header-less CSV apart: 16 to 21 columns with a time in the `start` column.
pub(crate) fn looks_like_master_csv(first_line: &[u8]) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first_line);
    let mut record = ByteRecord::new();
    matches!(reader.read_byte_record(&mut record), Ok(true))
        && (16..=21).contains(&record.len())
        && {
            let start = field(&record, Some(9)).trim();
            iso_time(start).is_some() || Slashed::parse(start).is_some()
        }
}
