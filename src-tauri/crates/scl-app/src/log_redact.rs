//! Log lines with customers' phone numbers and session tokens masked, whatever wrote them: an
//! error message may quote a number ("cannot call +15125550123") and the log file must not.

use std::borrow::Cow;
use std::io::{self, Write};

/// Digits in a phone-like run (digits with `+ -().` and spaces between) from which it is masked.
const PHONE_DIGITS: usize = 10;
/// Hex characters in a row from which a run is taken for a token.
const TOKEN_HEX: usize = 32;

/// The line with phone numbers masked but their last two digits (`+•••••••••23`) and long hex
/// runs (tokens, hashes) replaced by `[secret]`.
pub fn redact_secrets(line: &str) -> Cow<'_, str> {
    let masked_phones = mask_phones(line);
    match mask_tokens(&masked_phones) {
        Cow::Borrowed(_) => masked_phones,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

fn mask_phones(line: &str) -> Cow<'_, str> {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Option<String> = None;
    let mut i = 0;
    let mut copied = 0;
    while i < chars.len() {
        if !(chars[i].is_ascii_digit() || chars[i] == '+') {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || " +-().".contains(chars[j])) {
            if chars[j].is_ascii_digit() {
                digits += 1;
                end = j + 1;
            }
            j += 1;
        }
        if digits >= PHONE_DIGITS {
            let s = out.get_or_insert_with(String::new);
            s.extend(&chars[copied..start]);
            let mut seen = 0;
            for &c in &chars[start..end] {
                if c.is_ascii_digit() {
                    seen += 1;
                    s.push(if seen > digits - 2 { c } else { '•' });
                } else {
                    s.push(c);
                }
            }
            copied = end;
        }
        i = j.max(i + 1);
    }
    match out {
        None => Cow::Borrowed(line),
        Some(mut s) => {
            s.extend(&chars[copied..]);
            Cow::Owned(s)
        }
    }
}

fn mask_tokens(line: &str) -> Cow<'_, str> {
    let bytes = line.as_bytes();
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if run >= TOKEN_HEX {
            let s = out.get_or_insert_with(String::new);
            s.push_str(&line[copied..i]);
            s.push_str("[secret]");
            copied = i + run;
        }
        i += run.max(1);
    }
    match out {
        None => Cow::Borrowed(line),
        Some(mut s) => {
            s.push_str(&line[copied..]);
            Cow::Owned(s)
        }
    }
}

/// A writer that masks every buffer before passing it on (a formatted log event arrives whole).
#[derive(Debug)]
pub struct RedactingWriter<W>(pub W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact_secrets(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_keep_only_their_last_two_digits() {
        assert_eq!(
            redact_secrets("cannot call +15125550123: no handler"),
            "cannot call +•••••••••23: no handler"
        );
        assert_eq!(
            redact_secrets("from (512) 555-0123 and 512.555.0199"),
            "from (•••) •••-••23 and •••.•••.••99"
        );
    }

    #[test]
    fn times_ids_and_short_numbers_are_left_alone() {
        let line = "2026-11-21T18:14:00.123456Z INFO lead=4312 page=2 took 37 ms";
        assert!(matches!(redact_secrets(line), Cow::Borrowed(_)), "{line}");
    }

    #[test]
    fn tokens_and_hashes_are_removed() {
        let token = "ab".repeat(32);
        assert_eq!(
            redact_secrets(&format!("session {token} kept")),
            "session [secret] kept"
        );
    }

    #[test]
    fn the_writer_masks_what_passes_through() {
        let mut w = RedactingWriter(Vec::new());
        w.write_all(b"tel:+15125550123\n").unwrap();
        assert_eq!(String::from_utf8(w.0).unwrap(), "tel:+•••••••••23\n");
    }
}
