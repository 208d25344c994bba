//! `scl leads` with the queue's filter and sort flags, on a demo database: each flag narrows the
//! rows as the app's Filter menus do, and the single-account filters need `--account`.

mod common;

use serde_json::Value;

use common::{ok, scl};

fn leads(url: &str, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["leads", "--json"];
    all.extend_from_slice(args);
    let text = ok(&scl(url, &all));
    serde_json::from_str::<Value>(&text)
        .expect("valid JSON")
        .as_array()
        .expect("array")
        .clone()
}

fn ended(row: &Value) -> chrono::DateTime<chrono::Utc> {
    row["ended_at"].as_str().unwrap().parse().unwrap()
}

#[test]
fn each_flag_narrows_the_rows_like_the_apps_filters() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("f.db").display());
    ok(&scl(&url, &["demo"]));
    let all = leads(&url, &["--tab", "done"]);

    // Status: alternatives within the filter.
    let two = ["Lead - not able to save", "Reviewed - not a lead"];
    let rows = leads(
        &url,
        &["--tab", "done", "--status", two[0], "--status", two[1]],
    );
    let expected = all
        .iter()
        .filter(|r| two.contains(&r["status"].as_str().unwrap()))
        .count();
    assert!(expected > 0, "the demo has both statuses in Done");
    assert_eq!(rows.len(), expected);

    // Type.
    let rows = leads(&url, &["--type", "abandoned"]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["type"] == "Abandoned"), "{rows:?}");

    // Age: at least 24 hours since the call ended.
    let now: chrono::DateTime<chrono::Utc> = common::NOW.parse().unwrap();
    let rows = leads(&url, &["--min-age-hours", "24"]);
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| now - ended(r) >= chrono::Duration::hours(24)));

    // Notes: without any notes means no CSR notes either.
    let rows = leads(&url, &["--notes", "without"]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["notes"].is_null()));

    // Sort: age descending is the oldest call first.
    let rows = leads(&url, &["--sort", "age:desc"]);
    assert!(rows.windows(2).all(|w| ended(&w[0]) <= ended(&w[1])));

    // Reason and Agent need one account; with it, they narrow.
    let out = scl(&url, &["leads", "--agent", "3"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Agent filter needs a single account"),
        "{stderr}"
    );
    let row = all
        .iter()
        .find(|r| r["reason"].is_string())
        .expect("a Done lead with a reason");
    let account = row["account_id"].as_i64().unwrap().to_string();
    let reason = row["reason"].as_str().unwrap();
    let rows = leads(
        &url,
        &["--tab", "done", "--account", &account, "--reason", reason],
    );
    assert!(rows.iter().any(|r| r["id"] == row["id"]));
    assert!(rows.iter().all(|r| r["reason"] == reason));
}
