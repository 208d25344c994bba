//! JSON documents: Twilio Call resource pages and native JSON Lines records. Written as text,
//! not through a serializer, so numbers can be too big for any type, strings can hold lone
//! surrogates and nesting can go past parsers' limits.

use fastrand::Rng;

use super::{chance, date, edge_text, maybe_invalid_utf8, number, phone, pick, words};

pub fn twilio(rng: &mut Rng) -> Vec<u8> {
    let calls: Vec<String> = (0..rng.usize(0..8)).map(|_| twilio_call(rng)).collect();
    let list = format!("[{}]", calls.join(","));
    let doc = match rng.u8(0..6) {
        0 => list,
        1 => calls.first().cloned().unwrap_or_else(|| "{}".to_string()),
        2 => format!("{{\"calls\": {}}}", value(rng, 0)),
        _ => format!(
            "{{\"calls\": {list}, \"page\": {}, \"page_size\": {}, \"next_page_uri\": {}}}",
            number(rng),
            number(rng),
            string(&words(rng), rng)
        ),
    };
    finish(rng, doc)
}

fn twilio_call(rng: &mut Rng) -> String {
    let mut fields = vec![
        ("sid", string(&format!("CA{:032x}", rng.u128(..)), rng)),
        ("from", string(&phone(rng), rng)),
        ("to", string(&phone(rng), rng)),
        (
            "status",
            string(
                pick(
                    rng,
                    &[
                        "completed",
                        "busy",
                        "no-answer",
                        "failed",
                        "canceled",
                        "ringing",
                        "queued",
                    ],
                ),
                rng,
            ),
        ),
        (
            "direction",
            string(
                pick(
                    rng,
                    &["inbound", "outbound-api", "outbound-dial", "trunking"],
                ),
                rng,
            ),
        ),
        ("start_time", string(&date(rng), rng)),
        ("end_time", string(&date(rng), rng)),
        ("duration", maybe_quoted(&number(rng), rng)),
        ("parent_call_sid", string("CA9f0", rng)),
        (
            "answered_by",
            string(pick(rng, &["human", "machine_start", "fax"]), rng),
        ),
        ("date_created", string(&date(rng), rng)),
    ];
    object(rng, &mut fields)
}

pub fn jsonl(rng: &mut Rng) -> Vec<u8> {
    let mut doc = String::new();
    for _ in 0..rng.usize(0..8) {
        let line = match rng.u8(0..10) {
            0 => customer(rng),
            1 => job(rng),
            2 => value(rng, 0),
            _ => call(rng),
        };
        doc.push_str(&line);
        doc.push_str(super::line_ending(rng));
        if chance(rng, 20) {
            doc.push_str(pick(rng, &["", " ", "\t", "#", "}"]));
            doc.push('\n');
        }
    }
    finish(rng, doc)
}

fn call(rng: &mut Rng) -> String {
    let mut fields = vec![
        ("kind", string("call", rng)),
        ("call_id", string(&format!("c-{}", rng.u32(0..50)), rng)),
        (
            "account",
            string(pick(rng, &["Acme Heating & Air", "", "Other"]), rng),
        ),
        (
            "direction",
            string(pick(rng, &["inbound", "outbound", "sideways"]), rng),
        ),
        ("from", string(&phone(rng), rng)),
        ("to", string(&phone(rng), rng)),
        ("agent", string(&words(rng), rng)),
        (
            "booked",
            pick(rng, &["true", "false", "null", "1", "\"yes\""]).to_string(),
        ),
        ("reason", string(&words(rng), rng)),
        ("csr_notes", string(&words(rng), rng)),
        ("started_at", string(&date(rng), rng)),
        ("answered_at", string(&date(rng), rng)),
        ("ended_at", string(&date(rng), rng)),
        ("customer_id", string(&format!("cu-{}", rng.u32(0..5)), rng)),
        ("job_id", string(&format!("j-{}", rng.u32(0..5)), rng)),
        ("revenue", number(rng)),
        (
            "recording",
            string(
                pick(
                    rng,
                    &["recordings/c-1001.wav", "missing.wav", "", "recordings"],
                ),
                rng,
            ),
        ),
        ("transcript", transcript(rng)),
    ];
    object(rng, &mut fields)
}

fn transcript(rng: &mut Rng) -> String {
    if chance(rng, 3) {
        return string(
            pick(
                rng,
                &[
                    "transcripts/c-1001.vtt",
                    "transcripts/c-1002.srt",
                    "transcripts/missing.vtt",
                    "transcripts",
                    "x.txt",
                ],
            ),
            rng,
        );
    }
    let segments: Vec<String> = (0..rng.usize(0..6))
        .map(|_| {
            let mut fields = vec![
                ("start", number(rng)),
                ("end", number(rng)),
                (
                    "speaker",
                    string(pick(rng, &["agent", "customer", "csr", "", "bot"]), rng),
                ),
                ("text", string(&words(rng), rng)),
            ];
            object(rng, &mut fields)
        })
        .collect();
    format!("[{}]", segments.join(","))
}

fn customer(rng: &mut Rng) -> String {
    let mut fields = vec![
        ("kind", string("customer", rng)),
        ("customer_id", string(&format!("cu-{}", rng.u32(0..5)), rng)),
        ("name", string(&words(rng), rng)),
        (
            "phones",
            format!("[{}, {}]", string(&phone(rng), rng), value(rng, 2)),
        ),
        ("locations", format!("[{}]", value(rng, 1))),
    ];
    object(rng, &mut fields)
}

fn job(rng: &mut Rng) -> String {
    let mut fields = vec![
        ("kind", string("job", rng)),
        ("job_id", string(&format!("j-{}", rng.u32(0..5)), rng)),
        ("customer_id", string(&format!("cu-{}", rng.u32(0..5)), rng)),
        ("booked_at", string(&date(rng), rng)),
        ("revenue", number(rng)),
        ("location_id", value(rng, 2)),
    ];
    object(rng, &mut fields)
}

/// An object of the given fields, some dropped, some replaced by any value, some repeated,
/// some with unknown names.
fn object(rng: &mut Rng, fields: &mut Vec<(&str, String)>) -> String {
    rng.shuffle(fields);
    let mut parts = Vec::with_capacity(fields.len() + 1);
    for (name, text) in fields.iter() {
        if chance(rng, 8) {
            continue;
        }
        let text = if chance(rng, 10) {
            value(rng, 0)
        } else {
            text.clone()
        };
        parts.push(format!("\"{name}\": {text}"));
        if chance(rng, 40) {
            parts.push(format!("\"{name}\": {}", value(rng, 2)));
        }
    }
    if chance(rng, 10) {
        parts.push(format!(
            "{}: {}",
            string(&edge_text(rng), rng),
            value(rng, 1)
        ));
    }
    format!("{{{}}}", parts.join(", "))
}

/// Any JSON value, odd types and deep nesting included.
fn value(rng: &mut Rng, depth: usize) -> String {
    match rng.u8(0..12) {
        0 => "null".to_string(),
        1 => pick(rng, &["true", "false"]).to_string(),
        2 => number(rng),
        3 => pick(
            rng,
            &[
                "1e400",
                "-1e400",
                "123456789012345678901234567890",
                "0.0000000000000000000001",
                "-0.0",
            ],
        )
        .to_string(),
        4 => string(&edge_text(rng), rng),
        5 if depth < 3 => {
            let items: Vec<String> = (0..rng.usize(0..4))
                .map(|_| value(rng, depth + 1))
                .collect();
            format!("[{}]", items.join(","))
        }
        6 if depth < 3 => {
            let mut fields = vec![
                ("a", value(rng, depth + 1)),
                ("kind", value(rng, depth + 1)),
            ];
            object(rng, &mut fields)
        }
        7 => {
            // Nesting past serde_json's recursion limit (128), and far past it.
            let depth = *pick(rng, &[&100usize, &127, &129, &1000, &100_000]);
            let open = if chance(rng, 2) { "[" } else { "{\"a\":" };
            let close = if open == "[" { "]" } else { "}" };
            format!("{}{}", open.repeat(depth), close.repeat(depth))
        }
        _ => string(&words(rng), rng),
    }
}

fn maybe_quoted(text: &str, rng: &mut Rng) -> String {
    if chance(rng, 2) {
        string(text, rng)
    } else {
        text.to_string()
    }
}

/// A JSON string, sometimes with escapes readers must decode (lone surrogates, NUL).
fn string(text: &str, rng: &mut Rng) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
        .replace('\u{0}', "\\u0000");
    let tail = if chance(rng, 30) {
        pick(
            rng,
            &[
                "\\ud800",
                "\\udfff",
                "\\u0000",
                "\\ud83d\\ude00",
                "\\x",
                "\\u12",
            ],
        )
    } else {
        ""
    };
    format!("\"{escaped}{tail}\"")
}

fn finish(rng: &mut Rng, doc: String) -> Vec<u8> {
    let mut bytes = doc.into_bytes();
    if chance(rng, 12) {
        bytes.splice(0..0, "\u{FEFF}".bytes());
    }
    if chance(rng, 10) {
        bytes.truncate(rng.usize(0..=bytes.len()));
    }
    maybe_invalid_utf8(rng, &mut bytes);
    bytes
}
