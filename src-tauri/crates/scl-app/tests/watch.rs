//! The watched folder, on a real folder and a real SQLite file.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use scl_app::{AppError, Leads, WatchFolder};
use scl_domain::FixedClock;

const CALL: &str = r#"{"call_id":"W-{n}","account":"Summit Heating & Air","direction":"inbound","from":"+1303555{n}","to":"+13035550199","started_at":"2026-11-20T14:00:00Z","answered_at":"2026-11-20T14:00:10Z","ended_at":"2026-11-20T14:06:00Z","agent":"Dana","booked":false,"reason":"Price too high","csr_notes":null,"recording":null,"transcript":null}"#;

fn line(n: u32) -> String {
    CALL.replace("{n}", &format!("{:04}", n))
}

#[tokio::test]
async fn exports_dropped_in_the_folder_import_once_they_stop_changing() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("w.db")))
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let leads = Leads::new(store, Arc::new(FixedClock::new(now)));

    let missing = WatchFolder {
        path: Some(dir.path().join("nope").display().to_string()),
        account: None,
    };
    assert!(matches!(
        leads.set_watch_folder(missing).await,
        Err(AppError::InvalidWatchFolder(_))
    ));
    assert!(
        leads.scan_watch_folder().await.unwrap().files.is_empty(),
        "no folder, nothing to do"
    );

    let set = leads
        .set_watch_folder(WatchFolder {
            path: Some(inbox.display().to_string()),
            account: None,
        })
        .await
        .unwrap();
    assert_eq!(set.path.as_deref(), Some(inbox.to_str().unwrap()));

    std::fs::write(inbox.join("a.jsonl"), format!("{}\n{}\n", line(1), line(2))).unwrap();
    std::fs::write(inbox.join("notes.txt"), "not an export").unwrap();
    assert!(
        leads.scan_watch_folder().await.unwrap().files.is_empty(),
        "first sight: may still be written"
    );
    let report = leads.scan_watch_folder().await.unwrap();
    assert_eq!(
        report.files.len(),
        1,
        "only the export, once it stood still: {report:?}"
    );
    assert_eq!(report.files[0].calls_inserted, 2);
    assert!(
        leads.scan_watch_folder().await.unwrap().files.is_empty(),
        "imported once"
    );

    std::fs::write(
        inbox.join("a.jsonl"),
        format!("{}\n{}\n{}\n", line(1), line(2), line(3)),
    )
    .unwrap();
    leads.scan_watch_folder().await.unwrap();
    let changed = leads.scan_watch_folder().await.unwrap();
    assert_eq!(changed.files.len(), 1, "a changed file is read again");
    assert_eq!(
        (changed.files[0].calls_inserted, changed.files[0].duplicates),
        (1, 2)
    );
}
