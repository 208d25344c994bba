//! A transcript file's bytes to text.
//!
//! The rule: a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE). Without one, UTF-8
//! when the bytes are UTF-8. Otherwise, a file holding NUL bytes is refused (it is UTF-16 or
//! UTF-32 that lost its mark: guessing the byte order would be guessing), and any other file is
//! read as Windows-1252, the encoding Windows tools write when they do not write UTF-8 (every
//! byte is a character there, so accents come out right rather than as U+FFFD), with a notice
//! naming the line of the first byte that was not UTF-8.

use super::CueProblem;
use crate::text::first_bad_utf8_line;

/// The text of a transcript file, and a notice when its encoding was not stated by the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub notice: Option<CueProblem>,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, CueProblem> {
    // UTF-32 LE's mark starts like UTF-16 LE's, so it is looked for first.
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return Ok(utf32(rest, u32::from_le_bytes, "UTF-32 LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return Ok(utf32(rest, u32::from_be_bytes, "UTF-32 BE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes, "UTF-16 LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes, "UTF-16 BE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(match String::from_utf8(rest.to_vec()) {
            Ok(text) => Decoded { text, notice: None },
            Err(e) => {
                let line = first_bad_utf8_line(rest).unwrap_or(1);
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let message = "marked UTF-8 but holds bytes that are not; they were replaced \
                               with \u{FFFD}";
                Decoded {
                    text,
                    notice: Some(CueProblem::new(line, message)),
                }
            }
        });
    }
    let bad_line = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: text.to_string(),
                notice: None,
            })
        }
        Err(_) => first_bad_utf8_line(bytes).unwrap_or(1),
    };
    if let Some(at) = memchr::memchr(0, bytes) {
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64 + 1;
        return Err(CueProblem::new(
            line,
            "not UTF-8 and holds NUL bytes: UTF-16 or UTF-32 without a byte-order mark? \
             Save it as UTF-8, or with a byte-order mark",
        ));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        notice: Some(CueProblem::new(
            bad_line,
            "not UTF-8 (and no byte-order mark); read as Windows-1252",
        )),
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &str) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut bad = None;
    for decoded in char::decode_utf16(units) {
        let c = decoded.unwrap_or_else(|_| {
            bad.get_or_insert(line_of(&text));
            '\u{FFFD}'
        });
        text.push(c);
    }
    if bytes.len() % 2 == 1 {
        bad.get_or_insert(line_of(&text));
        text.push('\u{FFFD}');
    }
    Decoded {
        notice: bad.map(|line| broken(line, name)),
        text,
    }
}

fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32, name: &str) -> Decoded {
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut bad = None;
    for quad in bytes.chunks(4) {
        let c = <[u8; 4]>::try_from(quad)
            .ok()
            .and_then(|quad| char::from_u32(unit(quad)))
            .unwrap_or_else(|| {
                bad.get_or_insert(line_of(&text));
                '\u{FFFD}'
            });
        text.push(c);
    }
    Decoded {
        notice: bad.map(|line| broken(line, name)),
        text,
    }
}

fn line_of(text_so_far: &str) -> u64 {
    memchr::memchr_iter(b'\n', text_so_far.as_bytes()).count() as u64 + 1
}

fn broken(line: u64, encoding: &str) -> CueProblem {
    CueProblem::new(
        line,
        format!(
            "marked {encoding} but not valid {encoding}; bad units were replaced with \u{FFFD}"
        ),
    )
}
