//! CDR exports: Asterisk Master.csv (18 columns, no header) and FreePBX (a header naming
//! columns in any order).

use fastrand::Rng;

use super::{chance, date, edge_text, line_ending, maybe_invalid_utf8, number, phone, pick, words};

/// Master.csv's columns, in order.
const ASTERISK: [&str; 18] = [
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
    "uniqueid",
    "userfield",
];

const FREEPBX: &[&str] = &[
    "calldate",
    "clid",
    "src",
    "dst",
    "dcontext",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "accountcode",
    "uniqueid",
    "userfield",
    "did",
    "recordingfile",
    "cnum",
    "cnam",
    "outbound_cnum",
    "linkedid",
    "sequence",
    "start",
    "answer",
    "end",
];

pub fn asterisk(rng: &mut Rng) -> Vec<u8> {
    let columns: Vec<&str> = ASTERISK.to_vec();
    document(rng, &columns, false)
}

pub fn freepbx(rng: &mut Rng) -> Vec<u8> {
    let mut columns: Vec<&str> = FREEPBX.to_vec();
    rng.shuffle(&mut columns);
    // Optional columns missing, unknown ones added, a known one named twice.
    columns.truncate(rng.usize(1..=columns.len()));
    if !columns.contains(&"calldate") && !chance(rng, 10) {
        columns.insert(0, "calldate");
    }
    if chance(rng, 6) {
        columns.push(pick(
            rng,
            &["", "CallDate", "\"calldate\"", "extra", "uniqueid"],
        ));
    }
    document(rng, &columns, true)
}

fn document(rng: &mut Rng, columns: &[&str], header: bool) -> Vec<u8> {
    let separator = if chance(rng, 12) {
        pick(rng, &[";", "\t", "|"])
    } else {
        ","
    };
    let mut doc = String::new();
    if chance(rng, 10) {
        doc.push('\u{FEFF}');
    }
    if header {
        let cells: Vec<String> = columns.iter().map(|c| quote_maybe(rng, c)).collect();
        doc.push_str(&cells.join(separator));
        doc.push_str(line_ending(rng));
    }
    // Calls of several legs share a uniqueid (Asterisk) or linkedid (FreePBX).
    let call_ids: Vec<String> = (0..rng.usize(1..4))
        .map(|_| {
            format!(
                "{}.{}",
                rng.u32(1_600_000_000..1_800_000_000),
                rng.u32(0..999)
            )
        })
        .collect();
    for _ in 0..rng.usize(0..10) {
        let mut width = columns.len();
        if chance(rng, 10) {
            width = rng.usize(0..columns.len() + 4);
        }
        let cells: Vec<String> = (0..width)
            .map(|i| {
                let column = columns.get(i).copied().unwrap_or("extra");
                let value = field(rng, column, &call_ids);
                quote_maybe(rng, &value)
            })
            .collect();
        doc.push_str(&cells.join(separator));
        doc.push_str(line_ending(rng));
        if chance(rng, 15) {
            doc.push_str(pick(rng, &["", "\n", "   ", "#comment", ",,,"]));
            doc.push_str(line_ending(rng));
        }
    }
    if chance(rng, 8) {
        // A file cut mid-row, sometimes inside an open quote.
        let cut = rng.usize(0..=doc.len());
        let cut = (0..=cut)
            .rev()
            .find(|&c| doc.is_char_boundary(c))
            .unwrap_or(0);
        doc.truncate(cut);
        if chance(rng, 2) {
            doc.push_str("\"unterminated");
        }
    }
    let mut bytes = doc.into_bytes();
    maybe_invalid_utf8(rng, &mut bytes);
    bytes
}

fn field(rng: &mut Rng, column: &str, call_ids: &[String]) -> String {
    if chance(rng, 14) {
        return edge_text(rng);
    }
    match column {
        "src" | "dst" | "cnum" | "outbound_cnum" | "did" => phone(rng),
        "clid" => format!("\"{}\" <{}>", words(rng), phone(rng)),
        "calldate" | "start" | "answer" | "end" => {
            if chance(rng, 5) {
                String::new()
            } else {
                date(rng)
            }
        }
        "duration" | "billsec" | "amaflags" | "sequence" => number(rng),
        "disposition" => pick(
            rng,
            &[
                "ANSWERED",
                "NO ANSWER",
                "BUSY",
                "FAILED",
                "CONGESTION",
                "answered",
                "",
                "UNKNOWN",
            ],
        )
        .to_string(),
        "uniqueid" | "linkedid" => {
            if chance(rng, 8) {
                number(rng)
            } else {
                call_ids[rng.usize(0..call_ids.len())].clone()
            }
        }
        "lastapp" => pick(
            rng,
            &["Dial", "Queue", "VoiceMail", "Hangup", "Playback", ""],
        )
        .to_string(),
        "channel" | "dstchannel" => format!("SIP/{}-{:08x}", phone(rng), rng.u32(..)),
        "recordingfile" => pick(
            rng,
            &[
                "",
                "rg-600-3035550123-20261120-070312-1700000000.17.wav",
                "../../etc/passwd",
                "missing.wav",
                "a/b/c.mp3",
            ],
        )
        .to_string(),
        _ => words(rng),
    }
}

/// CSV quoting as exporters do it, and as they get it wrong.
fn quote_maybe(rng: &mut Rng, value: &str) -> String {
    match rng.u8(0..10) {
        0..=3 => format!("\"{}\"", value.replace('"', "\"\"")),
        4 if chance(rng, 4) => format!("\"{value}"),
        5 if chance(rng, 4) => format!("{value}\""),
        6 if chance(rng, 4) => format!("\"{value}\"x"),
        _ => value.to_string(),
    }
}
