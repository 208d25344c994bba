use chrono::{FixedOffset, NaiveDate, TimeZone};

use super::*;

fn opts() -> Options {
    Options {
        account: Some("Acme Heating".into()),
        local_zone: crate::LocalZone::Fixed(FixedOffset::west_opt(7 * 3600).unwrap()),
        ..Options::default()
    }
}

fn utc(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, s).unwrap()
}

fn messages(batch: &Batch) -> Vec<String> {
    batch.problems.iter().map(ToString::to_string).collect()
}

/// Times are Denver local (UTC-7).
const MASTER: &str = r#""","3035550123","600","ext-group","""Pat Jones"" <3035550123>","SIP/trunk-00000001","SIP/201-00000002","Dial","SIP/201&SIP/202,20","2026-11-20 07:03:12","","2026-11-20 07:03:30",18,0,"NO ANSWER","DOCUMENTATION","1700000000.1",""
"","3035550123","600","ext-group","""Pat Jones"" <3035550123>","SIP/trunk-00000001","SIP/202-00000003","Dial","SIP/201&SIP/202,20","2026-11-20 07:03:12","2026-11-20 07:03:20","2026-11-20 07:07:00",228,220,"ANSWERED","DOCUMENTATION","1700000000.2",""
"","7205550199","s","from-trunk","","SIP/trunk-00000005","","VoiceMail","600@default","2026-11-20 08:00:00","2026-11-20 08:00:25","2026-11-20 08:01:00",60,35,"ANSWERED","DOCUMENTATION","1700000100.5",""
"","201","3035550177","from-internal","""Dana"" <201>","SIP/201-0000000a","SIP/trunk-0000000b","Dial","SIP/trunk/3035550177","2026-11-20 09:00:00","2026-11-20 09:00:10","2026-11-20 09:05:00",300,290,"ANSWERED","DOCUMENTATION","1700000200.9",""
"","201","202","from-internal","""Dana"" <201>","SIP/201-0000000c","SIP/202-0000000d","Dial","SIP/202","2026-11-20 09:10:00","2026-11-20 09:10:02","2026-11-20 09:11:00",60,58,"ANSWERED","DOCUMENTATION","1700000300.1",""
"#;

#[test]
fn master_csv_ring_group_legs_become_one_call() {
    let batch = read_asterisk_cdr(MASTER, Path::new("Master.csv"), &opts()).unwrap();
    assert_eq!(batch.problems, vec![]);
    assert_eq!(batch.internal_calls, 1, "201 calling 202");
    assert_eq!(batch.calls.len(), 3);

    let ring = &batch.calls[0];
    assert_eq!(ring.call_id, "1700000000.1", "the first leg's uniqueid");
    assert_eq!(ring.direction, Direction::Inbound);
    assert_eq!(ring.from, "+13035550123");
    assert_eq!(ring.to, "600", "the ring group, kept as written");
    assert_eq!(ring.started_at, utc(14, 3, 12));
    assert_eq!(ring.answered_at, Some(utc(14, 3, 20)));
    assert_eq!(ring.ended_at, utc(14, 7, 0));
    assert_eq!(ring.agent.as_deref(), Some("202"), "the leg that answered");
    assert_eq!(ring.source.line, 1);
    assert_eq!(ring.account, "Acme Heating");
    assert!(!ring.booked);

    let voicemail = &batch.calls[1];
    assert_eq!(voicemail.answered_at, None, "voicemail is not a person");
    assert_eq!(voicemail.agent, None);
    assert_eq!(voicemail.from, "+17205550199");
    assert_eq!(voicemail.source.line, 3);

    let outbound = &batch.calls[2];
    assert_eq!(outbound.direction, Direction::Outbound);
    assert_eq!(outbound.from, "201");
    assert_eq!(
        outbound.to, "+13035550177",
        "the customer is the outside party"
    );
    assert_eq!(outbound.agent.as_deref(), Some("201"));
    assert_eq!(outbound.answered_at, Some(utc(16, 0, 10)));
}

#[test]
fn master_csv_bad_rows_are_reported_by_line_and_column() {
    let mut text = String::new();
    text += "\"\",\"3035550123\",\"600\",\"from-trunk\",\"\",\"SIP/t-1\",\"\",\"Dial\",\"\",\"yesterday\",\"\",\"2026-11-20 07:03:30\",18,0,\"NO ANSWER\",\"DOCUMENTATION\",\"1.1\",\"\"\n";
    text += "\"\",\"3035550123\",\"600\"\n";
    text += "\n";
    text += "\"\",\"anonymous\",\"600\",\"from-trunk\",\"\",\"SIP/t-2\",\"\",\"Hangup\",\"\",\"2026-11-20 07:10:00\",\"\",\"2026-11-20 07:10:05\",5,0,\"CANCEL\",\"DOCUMENTATION\",\"1.2\",\"\"\n";
    text += "\"\",\"3035550123\",\"600\",\"from-trunk\",\"\",\"SIP/t-3\",\"\",\"Dial\",\"\",\"2026-11-20 07:20:00\",\"\",\"2026-11-20 07:19:00\",0,0,\"NO ANSWER\",\"DOCUMENTATION\",\"1.3\",\"\"\n";
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"\"\",\"3035550123\",\"600\",\"from-trunk\",\"\xFFbad\",\"SIP/t-4\",\"\",\"Dial\",\"\",\"2026-11-20 07:30:00\",\"\",\"2026-11-20 07:30:05\",5,0,\"NO ANSWER\",\"DOCUMENTATION\",\"1.4\",\"\"\n");
    let batch = read_asterisk_cdr(&bytes, Path::new("Master.csv"), &opts()).unwrap();
    assert_eq!(
        messages(&batch),
        vec![
            "Master.csv:1: start: not a time like 2026-11-20 14:03:12: \"yesterday\"",
            "Master.csv:2: 3 columns; a Master.csv row has 16 to 21 (is the line cut off?)",
            "Master.csv:4: disposition: unknown disposition \"CANCEL\" (expected ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION); read as answered only if it has an answer time",
            "Master.csv:5: end: 2026-11-20T14:19:00+00:00 is before the start 2026-11-20T14:20:00+00:00",
            "Master.csv:6: clid: not UTF-8; read as Windows-1252: \"\u{FF}bad\"",
            "Master.csv:4: src: not a phone number: \"anonymous\"; kept as written",
        ]
    );
    assert_eq!(
        batch.calls.len(),
        2,
        "the row with a Windows-1252 name is kept"
    );
    assert_eq!(batch.rows, 5, "the blank line is no row");
    assert_eq!(batch.calls[0].from, "anonymous");
    assert_eq!(batch.calls[0].answered_at, None);
}

#[test]
fn master_csv_without_an_account_is_refused() {
    let err = read_asterisk_cdr(MASTER, Path::new("Master.csv"), &Options::default()).unwrap_err();
    assert!(matches!(
        err,
        IngestError::MissingAccount {
            format: Format::AsteriskCdr,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "Master.csv: Asterisk Master.csv files name no account; choose the account to import into"
    );
}

#[test]
fn newcdrcolumns_give_a_linkedid_that_groups_and_names_the_call() {
    // 21 columns: uniqueid, userfield, peeraccount, linkedid, sequence. The second leg starts a
    // second later (a transfer), so only the linkedid ties it to the first.
    let text = r#""","3035550123","7205550100","from-trunk","","SIP/trunk-1","SIP/201-2","Dial","","2026-11-20 07:00:00","2026-11-20 07:00:05","2026-11-20 07:01:00",60,55,"ANSWERED","DOCUMENTATION","1700000000.10","","","1700000000.10",1
"","3035550123","203","from-internal-xfer","","SIP/201-3","SIP/203-4","Dial","","2026-11-20 07:01:00","2026-11-20 07:01:04","2026-11-20 07:04:00",180,176,"ANSWERED","DOCUMENTATION","1700000000.14","","","1700000000.10",2
"#;
    let batch = read_asterisk_cdr(text, Path::new("Master.csv"), &opts()).unwrap();
    assert_eq!(batch.problems, vec![]);
    assert_eq!(batch.calls.len(), 1);
    let call = &batch.calls[0];
    assert_eq!(call.call_id, "1700000000.10");
    assert_eq!(call.to, "+17205550100");
    assert_eq!(call.agent.as_deref(), Some("201"), "the first to answer");
    assert_eq!(call.ended_at, utc(14, 4, 0));
}

#[test]
fn freepbx_columns_in_any_order_and_linkedid_groups() {
    let text = "\u{FEFF}uniqueid,calldate,src,dst,dcontext,channel,dstchannel,lastapp,duration,billsec,disposition,linkedid,did,recordingfile,cnum\n\
        1700000000.1,2026-11-20 07:03:12,3035550123,600,ext-group,PJSIP/trunk-00000001,PJSIP/201-00000002,Dial,18,0,NO ANSWER,1700000000.1,7205550100,,3035550123\n\
        1700000000.2,2026-11-20 07:03:13,3035550123,600,ext-group,PJSIP/trunk-00000001,PJSIP/202-00000003,Dial,228,220,ANSWERED,1700000000.1,7205550100,missing.wav,3035550123\n\
        1700000500.3,2026-11-20 08:00:00,202,13035550177,from-internal,PJSIP/202-00000009,PJSIP/trunk-0000000a,Dial,30,0,BUSY,1700000500.3,,,202\n\
        1700000600.4,2026-11-20 08:10:00,3035550123,600,ext-group,PJSIP/trunk-1,,Dial,10,20,NO ANSWER,1700000600.4,7205550100,,3035550123\n";
    let batch = read_freepbx_cdr(text, Path::new("cdr.csv"), &opts()).unwrap();
    assert_eq!(
        messages(&batch),
        vec![
            "cdr.csv:5: billsec: 20 is more than duration 10",
            "cdr.csv:3: recordingfile: \"missing.wav\" not found (looked in the recordings folder and beside the export); the call is kept without it",
        ]
    );
    assert_eq!(batch.calls.len(), 2);
    let ring = &batch.calls[0];
    assert_eq!(ring.call_id, "1700000000.1");
    assert_eq!(ring.to, "+17205550100", "the DID");
    assert_eq!(ring.started_at, utc(14, 3, 12));
    assert_eq!(
        ring.answered_at,
        Some(utc(14, 3, 21)),
        "calldate + duration - billsec"
    );
    assert_eq!(ring.ended_at, utc(14, 7, 1), "calldate + duration");
    assert_eq!(ring.agent.as_deref(), Some("202"));
    let busy = &batch.calls[1];
    assert_eq!(busy.direction, Direction::Outbound);
    assert_eq!(busy.to, "+13035550177");
    assert_eq!(busy.answered_at, None);
    assert_eq!(busy.agent.as_deref(), Some("202"));
}

#[test]
fn freepbx_needs_its_key_columns() {
    let err = read_freepbx_cdr("calldate,src,dst\n", Path::new("cdr.csv"), &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cdr.csv:1: the header has no \"duration\" column"
    );
}

#[test]
fn direction_rules() {
    let leg = |src: &str, dst: &str, context: &str| Leg {
        line: 1,
        src: src.into(),
        dst: dst.into(),
        context: rules::context_kind(context),
        channel: rules::ChannelKind::Unknown,
        dst_trunk: false,
        caller_ext: None,
        callee_ext: None,
        start: utc(0, 0, 0),
        answer: None,
        end: utc(0, 0, 0),
        by_person: false,
        uniqueid: String::new(),
        linkedid: String::new(),
        did: String::new(),
        outbound_cnum: String::new(),
        recordingfile: String::new(),
    };
    let cases = [
        ("3035550123", "600", "ext-group", Some(Direction::Inbound)),
        (
            "3035550123",
            "7205550100",
            "from-trunk",
            Some(Direction::Inbound),
        ),
        (
            "+1 303 555 0123",
            "s",
            "from-pstn",
            Some(Direction::Inbound),
        ),
        (
            "anonymous",
            "7205550100",
            "from-pstn",
            Some(Direction::Inbound),
        ),
        (
            "201",
            "3035550123",
            "from-internal",
            Some(Direction::Outbound),
        ),
        (
            "7205550100",
            "3035550123",
            "from-internal",
            Some(Direction::Outbound),
        ),
        (
            "7205550100",
            "3035550123",
            "outrt-1",
            Some(Direction::Outbound),
        ),
        ("201", "202", "from-internal", None),
        ("201", "*97", "from-internal", None),
    ];
    for (src, dst, context, expected) in cases {
        assert_eq!(
            direction(&leg(src, dst, context)),
            expected,
            "{src} -> {dst} in {context}"
        );
    }
}

#[test]
fn channel_extensions() {
    assert_eq!(extension("SIP/201-00000a1f").as_deref(), Some("201"));
    assert_eq!(extension("PJSIP/201-0000001b").as_deref(), Some("201"));
    assert_eq!(
        extension("Local/201@from-queue-00000012;1").as_deref(),
        Some("201")
    );
    assert_eq!(
        extension("PJSIP/acme-trunk-0000001b").as_deref(),
        Some("acme-trunk")
    );
    assert_eq!(extension("PJSIP/dana"), Some("dana".into()));
    assert_eq!(extension(""), None);
    assert_eq!(extension("SIP/"), None);
    assert_eq!(
        number_in_clid("\"Pat Jones\" <3035550123>"),
        Some("3035550123")
    );
    assert_eq!(number_in_clid("\"Dana\" <201>"), None);
}

#[test]
fn local_times_in_the_usual_spellings() {
    let t = NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(14, 3, 12)
        .unwrap();
    use super::dates::{iso_time, Slashed};
    use crate::DateOrder;
    assert_eq!(iso_time("2026-11-20 14:03:12"), Some(t));
    assert_eq!(iso_time("2026-11-20T14:03:12"), Some(t));
    assert_eq!(iso_time("2026-11-20 14:03:12.000"), Some(t));
    let slashed = Slashed::parse("11/20/2026 14:03:12").unwrap();
    assert_eq!(slashed.read(DateOrder::Mdy), Some(t));
    assert_eq!(iso_time("2026-02-30 14:03:12"), None);
    assert_eq!(iso_time("2026-11-20 25:03:12"), None);
    assert_eq!(iso_time("2026-1a-20 14:03:12"), None);
    assert_eq!(iso_time(""), None);
}

#[test]
fn call_ids_without_uniqueids_are_stable_hashes() {
    let text = r#""","3035550123","600","from-trunk","","SIP/t-1","","Dial","","2026-11-20 07:03:12","","2026-11-20 07:03:30",18,0,"NO ANSWER","DOCUMENTATION"
"#;
    let a = read_asterisk_cdr(text, Path::new("a.csv"), &opts()).unwrap();
    let b = read_asterisk_cdr(text, Path::new("b.csv"), &opts()).unwrap();
    assert_eq!(a.calls[0].call_id, b.calls[0].call_id);
    assert!(a.calls[0].call_id.starts_with("cdr-"));
    assert_eq!(a.calls[0].call_id.len(), 4 + 16);
}
