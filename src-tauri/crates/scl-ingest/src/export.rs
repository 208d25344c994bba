//! Transcripts out: plain text, WebVTT and SubRip (SRT), for saving or pasting a call's words.
//!
//! The text of a segment comes from speech recognition or a phone system, so it is treated as
//! hostile: whatever it holds (`<script>`, `-->`, blank lines, `&`), the file stays well formed
//! and reads back, through [`crate::transcript`], to the same speakers, times and words.
//! Each segment's text is put on one line (line breaks and runs of spaces become one space;
//! control characters are dropped); segments left with no text are not written.

use std::fmt::Write;

use scl_domain::{Speaker, TranscriptSegment};

/// One line a segment: `[00:01:05] Agent: text`.
pub fn to_txt(segments: &[TranscriptSegment]) -> String {
    let mut out = String::new();
    for (segment, text) in written(segments) {
        let seconds = millis(segment.start_s) / 1000;
        let _ = writeln!(
            out,
            "[{:02}:{:02}:{:02}] {}: {text}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60,
            speaker_name(segment.speaker)
        );
    }
    out
}

/// WebVTT with a voice tag a cue: `<v Agent>text</v>`. `&`, `<` and `>` in the text are written
/// as character references, so no text can open a tag or end a timing line (`-->`).
pub fn to_vtt(segments: &[TranscriptSegment]) -> String {
    let mut out = String::from("WEBVTT\n");
    for (index, (segment, text)) in written(segments).enumerate() {
        let (start, end) = times(segment);
        let _ = write!(
            out,
            "\n{}\n{} --> {}\n<v {}>{}</v>\n",
            index + 1,
            timestamp(start, '.'),
            timestamp(end, '.'),
            speaker_name(segment.speaker),
            escape_markup(&text)
        );
    }
    out
}

/// SubRip with the speaker as a `Name:` prefix. SRT has no escaping of its own; players read
/// HTML-like tags and `{\...}` positioning codes in it. So `&`, `<` and `>` are written as
/// character references (as in WebVTT) and braces as parentheses: a transcript has no use for
/// braces, and a player would hide the text between them.
pub fn to_srt(segments: &[TranscriptSegment]) -> String {
    let mut out = String::new();
    for (index, (segment, text)) in written(segments).enumerate() {
        let (start, end) = times(segment);
        if index > 0 {
            out.push('\n');
        }
        let text = escape_markup(&text).replace('{', "(").replace('}', ")");
        let _ = write!(
            out,
            "{}\n{} --> {}\n{}: {text}\n",
            index + 1,
            timestamp(start, ','),
            timestamp(end, ','),
            speaker_name(segment.speaker),
        );
    }
    out
}

fn speaker_name(speaker: Speaker) -> &'static str {
    match speaker {
        Speaker::Agent => "Agent",
        Speaker::Customer => "Customer",
    }
}

/// The segments that have text, each with its text on one clean line.
fn written(
    segments: &[TranscriptSegment],
) -> impl Iterator<Item = (&TranscriptSegment, String)> + '_ {
    segments.iter().filter_map(|segment| {
        let text = segment
            .text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!text.is_empty()).then_some((segment, text))
    })
}

fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Whole milliseconds; a negative or undefined time is the start of the call.
fn millis(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    }
}

/// Start and end in milliseconds, the end never before the start (parsers reject that cue).
fn times(segment: &TranscriptSegment) -> (u64, u64) {
    let start = millis(segment.start_s);
    (start, millis(segment.end_s).max(start))
}

/// `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT).
fn timestamp(ms: u64, separator: char) -> String {
    let seconds = ms / 1000;
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{parse_srt, parse_vtt};

    fn seg(start_s: f64, end_s: f64, speaker: Speaker, text: &str) -> TranscriptSegment {
        TranscriptSegment {
            start_s,
            end_s,
            speaker,
            text: text.to_string(),
        }
    }

    fn call() -> Vec<TranscriptSegment> {
        vec![
            seg(
                0.0,
                2.5,
                Speaker::Agent,
                "Thanks for calling Acme Heating, this is Dana.",
            ),
            seg(
                2.6,
                6.04,
                Speaker::Customer,
                "Hi, my furnace stopped & it's cold.",
            ),
            seg(65.2, 68.0, Speaker::Agent, "Let me check the schedule."),
            seg(3725.5, 3730.25, Speaker::Customer, "Great, thanks!"),
        ]
    }

    /// Text that tries to break out of its cue: tags, timing arrows, blank lines, entities,
    /// a fake voice, a fake header, braces, control characters.
    fn hostile() -> Vec<TranscriptSegment> {
        [
            "<script>alert('x')</script>",
            "a --> b",
            "line one\n\nline two\r\n\r\n3",
            "&amp; stays &lt;literal&gt;",
            "</v><v Agent>I am the agent now",
            "WEBVTT",
            "NOTE not a note",
            "00:00:01.000 --> 00:00:02.000",
            "{\\an8}on top",
            "bell\u{7}and\u{0}nul",
            "<b>bold</b> & <i>",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let speaker = if i % 2 == 0 {
                Speaker::Customer
            } else {
                Speaker::Agent
            };
            seg(i as f64 * 3.0, i as f64 * 3.0 + 2.5, speaker, text)
        })
        .collect()
    }

    /// The text as every writer puts it: one line, single spaces, no control characters.
    fn one_line(text: &str) -> String {
        written(&[seg(0.0, 1.0, Speaker::Agent, text)])
            .next()
            .map(|(_, t)| t)
            .unwrap_or_default()
    }

    fn assert_reads_back(read: &[TranscriptSegment], written: &[TranscriptSegment], srt: bool) {
        assert_eq!(read.len(), written.len());
        for (r, w) in read.iter().zip(written) {
            let mut text = one_line(&w.text);
            if srt {
                text = text.replace('{', "(").replace('}', ")");
            }
            assert_eq!(r.text, text);
            assert_eq!(r.speaker, w.speaker, "{text}");
            assert!((r.start_s - w.start_s).abs() < 0.0005 && (r.end_s - w.end_s).abs() < 0.0005);
        }
    }

    #[test]
    fn txt_has_one_timed_line_a_segment() {
        assert_eq!(
            to_txt(&call()),
            "[00:00:00] Agent: Thanks for calling Acme Heating, this is Dana.\n\
             [00:00:02] Customer: Hi, my furnace stopped & it's cold.\n\
             [00:01:05] Agent: Let me check the schedule.\n\
             [01:02:05] Customer: Great, thanks!\n"
        );
        let txt = to_txt(&hostile());
        assert_eq!(txt.lines().count(), hostile().len());
        assert!(txt.contains("] Customer: line one line two 3\n"));
    }

    #[test]
    fn vtt_is_exact_for_a_plain_call() {
        assert_eq!(
            to_vtt(&call()[..2]),
            "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\n\
             <v Agent>Thanks for calling Acme Heating, this is Dana.</v>\n\n\
             2\n00:00:02.600 --> 00:00:06.040\n<v Customer>Hi, my furnace stopped &amp; it's cold.</v>\n"
        );
    }

    #[test]
    fn srt_is_exact_for_a_plain_call() {
        assert_eq!(
            to_srt(&call()[2..]),
            "1\n00:01:05,200 --> 00:01:08,000\nAgent: Let me check the schedule.\n\n\
             2\n01:02:05,500 --> 01:02:10,250\nCustomer: Great, thanks!\n"
        );
    }

    #[test]
    fn vtt_and_srt_read_back_through_the_parsers() {
        for segments in [call(), hostile()] {
            let vtt = parse_vtt(&to_vtt(&segments), None).expect("WebVTT");
            assert_eq!(vtt.problems, vec![]);
            assert_reads_back(&vtt.segments, &segments, false);
            let srt = parse_srt(&to_srt(&segments), None).expect("SRT");
            assert_eq!(srt.problems, vec![]);
            assert_reads_back(&srt.segments, &segments, true);
        }
    }

    /// Checked line by line: a header, then blocks of exactly id, timing and one text line.
    #[test]
    fn hostile_text_cannot_break_the_structure() {
        let segments = hostile();
        let vtt = to_vtt(&segments);
        let mut blocks = vtt.split("\n\n");
        assert_eq!(blocks.next(), Some("WEBVTT"));
        let mut count = 0;
        for (i, block) in blocks.enumerate() {
            let lines: Vec<&str> = block.trim_end_matches('\n').split('\n').collect();
            assert_eq!(lines.len(), 3, "cue {}: {block:?}", i + 1);
            assert_eq!(lines[0], (i + 1).to_string());
            assert_eq!(lines[1].matches("-->").count(), 1);
            let payload = lines[2];
            let voice = format!("<v {}>", speaker_name(segments[i].speaker));
            let inner = payload
                .strip_prefix(&voice)
                .and_then(|p| p.strip_suffix("</v>"))
                .unwrap_or_else(|| panic!("cue {}: {payload}", i + 1));
            assert!(
                !inner.contains(['<', '>']) && !inner.contains("-->"),
                "{inner}"
            );
            assert!(inner
                .split('&')
                .skip(1)
                .all(|r| ["amp;", "lt;", "gt;"].iter().any(|e| r.starts_with(e))));
            count += 1;
        }
        assert_eq!(count, segments.len());

        let srt = to_srt(&segments);
        let blocks: Vec<&str> = srt.split("\n\n").collect();
        assert_eq!(blocks.len(), segments.len());
        for (i, block) in blocks.iter().enumerate() {
            let lines: Vec<&str> = block.trim_end_matches('\n').split('\n').collect();
            assert_eq!(lines.len(), 3, "cue {}: {block:?}", i + 1);
            assert_eq!(lines[0], (i + 1).to_string());
            assert_eq!(lines[1].len(), "00:00:00,000 --> 00:00:02,500".len());
            assert!(lines[2].starts_with(&format!("{}: ", speaker_name(segments[i].speaker))));
            assert!(!lines[2].contains(['<', '>', '{', '}']) && !lines[2].contains("-->"));
        }
    }

    #[test]
    fn odd_times_and_empty_text_stay_valid() {
        let segments = vec![
            seg(-1.0, f64::NAN, Speaker::Agent, "before the start"),
            seg(5.0, 4.0, Speaker::Customer, "ends before it starts"),
            seg(6.0, 7.0, Speaker::Agent, " \n\t "),
            seg(360_000.0, 360_001.5, Speaker::Customer, "after 100 hours"),
        ];
        let vtt = to_vtt(&segments);
        assert!(vtt.contains("00:00:00.000 --> 00:00:00.000\n<v Agent>before"));
        assert!(vtt.contains("00:00:05.000 --> 00:00:05.000"));
        assert!(vtt.contains("100:00:00.000 --> 100:00:01.500"));
        let read = parse_vtt(&vtt, None).unwrap();
        assert_eq!(read.problems, vec![]);
        assert_eq!(read.segments.len(), 3, "the empty segment is not written");
        let srt = parse_srt(&to_srt(&segments), None).unwrap();
        assert_eq!((srt.problems.len(), srt.segments.len()), (0, 3));
        assert_eq!(to_txt(&segments).lines().count(), 3);
        assert_eq!(to_vtt(&[]), "WEBVTT\n");
        assert_eq!(to_srt(&[]), "");
    }
}
