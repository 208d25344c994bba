use chrono::TimeZone;

use super::*;

fn opts() -> Options {
    Options {
        account: Some("Acme Plumbing".into()),
        ..Options::default()
    }
}

fn utc(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, s).unwrap()
}

fn messages(batch: &Batch) -> Vec<String> {
    batch.problems.iter().map(ToString::to_string).collect()
}

fn read(json: &str) -> Batch {
    read_twilio(json, Path::new("calls.json"), &opts()).unwrap()
}

/// One call object per line, as a pretty printer would not, so lines and indexes differ.
const PAGE: &str = r#"{"calls": [
{"sid": "CA01", "parent_call_sid": null, "from": "+13035550123", "to": "+17205550100", "direction": "inbound", "status": "completed", "start_time": "Fri, 20 Nov 2026 14:03:12 +0000", "end_time": "Fri, 20 Nov 2026 14:07:00 +0000", "duration": "228", "answered_by": null},
{"sid": "CA02", "parent_call_sid": "CA01", "from": "+13035550123", "to": "client:lee", "direction": "outbound-dial", "status": "no-answer", "start_time": "Fri, 20 Nov 2026 14:03:14 +0000", "end_time": "Fri, 20 Nov 2026 14:03:34 +0000", "duration": "0"},
{"sid": "CA03", "parent_call_sid": "CA01", "from": "+13035550123", "to": "client:dana", "direction": "outbound-dial", "status": "completed", "start_time": "Fri, 20 Nov 2026 14:03:34 +0000", "end_time": "Fri, 20 Nov 2026 14:07:00 +0000", "duration": "200"},
{"sid": "CA04", "from": "+13035550188", "to": "+17205550100", "direction": "inbound", "status": "no-answer", "start_time": "Fri, 20 Nov 2026 15:00:00 +0000", "end_time": "Fri, 20 Nov 2026 15:00:30 +0000", "duration": "0"},
{"sid": "CA05", "from": "+17205550100", "to": "client:dana", "direction": "outbound-api", "status": "completed", "start_time": "Fri, 20 Nov 2026 16:00:00 +0000", "end_time": "Fri, 20 Nov 2026 16:05:00 +0000", "duration": "298"},
{"sid": "CA06", "parent_call_sid": "CA05", "from": "+17205550100", "to": "+13035550177", "direction": "outbound-dial", "status": "completed", "start_time": "Fri, 20 Nov 2026 16:00:03 +0000", "end_time": "Fri, 20 Nov 2026 16:05:00 +0000", "duration": "290"},
{"sid": "CA07", "from": "+17205550100", "to": "+13035550166", "direction": "outbound-api", "status": "completed", "answered_by": "machine_end_beep", "start_time": "Fri, 20 Nov 2026 17:00:00 +0000", "end_time": "Fri, 20 Nov 2026 17:00:40 +0000", "duration": "30"}
], "page": 0, "page_size": 50, "uri": "/2010-04-01/Accounts/AC0/Calls.json?Page=0"}
"#;

#[test]
fn a_dial_with_child_legs_is_one_call_answered_by_the_child() {
    let batch = read(PAGE);
    assert_eq!(batch.problems, vec![]);
    assert_eq!(batch.format, Format::TwilioJson);
    let ids: Vec<&str> = batch.calls.iter().map(|c| c.call_id.as_str()).collect();
    assert_eq!(ids, vec!["CA01", "CA04", "CA05", "CA07"]);

    let dial = &batch.calls[0];
    assert_eq!(dial.direction, Direction::Inbound);
    assert_eq!(dial.from, "+13035550123");
    assert_eq!(dial.to, "+17205550100");
    assert_eq!(dial.started_at, utc(14, 3, 12));
    assert_eq!(
        dial.answered_at,
        Some(utc(14, 3, 40)),
        "end − duration of the child"
    );
    assert_eq!(dial.ended_at, utc(14, 7, 0));
    assert_eq!(dial.agent.as_deref(), Some("dana"));
    assert_eq!(dial.account, "Acme Plumbing");
    assert_eq!(dial.source.line, 2);

    let missed = &batch.calls[1];
    assert_eq!(missed.answered_at, None);
    assert_eq!(missed.agent, None);
    assert_eq!(missed.source.line, 5);
}

#[test]
fn click_to_call_names_the_dialed_customer_and_the_agent() {
    let batch = read(PAGE);
    let click = &batch.calls[2];
    assert_eq!(click.direction, Direction::Outbound);
    assert_eq!(click.from, "+17205550100");
    assert_eq!(click.to, "+13035550177", "the child leg's number");
    assert_eq!(
        click.agent.as_deref(),
        Some("dana"),
        "the parent rang the agent"
    );
    assert_eq!(click.answered_at, Some(utc(16, 0, 10)));

    let machine = &batch.calls[3];
    assert_eq!(machine.to, "+13035550166");
    assert_eq!(
        machine.answered_at, None,
        "an answering machine is not a person"
    );
}

#[test]
fn a_bare_list_and_a_single_call_are_read_too() {
    let one = r#"{"sid": "CA09", "from": "+13035550123", "to": "+17205550100", "direction": "inbound", "status": "busy", "start_time": "Fri, 20 Nov 2026 14:03:12 +0000", "end_time": "Fri, 20 Nov 2026 14:03:13 +0000", "duration": "0"}"#;
    assert_eq!(read(one).calls[0].call_id, "CA09");
    let list = format!("[{one}]");
    assert_eq!(read(&list).calls[0].call_id, "CA09");
    assert!(read("[]").calls.is_empty());
}

#[test]
fn bad_calls_are_reported_with_their_place_in_the_list() {
    let json = r#"{"calls": [
  {"sid": "CA10", "from": "+13035550123", "to": "+17205550100", "direction": "inbound", "status": "in-progress",
   "start_time": "Fri, 20 Nov 2026 14:03:12 +0000", "end_time": null, "duration": null},
  {"sid": "CA11", "parent_call_sid": "CA10", "from": "+13035550123", "to": "client:dana", "direction": "outbound-dial",
   "status": "completed", "start_time": "Fri, 20 Nov 2026 14:03:14 +0000", "end_time": "Fri, 20 Nov 2026 14:04:00 +0000", "duration": "40"},
  {"sid": "CA12", "from": "anonymous", "to": "+17205550100", "direction": "inbound", "status": "no-answer",
   "start_time": "20/11/2026 2pm", "end_time": "Fri, 20 Nov 2026 14:04:00 +0000", "duration": "0"},
  {"sid": "CA13", "from": "anonymous", "to": "+17205550100", "direction": "sideways", "status": "no-answer",
   "start_time": "Fri, 20 Nov 2026 14:03:12 +0000", "end_time": "Fri, 20 Nov 2026 14:04:00 +0000", "duration": 0},
  {"sid": "CA14", "parent_call_sid": "CA99", "from": "Restricted", "to": "client:lee", "direction": "outbound-dial",
   "status": "completed", "start_time": "Fri, 20 Nov 2026 14:03:12 +0000", "end_time": "Fri, 20 Nov 2026 14:04:00 +0000", "duration": "40"},
  "CA15"
]}"#;
    let batch = read(json);
    assert_eq!(
        messages(&batch),
        vec![
            "calls.json:2: calls[0].status: the call is not over (status \"in-progress\"); export it again once it ends",
            "calls.json:6: calls[2].start_time: not a time like \"Fri, 20 Nov 2026 14:03:12 +0000\": \"20/11/2026 2pm\"",
            "calls.json:8: calls[3].direction: unknown direction \"sideways\" (expected inbound, outbound-api or outbound-dial)",
            "calls.json:12: calls[5]: expected a call object, found a string",
            "calls.json:4: calls[1]: its parent call \"CA10\" was skipped, so this leg is too",
            "calls.json:10: calls[4]: its parent call \"CA99\" is not in the file; its legs are read as one call",
            "calls.json:10: calls[4].from: not a phone number: \"Restricted\"; kept as written",
        ]
    );
    assert_eq!(batch.calls.len(), 1);
    let orphan = &batch.calls[0];
    assert_eq!(orphan.call_id, "CA99");
    assert_eq!(
        orphan.direction,
        Direction::Inbound,
        "a leg dialed to an agent"
    );
    assert_eq!(orphan.from, "Restricted");
    assert_eq!(orphan.agent.as_deref(), Some("lee"));
}

#[test]
fn file_level_failures() {
    let missing = read_twilio(PAGE, Path::new("calls.json"), &Options::default()).unwrap_err();
    assert!(matches!(missing, IngestError::MissingAccount { .. }));
    let broken = read_twilio(
        "{\"calls\": [\n{\"sid\": }\n]}",
        Path::new("calls.json"),
        &opts(),
    );
    assert_eq!(
        broken.unwrap_err().to_string(),
        "calls.json:2: not valid JSON: expected value (column 9)"
    );
    let bytes = b"{\"calls\": [\n\xFF]}";
    let not_utf8 = read_twilio(bytes, Path::new("calls.json"), &opts()).unwrap_err();
    assert_eq!(not_utf8.to_string(), "calls.json:2: not UTF-8 text");
    let other = read_twilio("{\"hello\": 1}", Path::new("calls.json"), &opts()).unwrap_err();
    assert!(
        other.to_string().contains("without a \"calls\" list"),
        "{other}"
    );
}

#[test]
fn agent_names_from_twilio_addresses() {
    assert_eq!(calls::agent_name("client:dana"), "dana");
    assert_eq!(calls::agent_name("sip:201@acme.sip.twilio.com"), "201");
    assert_eq!(calls::agent_name("+13035550123"), "+13035550123");
}
