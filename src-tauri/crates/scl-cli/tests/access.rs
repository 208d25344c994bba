//! `scl --user NAME`: the same permission checks as the app. A refused permission exits with
//! code 4 and names it; a wrong password exits 2; without `--user` an embedded database's local
//! owner acts. Users are added with `scl user add`, the audit trail read with `scl audit`.

mod common;

use std::process::{Command, Output};

use serde_json::Value;

use common::{ok, scl, NOW};

fn scl_as(db: &str, user: &str, password: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scl"))
        .args(["--db", db, "--now", NOW, "--user", user])
        .args(args)
        .env_remove("SCL_DATABASE_URL")
        .env("SCL_PASSWORD", password)
        .output()
        .expect("run scl")
}

fn add_user(db: &str, name: &str, login: &str, role: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_scl"))
        .args([
            "--db", db, "--now", NOW, "user", "add", name, "--login", login,
        ])
        .args(["--role", role])
        .env_remove("SCL_DATABASE_URL")
        .env("SCL_NEW_PASSWORD", format!("{login}-secret-pw"))
        .output()
        .unwrap();
    assert!(ok(&out).contains(name));
}

fn status_of(db: &str, id: i64) -> String {
    let shown: Value =
        serde_json::from_str(&ok(&scl(db, &["lead", "show", &id.to_string(), "--json"]))).unwrap();
    shown["lead"]["status"].as_str().unwrap().to_string()
}

#[test]
fn a_viewer_is_refused_with_exit_4_a_csr_may_edit_and_the_audit_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("a.db").display());
    ok(&scl(&db, &["demo"]));
    add_user(&db, "Vic Viewer", "vic", "viewer");
    add_user(&db, "Dana Whitfield", "dana", "CSR");
    let rows: Value = serde_json::from_str(&ok(&scl_as(
        &db,
        "vic",
        "vic-secret-pw",
        &["leads", "--json"],
    )))
    .unwrap();
    let id = rows[0]["id"].as_i64().unwrap();
    let before = status_of(&db, id);

    let refused = scl_as(
        &db,
        "vic",
        "vic-secret-pw",
        &[
            "lead",
            "set-status",
            &id.to_string(),
            "Lead - not able to save",
        ],
    );
    assert_eq!(refused.status.code(), Some(4));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("Vic Viewer (Viewer) does not have the permission Edit Second Chance Leads"),
        "{err}"
    );
    assert_eq!(status_of(&db, id), before, "nothing changed");
    for args in [
        vec!["lead", "dismiss", &id.to_string()],
        vec!["lead", "note", &id.to_string(), "hi"],
    ] {
        let out = scl_as(&db, "vic", "vic-secret-pw", &args);
        assert_eq!(out.status.code(), Some(4), "{args:?}");
    }
    let audit = scl_as(&db, "vic", "vic-secret-pw", &["audit"]);
    assert_eq!(audit.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&audit.stderr).contains("View & Edit Feature Management"));

    let wrong = scl_as(&db, "vic", "not-the-password", &["leads"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("the login or the password is not right")
    );

    ok(&scl_as(
        &db,
        "dana",
        "dana-secret-pw",
        &[
            "lead",
            "set-status",
            &id.to_string(),
            "Lead - not able to save",
        ],
    ));
    assert_eq!(status_of(&db, id), "Lead - not able to save");

    let csv = ok(&scl(&db, &["audit", "--action", "lead"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("at,user,action,entity,entity_id,before,after")
    );
    let row = lines.next().expect("dana's change");
    assert!(
        row.contains(&format!("Dana Whitfield,lead.status,lead,{id},"))
            && row.ends_with("Lead - not able to save"),
        "{row}"
    );
    let users: Value = serde_json::from_str(&ok(&scl(&db, &["user", "list"]))).unwrap();
    let vic = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "vic")
        .unwrap();
    assert_eq!(vic["role"], "Viewer");
    assert_eq!(vic["can_sign_in"], true);
    assert!(!serde_json::to_string(&users).unwrap().contains("secret-pw"));
}
