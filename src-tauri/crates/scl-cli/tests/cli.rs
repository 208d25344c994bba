//! `scl` as other tools run it: the real binary on a real SQLite file.

mod common;

use std::process::Command;

use serde_json::Value;

use common::{ok, scl, NOW};

fn demo_db(dir: &tempfile::TempDir, name: &str, seed: &str) -> String {
    let url = format!("sqlite://{}", dir.path().join(name).display());
    ok(&scl(&url, &["demo", "--seed", seed]));
    url
}

fn leads_json(url: &str, tab: &str) -> Vec<Value> {
    let text = ok(&scl(url, &["leads", "--tab", tab, "--json"]));
    serde_json::from_str::<Value>(&text)
        .expect("valid JSON")
        .as_array()
        .expect("array")
        .clone()
}

#[test]
fn demo_then_leads_json_has_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let url = demo_db(&dir, "a.db", "42");
    assert!(
        dir.path().join("recordings/furnace-no-heat.wav").exists(),
        "recordings written"
    );
    let mut total = 0;
    for tab in ["open", "cold", "done"] {
        let rows = leads_json(&url, tab);
        assert!(!rows.is_empty(), "{tab} has leads");
        total += rows.len();
        for row in &rows {
            for field in [
                "id", "call_id", "status", "tab", "score", "account", "customer", "phone", "type",
                "reason", "agent", "ended_at",
            ] {
                assert!(row.get(field).is_some(), "{tab} row lacks {field}: {row}");
            }
            assert_eq!(row["tab"], tab);
        }
    }
    assert!(
        total > 300,
        "2,000 calls give hundreds of leads, got {total}"
    );
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(&dir, "a.db", "5");
    let b = demo_db(&dir, "b.db", "5");
    let c = demo_db(&dir, "c.db", "6");
    assert_eq!(leads_json(&a, "done"), leads_json(&b, "done"));
    assert_ne!(leads_json(&a, "done"), leads_json(&c, "done"));
}

#[test]
fn set_status_moves_a_lead_and_bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let url = demo_db(&dir, "a.db", "42");
    let open = leads_json(&url, "open");
    let id = open[0]["id"].as_i64().unwrap().to_string();

    let out = ok(&scl(
        &url,
        &["lead", "set-status", &id, "Lead - not able to save"],
    ));
    assert!(out.contains("Lead - not able to save"), "{out}");
    let done = leads_json(&url, "done");
    let row = done
        .iter()
        .find(|r| r["id"].as_i64().unwrap().to_string() == id)
        .expect("moved to done");
    assert_eq!(row["status"], "Lead - not able to save");
    let show = ok(&scl(&url, &["lead", "show", &id, "--json"]));
    let show: Value = serde_json::from_str(&show).unwrap();
    let history = show["history"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap()["to"],
        "Lead - not able to save",
        "history recorded"
    );

    let bad_status = scl(&url, &["lead", "set-status", &id, "Maybe later"]);
    assert_eq!(bad_status.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad_status.stderr);
    assert!(
        err.contains("unknown status") && err.contains("Job booked by SCL"),
        "{err}"
    );

    let bad_lead = scl(&url, &["lead", "set-status", "987654", "New"]);
    assert_eq!(bad_lead.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_lead.stderr).contains("lead 987654 not found"));
}

#[test]
fn demo_refuses_a_database_with_data_unless_if_empty() {
    let dir = tempfile::tempdir().unwrap();
    let url = demo_db(&dir, "a.db", "1");
    let again = scl(&url, &["demo"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has data"));
    assert!(scl(&url, &["demo", "--if-empty"]).status.success());
}

#[test]
fn database_url_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let url = demo_db(&dir, "env.db", "2");
    let out = Command::new(env!("CARGO_BIN_EXE_scl"))
        .args(["--now", NOW, "leads", "--tab", "done", "--json"])
        .env("SCL_DATABASE_URL", &url)
        .output()
        .unwrap();
    let rows: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert!(!rows.as_array().unwrap().is_empty());
}

#[test]
fn a_bad_tab_or_url_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let bad_tab = scl(&url, &["leads", "--tab", "warm"]);
    assert_eq!(bad_tab.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_tab.stderr).contains("open, cold or done"));
    let bad_url = scl("mysql://x", &["leads"]);
    assert_eq!(bad_url.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_url.stderr).contains("unsupported database URL"));
}
