//! Structure-aware generators: documents shaped like each reader's format, with fields drawn
//! from ordinary values and from edge values (empty, NULL, huge numbers, impossible dates,
//! stray quotes, mixed line endings, invalid UTF-8).

pub mod audio;
pub mod cdr;
pub mod cues;
pub mod json;

use fastrand::Rng;

/// Any export `read_path` might be handed.
pub fn any_export(rng: &mut Rng) -> Vec<u8> {
    match rng.u8(0..4) {
        0 => cdr::asterisk(rng),
        1 => cdr::freepbx(rng),
        2 => json::twilio(rng),
        _ => json::jsonl(rng),
    }
}

pub(crate) fn pick<'a, T: ?Sized>(rng: &mut Rng, items: &[&'a T]) -> &'a T {
    items[rng.usize(0..items.len())]
}

/// One in `n`.
pub(crate) fn chance(rng: &mut Rng, n: u32) -> bool {
    rng.u32(0..n) == 0
}

pub(crate) fn line_ending(rng: &mut Rng) -> &'static str {
    match rng.u8(0..20) {
        0 => "\r",
        1..=4 => "\r\n",
        _ => "\n",
    }
}

const PHONES: &[&str] = &[
    "3035550123",
    "+13035550123",
    "(303) 555-0123",
    "303.555.0142",
    "1-720-555-0100",
    "201",
    "600",
    "anonymous",
    "Restricted",
    "+442079460958",
    "0",
    "+",
    "+99999999999999999999",
    "1234567890123456789012345678901234567890",
    "s",
    "+1 (303) 555-0123 ext. 12",
    "٣٠٣٥٥٥٠١٢٣",
];

pub(crate) fn phone(rng: &mut Rng) -> String {
    if chance(rng, 6) {
        return edge_text(rng);
    }
    pick(rng, PHONES).to_string()
}

const DATES: &[&str] = &[
    "2026-11-20 07:03:12",
    "2026-11-20T07:03:12",
    "2026-11-20T07:03:12Z",
    "2026-11-20T07:03:12-07:00",
    "2026-11-20T07:03:12.123456789+14:00",
    "0000-00-00 00:00:00",
    "2026-02-30 25:61:61",
    "9999-12-31 23:59:59",
    "1970-01-01 00:00:00",
    "-0001-01-01 00:00:00",
    "262143-12-31 23:59:59",
    "2026-11-20",
    "07:03:12",
    "1700000000",
    "Fri, 20 Nov 2026 14:03:30 +0000",
    "Fri, 31 Feb 2026 99:03:30 +9999",
    "2026-13-01 00:00:00",
    "2026-11-20 24:00:00",
    "2026-11-20 23:59:60",
];

pub(crate) fn date(rng: &mut Rng) -> String {
    if chance(rng, 8) {
        return edge_text(rng);
    }
    if chance(rng, 3) {
        return format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            rng.u32(0..10000),
            rng.u32(0..14),
            rng.u32(0..33),
            rng.u32(0..26),
            rng.u32(0..62),
            rng.u32(0..62)
        );
    }
    pick(rng, DATES).to_string()
}

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "20",
    "208",
    "3600",
    "86400",
    "2147483647",
    "2147483648",
    "-9223372036854775808",
    "9223372036854775807",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "1e308",
    "1e999",
    "-0",
    "0.5",
    "NaN",
    "inf",
    " 12 ",
    "12abc",
];

pub(crate) fn number(rng: &mut Rng) -> String {
    if chance(rng, 3) {
        return rng.i64(-10..100_000).to_string();
    }
    pick(rng, NUMBERS).to_string()
}

const EDGES: &[&str] = &[
    "",
    "NULL",
    "null",
    "\\N",
    "\"",
    "\"\"",
    "'",
    ",",
    ";",
    "\t",
    " ",
    "\u{FEFF}",
    "\u{0}",
    "\u{202E}evil",
    "é",
    "😀",
    "\\",
    "\\\"",
    "<script>",
    "4111 1111 1111 1111",
    "123-45-6789",
];

/// Text that is unusual anywhere; sometimes long, sometimes with invalid UTF-8 (made valid
/// by the caller's format where it must be, e.g. JSON escapes).
pub(crate) fn edge_text(rng: &mut Rng) -> String {
    match rng.u8(0..10) {
        // Long fields, rarely past 64 KiB (line and field buffers have limits there).
        0 if chance(rng, 50) => "x".repeat(rng.usize(60_000..70_000)),
        0 => "x".repeat(rng.usize(100..2_000)),
        1 => "9".repeat(rng.usize(20..400)),
        2 => "\"".repeat(rng.usize(1..50)),
        _ => pick(rng, EDGES).to_string(),
    }
}

/// Plain words for names, notes and cue text.
pub(crate) fn words(rng: &mut Rng) -> String {
    const WORDS: &[&str] = &[
        "Dana", "Smith", "agent", "customer", "furnace", "no", "heat", "call", "back", "quote",
        "price", "$1,400", "card", "4111", "1111", "Agent:", "CSR", "Pat", "-->", "<v", "&amp;",
    ];
    let n = rng.usize(0..12);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(pick(rng, WORDS));
    }
    if chance(rng, 10) {
        out.push_str(&edge_text(rng));
    }
    out
}

/// Invalid UTF-8 spliced into a document at a random place.
pub(crate) fn maybe_invalid_utf8(rng: &mut Rng, doc: &mut Vec<u8>) {
    if chance(rng, 12) {
        let bad: &[u8] = pick(
            rng,
            &[&b"\xff"[..], b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\x80"],
        );
        let at = rng.usize(0..=doc.len());
        doc.splice(at..at, bad.iter().copied());
    }
}
