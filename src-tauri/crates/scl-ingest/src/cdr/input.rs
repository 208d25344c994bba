//! The CSV of a CDR export as its rows: line endings, quotes never closed, and fields that are
//! not UTF-8, each handled by a rule that names itself in the report.

use std::borrow::Cow;

use csv::ByteRecord;
use encoding_rs::WINDOWS_1252;

use super::row::record_line;
use super::Cdr;
use crate::model::Severity;
use crate::text::quote;

/// The export as the CSV reader should see it. A CR not followed by LF ends a line (classic Mac
/// files, some spreadsheet exports): it becomes LF, so lines are counted where they are.
pub(super) fn line_ends(input: &[u8]) -> Cow<'_, [u8]> {
    let lone_cr = memchr::memchr_iter(b'\r', input).any(|i| input.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return Cow::Borrowed(input);
    }
    let mut out = input.to_vec();
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    Cow::Owned(out)
}

/// Hands every non-blank record of `reader` to `each` with its line, counting it in the batch's
/// rows. The last record is checked for a quote that never closes (the CSV reader would take
/// the rest of the file as one field): that record is reported and skipped, and the lines it
/// swallowed are counted as rows not read. Fields that are not UTF-8 are read as Windows-1252,
/// with a warning naming the field (`name_of` gives a column's name).
pub(super) fn each_record(
    input: &[u8],
    reader: &mut csv::Reader<&[u8]>,
    cdr: &mut Cdr<'_>,
    name_of: &dyn Fn(usize) -> String,
    each: &mut dyn FnMut(&mut Cdr<'_>, u64, &ByteRecord),
) {
    let mut current = ByteRecord::new();
    let mut next = ByteRecord::new();
    let mut have_current = false;
    loop {
        match reader.read_byte_record(&mut next) {
            Ok(true) => {
                if have_current {
                    one(input, &current, false, cdr, name_of, each);
                }
                std::mem::swap(&mut current, &mut next);
                have_current = true;
            }
            Ok(false) => {
                if have_current {
                    one(input, &current, true, cdr, name_of, each);
                }
                break;
            }
            Err(e) => {
                if have_current {
                    one(input, &current, false, cdr, name_of, each);
                }
                let line = e.position().map_or(0, |p| p.line());
                cdr.problem(Severity::Error, line, None, format!("unreadable CSV: {e}"));
                cdr.batch.rows += 1;
                break;
            }
        }
    }
}

fn one(
    input: &[u8],
    record: &ByteRecord,
    last: bool,
    cdr: &mut Cdr<'_>,
    name_of: &dyn Fn(usize) -> String,
    each: &mut dyn FnMut(&mut Cdr<'_>, u64, &ByteRecord),
) {
    let line = record_line(input, record);
    if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return;
    }
    cdr.batch.rows += 1;
    let start = record
        .position()
        .and_then(|p| usize::try_from(p.byte()).ok())
        .unwrap_or(input.len())
        .min(input.len());
    if last {
        if let Some(opened) = unclosed_quote(input, start) {
            let opened_line =
                line + memchr::memchr_iter(b'\n', &input[start..opened]).count() as u64;
            let tail = &input[start..];
            let last_line = line + memchr::memchr_iter(b'\n', tail.trim_ascii_end()).count() as u64;
            let swallowed = tail
                .split(|&b| b == b'\n')
                .filter(|l| !l.trim_ascii().is_empty())
                .count() as u64;
            cdr.batch.rows += swallowed.saturating_sub(1);
            cdr.batch.rows_unread += swallowed.saturating_sub(1);
            let message = format!(
                "a quote opened on line {opened_line} is never closed: lines {line} to {last_line} ({swallowed} rows) would be one field, so they were not read; close the quote and import again"
            );
            cdr.problem(Severity::Error, line, None, message);
            return;
        }
    }
    if std::str::from_utf8(record.as_slice()).is_ok() {
        return each(cdr, line, record);
    }
    let mut decoded = ByteRecord::new();
    for (i, field) in record.iter().enumerate() {
        if std::str::from_utf8(field).is_ok() {
            decoded.push_field(field);
            continue;
        }
        let (text, _, _) = WINDOWS_1252.decode(field);
        let message = format!("not UTF-8; read as Windows-1252: {}", quote(text.trim()));
        cdr.problem(Severity::Warning, line, Some(&name_of(i)), message);
        decoded.push_field(text.as_bytes());
    }
    decoded.set_position(record.position().cloned());
    each(cdr, line, &decoded)
}

/// Where a quote opens that is still open at the end of the input, reading from `start` (the
/// start of a record) by the CSV reader's own rules: a quote opens only at the start of a field,
/// and `""` inside quotes is a quote.
fn unclosed_quote(input: &[u8], start: usize) -> Option<usize> {
    let mut field_start = true;
    let mut opened = None;
    let mut i = start;
    while i < input.len() {
        let b = input[i];
        if opened.is_some() {
            if b == b'"' {
                if input.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                opened = None;
            }
        } else if b == b'"' && field_start {
            opened = Some(i);
            field_start = false;
        } else {
            field_start = matches!(b, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    opened
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(&*line_ends(b"a\rb\r\nc\n"), b"a\nb\r\nc\n");
        assert!(matches!(line_ends(b"a\r\nb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_quote_is_open_only_when_it_opened_a_field() {
        assert_eq!(unclosed_quote(b"a,\"b\n", 0), Some(2));
        assert_eq!(unclosed_quote(b"a,\"b\"\"c\",d\n", 0), None);
        assert_eq!(unclosed_quote(b"a,5\" pipe,d\n", 0), None, "an inch mark");
        assert_eq!(unclosed_quote(b"\"x\",\"y\nz", 0), Some(4));
    }
}
