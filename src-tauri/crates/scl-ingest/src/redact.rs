//! Payment card numbers and US social security numbers out of free text, written in digits or
//! spoken ("four one one one, one one one one, …") as transcripts write them.
//!
//! The text is read once as a sequence of digit tokens (a run of ASCII digits, or one spoken
//! digit word) joined by short gaps; anything else breaks the sequence. Phone numbers (10 or 11
//! digits) and prices (a comma between digit groups breaks the sequence) never qualify.

pub const CARD_MARK: &str = "[card number redacted]";
pub const SSN_MARK: &str = "[SSN redacted]";

/// How far (bytes) before and after a bare nine-digit number a word like "social" makes it an
/// SSN: "my social is …" comes before, "… that's my SSN" after.
const CONTEXT_BEFORE: usize = 80;
const CONTEXT_AFTER: usize = 40;
const CONTEXT_WORDS: [&[u8]; 4] = [b"social", b"ssn", b"s.s.n", b"security number"];

/// Card lengths tried at each start, most common first: a spoken card followed by more digits
/// should lose the right ones.
const CARD_LENGTHS: [usize; 7] = [16, 15, 19, 18, 17, 14, 13];

/// `text` with every card number and SSN replaced by a marker, and how many were replaced.
pub fn redact(text: &str) -> (String, u32) {
    let spans = find(text.as_bytes());
    if spans.is_empty() {
        return (text.to_string(), 0);
    }
    (replaced(text, &spans), spans.len() as u32)
}

/// [`redact`] for an optional field, adding to a running count; clean text is not copied.
pub(crate) fn redact_opt(text: Option<String>, count: &mut u32) -> Option<String> {
    text.map(|t| {
        let spans = find(t.as_bytes());
        if spans.is_empty() {
            return t;
        }
        *count += spans.len() as u32;
        replaced(&t, &spans)
    })
}

fn replaced(text: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&text[at..span.start]);
        out.push_str(span.mark);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// `None` for a run of ASCII digits, the digit for a spoken word.
    spoken: Option<u8>,
}

impl Token {
    fn digit_count(&self) -> usize {
        if self.spoken.is_some() {
            1
        } else {
            self.end - self.start
        }
    }

    fn push_digits(&self, text: &[u8], out: &mut Vec<u8>) {
        match self.spoken {
            Some(d) => out.push(d),
            None => out.extend(text[self.start..self.end].iter().map(|b| b - b'0')),
        }
    }
}

struct Span {
    start: usize,
    end: usize,
    mark: &'static str,
}

fn find(text: &[u8]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut run: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let start = i;
        let b = text[i];
        if b.is_ascii_digit() {
            while i < text.len() && text[i].is_ascii_digit() {
                i += 1;
            }
            extend_run(
                text,
                &mut run,
                &mut spans,
                Token {
                    start,
                    end: i,
                    spoken: None,
                },
            );
        } else if b.is_ascii_alphabetic() {
            while i < text.len() && text[i].is_ascii_alphabetic() {
                i += 1;
            }
            match spoken_digit(&text[start..i]) {
                Some(d) => extend_run(
                    text,
                    &mut run,
                    &mut spans,
                    Token {
                        start,
                        end: i,
                        spoken: Some(d),
                    },
                ),
                None => close_run(text, &mut run, &mut spans),
            }
        } else {
            i += 1;
        }
    }
    close_run(text, &mut run, &mut spans);
    spans
}

fn extend_run(text: &[u8], run: &mut Vec<Token>, spans: &mut Vec<Span>, token: Token) {
    if let Some(last) = run.last() {
        if !joins(&text[last.end..token.start], last, &token) {
            close_run(text, run, spans);
        }
    }
    run.push(token);
}

/// Whether two digit tokens belong to one number: a space or two, one dash, or (between spoken
/// digits) one comma. A comma between written digits is a thousands separator: "$1,400".
fn joins(gap: &[u8], left: &Token, right: &Token) -> bool {
    let spoken = left.spoken.is_some() || right.spoken.is_some();
    let count = |c: u8| gap.iter().filter(|&&b| b == c).count();
    gap.len() <= 4
        && gap.iter().all(|b| matches!(b, b' ' | b'\t' | b'-' | b','))
        && count(b'-') <= 1
        && count(b',') <= usize::from(spoken)
}

fn close_run(text: &[u8], run: &mut Vec<Token>, spans: &mut Vec<Span>) {
    let total: usize = run.iter().map(Token::digit_count).sum();
    if total >= 9 {
        let cards = cards_in(text, run);
        let mut from = 0;
        for &(first, last) in cards.iter().chain(std::iter::once(&(run.len(), run.len()))) {
            if let Some(ssn) = ssn_in(text, &run[from..first]) {
                spans.push(ssn);
            }
            if first < run.len() {
                spans.push(Span {
                    start: run[first].start,
                    end: run[last].end,
                    mark: CARD_MARK,
                });
            }
            from = last + 1;
        }
    }
    run.clear();
}

/// Token ranges (inclusive) that spell a Luhn-valid number of 13 to 19 digits, left to right.
fn cards_in(text: &[u8], run: &[Token]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut digits = Vec::with_capacity(24);
    let mut i = 0;
    while i < run.len() {
        digits.clear();
        let mut best: Option<(usize, usize)> = None;
        for (j, token) in run.iter().enumerate().skip(i) {
            token.push_digits(text, &mut digits);
            if digits.len() > 19 {
                break;
            }
            let Some(rank) = CARD_LENGTHS.iter().position(|&n| n == digits.len()) else {
                continue;
            };
            if luhn(&digits) && best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, j));
            }
        }
        match best {
            Some((_, last)) => {
                found.push((i, last));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &d)| {
            let d = u32::from(d);
            if k % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// An SSN spelled by a whole stretch of tokens: `NNN-NN-NNNN` or `NNN NN NNNN` anywhere, or any
/// nine digits when a word like "social" is near.
fn ssn_in(text: &[u8], tokens: &[Token]) -> Option<Span> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    let written_form = tokens.len() == 3
        && tokens.iter().all(|t| t.spoken.is_none())
        && tokens.iter().map(Token::digit_count).eq([3, 2, 4])
        && tokens.windows(2).all(|w| {
            let gap = &text[w[0].end..w[1].start];
            gap == b"-" || gap == b" "
        });
    let digit_total: usize = tokens.iter().map(Token::digit_count).sum();
    if !written_form && (digit_total != 9 || !context_near(text, first.start, last.end)) {
        return None;
    }
    let mut digits = Vec::with_capacity(9);
    for t in tokens {
        t.push_digits(text, &mut digits);
    }
    possible_ssn(&digits).then_some(Span {
        start: first.start,
        end: last.end,
        mark: SSN_MARK,
    })
}

/// The SSA never issues area 000, 666 or 900-999, group 00 or serial 0000.
fn possible_ssn(d: &[u8]) -> bool {
    let number = |s: &[u8]| s.iter().fold(0u32, |acc, &x| acc * 10 + u32::from(x));
    d.len() == 9 && {
        let (area, group, serial) = (number(&d[..3]), number(&d[3..5]), number(&d[5..]));
        area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}

fn context_near(text: &[u8], start: usize, end: usize) -> bool {
    let window = &text[start.saturating_sub(CONTEXT_BEFORE)..(end + CONTEXT_AFTER).min(text.len())];
    CONTEXT_WORDS.iter().any(|word| {
        window
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    })
}

fn spoken_digit(word: &[u8]) -> Option<u8> {
    const WORDS: [(&[u8], u8); 11] = [
        (b"zero", 0),
        (b"oh", 0),
        (b"one", 1),
        (b"two", 2),
        (b"three", 3),
        (b"four", 4),
        (b"five", 5),
        (b"six", 6),
        (b"seven", 7),
        (b"eight", 8),
        (b"nine", 9),
    ];
    // Most words are not digits: a length and first-letter check turns them away cheaply.
    let first = word.first()?.to_ascii_lowercase();
    if !(2..=5).contains(&word.len()) || !b"zotfsen".contains(&first) {
        return None;
    }
    WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, d)| d)
}

#[cfg(test)]
#[path = "redact_tests.rs"]
mod tests;
