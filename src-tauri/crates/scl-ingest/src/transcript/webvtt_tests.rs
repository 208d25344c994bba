use scl_domain::Speaker;

use super::*;

/// A call transcript as a phone system writes it, with `\n` line ends to be replaced.
const CALL: &str = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\n<v Dana Smith>Acme Heating, Dana speaking.\n\n2\n00:00:02.500 --> 00:00:04.000\n<v Pat Jones>My furnace stopped.\n\n3\n00:00:04.000 --> soon\nbroken\n";

fn texts(cues: &Cues) -> Vec<&str> {
    cues.segments.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn cr_lf_and_crlf_line_ends_read_alike_with_the_same_line_numbers() {
    for end in ["\n", "\r", "\r\n"] {
        let text = CALL.replace('\n', end);
        let cues =
            parse_vtt(&text, Some("Dana Smith")).unwrap_or_else(|e| panic!("{end:?}: {e:?}"));
        assert_eq!(
            texts(&cues),
            vec!["Acme Heating, Dana speaking.", "My furnace stopped."],
            "{end:?}"
        );
        assert_eq!(cues.segments[0].speaker, Speaker::Agent);
        assert_eq!(cues.segments[1].speaker, Speaker::Customer);
        assert_eq!(cues.segments[1].start_s, 2.5);
        assert_eq!(
            cues.problems,
            vec![CueProblem::new(
                12,
                "bad cue end time in \"00:00:04.000 --> soon\""
            )],
            "{end:?}"
        );
    }
}

#[test]
fn cues_without_blank_lines_between_them_are_each_read() {
    let text = "WEBVTT\r\n00:00:01.000 --> 00:00:02.000\r\n<v Agent>Thanks for calling.\r\n\
                00:00:02.000 --> 00:00:04.000\r\n<v Caller>Hi, the heat is out.\r\nIt is cold.\r\n\
                00:00:04.000 --> 00:00:05.000\r\nWe can come at 3.\r\n";
    let cues = parse_vtt(text, None).unwrap();
    assert_eq!(cues.problems, vec![]);
    assert_eq!(
        texts(&cues),
        vec![
            "Thanks for calling.",
            "Hi, the heat is out. It is cold.",
            "We can come at 3."
        ]
    );
    let speakers: Vec<Speaker> = cues.segments.iter().map(|s| s.speaker).collect();
    assert_eq!(
        speakers,
        vec![Speaker::Agent, Speaker::Customer, Speaker::Customer],
        "a cue without a voice keeps the previous speaker"
    );
}

#[test]
fn header_lines_and_a_comment_right_before_a_cue() {
    // The signature line's header text, then more header lines, then a cue with no blank line.
    let text = "WEBVTT - exported 2026-11-20\nKind: captions\nLanguage: en\n\n\
                NOTE agent first\n\n00:01.000 --> 00:02.000\nhello\n";
    let cues = parse_vtt(text, None).unwrap();
    assert_eq!(texts(&cues), vec!["hello"]);
    assert_eq!(cues.problems, vec![]);
}

#[test]
fn empty_cues_are_reported_with_their_timing_line() {
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\n<v Agent></v>\n\n\
                00:00:03.000 --> 00:00:04.000\nstill the agent\n";
    let cues = parse_vtt(text, None).unwrap();
    assert_eq!(
        cues.problems,
        vec![
            CueProblem::new(3, "empty cue (no text)"),
            CueProblem::new(5, "empty cue (no text)"),
        ]
    );
    assert_eq!(texts(&cues), vec!["still the agent"]);
    assert_eq!(
        cues.segments[0].speaker,
        Speaker::Agent,
        "an empty cue's voice still names the speaker"
    );
}

#[test]
fn timings_follow_the_webvtt_grammar() {
    let cases = [
        ("00:00:01.000 --> 00:00:02.000", Some((1.0, 2.0))),
        ("01:02.500 --> 01:03.000 align:start", Some((62.5, 63.0))),
        ("\t00:00:01.000\t-->\t00:00:02.000", Some((1.0, 2.0))),
        (
            "100:00:00.000 --> 100:00:01.000",
            Some((360_000.0, 360_001.0)),
        ),
        ("0:00:01.000 --> 0:00:02.000", Some((1.0, 2.0))),
        ("00:00:01,000 --> 00:00:02,000", None),
        ("00:00:01.00 --> 00:00:02.000", None),
        ("00:00:01 --> 00:00:02", None),
        ("00:60.000 --> 01:00.000", None),
        ("00:00:01.000 -> 00:00:02.000", None),
        ("\x0B00:00:01.000 --> 00:00:02.000", None),
        ("99999999999999999999:00:00.000 --> 00:00:01.000", None),
    ];
    for (line, expected) in cases {
        assert_eq!(timings(line).ok(), expected, "{line:?}");
    }
}

#[test]
fn nul_bytes_and_stray_blocks() {
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfive\0six\n\nstray words\n\nSTYLE\n::cue { color: red }\n";
    let cues = parse_vtt(text, None).unwrap();
    assert_eq!(texts(&cues), vec!["five\u{FFFD}six"]);
    assert_eq!(
        cues.problems,
        vec![CueProblem::new(
            6,
            "expected a cue timing line like 00:01:02.500 --> 00:01:05.000, found \"stray words\""
        )],
        "a STYLE block after the cues is ignored, not reported"
    );
}

#[test]
fn signatures() {
    for ok in [
        "WEBVTT",
        "WEBVTT\n",
        "WEBVTT \n",
        "WEBVTT\tx\r\n",
        "\u{FEFF}WEBVTT\n",
    ] {
        assert!(parse_vtt(ok, None).is_ok(), "{ok:?}");
    }
    for bad in ["", "WEBVTTX\n", "webvtt\n", " WEBVTT\n", "WEBSRT\n"] {
        let err = parse_vtt(bad, None).unwrap_err();
        assert_eq!(err.line, 1, "{bad:?}");
    }
}

#[test]
fn stray_openers_without_a_closer_leave_the_words() {
    let (_, text) = payload(&["<i>ok</i> under <200 or <300", "a <b <c"]);
    assert_eq!(text, "ok under 200 or 300 a b c");
    // Thousands of strays on one line: each is dropped, the words kept.
    let line = format!("ask {} price", "<".repeat(50_000));
    assert_eq!(payload(&[line.as_str()]).1, "ask price");
}
