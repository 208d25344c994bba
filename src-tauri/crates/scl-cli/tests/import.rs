//! `scl import` and `scl detect` on real files, as other tools run them.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn scl(db: &str, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scl"))
        .args(["--db", db, "--now", now])
        .args(args)
        .env_remove("SCL_DATABASE_URL")
        .output()
        .expect("run scl")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} / {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const NOW: &str = "2026-11-21T12:00:00Z";

#[test]
fn a_jsonl_export_imports_reports_bad_lines_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("i.db").display());
    let file = data("calls.jsonl");
    let out = scl(&db, NOW, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a skipped record makes exit code 3"
    );
    let report = json(&out);
    let f = &report["files"][0];
    assert_eq!(f["format"], "JSON Lines");
    assert_eq!(f["calls_read"], 6);
    assert_eq!(f["calls_inserted"], 6);
    assert_eq!(f["customers"], 1);
    assert_eq!(f["jobs_inserted"], 1);
    assert!(
        f["redactions"].as_u64().unwrap() >= 1,
        "the card number in the notes is redacted"
    );
    let problem = f["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["skipped"] == true)
        .unwrap();
    assert_eq!(
        (problem["line"].as_u64(), problem["field"].as_str()),
        (Some(5), Some("started_at"))
    );

    let again = json(&scl(
        &db,
        NOW,
        &["import", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        again["files"][0]["calls_inserted"], 0,
        "importing the same file twice changes nothing"
    );
    assert_eq!(again["files"][0]["duplicates"], 6);
}

#[test]
fn calls_become_ranked_explained_leads_and_wait_for_after_call_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("l.db").display());
    let file = data("calls.jsonl");
    scl(&db, NOW, &["import", file.to_str().unwrap()]);

    let leads = json(&scl(&db, NOW, &["leads", "--json"]));
    let leads = leads.as_array().unwrap();
    assert!(
        leads
            .windows(2)
            .all(|w| w[0]["score"].as_i64() >= w[1]["score"].as_i64()),
        "ranked"
    );
    let x1 = leads
        .iter()
        .find(|l| l["call_id"] == "X-1")
        .expect("the price + spouse call is a lead");
    assert_eq!(
        x1["customer"], "Rosa Diaz",
        "matched by the normalized number"
    );
    assert_eq!(x1["phone"], "+13035550177");
    let quote = x1["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["quote"].is_string())
        .unwrap();
    assert!(quote["seconds"].as_f64().is_some());
    assert!(x1["summary"].as_str().unwrap().contains("furnace"));
    assert!(
        leads.iter().all(|l| l["call_id"] != "X-3"),
        "a booked call is never a lead"
    );
    let x5: Vec<_> = leads
        .iter()
        .filter(|l| l["phone"] == "+17205550150")
        .collect();
    assert_eq!(
        x5.len(),
        1,
        "a second call from the same number joins the open lead"
    );
    let vtt_quote = x5[0]["reasons"].as_array().unwrap().iter().any(|r| {
        r["quote"].as_str().is_some_and(|q| q.contains("How much")) && r["seconds"] == 4.0
    });
    assert!(
        vtt_quote,
        "quotes from the WebVTT transcript carry its timestamps: {}",
        x5[0]
    );
    assert!(
        leads.iter().all(|l| l["call_id"] != "X-7"),
        "X-7 ended 2 minutes ago: still in ACW"
    );

    let later = "2026-11-21T12:03:00Z";
    let pass = json(&scl(&db, later, &["detect", "--json"]));
    assert_eq!(pass["evaluated"], 1, "only X-7 was waiting: {pass}");
    let again = json(&scl(&db, later, &["detect", "--json"]));
    assert_eq!(again["evaluated"], 0, "evaluated once");
}

#[test]
fn an_unreadable_file_is_exit_2_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("u.db").display());
    let missing = dir.path().join("nope.jsonl");
    let out = scl(&db, NOW, &["import", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nope.jsonl"));
}

#[test]
fn a_job_booked_later_closes_the_callers_open_lead() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("j.db").display());
    scl(&db, NOW, &["import", data("calls.jsonl").to_str().unwrap()]);
    let open = json(&scl(&db, NOW, &["leads", "--json"]));
    let lead = open
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["phone"] == "+17205550150")
        .unwrap()
        .clone();

    let out = scl(
        &db,
        NOW,
        &["import", data("jobs.jsonl").to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(
        report["files"][0]["leads_closed_by_jobs"], 1,
        "only the caller's lead: {report}"
    );

    let done = json(&scl(&db, NOW, &["leads", "--tab", "done", "--json"]));
    let closed = done
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == lead["id"])
        .expect("moved to Done");
    assert_eq!(
        closed["status"], "Job booked elsewhere",
        "nobody had called back"
    );
    let id = lead["id"].to_string();
    let shown = json(&scl(&db, NOW, &["lead", "show", &id, "--json"]));
    let last = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["actor"]["kind"], "system",
        "closed by the system: {last}"
    );
    assert_eq!(last["at"], "2026-11-21T09:00:00Z", "at the booking time");

    let again = json(&scl(
        &db,
        NOW,
        &["import", data("jobs.jsonl").to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        again["files"][0]["leads_closed_by_jobs"], 0,
        "importing the job again changes nothing"
    );
}

fn ingest_sample(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../scl-ingest/testdata")
        .join(path)
}

#[test]
fn cdr_and_twilio_exports_import_into_the_chosen_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let files = [
        ingest_sample("asterisk/Master.csv"),
        ingest_sample("freepbx/cdr-export.csv"),
        ingest_sample("twilio/calls-page.json"),
    ];
    let without_account = scl(&db, NOW, &["import", files[0].to_str().unwrap()]);
    assert_eq!(
        without_account.status.code(),
        Some(2),
        "a CDR names no account: exit 2"
    );
    assert!(String::from_utf8_lossy(&without_account.stdout).contains("account"));

    let mut args = vec!["import", "--account", "Peak Roofing Co.", "--recordings"];
    let recordings = ingest_sample("asterisk/recordings");
    args.push(recordings.to_str().unwrap());
    args.push("--json");
    for f in &files {
        args.push(f.to_str().unwrap());
    }
    let report = json(&scl(&db, NOW, &args));
    let formats: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "Asterisk Master.csv",
            "FreePBX CDR export",
            "Twilio calls JSON"
        ]
    );
    for f in report["files"].as_array().unwrap() {
        assert!(f["calls_inserted"].as_u64().unwrap() > 0, "{f}");
        assert_eq!(
            f["calls_inserted"], f["evaluated"],
            "all these calls are past ACW: {f}"
        );
    }
    let again = json(&scl(&db, NOW, &args));
    assert!(again["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["calls_inserted"] == 0));
}
