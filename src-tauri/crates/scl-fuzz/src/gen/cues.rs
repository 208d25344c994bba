//! Transcript files: WebVTT and SRT cues with edge timings, voice tags and blocks.

use fastrand::Rng;

use super::{chance, edge_text, line_ending, maybe_invalid_utf8, pick, words};

pub fn vtt(rng: &mut Rng) -> Vec<u8> {
    let mut doc = String::new();
    if chance(rng, 10) {
        doc.push('\u{FEFF}');
    }
    doc.push_str(pick(
        rng,
        &[
            "WEBVTT",
            "WEBVTT",
            "WEBVTT - call",
            "WEBVTT\tx",
            "WEBVTTX",
            "webvtt",
            "",
        ],
    ));
    let eol = line_ending(rng);
    doc.push_str(eol);
    if chance(rng, 4) {
        doc.push_str("Kind: captions");
        doc.push_str(eol);
    }
    for _ in 0..rng.usize(0..10) {
        doc.push_str(eol);
        match rng.u8(0..12) {
            0 => doc.push_str(&format!("NOTE {}{eol}", words(rng))),
            1 => doc.push_str(&format!("STYLE{eol}::cue {{ color: red }}{eol}")),
            2 => doc.push_str(&format!("REGION{eol}id:r1 width:40%{eol}")),
            _ => {
                if chance(rng, 3) {
                    let id = rng.u32(..);
                    doc.push_str(&format!("{id}{eol}"));
                }
                doc.push_str(&timing(rng, '.'));
                if chance(rng, 5) {
                    doc.push_str(pick(
                        rng,
                        &[" align:start", " position:10%", " line:-1", " x"],
                    ));
                }
                doc.push_str(eol);
                for _ in 0..rng.usize(0..4) {
                    doc.push_str(&vtt_text(rng));
                    doc.push_str(line_ending(rng));
                }
            }
        }
    }
    let mut bytes = doc.into_bytes();
    maybe_invalid_utf8(rng, &mut bytes);
    bytes
}

fn vtt_text(rng: &mut Rng) -> String {
    let text = words(rng);
    match rng.u8(0..10) {
        0..=3 => {
            let name = pick(rng, &["Dana", "Agent", "Pat Jones", "", "CSR Lee", "<v"]);
            format!("<v {name}>{text}</v>")
        }
        4 => format!("<v.loud Dana>{text}"),
        5 => format!("<v {text}"),
        6 => format!("<b><i><u>{text}</u></i></b><00:00:01.000>"),
        7 => format!("{text}&amp;&lt;&#x1F600;&bogus;"),
        _ => text,
    }
}

pub fn srt(rng: &mut Rng) -> Vec<u8> {
    let mut doc = String::new();
    if chance(rng, 10) {
        doc.push('\u{FEFF}');
    }
    let eol = line_ending(rng);
    for n in 0..rng.usize(0..10) {
        if !chance(rng, 10) {
            let number = if chance(rng, 8) {
                rng.i64(..)
            } else {
                n as i64 + 1
            };
            doc.push_str(&format!("{number}{eol}"));
        }
        doc.push_str(&timing(rng, ','));
        doc.push_str(eol);
        for _ in 0..rng.usize(0..4) {
            let text = words(rng);
            if chance(rng, 2) {
                let name = pick(rng, &["Dana", "Agent", "Customer", "", "Pat: Jones"]);
                doc.push_str(&format!("{name}: {text}"));
            } else {
                doc.push_str(&text);
            }
            doc.push_str(line_ending(rng));
        }
        doc.push_str(eol);
        if chance(rng, 20) {
            doc.push_str(eol);
        }
    }
    let mut bytes = doc.into_bytes();
    maybe_invalid_utf8(rng, &mut bytes);
    bytes
}

/// A timing line; `fraction` is `.` for WebVTT and `,` for SRT, sometimes swapped.
fn timing(rng: &mut Rng, fraction: char) -> String {
    let fraction = if chance(rng, 10) {
        if fraction == '.' {
            ','
        } else {
            '.'
        }
    } else {
        fraction
    };
    let start = timestamp(rng, fraction);
    let end = timestamp(rng, fraction);
    let arrow = pick(
        rng,
        &[
            " --> ",
            " --> ",
            " --> ",
            "-->",
            " -> ",
            " --> --> ",
            "  -->  ",
        ],
    );
    match rng.u8(0..20) {
        0 => start,
        1 => format!("{start}{arrow}"),
        2 => format!("{arrow}{end}"),
        _ => format!("{start}{arrow}{end}"),
    }
}

fn timestamp(rng: &mut Rng, fraction: char) -> String {
    match rng.u8(0..14) {
        0 => edge_text(rng),
        1 => format!("{}:00:00{fraction}000", "9".repeat(rng.usize(2..30))),
        2 => format!("-00:00:01{fraction}000"),
        3 => format!(
            "00:{:02}:{:02}{fraction}{}",
            rng.u32(0..100),
            rng.u32(0..100),
            rng.u32(..)
        ),
        4 => format!("{:02}:{:02}", rng.u32(0..100), rng.u32(0..100)),
        5 => format!(
            "{:02}:{:02}{fraction}{:03}",
            rng.u32(0..60),
            rng.u32(0..60),
            rng.u32(0..1000)
        ),
        6 => pick(
            rng,
            &[
                "00:00:00.000",
                "99:59:59.999",
                "00:00:60.000",
                "00:60:00.000",
                "1:2:3.4",
                "::.",
                "",
            ],
        )
        .to_string(),
        7 => format!("{}:{:02}:{:02}{fraction}{:03}", u64::MAX, 0, 0, 0),
        _ => format!(
            "{:02}:{:02}:{:02}{fraction}{:03}",
            rng.u32(0..3),
            rng.u32(0..60),
            rng.u32(0..60),
            rng.u32(0..1000)
        ),
    }
}
