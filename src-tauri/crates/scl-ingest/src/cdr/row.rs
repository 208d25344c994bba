//! The text of one CDR row, and the spellings its fields come in.

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

impl Times<'_> {
    /// The fields that hold dates, by name.
    pub(super) fn texts(&self) -> Vec<(&'static str, &str)> {
        match *self {
            Times::Triple { start, answer, end } => {
                vec![("start", start), ("answer", answer), ("end", end)]
            }
            Times::CallDate { calldate, .. } => vec![("calldate", calldate)],
        }
    }
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

/// The text of a column, or "" when the row has no such column or the column holds no value:
/// database exports write a missing value as `NULL` (MySQL, phpMyAdmin) or `\N`
/// (`mysqldump --tab`, PostgreSQL `COPY`).
pub(super) fn field(record: &csv::ByteRecord, index: Option<usize>) -> &str {
    let text = index
        .and_then(|i| record.get(i))
        .and_then(|f| std::str::from_utf8(f).ok())
        .unwrap_or("");
    if no_value(text) {
        ""
    } else {
        text
    }
}

pub(super) fn no_value(text: &str) -> bool {
    let t = text.trim();
    t.len() <= 4 && (t.eq_ignore_ascii_case("null") || t == "\\N")
}
