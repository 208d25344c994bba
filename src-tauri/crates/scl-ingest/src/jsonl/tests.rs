use chrono::TimeZone;
use scl_domain::{Direction, Speaker};
use serde_json::{json, Value};

use super::*;

fn read(text: &str) -> Batch {
    read_jsonl(text, Path::new("calls.jsonl"), &Options::default())
}

fn utc(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, s).unwrap()
}

/// A valid call, with `changes` merged over it (`null` removes a field).
fn call(changes: Value) -> String {
    let mut base = json!({
        "call_id": "c-1",
        "account": "Acme Heating",
        "direction": "inbound",
        "from": "(303) 555-0123",
        "to": "+1 720 555 0100",
        "started_at": "2026-11-20T14:03:12Z",
        "answered_at": "2026-11-20T14:03:20Z",
        "ended_at": "2026-11-20T14:07:00Z",
        "agent": "Dana Smith",
        "booked": false,
        "reason": "price",
        "csr_notes": "wants a quote",
        "recording": null,
        "transcript": null
    });
    for (key, value) in changes.as_object().unwrap() {
        if value.is_null() {
            base.as_object_mut().unwrap().remove(key);
        } else {
            base[key] = value.clone();
        }
    }
    base.to_string()
}

fn messages(batch: &Batch) -> Vec<String> {
    batch.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn a_good_call_comes_out_whole() {
    let batch = read(&call(json!({})));
    assert_eq!(batch.problems, vec![]);
    assert_eq!(
        batch.calls,
        vec![RawCall {
            call_id: "c-1".into(),
            account: "Acme Heating".into(),
            direction: Direction::Inbound,
            from: "+13035550123".into(),
            to: "+17205550100".into(),
            started_at: utc(14, 3, 12),
            answered_at: Some(utc(14, 3, 20)),
            ended_at: utc(14, 7, 0),
            agent: Some("Dana Smith".into()),
            booked: false,
            reason: Some("price".into()),
            csr_notes: Some("wants a quote".into()),
            recording: None,
            transcript: vec![],
            redactions: 0,
            source: Source {
                file: Path::new("calls.jsonl").into(),
                line: 1
            },
        }]
    );
}

#[test]
fn problems_name_file_line_and_field() {
    let mut text = String::new();
    for k in 0..16 {
        text += &call(json!({ "call_id": format!("c-{k}") }));
        text.push('\n');
    }
    text += &call(json!({ "call_id": "c-17", "ended_at": "yesterday" }));
    let batch = read(&text);
    assert_eq!(batch.calls.len(), 16, "the good records still come out");
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:17: ended_at: not an RFC 3339 time: \"yesterday\""]
    );
    assert_eq!(batch.problems[0].severity, Severity::Error);
    assert_eq!(batch.errors(), 1);
}

#[test]
fn every_bad_field_of_a_record_is_reported_at_once() {
    let line = call(json!({
        "from": 3035550123u64,
        "booked": "yes",
        "direction": "sideways",
        "started_at": null,
    }));
    let batch = read(&line);
    assert!(batch.calls.is_empty());
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:1: direction: expected \"inbound\" or \"outbound\", found \"sideways\"",
            "calls.jsonl:1: started_at: required (missing or null)",
            "calls.jsonl:1: from: expected a string, found a number (3035550123)",
            "calls.jsonl:1: booked: expected true or false, found a string (\"yes\")",
        ]
    );
}

#[test]
fn times_must_be_in_order() {
    let batch = read(&format!(
        "{}\n{}\n{}\n",
        call(json!({ "call_id": "a", "ended_at": "2026-11-20T14:00:00Z" })),
        call(json!({ "call_id": "b", "answered_at": "2026-11-20T15:00:00Z" })),
        call(
            json!({ "call_id": "c", "started_at": "2026-11-20T09:03:12-05:00", "answered_at": null })
        ),
    ));
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:1: ended_at: 2026-11-20T14:00:00+00:00 is before started_at 2026-11-20T14:03:12+00:00",
            "calls.jsonl:2: answered_at: 2026-11-20T15:00:00+00:00 is outside the call (2026-11-20T14:03:12+00:00 to 2026-11-20T14:07:00+00:00)",
        ]
    );
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(
        batch.calls[0].started_at,
        utc(14, 3, 12),
        "offsets become UTC"
    );
    assert_eq!(batch.calls[0].answered_at, None);
}

#[test]
fn bad_lines_of_every_sort_are_skipped_and_reported() {
    let good = call(json!({}));
    let text = format!(
        "\u{FEFF}{good}\r\n\r\n   \n[1, 2]\n\"text\"\n{{\"call_id\": \"x\",, }}\n{{\"kind\": \"meeting\"}}\n{{\"from\": \"a\", \"from\": \"b\"}}\n"
    );
    let batch = read(&text);
    assert_eq!(batch.calls.len(), 1, "BOM and CRLF are fine");
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:4: expected a JSON object, found \"[1, 2]\"",
            "calls.jsonl:5: expected a JSON object, found \"\\\"text\\\"\"",
            "calls.jsonl:6: invalid JSON at column 17: key must be a string",
            "calls.jsonl:7: kind: unknown record kind \"meeting\" (expected call, job or customer)",
            "calls.jsonl:8: duplicate field `from`",
        ]
    );
}

#[test]
fn a_non_utf8_line_is_reported_and_the_rest_read() {
    let mut bytes = call(json!({ "call_id": "a" })).into_bytes();
    bytes.extend_from_slice(b"\n{\"call_id\": \"caf\xE9\"}\n");
    bytes.extend_from_slice(call(json!({ "call_id": "b" })).as_bytes());
    let batch = read_jsonl(&bytes, Path::new("calls.jsonl"), &Options::default());
    assert_eq!(batch.calls.len(), 2);
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:2: not UTF-8 (bad byte at column 17): \"{\\\"call_id\\\": \\\"caf\u{FFFD}\\\"}\""]
    );
}

#[test]
fn a_cut_off_last_line_says_so() {
    let full = call(json!({}));
    let text = format!("{full}\n{}", &full[..full.len() / 2]);
    let batch = read(&text);
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:2: the file ends in the middle of this record (was it cut off?)"]
    );
    let batch = read(&format!("{}\n{full}\n", &full[..40]));
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:1: the record ends early, at column 40"]
    );
}

#[test]
fn numbers_that_are_not_valid_are_kept_as_written_with_a_warning() {
    let batch = read(&call(
        json!({ "from": " anonymous ", "to": "(555) 123-4567" }),
    ));
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(batch.calls[0].from, "anonymous");
    assert_eq!(batch.calls[0].to, "(555) 123-4567");
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:1: from: not a phone number: \"anonymous\"; kept as written",
            "calls.jsonl:1: to: \"(555) 123-4567\" is not a valid phone number in region US; kept as written",
        ]
    );
    assert_eq!(batch.warnings(), 2);
}

#[test]
fn regions_follow_the_account() {
    let opts = Options {
        regions: [("Acme London".to_string(), "GB".to_string())].into(),
        ..Options::default()
    };
    let line = call(json!({ "account": "Acme London", "from": "020 7946 0018" }));
    let batch = read_jsonl(&line, Path::new("x.jsonl"), &opts);
    assert_eq!(batch.calls[0].from, "+442079460018");
}

#[test]
fn the_account_may_come_from_the_options() {
    let line = call(json!({ "account": null }));
    let batch = read(&line);
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:1: account: required (missing or null)"]
    );
    let opts = Options {
        account: Some("Acme Heating".into()),
        ..Options::default()
    };
    let batch = read_jsonl(&line, Path::new("calls.jsonl"), &opts);
    assert_eq!(batch.calls[0].account, "Acme Heating");
}

#[test]
fn inline_transcripts_are_checked_segment_by_segment() {
    let line = call(json!({
        "transcript": [
            {"start": 0, "end": 2.5, "speaker": "CSR", "text": "Acme Heating, this is Dana."},
            {"start": 2.6, "end": 6, "speaker": "Caller", "text": "My card is 4111 1111 1111 1111."},
            {"start": 6, "end": 7, "speaker": "dana smith", "text": "Thanks."},
            {"start": 7, "end": 8, "speaker": "bob", "text": "Hi."},
            {"start": 9, "end": 8, "speaker": "agent", "text": "backwards"},
            {"start": "10", "end": 11, "speaker": "agent", "text": "string start"},
            42,
            {"start": 12, "end": 13, "speaker": "agent", "text": "   "},
        ],
        "csr_notes": "SSN 123-45-6789 on file",
    }));
    let batch = read(&line);
    let call = &batch.calls[0];
    let spoken: Vec<(Speaker, &str)> = call
        .transcript
        .iter()
        .map(|s| (s.speaker, s.text.as_str()))
        .collect();
    assert_eq!(
        spoken,
        vec![
            (Speaker::Agent, "Acme Heating, this is Dana."),
            (Speaker::Customer, "My card is [card number redacted]."),
            (Speaker::Agent, "Thanks."),
            (Speaker::Customer, "Hi."),
        ]
    );
    assert_eq!(
        call.csr_notes.as_deref(),
        Some("SSN [SSN redacted] on file")
    );
    assert_eq!(call.redactions, 2);
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:1: transcript[3].speaker: unknown speaker \"bob\" (expected agent or customer); read as customer",
            "calls.jsonl:1: transcript[4].end: ends (8) before it starts (9); segment dropped",
            "calls.jsonl:1: transcript[5].start: expected a number, found a string (\"10\"); segment dropped",
            "calls.jsonl:1: transcript[6]: expected a segment object, found a number",
            "calls.jsonl:1: transcript[7].text: empty; segment dropped",
        ]
    );
    assert!(batch
        .problems
        .iter()
        .all(|p| p.severity == Severity::Warning));
}

#[test]
fn a_missing_booked_flag_reads_as_false_with_a_warning() {
    let batch = read(&call(json!({ "booked": null })));
    assert!(!batch.calls[0].booked);
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:1: booked: missing; read as false"]
    );
}

#[test]
fn duplicates_keep_the_first() {
    let text = format!(
        "{}\n{}\n",
        call(json!({ "reason": "first" })),
        call(json!({ "reason": "second" }))
    );
    let batch = read(&text);
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(batch.calls[0].reason.as_deref(), Some("first"));
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:2: call_id: \"c-1\" was already read on line 1; skipped"]
    );
}

#[test]
fn huge_lines_are_read_or_refused_without_huge_messages() {
    let notes = "a".repeat(10 << 20);
    let batch = read(&call(json!({ "csr_notes": notes })));
    assert_eq!(batch.calls.len(), 1, "a 10 MB record is still a record");
    assert_eq!(
        batch.calls[0].csr_notes.as_ref().map(String::len),
        Some(10 << 20)
    );

    let junk = "x".repeat(MAX_LINE_BYTES + 1);
    let batch = read(&format!("{junk}\n{}\n", call(json!({}))));
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:1: line is 16.8 MB; records over 16 MiB are not read"]
    );
}

#[test]
fn native_records_are_recognized_by_their_first_line() {
    assert!(is_native_record(call(json!({})).as_bytes()));
    assert!(is_native_record(br#"{"kind":"job"}"#));
    assert!(!is_native_record(br#"{"calls":[{"sid":"CA1"}],"page":0}"#));
    assert!(!is_native_record(b"{"));
}

#[test]
fn jobs_and_customers_are_told_from_calls_before_the_calls_are_read() {
    let other = |line: &str| other_record(line.as_bytes());
    assert!(other(r#"{"kind":"job","job_id":"J-1"}"#));
    assert!(other(r#"{ "kind" :  " Customer " ,"customer_id":"C-1"}"#));
    assert!(
        other(r#"{"\u006bind":"job","job_id":"J-1"}"#),
        "an escaped key"
    );
    assert!(other(r#"{"kind":"c\u0075stomer"}"#), "an escaped value");
    assert!(!other(r#"{"kind":"call","call_id":"c-1"}"#));
    assert!(!other(r#"{"kind" : "call","reason":"what kind of call"}"#));
    assert!(
        !other(r#"{"call_id":"c-1","meta":{"kind":"job"}}"#),
        "nested"
    );
    assert!(!other(
        r#"{"call_id":"c-1","reason":"a \"kind\": \"job\""}"#
    ));
    assert!(
        !other(r#"{"kind":"job","kind":"job"}"#),
        "unreadable: left to the reader"
    );
    assert!(!other(r#"{"kind":"job""#), "cut off: left to the reader");
    assert!(!other(""));
    assert!(!may_hold_other_records(call(json!({})).as_bytes()));
    assert!(may_hold_other_records(br#"{"kind":"call"}"#));
}

/// A file that is one text on the first read and another after it is rewound, or that fails on
/// the second read once `fail_at` bytes are read.
struct Changing {
    texts: [Vec<u8>; 2],
    pass: usize,
    at: usize,
    fail_at: Option<usize>,
}

impl Changing {
    fn new(first: String, second: String) -> Self {
        Self {
            texts: [first.into_bytes(), second.into_bytes()],
            pass: 0,
            at: 0,
            fail_at: None,
        }
    }
}

impl Read for Changing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pass == 1 && self.fail_at.is_some_and(|f| self.at >= f) {
            return Err(io::Error::other("the disk went away"));
        }
        let text = &self.texts[self.pass][self.at..];
        let n = buf.len().min(text.len()).min(7);
        buf[..n].copy_from_slice(&text[..n]);
        self.at += n;
        Ok(n)
    }
}

impl Seek for Changing {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        assert_eq!(to, SeekFrom::Start(0));
        self.pass = 1;
        self.at = 0;
        Ok(0)
    }
}

fn read_changing(source: Changing) -> (Vec<Part>, io::Result<ControlFlow<()>>) {
    let mut parts = Vec::new();
    let opts = Options::default();
    let result = read_jsonl_parts(source, Path::new("calls.jsonl"), &opts, 2, &mut |part| {
        parts.push(part);
        ControlFlow::Continue(())
    });
    (parts, result)
}

fn calls(ids: std::ops::Range<usize>) -> String {
    ids.map(|i| call(json!({ "call_id": format!("c-{i}") })) + "\n")
        .collect()
}

#[test]
fn a_file_read_twice_is_read_as_it_was_the_first_time() {
    let customer = r#"{"kind":"customer","customer_id":"C-1","account":"Acme Heating","name":"Ann","phones":["303 555 0123"],"locations":[]}"#;
    let first = format!("{}{customer}\n", calls(0..3));

    // Grown between the reads, as an export still being written: the new lines wait.
    let grown = format!("{first}{}", calls(3..6));
    let (parts, result) = read_changing(Changing::new(first.clone(), grown));
    assert_eq!(result.unwrap(), ControlFlow::Continue(()));
    let batch = parts
        .into_iter()
        .fold(Batch::new(Format::Jsonl), |mut b, p| {
            b.append(p.batch);
            b
        });
    assert_eq!(batch.calls.len(), 3);
    assert_eq!(batch.customers.len(), 1);
    assert!(batch.problems.is_empty(), "{:?}", messages(&batch));

    // Cut between the reads: what was read stays, and the cut is named.
    let cut = first[..first.find("c-2").unwrap()].to_string();
    let (parts, _) = read_changing(Changing::new(first.clone(), cut));
    let batch = parts
        .into_iter()
        .fold(Batch::new(Format::Jsonl), |mut b, p| {
            b.append(p.batch);
            b
        });
    assert_eq!(batch.calls.len(), 2, "c-0 and c-1");
    assert_eq!(batch.customers.len(), 1, "read on the first pass");
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:3: the file ends in the middle of this record (was it cut off?)",
            "calls.jsonl:4: the file changed while it was read (it had 4 lines, then 3); the rest \
             was not read"
        ]
    );

    // Failing on the second read: the calls before the failure land, and the failure is named.
    let mut failing = Changing::new(first.clone(), first.clone());
    failing.fail_at = Some(first.find("c-1").unwrap());
    let (parts, result) = read_changing(failing);
    assert_eq!(result.unwrap(), ControlFlow::Continue(()));
    let last = parts.last().unwrap();
    assert_eq!(last.calls_expected, 3);
    let batch = parts
        .into_iter()
        .fold(Batch::new(Format::Jsonl), |mut b, p| {
            b.append(p.batch);
            b
        });
    assert_eq!(batch.calls.len(), 1);
    assert_eq!(
        messages(&batch),
        vec!["calls.jsonl:2: could not read the rest of the file: the disk went away"]
    );
}

#[test]
fn a_file_that_cannot_be_read_the_first_time_is_an_error_before_any_part() {
    let mut failing = Changing::new(String::new(), String::new());
    failing.pass = 1;
    failing.fail_at = Some(0);
    let (parts, result) = read_changing(failing);
    assert_eq!(result.unwrap_err().to_string(), "the disk went away");
    assert!(parts.is_empty());
}
