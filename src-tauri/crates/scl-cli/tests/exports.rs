//! Issue 12's acceptance test: every export in `tests/exports/` imports as
//! `tests/exports/expected.json` says (counts, directions, times, problems), and importing it a
//! second time changes nothing.
//!
//! The expectations were written by an outside author from the published formats and the import
//! contract, not from the reader's code; this runner only compares. It runs the real `scl` binary
//! on a fresh SQLite database per case, and reads stored calls from that database read-only
//! (most of them are not leads, so `scl leads` would not show them). Every mismatch is collected
//! and reported together as `case / file: what: expected X, got Y`.

mod common;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sqlx::Row;

fn exports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/exports")
}

/// Mismatches of every case, each one line naming the case, the file and what differed.
#[derive(Default)]
struct Mismatches(Vec<String>);

impl Mismatches {
    fn add(
        &mut self,
        at: &str,
        what: &str,
        expected: impl std::fmt::Display,
        got: impl std::fmt::Display,
    ) {
        self.0
            .push(format!("{at}: {what}: expected {expected}, got {got}"));
    }

    fn same(&mut self, at: &str, what: &str, expected: &Value, got: &Value) {
        if expected != got {
            self.add(at, what, expected, got);
        }
    }
}

/// One stored call, its times as RFC 3339 UTC text, as the expectations write them.
struct StoredCall {
    call_id: String,
    account: String,
    fields: Value,
}

fn rfc3339(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| {
        let t = chrono::DateTime::from_timestamp_millis(ms).expect("a stored time in range");
        Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    })
}

fn stored_calls(db: &Path) -> Vec<StoredCall> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=ro", db.display());
        let Ok(mut conn) = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url).await else {
            return Vec::new(); // no database yet: nothing was stored
        };
        let rows = sqlx::query(
            "SELECT c.call_id, a.name AS account, c.direction, c.from_number, c.to_number, \
             c.started_at, c.answered_at, c.ended_at, u.name AS agent \
             FROM calls c JOIN accounts a ON a.id = c.account_id \
             LEFT JOIN users u ON u.id = c.agent_id ORDER BY c.id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
        rows.iter()
            .map(|r| {
                let answered_at: Option<i64> = r.get("answered_at");
                StoredCall {
                    call_id: r.get("call_id"),
                    account: r.get("account"),
                    fields: json!({
                        "direction": r.get::<String, _>("direction"),
                        "from": r.get::<String, _>("from_number"),
                        "to": r.get::<String, _>("to_number"),
                        "started_at": rfc3339(Some(r.get("started_at"))),
                        "answered_at": rfc3339(answered_at),
                        "ended_at": rfc3339(Some(r.get("ended_at"))),
                        "agent": r.get::<Option<String>, _>("agent"),
                        "answered": answered_at.is_some(),
                    }),
                }
            })
            .collect()
    })
}

/// Leads in all three tabs, through `scl leads --json`.
fn lead_count(db: &str) -> usize {
    ["open", "cold", "done"]
        .iter()
        .map(|tab| {
            let out = common::ok(&common::scl(db, &["leads", "--tab", tab, "--json"]));
            serde_json::from_str::<Value>(&out)
                .ok()
                .and_then(|v| v.as_array().map(Vec::len))
                .unwrap_or(0)
        })
        .sum()
}

/// `scl import FILE ARGS... --json`: the exit code and the file's report (Null when the output
/// is not the JSON report, which is itself reported as a mismatch).
fn import(
    db: &str,
    file: &Path,
    args: &[String],
    at: &str,
    m: &mut Mismatches,
) -> (Option<i32>, Value) {
    let mut all = vec!["import".to_string(), file.display().to_string()];
    all.extend(args.iter().cloned());
    all.push("--json".into());
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let out = common::scl(db, &refs);
    let report = match serde_json::from_slice::<Value>(&out.stdout) {
        Ok(v) => v["files"][0].clone(),
        Err(e) => {
            m.add(
                at,
                "the --json report",
                "JSON on stdout",
                format!(
                    "{e} (stdout {:?}, stderr {:?})",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            );
            Value::Null
        }
    };
    (out.status.code(), report)
}

fn number(report: &Value, key: &str) -> Option<i64> {
    report.get(key).and_then(Value::as_i64)
}

/// The contract's sums: every row accounted for, every call read counted once.
fn check_sums(at: &str, r: &Value, m: &mut Mismatches) {
    let n = |k| number(r, k);
    if let (Some(rows), Some(a), Some(b), Some(c), Some(d)) = (
        n("rows"),
        n("rows_in_calls"),
        n("rows_internal"),
        n("rows_skipped"),
        n("rows_other"),
    ) {
        if rows != a + b + c + d {
            m.add(
                at,
                "rows = rows_in_calls + rows_internal + rows_skipped + rows_other",
                rows,
                a + b + c + d,
            );
        }
    }
    if let (Some(read), Some(i), Some(o)) = (n("calls_read"), n("inbound"), n("outbound")) {
        if read != i + o {
            m.add(at, "calls_read = inbound + outbound", read, i + o);
        }
    }
    if let (Some(read), Some(i), Some(d), Some(c)) = (
        n("calls_read"),
        n("calls_inserted"),
        n("duplicates"),
        n("conflicts"),
    ) {
        if read != i + d + c {
            m.add(
                at,
                "calls_read = calls_inserted + duplicates + conflicts",
                read,
                i + d + c,
            );
        }
    }
}

fn text_has(message: &str, word: &str) -> bool {
    message.to_lowercase().contains(&word.to_lowercase())
}

/// Whether an actual problem is the one an expectation describes: same line and field when the
/// expectation gives them, same severity, and its message holds every word of `contains` and at
/// least one of `contains_any` (case-insensitive).
fn problem_matches(expected: &Value, actual: &Value) -> bool {
    let message = actual["message"].as_str().unwrap_or_default();
    ["line", "field", "skipped"]
        .iter()
        .all(|k| expected.get(*k).is_none_or(|v| actual.get(*k) == Some(v)))
        && expected["contains"].as_array().is_none_or(|ws| {
            ws.iter()
                .all(|w| text_has(message, w.as_str().unwrap_or_default()))
        })
        && expected["contains_any"].as_array().is_none_or(|ws| {
            ws.iter()
                .any(|w| text_has(message, w.as_str().unwrap_or_default()))
        })
}

/// Expected problems must all be there; errors (skipped records) must be exactly the expected
/// ones; warnings beyond the expected are allowed unless `problem_counts` limits their field.
fn check_problems(at: &str, step: &Value, report: &Value, m: &mut Mismatches) {
    let actual: Vec<Value> = report["problems"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; actual.len()];
    for e in step["problems"].as_array().into_iter().flatten() {
        let found = actual
            .iter()
            .enumerate()
            .find(|(i, a)| !used[*i] && problem_matches(e, a));
        match found {
            Some((i, _)) => used[i] = true,
            None => m.add(
                at,
                "problem",
                e,
                format!("none like it among {}", Value::Array(actual.clone())),
            ),
        }
    }
    for (a, _) in actual
        .iter()
        .zip(&used)
        .filter(|(a, u)| !**u && a["skipped"] == true)
    {
        m.add(at, "no other error problem", "none", a);
    }
    if let Some(counts) = step["problem_counts"].as_object() {
        for (field, want) in counts {
            let got = actual
                .iter()
                .filter(|a| a["field"] == field.as_str())
                .count();
            if want.as_u64() != Some(got as u64) {
                m.add(
                    at,
                    &format!("number of problems on field {field}"),
                    want,
                    got,
                );
            }
        }
    }
}

fn check_calls(at: &str, step: &Value, calls: &[StoredCall], m: &mut Mismatches) {
    let default_account = account_arg(step);
    for e in step["calls"].as_array().into_iter().flatten() {
        let id = e["call_id"].as_str().unwrap_or_default();
        let account = e["account"]
            .as_str()
            .or(default_account.as_deref())
            .unwrap_or_default();
        let what = format!("call {id} in account {account:?}");
        let Some(c) = calls
            .iter()
            .find(|c| c.call_id == id && c.account == account)
        else {
            let elsewhere: Vec<&str> = calls
                .iter()
                .filter(|c| c.call_id == id)
                .map(|c| c.account.as_str())
                .collect();
            m.add(
                at,
                &what,
                "stored",
                format!("not stored (in accounts {elsewhere:?})"),
            );
            continue;
        };
        for key in [
            "direction",
            "from",
            "to",
            "started_at",
            "answered_at",
            "ended_at",
            "agent",
            "answered",
        ] {
            if let Some(want) = e.get(key) {
                m.same(at, &format!("{what}: {key}"), want, &c.fields[key]);
            }
        }
    }
    if let Some(want) = step["calls_in_db"].as_u64() {
        if want != calls.len() as u64 {
            let ids: Vec<String> = calls
                .iter()
                .map(|c| format!("{}@{}", c.call_id, c.account))
                .collect();
            m.add(
                at,
                "calls stored in the database",
                want,
                format!("{} {ids:?}", calls.len()),
            );
        }
    }
}

fn account_arg(step: &Value) -> Option<String> {
    let args: Vec<&str> = step["args"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    args.windows(2)
        .find(|w| w[0] == "--account")
        .map(|w| w[1].to_string())
}

fn args_of(step: &Value) -> Vec<String> {
    step["args"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(String::from))
        .collect()
}

fn run_case(case: &Value, m: &mut Mismatches) {
    let name = case["name"].as_str().unwrap_or("?");
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("exports.db");
    let db = format!("sqlite://{}", db_path.display());
    let steps = case["steps"].as_array().cloned().unwrap_or_default();

    for step in &steps {
        let file = step["file"].as_str().unwrap_or_default();
        let at = format!("[{name}] {file}");
        let (code, report) = import(&db, &exports_dir().join(file), &args_of(step), &at, m);
        m.same(&at, "exit code", &step["exit"], &json!(code));
        for (key, want) in step["report"].as_object().into_iter().flatten() {
            let got = report
                .get(key)
                .cloned()
                .unwrap_or(Value::String("(no such field)".into()));
            m.same(&at, &format!("report.{key}"), want, &got);
        }
        for word in step["error_contains"].as_array().into_iter().flatten() {
            let error = report["error"].as_str().unwrap_or_default();
            if !text_has(error, word.as_str().unwrap_or_default()) {
                m.add(&at, "report.error names", word, &report["error"]);
            }
        }
        check_sums(&at, &report, m);
        check_problems(&at, step, &report, m);
        check_calls(&at, step, &stored_calls(&db_path), m);
    }

    // Importing every file again changes nothing: no call inserted, no lead made; what was a
    // conflict stays one, everything else is a duplicate.
    let calls_before = stored_calls(&db_path).len();
    let leads_before = lead_count(&db);
    for step in &steps {
        let file = step["file"].as_str().unwrap_or_default();
        let at = format!("[{name}] {file} (imported again)");
        let (code, report) = import(&db, &exports_dir().join(file), &args_of(step), &at, m);
        m.same(&at, "exit code", &step["exit"], &json!(code));
        if step["exit"] == 2 {
            continue; // refused both times: no report numbers to compare
        }
        m.same(
            &at,
            "report.calls_inserted",
            &json!(0),
            &report["calls_inserted"],
        );
        m.same(
            &at,
            "report.leads_created",
            &json!(0),
            &report["leads_created"],
        );
        if let Some(conflicts) = step["report"].get("conflicts") {
            m.same(&at, "report.conflicts", conflicts, &report["conflicts"]);
        }
        if let (Some(read), Some(conflicts)) = (
            number(&report, "calls_read"),
            step["report"]["conflicts"].as_i64(),
        ) {
            m.same(
                &at,
                "report.duplicates",
                &json!(read - conflicts),
                &report["duplicates"],
            );
        }
    }
    let at = format!("[{name}] after importing again");
    m.same(
        &at,
        "calls stored",
        &json!(calls_before),
        &json!(stored_calls(&db_path).len()),
    );
    m.same(&at, "leads", &json!(leads_before), &json!(lead_count(&db)));
}

#[test]
fn every_test_export_imports_as_expected() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(exports_dir().join("expected.json"))
            .expect("tests/exports/expected.json"),
    )
    .expect("expected.json is JSON");
    assert_eq!(
        expected["now"],
        common::NOW,
        "expected.json is written for the clock the CLI tests use"
    );
    let cases = expected["cases"].as_array().expect("cases");
    let mut m = Mismatches::default();
    for case in cases {
        for step in case["steps"].as_array().expect("steps") {
            let file = exports_dir().join(step["file"].as_str().expect("file"));
            assert!(file.is_file(), "{} is missing", file.display());
        }
        run_case(case, &mut m);
    }
    assert!(
        m.0.is_empty(),
        "{} mismatches over {} cases:\n{}",
        m.0.len(),
        cases.len(),
        m.0.join("\n")
    );
}
