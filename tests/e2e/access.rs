//! Users, roles and sign-in in the real window: the owner creates a CSR, a Viewer and an Admin in
//! User Management; a wrong password is refused in place; the Viewer sees no Import, Settings or
//! User Management and the flyout's edit actions are disabled; a status change forged from the
//! webview (the IPC call devtools could make) is refused by the core with `forbidden` and the lead
//! is unchanged in the store; the CSR changes a status; the Admin finds that change in the Audit
//! trail and exports it as CSV through the OS save dialog.

use scl_domain::{LeadStatus, Tab};
use thirtyfour::prelude::*;

use crate::dialog::answer_file_dialog;
use crate::support::*;

const CSR: (&str, &str, &str) = ("Dana Csr", "dana", "dana-pass-1");
const VIEWER: (&str, &str, &str) = ("Vic Viewer", "vic", "vic-pass-1");
const ADMIN: (&str, &str, &str) = ("Ada Admin", "ada", "ada-pass-1");

async fn type_into(driver: &WebDriver, testid: &str, text: &str) {
    let field = by_testid(driver, testid).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn absent(driver: &WebDriver, testid: &str) -> bool {
    driver
        .find(By::Css(format!("[data-testid='{testid}']")))
        .await
        .is_err()
}

/// Add user, then fill the editor: name, login, a built-in role (ids 1-4), a password.
async fn add_user(driver: &WebDriver, (name, login, password): (&str, &str, &str), role_id: u8) {
    click(driver, "add-user").await;
    type_into(driver, "user-name", name).await;
    type_into(driver, "user-login", login).await;
    driver
        .find(By::Css(format!(
            "[data-testid='user-role'] option[value='role-{role_id}']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into(driver, "user-password", password).await;
}

async fn sign_out(driver: &WebDriver) {
    let button = by_testid(driver, "sign-out").await;
    wait_for("Sign out to be enabled", || async {
        button.is_enabled().await.ok().filter(|e| *e)
    })
    .await;
    button.click().await.unwrap();
    by_testid(driver, "sign-in").await;
}

async fn sign_in(driver: &WebDriver, login: &str, password: &str) {
    type_into(driver, "sign-in-login", login).await;
    type_into(driver, "sign-in-password", password).await;
    click(driver, "sign-in-submit").await;
}

/// Signs in and waits for the queue's rows.
async fn sign_in_to_queue(driver: &WebDriver, (_, login, password): (&str, &str, &str)) {
    sign_in(driver, login, password).await;
    wait_for(&format!("the queue for {login}"), || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
}

/// One CSV record per line (the export quotes fields with line breaks; ours have none).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_gate_the_ui_the_core_refuses_a_forged_call_and_the_audit_trail_shows_who() {
    let app = App::launch().await;
    let driver = &app.driver;
    wait_for("the Open rows", || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;

    // (a) The owner (signed in by itself: nobody has a password yet) adds three users.
    click(driver, "nav-users").await;
    by_testid(driver, "users-table").await;
    add_user(driver, CSR, 3).await;
    add_user(driver, VIEWER, 4).await;
    add_user(driver, ADMIN, 1).await;
    save_screenshot(driver, "users.png").await;
    click(driver, "save-changes").await;
    let saved = wait_for("Save Changes", || text_of(driver, "users-result")).await;
    assert_eq!(saved, "3 changes saved.", "every new user was accepted");

    // (b) Sign out; a wrong password is refused in place; the Viewer sees only the queue.
    sign_out(driver).await;
    sign_in(driver, VIEWER.1, "not-the-password").await;
    let refused = wait_for("the sign-in refusal", || text_of(driver, "sign-in-error")).await;
    assert_eq!(refused, "the login or the password is not right");
    sign_in_to_queue(driver, VIEWER).await;
    for hidden in ["nav-import", "nav-settings", "nav-users", "nav-audit"] {
        assert!(
            absent(driver, hidden).await,
            "{hidden} is not offered to a Viewer"
        );
    }
    let role = wait_for("who is signed in", || text_of(driver, "signed-in-role")).await;
    assert_eq!(role, "Viewer");
    let lead_id = row_ids(driver).await[0];
    let before = app.store.lead(lead_id, now()).await.unwrap().unwrap();
    assert_eq!(before.tab, Tab::Open, "the top row is an Open lead");
    open_lead(driver, lead_id).await;
    for action in ["status-edit", "dismiss-lead", "add-notes", "call-customer"] {
        let el = by_testid(driver, action).await;
        assert!(
            !el.is_enabled().await.unwrap(),
            "{action} is disabled for a Viewer"
        );
        assert_eq!(
            el.attr("title").await.unwrap().as_deref(),
            Some("Needs the Edit Second Chance Leads permission"),
            "{action} says which permission is missing"
        );
    }
    save_screenshot(driver, "viewer-flyout.png").await;

    // (c) The same change forged from the webview, as devtools could: the core refuses it.
    let answer = driver
        .execute_async(
            r#"const [id, done] = [arguments[0], arguments[arguments.length - 1]];
               window.__TAURI_INTERNALS__
                 .invoke("set_lead_status", { id, status: "Lead - not able to save" })
                 .then(() => done({ ok: true }), (e) => done(e));"#,
            vec![serde_json::json!(lead_id)],
        )
        .await
        .expect("run the forged call");
    let answer: serde_json::Value = answer.convert().unwrap();
    assert_eq!(answer["code"], "forbidden", "refused by the core: {answer}");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Edit Second Chance Leads"),
        "the refusal names the permission: {message}"
    );
    let after = app.store.lead(lead_id, now()).await.unwrap().unwrap();
    assert_eq!(
        after.status, before.status,
        "the forged call changed nothing"
    );

    // (d) The CSR may change the status.
    click(driver, "flyout-close").await;
    sign_out(driver).await;
    sign_in_to_queue(driver, CSR).await;
    open_lead(driver, lead_id).await;
    click(driver, "status-edit").await;
    driver
        .find(By::Css(
            "[data-testid='status-select'] option[value='Lead - not able to save']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(driver, "status-save").await;
    wait_for("the CSR's status change in the store", || async {
        let lead = app.store.lead(lead_id, now()).await.ok()??;
        (lead.status == LeadStatus::NotAbleToSave).then_some(())
    })
    .await;

    // (e) The Admin finds it in the Audit trail and exports it.
    click(driver, "flyout-close").await;
    sign_out(driver).await;
    sign_in_to_queue(driver, ADMIN).await;
    click(driver, "nav-audit").await;
    by_testid(driver, "audit-table").await;
    let who = wait_for("the status change in the audit trail", || async {
        let row = driver
            .find(By::Css(format!(
                "[data-testid='audit-row'][data-action='lead.status'][data-entity-id='{lead_id}']"
            )))
            .await
            .ok()?;
        let who = row.find(By::Css("[data-testid='audit-who']")).await.ok()?;
        who.text().await.ok().filter(|t| !t.is_empty())
    })
    .await;
    assert_eq!(who, CSR.0, "the audit trail names who changed the status");
    save_screenshot(driver, "audit.png").await;

    let path = app.dir.path().join("audit-trail.csv");
    click(driver, "audit-export").await;
    answer_file_dialog("Export audit trail", &path).await;
    let shown = wait_for("the export", || text_of(driver, "audit-exported")).await;
    assert_eq!(shown, format!("Saved to {}", path.display()));
    let csv = std::fs::read_to_string(&path).expect("the exported CSV");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("at,user,action,entity,entity_id,before,after")
    );
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    let change = rows
        .iter()
        .find(|r| r[2] == "lead.status" && r[4] == lead_id.to_string())
        .unwrap_or_else(|| panic!("the status change is exported: {csv}"));
    assert_eq!(change[1], CSR.0, "who");
    assert_eq!(change[5], before.status.label(), "before");
    assert_eq!(change[6], "Lead - not able to save", "after");
    assert!(
        !rows
            .iter()
            .any(|r| r[1] == VIEWER.0 && r[2].starts_with("lead")),
        "the refused forged call left no change in the trail"
    );
    app.quit().await;
}
