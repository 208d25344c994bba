//! One JSON field at a time, so a wrong type can be reported under the field's name.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

use crate::text::quote;

/// "a string", "a number", …: what the field holds, for messages.
pub(crate) fn kind_of(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn expected(what: &str, raw: &RawValue) -> String {
    let shown = if raw.get().len() <= 40 {
        format!(" ({})", raw.get())
    } else {
        String::new()
    };
    format!("expected {what}, found {}{shown}", kind_of(raw))
}

pub(crate) fn text(raw: &RawValue) -> Result<Cow<'_, str>, String> {
    let json = raw.get();
    if !json.starts_with('"') {
        return Err(expected("a string", raw));
    }
    // Valid JSON without a backslash holds no escapes: the text is the bytes between quotes.
    if !json.contains('\\') {
        return Ok(Cow::Borrowed(&json[1..json.len() - 1]));
    }
    serde_json::from_str::<String>(json)
        .map(Cow::Owned)
        .map_err(|e| e.to_string())
}

pub(crate) fn number(raw: &RawValue) -> Result<f64, String> {
    let json = raw.get();
    if !json.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(expected("a number", raw));
    }
    json.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("number out of range: {json}"))
}

pub(crate) fn boolean(raw: &RawValue) -> Result<bool, String> {
    match raw.get() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(expected("true or false", raw)),
    }
}

pub(crate) fn time(raw: &RawValue) -> Result<DateTime<Utc>, String> {
    let t = text(raw).map_err(|_| expected("an RFC 3339 time", raw))?;
    let t = t.trim();
    if let Some(time) = rfc3339_plain(t) {
        return Ok(time);
    }
    DateTime::parse_from_rfc3339(t)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| format!("not an RFC 3339 time: {}", quote(t)))
}

/// `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`, the way exports write times, read by hand: three
/// times a call, chrono's general parser is a tenth of the read. Anything else (leap seconds,
/// odd spellings, bad dates) returns `None` and goes to chrono.
fn rfc3339_plain(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if b.len() < 20
        || !separators.iter().all(|&(i, c)| b[i] == c)
        || !matches!(b[10], b'T' | b't' | b' ')
    {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(number(0, 4)?).ok()?,
        number(5, 7)?,
        number(8, 10)?,
    )?;
    let mut i = 19;
    let mut nanos = 0u32;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        nanos *= 10u32.pow(9 - (i - start).min(9) as u32);
    }
    let offset_seconds = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let (hours, minutes) = (number(i + 1, i + 3)?, number(i + 4, i + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let local = date.and_hms_nano_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?, nanos)?;
    let utc = local.checked_sub_signed(chrono::TimeDelta::try_seconds(offset_seconds)?)?;
    Some(utc.and_utc())
}

/// Identifiers come as strings or as whole numbers (exports from databases often do the
/// latter); both read as text.
pub(crate) fn id(raw: &RawValue) -> Result<String, String> {
    let json = raw.get();
    if json.starts_with('"') {
        return text(raw).map(|t| t.trim().to_string());
    }
    if json.bytes().all(|b| b.is_ascii_digit() || b == b'-') && json.len() <= 20 {
        return Ok(json.to_string());
    }
    Err(expected("a string or a whole number", raw))
}

pub(crate) fn list(raw: &RawValue) -> Result<Vec<&RawValue>, String> {
    if !raw.get().starts_with('[') {
        return Err(expected("a list", raw));
    }
    serde_json::from_str(raw.get()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_string()).unwrap()
    }

    #[test]
    fn text_borrows_plain_strings_and_unescapes_others() {
        assert!(matches!(text(&raw("\"abc\"")), Ok(Cow::Borrowed("abc"))));
        assert_eq!(text(&raw(r#""a\"b\u00e9""#)).unwrap(), "a\"bé");
        assert_eq!(
            text(&raw("42")).unwrap_err(),
            "expected a string, found a number (42)"
        );
        assert_eq!(
            text(&raw("{\"a\":1}")).unwrap_err(),
            "expected a string, found an object ({\"a\":1})"
        );
    }

    #[test]
    fn numbers_booleans_ids() {
        assert_eq!(number(&raw("12.5")), Ok(12.5));
        assert_eq!(number(&raw("-3e2")), Ok(-300.0));
        assert_eq!(
            number(&raw("1e999")).unwrap_err(),
            "number out of range: 1e999"
        );
        assert!(number(&raw("\"12\"")).is_err());
        assert_eq!(boolean(&raw("true")), Ok(true));
        assert_eq!(
            boolean(&raw("\"yes\"")).unwrap_err(),
            "expected true or false, found a string (\"yes\")"
        );
        assert_eq!(id(&raw("12345")).unwrap(), "12345");
        assert_eq!(id(&raw("\" C-7 \"")).unwrap(), "C-7");
        assert!(id(&raw("1.5")).is_err());
        assert!(id(&raw("[1]")).is_err());
    }

    #[test]
    fn the_plain_time_reader_agrees_with_chrono() {
        let mut cases: Vec<String> = vec![
            "2026-11-20T14:03:12Z".into(),
            "2026-11-20t14:03:12z".into(),
            "2026-11-20 14:03:12+00:00".into(),
            "2026-11-20T09:03:12.5-05:00".into(),
            "2026-11-20T23:59:59.123456789+14:00".into(),
            "2026-11-20T23:59:59.1234567891Z".into(),
            "2026-02-29T10:00:00Z".into(),
            "2024-02-29T10:00:00Z".into(),
            "2026-12-31T23:30:00-01:00".into(),
            "0001-01-01T00:00:00+01:00".into(),
            "2026-11-20T24:00:00Z".into(),
            "2026-11-20T14:03:60Z".into(),
            "2026-11-20T14:03:12.Z".into(),
            "2026-11-20T14:03:12+0500".into(),
            "2026-11-20T14:03:12+24:00".into(),
            "2026-11-20T14:03:12".into(),
            "2026-13-20T14:03:12Z".into(),
            "2026-11-20T14:03:12Zjunk".into(),
        ];
        let mut n = 12345u64;
        for _ in 0..2000 {
            n = n.wrapping_mul(6364136223846793005).wrapping_add(1);
            let pick = |k: u64, m: u64| (n >> k) % m;
            let offset = match pick(1, 3) {
                0 => "Z".to_string(),
                1 => format!("+{:02}:{:02}", pick(5, 24), pick(9, 60)),
                _ => format!("-{:02}:{:02}", pick(13, 24), pick(17, 60)),
            };
            let fraction = match pick(21, 3) {
                0 => String::new(),
                1 => format!(".{}", pick(23, 1000)),
                _ => format!(".{:09}", pick(33, 1_000_000_000)),
            };
            cases.push(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}{offset}",
                1970 + pick(40, 100),
                1 + pick(44, 12),
                1 + pick(48, 31),
                pick(52, 24),
                pick(56, 60),
                pick(60, 60)
            ));
        }
        for case in cases {
            let chrono = DateTime::parse_from_rfc3339(&case)
                .ok()
                .map(|d| d.with_timezone(&Utc));
            match rfc3339_plain(&case) {
                Some(plain) => assert_eq!(Some(plain), chrono, "{case}"),
                None => assert!(
                    chrono.is_none() || case.contains(":60") || case.contains(".1234567891"),
                    "{case} should be read by hand"
                ),
            }
        }
    }

    #[test]
    fn times_in_any_offset_come_out_utc() {
        let t = time(&raw("\"2026-11-20T09:03:12-05:00\"")).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-20T14:03:12+00:00");
        assert_eq!(
            time(&raw("\"yesterday\"")).unwrap_err(),
            "not an RFC 3339 time: \"yesterday\""
        );
        assert_eq!(
            time(&raw("1700000000")).unwrap_err(),
            "expected an RFC 3339 time, found a number (1700000000)"
        );
    }
}
