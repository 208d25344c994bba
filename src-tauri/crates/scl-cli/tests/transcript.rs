//! `scl transcript <call-id> --format txt|vtt|srt`: the call's words as a file that standard
//! parsers read, with the card number redacted at import; unknown calls and formats exit 2.

mod common;

use common::{ok as stdout, scl};

const CALL: &str = r#"{"call_id":"T-1","account":"Summit Heating & Air","direction":"inbound","from":"+13035550177","to":"+13035550199","started_at":"2026-11-20T14:00:00Z","answered_at":"2026-11-20T14:00:10Z","ended_at":"2026-11-20T14:06:00Z","agent":"Dana Whitfield","booked":false,"reason":"Price too high","csr_notes":null,"recording":null,"transcript":[{"start":0,"end":4,"speaker":"agent","text":"Summit Heating, this is Dana."},{"start":4.5,"end":9.25,"speaker":"customer","text":"My card is 4111 1111 1111 1111 <script>alert(1)</script>"},{"start":3725.5,"end":3730,"speaker":"customer","text":"Let me talk to my husband --> and call you back."}]}"#;

fn imported() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.jsonl");
    std::fs::write(&file, format!("{CALL}\n")).unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    stdout(&scl(&db, &["import", file.to_str().unwrap()]));
    (dir, db)
}

#[test]
fn each_format_parses_keeps_times_and_speakers_and_carries_the_redaction() {
    let (_dir, db) = imported();

    let txt = stdout(&scl(&db, &["transcript", "T-1", "--format", "txt"]));
    let lines: Vec<&str> = txt.lines().collect();
    assert_eq!(lines.len(), 3, "{txt}");
    assert_eq!(lines[0], "[00:00:00] Agent: Summit Heating, this is Dana.");
    assert!(
        lines[1].starts_with("[00:00:04] Customer: My card is "),
        "{txt}"
    );
    assert!(
        lines[2].starts_with("[01:02:05] Customer: Let me talk"),
        "{txt}"
    );
    assert!(
        !txt.contains("4111"),
        "the card number was redacted at import: {txt}"
    );
    assert_eq!(
        stdout(&scl(&db, &["transcript", "T-1"])),
        txt,
        "txt is the default"
    );

    let vtt = stdout(&scl(&db, &["transcript", "T-1", "--format", "vtt"]));
    let parsed = subtp::vtt::WebVtt::parse(&vtt).expect("WebVTT");
    assert_eq!(parsed.blocks.len(), 3, "{vtt}");
    assert!(!vtt.contains("4111") && !vtt.contains("<script>"), "{vtt}");
    assert!(
        vtt.contains("<v Customer>"),
        "speakers as voice tags: {vtt}"
    );

    let srt = stdout(&scl(&db, &["transcript", "T-1", "--format", "srt"]));
    let parsed = subtp::srt::SubRip::parse(&srt).expect("SRT");
    assert_eq!(parsed.subtitles.len(), 3, "{srt}");
    let last = &parsed.subtitles[2];
    assert_eq!(
        (
            last.start.hours,
            last.start.minutes,
            last.start.seconds,
            last.start.milliseconds
        ),
        (1, 2, 5, 500)
    );
    assert!(!srt.contains("4111"), "{srt}");
}

#[test]
fn output_writes_the_file_and_bad_requests_exit_2_naming_the_problem() {
    let (dir, db) = imported();
    let target = dir.path().join("t.srt");
    let out = scl(
        &db,
        &[
            "transcript",
            "T-1",
            "--format",
            "srt",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(stdout(&out), "", "nothing on stdout when writing a file");
    let saved = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        saved,
        stdout(&scl(&db, &["transcript", "T-1", "--format", "srt"])),
        "the same bytes as standard output"
    );

    let missing = scl(&db, &["transcript", "NO-SUCH-CALL"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("NO-SUCH-CALL") && err.contains("not found"),
        "{err}"
    );

    let bad = scl(&db, &["transcript", "T-1", "--format", "docx"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("docx") && err.contains("txt, vtt, srt"),
        "{err}"
    );
}

#[test]
fn a_call_id_two_accounts_share_needs_the_account_named() {
    let (dir, db) = imported();
    let other = CALL
        .replace("Summit Heating & Air", "Canyon Plumbing")
        .replace("this is Dana.", "this is Canyon Plumbing.");
    let file = dir.path().join("canyon.jsonl");
    std::fs::write(&file, format!("{other}\n")).unwrap();
    stdout(&scl(&db, &["import", file.to_str().unwrap()]));

    let ambiguous = scl(&db, &["transcript", "T-1"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let err = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(
        err.contains("T-1")
            && err.contains("Canyon Plumbing, Summit Heating & Air")
            && err.contains("--account"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&ambiguous.stdout), "");

    let canyon = stdout(&scl(
        &db,
        &["transcript", "T-1", "--account", "Canyon Plumbing"],
    ));
    assert!(
        canyon.starts_with("[00:00:00] Agent: Summit Heating, this is Canyon Plumbing."),
        "{canyon}"
    );
    let summit = stdout(&scl(
        &db,
        &["transcript", "T-1", "--account", "Summit Heating & Air"],
    ));
    assert!(summit.contains("this is Dana."), "{summit}");

    let elsewhere = scl(&db, &["transcript", "T-1", "--account", "Nobody Inc"]);
    assert_eq!(elsewhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&elsewhere.stderr).contains("not found"));
}
