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

#[test]
fn srt_prefixes_name_a_speaker_only_when_they_look_like_a_name() {
    let named = [
        ("Agent", "Agent"),
        ("caller", "caller"),
        ("CSR", "CSR"),
        ("Speaker 2", "Speaker 2"),
        ("Dana Smith", "Dana Smith"),
        ("Dr. O'Brien", "Dr. O'Brien"),
        ("Jean-Luc Picard", "Jean-Luc Picard"),
        ("Élodie", "Élodie"),
    ];
    for (head, name) in named {
        assert_eq!(
            srt::speaker_prefix(head, " hello"),
            Some(name.to_string()),
            "{head:?}"
        );
    }
    let text = [
        "Car j'ai 3 spécialités",
        "So what I need is this",
        "Note",
        "Important",
        "R2D2",
        "Mary Ann Lee Smith",
        "The Address Is",
        "10",
        "",
    ];
    for head in text {
        assert_eq!(srt::speaker_prefix(head, " la boxe"), None, "{head:?}");
    }
    assert_eq!(
        srt::speaker_prefix("Dana", "30 tomorrow"),
        None,
        "no space after the colon"
    );
}

#[test]
fn srt_text_with_a_colon_stays_whole() {
    let text = "1\r00:00:01,000 --> 00:00:03,000\rCoach: Bonjour !\r\r\
                2\r00:00:03,000 --> 00:00:06,000\rCar j'ai 3 spécialités: la boxe, le judo\r\r\
                3\r00:00:06,000 --> 00:00:07,000\rNote: apporter l'échelle\r";
    let cues = parse_srt(text, None).unwrap();
    assert_eq!(cues.problems, vec![]);
    let texts: Vec<&str> = cues.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Bonjour !",
            "Car j'ai 3 spécialités: la boxe, le judo",
            "Note: apporter l'échelle"
        ],
        "CR-only line ends too"
    );
}

#[test]
fn srt_empty_cues_are_reported() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:02,000 --> 00:00:03,000\n\n\
                3\n00:00:03,000 --> 00:00:04,000\n<i></i>\n";
    let cues = parse_srt(text, None).unwrap();
    assert_eq!(cues.segments.len(), 1);
    assert_eq!(
        cues.problems,
        vec![
            CueProblem::new(6, "empty cue (no text)"),
            CueProblem::new(9, "empty cue (no text)"),
        ]
    );
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn utf32(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE, 0, 0]
    } else {
        vec![0, 0, 0xFE, 0xFF]
    };
    for c in text.chars() {
        let c = c as u32;
        out.extend(if little {
            c.to_le_bytes()
        } else {
            c.to_be_bytes()
        });
    }
    out
}

#[test]
fn files_with_a_byte_order_mark_are_decoded() {
    let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>Ça coûte 1 400 € 🔥\n";
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend(text.as_bytes());
    for bytes in [
        utf8,
        utf16(text, true),
        utf16(text, false),
        utf32(text, true),
        utf32(text, false),
    ] {
        let decoded = decode(&bytes).unwrap();
        assert_eq!(
            decoded,
            Decoded {
                text: text.to_string(),
                notice: None
            }
        );
        let cues = read_transcript(&bytes, "vtt", Hints::default()).unwrap();
        assert_eq!(cues.segments[0].text, "Ça coûte 1 400 € 🔥");
        assert_eq!(cues.notices, vec![]);
    }
}

#[test]
fn broken_utf16_is_replaced_and_noticed() {
    let mut bytes = utf16("WEBVTT\n\nx", true);
    bytes.extend([0x00, 0xD8]); // a lone high surrogate
    bytes.push(b'y'); // and an odd byte
    let decoded = decode(&bytes).unwrap();
    assert_eq!(decoded.text, "WEBVTT\n\nx\u{FFFD}\u{FFFD}");
    assert_eq!(
        decoded.notice,
        Some(CueProblem::new(
            3,
            "marked UTF-16 LE but not valid UTF-16 LE; bad units were replaced with \u{FFFD}"
        ))
    );
}

#[test]
fn files_without_a_byte_order_mark() {
    assert_eq!(decode(b"plain").unwrap().notice, None);
    // "café" and "€" in Windows-1252, on line 2.
    let decoded = decode(b"1\n00:00:01,000 --> 00:00:02,000 caf\xE9 \x80\n").unwrap();
    assert_eq!(decoded.text, "1\n00:00:01,000 --> 00:00:02,000 café €\n");
    assert_eq!(
        decoded.notice,
        Some(CueProblem::new(
            2,
            "not UTF-8 (and no byte-order mark); read as Windows-1252"
        ))
    );
    // UTF-16 that lost its mark: refused, not guessed.
    let bytes = &utf16("WEBVTT\n\nhi\u{e9}", true)[2..];
    let err = decode(bytes).unwrap_err();
    assert_eq!(err.line, 1);
    assert!(
        err.message.contains("without a byte-order mark"),
        "{}",
        err.message
    );
}

#[test]
fn formats_by_extension_then_by_content() {
    assert_eq!(Format::of("VTT", ""), Format::WebVtt);
    assert_eq!(Format::of("srt", "WEBVTT"), Format::Srt);
    assert_eq!(Format::of("json", ""), Format::AmazonTranscribe);
    assert_eq!(Format::of("txt", "\u{FEFF}WEBVTT\n"), Format::WebVtt);
    assert_eq!(
        Format::of("", " {\"results\": {}}"),
        Format::AmazonTranscribe
    );
    assert_eq!(
        Format::of("", "1\n00:00:01,000 --> 00:00:02,000\n"),
        Format::Srt
    );
}

#[test]
fn lines_end_at_cr_lf_or_crlf() {
    assert_eq!(
        split_lines("a\rb\nc\r\nd\n\re"),
        vec![(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, ""), (6, "e")]
    );
    assert_eq!(split_lines("a\n"), vec![(1, "a")]);
    assert_eq!(split_lines("a\n\n"), vec![(1, "a"), (2, "")]);
    assert_eq!(split_lines(""), vec![]);
}

#[test]
fn cut_or_garbled_files_never_panic() {
    let files: [(&str, &[u8]); 5] = [
        (
            "vtt",
            include_bytes!("../../testdata/transcripts/c-2005.vtt"),
        ),
        (
            "srt",
            include_bytes!("../../testdata/transcripts/c-2006.srt"),
        ),
        (
            "srt",
            include_bytes!("../../testdata/transcripts/c-2007.srt"),
        ),
        (
            "json",
            include_bytes!("../../testdata/transcripts/c-2002.json"),
        ),
        (
            "json",
            include_bytes!("../../testdata/transcripts/c-2004.json"),
        ),
    ];
    let hints = Hints {
        agent: Some("Dana Smith"),
        direction: None,
    };
    for (extension, bytes) in files {
        for cut in (0..bytes.len()).step_by(7) {
            let _ = read_transcript(&bytes[..cut], extension, hints);
            let mut garbled = bytes.to_vec();
            garbled[cut] ^= 0x5A;
            let _ = read_transcript(&garbled, extension, hints);
        }
    }
}

#[test]
fn srt_stray_openers_stay_as_text_and_later_tags_still_go() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\n<i>ok</i> under <200 {\\an8}now {x\n";
    let cues = parse_srt(text, None).unwrap();
    assert_eq!(cues.segments[0].text, "ok under <200 now {x");
    let many = format!(
        "1\n00:00:01,000 --> 00:00:02,000\nask {} price\n",
        "<{".repeat(30_000)
    );
    let cues = parse_srt(&many, None).unwrap();
    assert!(cues.segments[0].text.starts_with("ask <{<{"));
    assert!(cues.segments[0].text.ends_with("<{ price"));
}
