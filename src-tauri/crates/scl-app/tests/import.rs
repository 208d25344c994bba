//! A file big enough to be read and written in several parts, on a real SQLite file.

use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use scl_app::{ImportOptions, ImportProgress, Leads};
use scl_domain::FixedClock;

/// More than two parts of 50,000 calls.
const CALLS: u32 = 100_500;

fn call(n: u32) -> String {
    format!(
        r#"{{"call_id":"P-{n}","account":"Summit Heating & Air","direction":"inbound","from":"+1303555{sub:04}","to":"+13035550199","started_at":"2026-11-20T14:00:00Z","answered_at":null,"ended_at":"2026-11-20T14:00:30Z","agent":null,"booked":false,"reason":"Price too high","csr_notes":null,"recording":null,"transcript":null}}"#,
        sub = n % 5000
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_in_many_parts_meets_the_customers_at_its_end_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    for n in 0..CALLS {
        writeln!(out, "{}", call(n)).unwrap();
    }
    // The customer of the first call's number, after every call.
    writeln!(out, r#"{{"kind":"customer","customer_id":"C-1","account":"Summit Heating & Air","name":"Sam Rivera","phones":["+13035550000"]}}"#).unwrap();
    out.flush().unwrap();
    drop(out);

    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("p.db")))
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let leads = Leads::new(store.clone(), Arc::new(FixedClock::new(now)));
    let reports: Mutex<Vec<ImportProgress>> = Mutex::default();
    let record = |p: ImportProgress| reports.lock().unwrap().push(p);
    let paths = [file.clone()];

    let report = leads
        .import(&paths, &ImportOptions::default(), &record)
        .await
        .unwrap();
    let f = &report.files[0];
    assert_eq!(f.error, None);
    assert_eq!(
        (f.calls_read, f.calls_inserted, f.duplicates),
        (CALLS, CALLS, 0)
    );
    assert_eq!(f.customers, 1);
    assert_eq!(f.evaluated, CALLS);
    assert_eq!(
        f.leads_created + f.leads_joined,
        CALLS,
        "5,000 callers, each rang about 20 times"
    );
    assert_eq!(f.leads_created, 5000);
    let log = std::fs::metadata(dir.path().join("p.db-wal")).map_or(0, |m| m.len());
    assert!(
        log < 1 << 20,
        "the import's write-ahead log is folded in and emptied at its end: {log} bytes left"
    );
    let first = store.call(1).await.unwrap().unwrap();
    assert_eq!(first.call_id, "P-0");
    assert!(
        first.customer_id.is_some(),
        "the customer at the end of the file was stored before the first part's calls"
    );

    let reports = reports.lock().unwrap().clone();
    assert!(reports.len() >= 4, "a start and one per part: {reports:?}");
    assert_eq!(reports[0].calls_done, 0);
    assert!(reports
        .windows(2)
        .all(|w| w[0].calls_done <= w[1].calls_done));
    assert!(reports.iter().all(|p| p.calls_done <= p.calls_total));
    let last = reports.last().unwrap();
    assert_eq!((last.calls_done, last.calls_total), (CALLS, CALLS));

    let again = leads
        .import(&paths, &ImportOptions::default(), &|_| {})
        .await
        .unwrap();
    let f = &again.files[0];
    assert_eq!(
        (f.calls_inserted, f.duplicates),
        (0, CALLS),
        "nothing changes"
    );
    assert_eq!((f.evaluated, f.leads_created, f.leads_joined), (0, 0, 0));
}

#[tokio::test]
async fn the_audit_row_of_a_file_full_of_bad_lines_keeps_its_first_problems_and_their_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    let mut text = String::new();
    for n in 0..50 {
        // A call without an end time: skipped, with its line and field named.
        text.push_str(&call(n).replace(r#""ended_at":"2026-11-20T14:00:30Z","#, ""));
        text.push('\n');
    }
    text.push_str(&call(50));
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("a.db")))
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let leads = Leads::new(store, Arc::new(FixedClock::new(now)));

    let report = leads
        .import(&[file], &ImportOptions::default(), &|_| {})
        .await
        .unwrap();
    let f = &report.files[0];
    assert_eq!((f.calls_inserted, f.skipped()), (1, 50));
    assert_eq!(
        f.problems.len(),
        50,
        "the report itself lists every problem"
    );
    assert!(
        f.problems[49].to_string().contains(":50: ended_at"),
        "{}",
        f.problems[49]
    );

    let audit = leads
        .audit_entries(&scl_domain::AuditFilter {
            action: Some("import".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    let kept: serde_json::Value = serde_json::from_str(audit[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(kept["problems_total"], 50);
    assert_eq!(kept["calls_inserted"], 1);
    let problems = kept["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 20);
    assert_eq!(problems[0]["line"], 1);
    assert_eq!(problems[19]["line"], 20);
}

/// A call re-sent with other data (a PBX re-export, a Twilio status update) is neither
/// written over the stored call nor passed off as a duplicate: it is counted and named.
#[tokio::test]
async fn a_call_id_imported_again_with_other_data_is_a_conflict_and_the_stored_call_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.jsonl");
    let again = dir.path().join("again.jsonl");
    std::fs::write(&first, format!("{}\n{}\n", call(1), call(2))).unwrap();
    let changed = call(1)
        .replace(r#""to":"+13035550199""#, r#""to":"+13035550777""#)
        .replace(
            r#""ended_at":"2026-11-20T14:00:30Z""#,
            r#""ended_at":"2026-11-20T14:02:05Z""#,
        );
    std::fs::write(&again, format!("{}\n{changed}\n", call(2))).unwrap();
    // The same id in another account (its own file: the JSON Lines reader refuses a call id
    // it has read in the file already, whatever the account).
    let canyon = dir.path().join("canyon.jsonl");
    let elsewhere = call(1).replace("Summit Heating & Air", "Canyon Plumbing");
    std::fs::write(&canyon, format!("{elsewhere}\n")).unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("c.db")))
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let leads = Leads::new(store.clone(), Arc::new(FixedClock::new(now)));
    leads
        .import(&[first], &ImportOptions::default(), &|_| {})
        .await
        .unwrap();

    let report = leads
        .import(&[again.clone(), canyon], &ImportOptions::default(), &|_| {})
        .await
        .unwrap();
    let other = &report.files[1];
    assert_eq!(
        (other.calls_inserted, other.duplicates, other.conflicts),
        (1, 0, 0),
        "the same id in another account is a new call"
    );
    let f = &report.files[0];
    assert_eq!(
        (f.calls_read, f.calls_inserted, f.duplicates, f.conflicts),
        (2, 0, 1, 1)
    );
    assert_eq!(f.calls_read, f.calls_inserted + f.duplicates + f.conflicts);
    assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
    let p = &f.problems[0];
    assert_eq!(
        (p.line, p.field.as_deref(), p.skipped),
        (2, Some("to"), false)
    );
    assert_eq!(p.file, again.display().to_string());
    assert_eq!(
        p.message,
        "call \"P-1\" is already stored with different data (to: stored +13035550199, this \
         file +13035550777; ended_at: stored 2026-11-20T14:00:30Z, this file \
         2026-11-20T14:02:05Z); the stored call is kept"
    );
    let kept = store.calls_by_call_id("P-1").await.unwrap();
    assert_eq!(kept.len(), 2);
    assert!(kept
        .iter()
        .any(|c| c.to_number == "+13035550199" && c.ended_at.to_rfc3339().contains("14:00:30")));
    assert!(kept.iter().all(|c| c.to_number != "+13035550777"));

    let audit = leads
        .audit_entries(&scl_domain::AuditFilter {
            action: Some("import".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let after = audit
        .iter()
        .filter_map(|e| e.after.as_deref())
        .find(|a| a.contains("again.jsonl"))
        .expect("the second import's audit row");
    let row: serde_json::Value = serde_json::from_str(after).unwrap();
    assert_eq!(row["conflicts"], 1);
}
