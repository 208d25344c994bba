//! The text of one CDR row, and the spellings its fields come in.

use chrono::NaiveDateTime;

/// The text of one row, before it is checked. Times come either as the Master.csv triple or as
/// FreePBX's `calldate` plus durations.
pub(super) struct Row<'r> {
    pub(super) line: u64,
    pub(super) src: &'r str,
    pub(super) dst: &'r str,
    pub(super) dcontext: &'r str,
    pub(super) clid: &'r str,
    pub(super) channel: &'r str,
    pub(super) dstchannel: &'r str,
    pub(super) lastapp: &'r str,
    pub(super) disposition: &'r str,
    pub(super) times: Times<'r>,
    pub(super) uniqueid: &'r str,
    pub(super) linkedid: &'r str,
    pub(super) did: &'r str,
    pub(super) outbound_cnum: &'r str,
    pub(super) recordingfile: &'r str,
}

pub(super) enum Times<'r> {
    Triple {
        start: &'r str,
        answer: &'r str,
        end: &'r str,
    },
    CallDate {
        calldate: &'r str,
        duration: &'r str,
        billsec: &'r str,
    },
}

/// The physical line where a record starts. csv counts blank lines before a record as part of
/// it, so they are stepped over here.
pub(super) fn record_line(input: &[u8], record: &csv::ByteRecord) -> u64 {
    let Some(position) = record.position() else {
        return 0;
    };
    let start = usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(input.len());
    let blank = input[start..]
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .filter(|&&b| b == b'\n')
        .count();
    position.line() + blank as u64
}

/// The first field that is not UTF-8, if any.
pub(super) fn bad_utf8_field(record: &csv::ByteRecord) -> Option<usize> {
    if std::str::from_utf8(record.as_slice()).is_ok() {
        return None;
    }
    record.iter().position(|f| std::str::from_utf8(f).is_err())
}

/// The text of a column, or "" when the row has no such column.
pub(super) fn field(record: &csv::ByteRecord, index: Option<usize>) -> &str {
    index
        .and_then(|i| record.get(i))
        .and_then(|f| std::str::from_utf8(f).ok())
        .unwrap_or("")
}

/// `YYYY-MM-DD HH:MM:SS` as Asterisk writes it, read without a format string because it is on
/// every row; other spellings a spreadsheet may have turned it into go the slow way.
pub(super) fn local_time(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
        && b[16] == b':'
    {
        let date =
            chrono::NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
        return date.and_hms_opt(digits(11..13)?, digits(14..16)?, digits(17..19)?);
    }
    const FORMATS: [&str; 5] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%Y-%m-%d %H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}
