//! `scl lead call --print`: the exact URI the app would hand to the OS, nothing recorded; a
//! number that is refused exits with code 2 and says why. Also Dismiss and notes through `scl`.

mod common;

use serde_json::Value;

use common::{ok as stdout, scl};

fn show(db: &str, id: i64) -> Value {
    serde_json::from_str(&stdout(&scl(
        db,
        &["lead", "show", &id.to_string(), "--json"],
    )))
    .unwrap()
}

fn first_open(db: &str) -> (i64, String) {
    let rows: Value =
        serde_json::from_str(&stdout(&scl(db, &["leads", "--tab", "open", "--json"]))).unwrap();
    let row = &rows[0];
    (
        row["id"].as_i64().unwrap(),
        row["phone"].as_str().unwrap().to_string(),
    )
}

async fn set_caller(path: &std::path::Path, lead: i64, phone: &str) {
    let url = format!("sqlite://{}", path.display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE calls SET from_number = $1 WHERE id = (SELECT call_key FROM leads WHERE id = $2)",
    )
    .bind(phone)
    .bind(lead)
    .execute(&mut conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn print_gives_the_exact_uri_records_nothing_and_refuses_bad_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let db = format!("sqlite://{}", path.display());
    stdout(&scl(&db, &["demo"]));
    let (id, phone) = first_open(&db);
    let before = show(&db, id);

    let out = scl(&db, &["lead", "call", &id.to_string(), "--print"]);
    assert_eq!(stdout(&out), format!("tel:{phone}\n"));
    let after = show(&db, id);
    assert_eq!(
        after["attempts"], before["attempts"],
        "--print records nothing"
    );
    assert_eq!(after["lead"]["status"], before["lead"]["status"]);
    assert_eq!(after["dial"]["uri"], format!("tel:{phone}"));

    for bad in ["+1555", "not a number", "+15125550123;x=<script>"] {
        set_caller(&path, id, bad).await;
        let out = scl(&db, &["lead", "call", &id.to_string(), "--print"]);
        assert_eq!(out.status.code(), Some(2), "{bad} is refused with exit 2");
        assert!(out.stdout.is_empty(), "{bad}: no URI printed");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot call"), "{bad}: says why: {err}");
    }
    let out = scl(&db, &["lead", "call", "999999", "--print"]);
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn dismiss_and_notes_through_scl_are_the_apps_operations() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    stdout(&scl(&db, &["demo"]));
    let (id, _) = first_open(&db);
    stdout(&scl(
        &db,
        &["lead", "note", &id.to_string(), "<b>call after 5</b>"],
    ));
    stdout(&scl(&db, &["lead", "dismiss", &id.to_string()]));
    let lead = show(&db, id);
    assert_eq!(lead["lead"]["tab"], "done");
    assert_eq!(lead["dismissed"], true);
    assert_eq!(lead["notes"][0]["text"], "<b>call after 5</b>");
    let out = scl(&db, &["lead", "note", &id.to_string(), "  "]);
    assert_eq!(out.status.code(), Some(2), "an empty note is refused");
}
