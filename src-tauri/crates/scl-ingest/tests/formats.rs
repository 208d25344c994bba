//! The sample exports under `testdata/`, read the way the app reads them: through `read_path`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use scl_domain::{Direction, Speaker};
use scl_ingest::{read_path, Batch, Format, Options, Severity};

fn testdata(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path)
}

fn utc(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, s).unwrap()
}

fn messages(batch: &Batch) -> Vec<String> {
    batch.problems.iter().map(ToString::to_string).collect()
}

fn pbx_options(recordings: &str) -> Options {
    Options {
        account: Some("Acme Heating & Air".into()),
        local_zone: scl_ingest::LocalZone::Fixed(FixedOffset::west_opt(7 * 3600).unwrap()),
        recordings_dir: Some(testdata(recordings)),
        ..Options::default()
    }
}

#[test]
fn jsonl_export_with_transcripts_and_recordings() {
    let file = testdata("jsonl/calls.jsonl");
    let batch = read_path(&file, &Options::default()).unwrap();
    assert_eq!(batch.format, Format::Jsonl);
    let ids: Vec<&str> = batch.calls.iter().map(|c| c.call_id.as_str()).collect();
    assert_eq!(ids, vec!["c-1001", "c-1002", "c-1003", "c-1004", "c-1005"]);
    let dir = testdata("jsonl");
    assert_eq!(
        messages(&batch),
        vec![
            format!(
                "{}:2: recording: file not found: {}; the call is kept without it",
                file.display(),
                dir.join("recordings/missing.wav").display()
            ),
            format!(
                "{}:4: from: not a phone number: \"anonymous\"; kept as written",
                file.display()
            ),
            format!(
                "{}:7: phones[1]: \"(555) 123-4567\" is not a valid phone number in region US; number dropped",
                file.display()
            ),
            format!(
                "{}:6: transcript: cue ends (1.000 s) before it starts (2.500 s); cue skipped",
                dir.join("transcripts/c-1005.vtt").display()
            ),
        ]
    );
    assert!(batch
        .problems
        .iter()
        .all(|p| p.severity == Severity::Warning));

    let first = &batch.calls[0];
    assert_eq!(first.from, "+13035550123");
    assert_eq!(first.to, "+17205550100");
    assert_eq!(first.started_at, utc(14, 3, 12), "-07:00 read as UTC");
    assert_eq!(first.answered_at, Some(utc(14, 3, 20)));
    assert_eq!(first.recording, Some(dir.join("recordings/c-1001.wav")));
    assert!(first.recording.as_ref().unwrap().is_absolute());
    assert_eq!(first.transcript.len(), 8, "NOTE blocks are not cues");
    let speakers: Vec<Speaker> = first.transcript.iter().map(|s| s.speaker).collect();
    use Speaker::{Agent, Customer};
    assert_eq!(
        speakers,
        vec![Agent, Customer, Agent, Customer, Agent, Customer, Customer, Agent],
        "the agent is named in the call"
    );
    assert_eq!(
        first.transcript[6].text,
        "Actually, can I just pay now? It's [card number redacted]."
    );
    assert_eq!(
        first.transcript[5].text,
        "Let me think about it and call you back. My number is 303 555 0123."
    );
    assert_eq!(
        first.transcript[4].text,
        "Ours is $129, and it's waived if you do the repair."
    );
    assert_eq!(
        first.csr_notes.as_deref(),
        Some(
            "Customer read card [card number redacted] before I could stop her; wants a call back"
        )
    );
    assert_eq!(first.redactions, 2);
    assert_eq!(
        (first.transcript[6].start_s, first.transcript[6].end_s),
        (31.2, 36.0)
    );

    let srt = &batch.calls[1];
    assert!(srt.booked);
    assert_eq!(srt.recording, None);
    let lines: Vec<(Speaker, &str)> = srt
        .transcript
        .iter()
        .map(|s| (s.speaker, s.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (Agent, "Acme Heating and Air, this is Lee."),
            (
                Customer,
                "Hi, I need someone to look at my AC, it's blowing warm air."
            ),
            (Agent, "We have a slot Thursday at 10:30, does that work?"),
            (Customer, "Yes, book it please."),
        ]
    );

    let outbound = &batch.calls[2];
    assert_eq!(outbound.direction, Direction::Outbound);
    assert_eq!(outbound.to, "+13035550177");
    assert_eq!(
        outbound.redactions, 0,
        "prices and Luhn-failing order numbers stay"
    );
    assert!(outbound.transcript[2].text.contains("1234 5678 9012 3456"));

    let abandoned = &batch.calls[3];
    assert_eq!(
        (abandoned.answered_at, abandoned.from.as_str()),
        (None, "anonymous")
    );

    let ssn = &batch.calls[4];
    assert_eq!(ssn.transcript.len(), 2);
    assert_eq!(ssn.transcript[1].text, "My social is [SSN redacted].");
    assert_eq!(ssn.redactions, 1);

    assert_eq!(batch.jobs.len(), 1);
    assert_eq!(batch.jobs[0].revenue_cents, Some(140_000));
    assert_eq!(
        batch.jobs[0].booked_at,
        Utc.with_ymd_and_hms(2026, 11, 21, 16, 0, 0).unwrap()
    );
    assert_eq!(batch.customers.len(), 1);
    assert_eq!(batch.customers[0].phones, vec!["+13035550177"]);
    assert_eq!(
        batch.customers[0].locations[0].zone.as_deref(),
        Some("West")
    );
    assert_eq!(batch.jobs[0].source.line, 6);
    assert_eq!(batch.customers[0].source.line, 7);
}

#[test]
fn a_jsonl_file_with_bad_records_keeps_the_good_ones() {
    let file = testdata("bad/calls-bad.jsonl");
    let batch = read_path(&file, &Options::default()).unwrap();
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(batch.calls[0].call_id, "b-1");
    let shown: Vec<String> = batch
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.line, p.field.as_deref().unwrap_or("-")))
        .collect();
    assert_eq!(
        shown,
        vec!["2: ended_at", "3: -", "4: revenue", "5: -", "6: -"]
    );
    assert_eq!(batch.errors(), 5);
    let text = messages(&batch).join("\n");
    assert!(text.contains(":3: not UTF-8 (bad byte at column 37): \"{\\\"call_id\\\": \\\"b-3\\\", \\\"csr_notes\\\": \\\"caf\u{FFFD} au lait\\\"}\""), "{text}");
    assert!(
        text.contains(":4: revenue: expected a number, found a string (\"lots\")"),
        "{text}"
    );
    assert!(
        text.contains(":5: expected a JSON object, found \"not json at all\""),
        "{text}"
    );
    assert!(
        text.contains(":6: the file ends in the middle of this record (was it cut off?)"),
        "{text}"
    );
}

#[test]
fn asterisk_master_csv_with_ring_groups_and_recordings() {
    let file = testdata("asterisk/Master.csv");
    let batch = read_path(&file, &pbx_options("asterisk/recordings")).unwrap();
    assert_eq!(batch.format, Format::AsteriskCdr);
    assert_eq!(
        messages(&batch),
        vec![
            format!(
                "{}:7: 8 columns; a Master.csv row has 16 to 21 (is the line cut off?)",
                file.display()
            ),
            format!("{}:6: src: no number; kept as written", file.display()),
        ]
    );
    assert_eq!(batch.internal_calls, 1);
    assert_eq!(batch.calls.len(), 4);

    let ring = &batch.calls[0];
    assert_eq!(ring.call_id, "1700000000.123");
    assert_eq!(ring.account, "Acme Heating & Air");
    assert_eq!(
        (ring.direction, ring.from.as_str()),
        (Direction::Inbound, "+13035550123")
    );
    assert_eq!(ring.started_at, utc(14, 3, 12));
    assert_eq!(ring.answered_at, Some(utc(14, 3, 19)));
    assert_eq!(ring.ended_at, utc(14, 6, 40));
    assert_eq!(ring.agent.as_deref(), Some("202"));
    assert_eq!(
        ring.recording,
        Some(testdata(
            "asterisk/recordings/in-3035550123-600-20261120-070312-1700000000.123.wav"
        ))
    );
    assert_eq!(ring.source.line, 1);

    let voicemail = &batch.calls[1];
    assert_eq!(
        voicemail.answered_at, None,
        "voicemail picked up, not a person"
    );
    assert_eq!(voicemail.to, "+17205550100");
    assert_eq!(voicemail.recording, None);

    let outbound = &batch.calls[2];
    assert_eq!(outbound.direction, Direction::Outbound);
    assert_eq!(
        (outbound.from.as_str(), outbound.to.as_str()),
        ("201", "+13035550177")
    );
    assert_eq!(outbound.agent.as_deref(), Some("201"));

    let withheld = &batch.calls[3];
    assert_eq!((withheld.from.as_str(), withheld.source.line), ("", 6));
}

#[test]
fn freepbx_export_with_linkedids_and_recordingfiles() {
    let file = testdata("freepbx/cdr-export.csv");
    let batch = read_path(&file, &pbx_options("freepbx/monitor")).unwrap();
    assert_eq!(batch.format, Format::FreePbxCdr);
    let f = file.display();
    assert_eq!(
        messages(&batch),
        vec![
            format!("{f}:6: calldate: not a time like 2026-11-20 14:03:12: \"20 Nov 2026\""),
            format!("{f}:4: recordingfile: \"out-13035550177-201-20261120-090000-1700008800.31.wav\" not found (looked in the recordings folder and beside the export); the call is kept without it"),
        ]
    );
    assert_eq!(batch.calls.len(), 3);
    let ring = &batch.calls[0];
    assert_eq!(ring.call_id, "1700000000.17", "the linkedid");
    assert_eq!(ring.to, "+17205550100", "the DID");
    assert_eq!(
        ring.answered_at,
        Some(utc(14, 3, 19)),
        "calldate + duration - billsec"
    );
    assert_eq!(ring.ended_at, utc(14, 6, 40));
    assert_eq!(
        ring.agent.as_deref(),
        Some("202"),
        "from Local/202@from-queue-…"
    );
    assert_eq!(
        ring.recording,
        Some(testdata(
            "freepbx/monitor/2026/11/20/rg-600-3035550123-20261120-070312-1700000000.17.wav"
        ))
    );
    let outbound = &batch.calls[1];
    assert_eq!(outbound.direction, Direction::Outbound);
    assert_eq!(outbound.from, "+17205550100", "the outbound caller ID");
    assert_eq!(outbound.to, "+13035550177");
    assert_eq!(outbound.recording, None);
    let congestion = &batch.calls[2];
    assert_eq!(congestion.answered_at, None);
}

#[test]
fn twilio_page_with_a_dial() {
    let file = testdata("twilio/calls-page.json");
    let opts = Options {
        account: Some("Acme Plumbing".into()),
        ..Options::default()
    };
    let batch = read_path(&file, &opts).unwrap();
    assert_eq!(batch.format, Format::TwilioJson);
    assert_eq!(batch.problems.len(), 1);
    let problem = &batch.problems[0];
    assert_eq!(problem.field.as_deref(), Some("calls[5].status"));
    assert_eq!(problem.severity, Severity::Error);

    let ids: Vec<&str> = batch.calls.iter().map(|c| c.call_id.as_str()).collect();
    assert_eq!(ids, vec!["CA9f0", "CA9e0", "CA9d0"]);
    let dial = &batch.calls[0];
    assert_eq!(dial.answered_at, Some(utc(14, 3, 35)));
    assert_eq!(dial.agent.as_deref(), Some("dana"));
    assert_eq!(
        (dial.started_at, dial.ended_at),
        (utc(14, 3, 12), utc(14, 7, 0))
    );
    assert_eq!(batch.calls[1].answered_at, None);
    assert_eq!(batch.calls[2].answered_at, None, "answered by a machine");

    // Lines point at the opening brace of the parent call object.
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let sid_line = lines
        .iter()
        .position(|l| l.contains("\"sid\": \"CA9f0\""))
        .unwrap()
        + 1;
    let opened = dial.source.line as usize;
    assert_eq!(lines[opened - 1].trim(), "{");
    assert!(opened < sid_line && sid_line - opened < 40);
    assert_eq!(problem.line, {
        let in_progress = lines
            .iter()
            .position(|l| l.contains("\"sid\": \"CA9c0\""))
            .unwrap();
        (0..in_progress)
            .rev()
            .find(|&i| lines[i] == "    {")
            .unwrap() as u64
            + 1
    });
}
