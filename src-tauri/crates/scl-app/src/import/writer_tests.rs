//! The same call id twice in one file: the readers hand the writer each call they read, and
//! the writer tells a repeat with other data (a conflict) from an exact repeat (a duplicate),
//! within a part and across parts.

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use scl_domain::{Direction, FixedClock};
use scl_ingest::{Batch, Format, Part, RawCall, Source};

use super::FileWriter;
use crate::Leads;

fn raw(call_id: &str, line: u64, file: &Arc<Path>, agent: Option<&str>) -> RawCall {
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap();
    RawCall {
        call_id: call_id.into(),
        account: "Summit Heating & Air".into(),
        direction: Direction::Inbound,
        from: "+13035550101".into(),
        to: "+13035550199".into(),
        started_at: start,
        answered_at: Some(start + Duration::seconds(5)),
        ended_at: start + Duration::seconds(300),
        agent: agent.map(str::to_string),
        booked: false,
        reason: None,
        csr_notes: None,
        recording: None,
        transcript: Vec::new(),
        redactions: 0,
        source: Source {
            file: file.clone(),
            line,
        },
    }
}

fn part(calls: Vec<RawCall>) -> Part {
    Part {
        calls_expected: calls.len(),
        batch: Batch {
            calls,
            ..Batch::new(Format::TwilioJson)
        },
    }
}

#[tokio::test]
async fn a_call_id_again_in_the_same_file_with_other_data_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("w.db")))
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let leads = Leads::new(store.clone(), Arc::new(FixedClock::new(now)));
    let path = dir.path().join("calls.json");
    let file: Arc<Path> = Arc::from(path.as_path());

    let mut answered_by_other = raw("CA1", 3, &file, Some("Lee Park"));
    answered_by_other.answered_at = None;
    let mut longer = raw("CA1", 9, &file, Some("Dana Whitfield"));
    longer.ended_at += Duration::seconds(60);
    let step = |_: u32, _: u32| {};
    let mut writer = FileWriter::new(&leads, &path, &step);
    writer
        .part(part(vec![
            raw("CA1", 1, &file, Some("Dana Whitfield")),
            raw("CA1", 2, &file, Some("Dana Whitfield")),
            answered_by_other,
        ]))
        .await
        .unwrap();
    writer.part(part(vec![longer])).await.unwrap();
    let report = writer.finish().await.unwrap();

    assert_eq!(
        (
            report.calls_read,
            report.calls_inserted,
            report.duplicates,
            report.conflicts
        ),
        (4, 1, 1, 2)
    );
    let named: Vec<(u32, Option<&str>, bool)> = report
        .problems
        .iter()
        .map(|p| (p.line, p.field.as_deref(), p.skipped))
        .collect();
    assert_eq!(
        named,
        [
            (3, Some("answered_at"), false),
            (9, Some("ended_at"), false)
        ]
    );
    assert_eq!(
        report.problems[0].message,
        "call \"CA1\" is already stored with different data (answered_at: stored \
         2026-11-20T14:00:05Z, this file none; agent: stored Dana Whitfield, this file Lee \
         Park); the stored call is kept"
    );
    let kept = store.calls_by_call_id("CA1").await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0].ended_at - kept[0].started_at,
        Duration::seconds(300)
    );
}
