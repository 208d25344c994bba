//! A killed import leaves whole records only, and a re-run completes it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Three parts of the import (50,000 calls each), so a kill lands between two of them.
const CALLS: usize = 150_000;

fn write_export(path: &std::path::Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..CALLS {
        writeln!(
            out,
            r#"{{"call_id":"K{i}","account":"Peak Roofing Co.","direction":"inbound","from":"+1303555{sub:04}","to":"+13035550199","started_at":"2026-11-20T10:00:00Z","answered_at":"2026-11-20T10:00:05Z","ended_at":"2026-11-20T10:05:00Z","agent":"Grace Park","booked":false,"reason":"Price too high","csr_notes":null,"recording":null,"transcript":[{{"start":1,"end":3,"speaker":"customer","text":"The roof is leaking after the storm."}},{{"start":4,"end":6,"speaker":"customer","text":"How much for a repair?"}}]}}"#,
            sub = i % 10_000
        )
        .unwrap();
    }
}

/// Rows in a table, or None while the database is still being created.
fn count(db: &std::path::Path, table: &str) -> Option<i64> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
            .await
            .ok()?;
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&mut conn)
            .await
            .ok()
    })
}

#[test]
fn a_killed_import_leaves_whole_records_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.jsonl");
    write_export(&file);
    let db = dir.path().join("k.db");
    let url = format!("sqlite://{}", db.display());
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_scl"))
            .args([
                "--db",
                &url,
                "--now",
                "2026-11-21T12:00:00Z",
                "import",
                file.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Kill it once some calls are in, long before all of them are.
    let mut child = run();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if db.exists() && count(&db, "calls").unwrap_or(0) > 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the import never started writing"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let calls = count(&db, "calls").unwrap();
    assert!(
        calls > 0 && (calls as usize) < CALLS,
        "killed part-way: {calls} of {CALLS}"
    );
    assert_eq!(
        count(&db, "transcript_segments"),
        Some(2 * calls),
        "every stored call has its whole transcript"
    );

    assert!(
        run().wait().unwrap().code() == Some(0),
        "the re-run succeeds"
    );
    assert_eq!(
        count(&db, "calls"),
        Some(CALLS as i64),
        "and completes the import"
    );
    assert_eq!(count(&db, "transcript_segments"), Some(2 * CALLS as i64));
}
