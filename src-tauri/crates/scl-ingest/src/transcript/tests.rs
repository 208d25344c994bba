use super::*;

fn seg(start_s: f64, end_s: f64, speaker: Speaker, text: &str) -> TranscriptSegment {
    TranscriptSegment {
        start_s,
        end_s,
        speaker,
        text: text.to_string(),
    }
}

const VTT: &str = "\u{FEFF}WEBVTT - call 1700000000.123\r
\r
NOTE agent and customer voices\r
spread over lines\r
\r
STYLE\r
::cue { color: white }\r
\r
1\r
00:00:00.000 --> 00:00:02.500 align:start\r
<v Agent>Thanks for calling Acme Heating, this is Dana.</v>\r
\r
00:02.600 --> 00:06.000\r
<v.loud Pat Jones>Hi, my <b>furnace</b> stopped &amp; it's cold.\r
Can someone come today?\r
\r
00:00:06.100 --> 00:00:08.000\r
and my card is 4111 1111 1111 1111\r
\r
00:00:08.500 --> 00:00:09.000\r
<v Dana Smith>Let me check.\r
";

#[test]
fn vtt_cues_voices_and_tags() {
    let cues = parse_vtt(VTT, Some("Dana Smith")).expect("a WebVTT file");
    assert_eq!(cues.problems, vec![]);
    assert_eq!(
        cues.segments,
        vec![
            seg(
                0.0,
                2.5,
                Speaker::Agent,
                "Thanks for calling Acme Heating, this is Dana."
            ),
            seg(
                2.6,
                6.0,
                Speaker::Customer,
                "Hi, my furnace stopped & it's cold. Can someone come today?"
            ),
            seg(
                6.1,
                8.0,
                Speaker::Customer,
                "and my card is [card number redacted]"
            ),
            seg(8.5, 9.0, Speaker::Agent, "Let me check."),
        ]
    );
    assert_eq!(cues.redactions, 1);
}

#[test]
fn vtt_without_the_agent_name_reads_named_voices_as_customers() {
    let cues = parse_vtt(VTT, None).unwrap();
    assert_eq!(cues.segments[0].speaker, Speaker::Agent, "named \"Agent\"");
    assert_eq!(
        cues.segments[3].speaker,
        Speaker::Customer,
        "Dana Smith is unknown"
    );
}

#[test]
fn vtt_bad_cues_are_reported_by_line_and_the_rest_kept() {
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 --> soon\nbad end\n\n\
                00:00:09.000 --> 00:00:04.000\nbackwards\n\njust text\n\n00:61:00.000 --> 01:02:00.000\nbad minutes\n\n\
                00:00:10.000 --> 00:00:11.000\n<v CSR Lee>also fine\n";
    let cues = parse_vtt(text, None).unwrap();
    assert_eq!(
        cues.problems,
        vec![
            CueProblem { line: 6, message: "bad cue end time in \"00:00:03.000 --> soon\"".into() },
            CueProblem {
                line: 9,
                message: "cue ends (4.000 s) before it starts (9.000 s)".into()
            },
            CueProblem {
                line: 12,
                message: "expected a cue timing line like 00:01:02.500 --> 00:01:05.000, found \"just text\""
                    .into()
            },
            CueProblem {
                line: 14,
                message: "bad cue start time in \"00:61:00.000 --> 01:02:00.000\"".into()
            },
        ]
    );
    assert_eq!(
        cues.segments,
        vec![
            seg(1.0, 2.0, Speaker::Customer, "fine"),
            seg(10.0, 11.0, Speaker::Agent, "also fine")
        ]
    );
}

#[test]
fn a_file_that_is_not_vtt_is_an_error() {
    let err = parse_vtt("1\n00:00:01,000 --> 00:00:02,000\nhi\n", None).unwrap_err();
    assert_eq!(err.line, 1);
    assert!(
        err.message.starts_with("not a WebVTT file"),
        "{}",
        err.message
    );
    assert!(parse_vtt("WEBVTTX\n", None).is_err());
    assert_eq!(parse_vtt("WEBVTT", None).unwrap(), Cues::default());
}

const SRT: &str = "1
00:00:01,000 --> 00:00:04,000
Agent: Acme Plumbing, how can I help?

2
00:00:04,200 --> 00:00:07,900
Caller: <i>Water heater's</i> leaking,
{\\an8}how much for a new one?

3
00:00:08,000 --> 00:00:09,000
it's a big tank.

4
00:00:09,500 --> 00:00:12,000
Mike: It's $1,400 installed. Call 303 555 0123 to book.
";

#[test]
fn srt_cues_and_speaker_prefixes() {
    let cues = parse_srt(SRT, Some("mike")).unwrap();
    assert_eq!(cues.problems, vec![]);
    assert_eq!(
        cues.segments,
        vec![
            seg(1.0, 4.0, Speaker::Agent, "Acme Plumbing, how can I help?"),
            seg(
                4.2,
                7.9,
                Speaker::Customer,
                "Water heater's leaking, how much for a new one?"
            ),
            seg(8.0, 9.0, Speaker::Customer, "it's a big tank."),
            seg(
                9.5,
                12.0,
                Speaker::Agent,
                "It's $1,400 installed. Call 303 555 0123 to book."
            ),
        ]
    );
    assert_eq!(cues.redactions, 0, "prices and phone numbers stay");
}

#[test]
fn srt_colons_that_are_not_names_stay_in_the_text() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nCome at 10:30 tomorrow\n\n\
                2\n00:00:02,000 --> 00:00:03,000\nSo what I need is this: a new filter\n";
    let cues = parse_srt(text, None).unwrap();
    assert_eq!(cues.segments[0].text, "Come at 10:30 tomorrow");
    assert_eq!(
        cues.segments[1].text,
        "So what I need is this: a new filter"
    );
}

#[test]
fn srt_bad_cues_and_non_srt_files() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:0x,000 --> 00:00:03,000\nbad\n\n3\nno timing\n";
    let cues = parse_srt(text, None).unwrap();
    assert_eq!(cues.segments.len(), 1);
    assert_eq!(
        cues.problems,
        vec![
            CueProblem {
                line: 6,
                message: "bad cue start time \"00:00:0x,000\"".into()
            },
            CueProblem {
                line: 9,
                message:
                    "expected a cue timing line like 00:00:01,000 --> 00:00:04,000, found \"3\""
                        .into()
            },
        ]
    );
    let err = parse_srt("hello there\nworld\n", None).unwrap_err();
    assert_eq!(err.line, 1);
    assert_eq!(parse_srt("", None).unwrap(), Cues::default());
}

#[test]
fn srt_timestamps() {
    use super::srt::timestamp;
    assert_eq!(timestamp("00:01:02.500"), Some(62.5));
    assert_eq!(timestamp("01:02.5"), Some(62.5));
    assert_eq!(timestamp("1:00:00,001"), Some(3600.001));
    assert_eq!(timestamp("00:00:07"), Some(7.0));
    for bad in [
        "",
        "1",
        "00:60.000",
        "00:00:00.0000",
        "a:b:c",
        "-1:00.000",
        "00:00:00.-1",
        "1:2:3:4",
    ] {
        assert_eq!(timestamp(bad), None, "{bad:?}");
    }
}
