//! WebVTT, read by the W3C WebVTT parser algorithm (<https://www.w3.org/TR/webvtt1/#file-parsing>):
//! the signature, the header, then blocks collected line by line, where a line holding `-->`
//! after a cue's text starts the next cue even without a blank line between them.
//!
//! Where we differ from the algorithm, on purpose: a cue that ends before it starts, or has no
//! text, is skipped and reported (a browser keeps it and never shows it); each block that is
//! no cue and no NOTE, STYLE or REGION is reported (a browser ignores it). Cue settings,
//! regions and style sheets are read past: a call transcript is not rendered over video.

use super::{decode_entities, not_a_cue, split_lines, CueProblem, Cues, Reader};
use crate::text::quote;

const EXAMPLE: &str = "00:01:02.500 --> 00:01:05.000";

/// Reads WebVTT. The error is for a file that is not WebVTT at all (its signature is wrong).
pub fn parse_vtt(text: &str, agent: Option<&str>) -> Result<Cues, CueProblem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace('\0', "\u{FFFD}");
    let lines = split_lines(&text);
    let first = lines.first().map_or("", |(_, l)| *l);
    let signature = first
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if !signature {
        return Err(CueProblem::new(
            1,
            format!(
                "not a WebVTT file: the first line must be WEBVTT, found {}",
                quote(first)
            ),
        ));
    }
    let mut parser = Parser {
        lines: &lines,
        at: 1,
        seen_cue: false,
        reader: Reader::new(agent),
    };
    // The header: lines after the signature up to a blank line.
    if parser.line().is_some_and(|l| !l.is_empty()) {
        parser.block(true);
    }
    parser.skip_blank();
    while parser.at < lines.len() {
        parser.block(false);
        parser.skip_blank();
    }
    Ok(parser.reader.finish())
}

struct Parser<'t, 'a> {
    lines: &'t [(u64, &'t str)],
    at: usize,
    seen_cue: bool,
    reader: Reader<'a>,
}

struct Cue {
    line: u64,
    start: f64,
    end: f64,
}

impl Parser<'_, '_> {
    fn line(&self) -> Option<&str> {
        self.lines.get(self.at).map(|(_, l)| *l)
    }

    fn skip_blank(&mut self) {
        while self.line().is_some_and(str::is_empty) {
            self.at += 1;
        }
    }

    /// "Collect a WebVTT block": a cue, a comment, a style sheet, a region, or nothing.
    fn block(&mut self, in_header: bool) {
        let first_line = self.lines.get(self.at).map_or(0, |(n, _)| *n);
        let mut line_count = 0;
        let mut previous = self.at;
        let mut buffer: Vec<&str> = Vec::new();
        let mut seen_arrow = false;
        let mut cue: Option<Cue> = None;
        let mut style_or_region = false;
        while let Some(&(number, line)) = self.lines.get(self.at) {
            self.at += 1;
            line_count += 1;
            if line.contains("-->") {
                if !in_header && (line_count == 1 || (line_count == 2 && !seen_arrow)) {
                    seen_arrow = true;
                    previous = self.at;
                    match timings(line) {
                        Ok((start, end)) => {
                            cue = Some(Cue {
                                line: number,
                                start,
                                end,
                            });
                            buffer.clear();
                            self.seen_cue = true;
                        }
                        Err(message) => {
                            cue = None;
                            self.reader.problem(number, message);
                        }
                    }
                } else {
                    self.at = previous;
                    break;
                }
            } else if line.is_empty() {
                break;
            } else {
                if !in_header && line_count == 2 && !self.seen_cue {
                    let head = buffer.first().copied().unwrap_or("");
                    if ["STYLE", "REGION"].iter().any(|w| is_keyword_line(head, w)) {
                        style_or_region = true;
                        buffer.clear();
                    }
                }
                buffer.push(line);
                previous = self.at;
            }
        }
        if let Some(cue) = cue {
            let (name, text) = payload(&buffer);
            self.reader
                .caption(cue.line, cue.start, cue.end, name.as_deref(), &text);
            return;
        }
        let head = buffer.first().copied().unwrap_or("");
        let known = in_header
            || seen_arrow
            || style_or_region
            || head.starts_with("NOTE") && (head.len() == 4 || head[4..].starts_with([' ', '\t']))
            || ["STYLE", "REGION"].iter().any(|w| is_keyword_line(head, w));
        if !known && !head.is_empty() {
            self.reader.problem(first_line, not_a_cue(EXAMPLE, head));
        }
    }
}

/// `STYLE` or `REGION` alone on its line, maybe followed by white space.
fn is_keyword_line(line: &str, word: &str) -> bool {
    line.strip_prefix(word)
        .is_some_and(|rest| rest.chars().all(is_vtt_space))
}

/// WebVTT's white space: space, tab, line feed, form feed, carriage return (not vertical tab).
fn is_vtt_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

/// "Collect WebVTT cue timings and settings"; the settings are not kept.
fn timings(line: &str) -> Result<(f64, f64), String> {
    let rest = line.trim_start_matches(is_vtt_space);
    let (start, rest) =
        timestamp(rest).ok_or_else(|| format!("bad cue start time in {}", quote(line)))?;
    let rest = rest.trim_start_matches(is_vtt_space);
    let rest = rest
        .strip_prefix("-->")
        .ok_or_else(|| format!("bad cue timing {}", quote(line)))?;
    let rest = rest.trim_start_matches(is_vtt_space);
    let (end, _settings) =
        timestamp(rest).ok_or_else(|| format!("bad cue end time in {}", quote(line)))?;
    Ok((start, end))
}

/// "Collect a WebVTT timestamp": `[hours:]MM:SS.mmm`, hours of any length, minutes and seconds
/// of two digits up to 59, exactly three digits of milliseconds. Returns the rest of the input.
fn timestamp(input: &str) -> Option<(f64, &str)> {
    let digits = |s: &str| -> usize { s.bytes().take_while(u8::is_ascii_digit).count() };
    let number = |s: &str| -> Option<u64> { s.parse::<u64>().ok() };
    let n = digits(input);
    if n == 0 {
        return None;
    }
    let first = number(&input[..n])?;
    let hours_first = n != 2 || first > 59;
    let rest = input[n..].strip_prefix(':')?;
    let n2 = digits(rest);
    if n2 != 2 {
        return None;
    }
    let second = number(&rest[..2])?;
    let mut rest = &rest[2..];
    let (hours, minutes, seconds) = if hours_first || rest.starts_with(':') {
        rest = rest.strip_prefix(':')?;
        if digits(rest) != 2 {
            return None;
        }
        let third = number(&rest[..2])?;
        rest = &rest[2..];
        (first, second, third)
    } else {
        (0, first, second)
    };
    let rest = rest.strip_prefix('.')?;
    if digits(rest) != 3 {
        return None;
    }
    let millis = number(&rest[..3])?;
    if minutes > 59 || seconds > 59 {
        return None;
    }
    let whole = hours
        .checked_mul(3600)?
        .checked_add(minutes * 60 + seconds)?;
    Some((whole as f64 + millis as f64 / 1000.0, &rest[3..]))
}

/// The first voice's name, and the text without tags, lines joined by spaces.
fn payload(lines: &[&str]) -> (Option<String>, String) {
    let mut name = None;
    let mut text = String::new();
    for line in lines {
        let mut rest = *line;
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                // No `>` after this `<`, so none after any later one: the rest is text, its
                // stray `<`s dropped. (Searching again from each `<` was quadratic in them.)
                rest = &rest[open..];
                text.extend(rest.chars().filter(|&c| c != '<'));
                rest = "";
                break;
            };
            let tag = &rest[open + 1..open + close];
            if name.is_none() && (tag.starts_with("v ") || tag.starts_with("v.")) {
                name = tag
                    .split_once([' ', '\t'])
                    .map(|(_, n)| n.trim().to_string())
                    .filter(|n| !n.is_empty());
            }
            rest = &rest[open + close + 1..];
        }
        text.push_str(rest);
        text.push(' ');
    }
    (
        name,
        decode_entities(text.split_whitespace().collect::<Vec<_>>().join(" ")),
    )
}

#[cfg(test)]
#[path = "webvtt_tests.rs"]
mod tests;
