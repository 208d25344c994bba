//! Byte-order marks, blank lines, and short quotes of bad input for messages.

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A quote of bad input never runs longer than this, however long the line.
const QUOTE_CHARS: usize = 60;

pub(crate) fn strip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(BOM).unwrap_or(input)
}

pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// A short, escaped quote of possibly invalid bytes: `"abc…"`.
pub(crate) fn quote_bytes(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(QUOTE_CHARS * 4)];
    quote_with(&String::from_utf8_lossy(head), head.len() < bytes.len())
}

/// A short, escaped quote of text for a message: `"yesterday"`, `"a long …"`.
pub(crate) fn quote(text: &str) -> String {
    quote_with(text, false)
}

fn quote_with(text: &str, cut: bool) -> String {
    let mut out = String::with_capacity(text.len().min(QUOTE_CHARS) + 4);
    out.push('"');
    let mut chars = text.chars();
    for c in chars.by_ref().take(QUOTE_CHARS) {
        out.extend(c.escape_debug());
    }
    if cut || chars.next().is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// 1-based line of a byte offset, given the offsets of every `\n`.
pub(crate) fn line_at(newlines: &[usize], offset: usize) -> u64 {
    newlines.partition_point(|&n| n < offset) as u64 + 1
}

pub(crate) fn newlines(input: &[u8]) -> Vec<usize> {
    memchr::memchr_iter(b'\n', input).collect()
}

/// The line holding the first byte that is not UTF-8.
pub(crate) fn first_bad_utf8_line(input: &[u8]) -> Option<u64> {
    std::str::from_utf8(input).err().map(|e| {
        let before = &input[..e.valid_up_to()];
        memchr::memchr_iter(b'\n', before).count() as u64 + 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_escaped_and_marked_when_cut() {
        assert_eq!(quote("yesterday"), "\"yesterday\"");
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        let long = "x".repeat(10_000);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS + 3);
        assert!(q.ends_with("…\""));
        assert_eq!(quote_bytes(b"ab\xFFc"), "\"ab\u{FFFD}c\"");
        assert!(quote_bytes(&[b'y'; 5000]).ends_with("…\""));
    }

    #[test]
    fn offsets_map_to_lines() {
        let text = b"a\nbb\nccc";
        let nl = newlines(text);
        assert_eq!(line_at(&nl, 0), 1);
        assert_eq!(line_at(&nl, 1), 1, "the newline belongs to its line");
        assert_eq!(line_at(&nl, 2), 2);
        assert_eq!(line_at(&nl, 7), 3);
        assert_eq!(first_bad_utf8_line(b"ok\nok\n\xC3("), Some(3));
        assert_eq!(first_bad_utf8_line(b"fine"), None);
    }
}
