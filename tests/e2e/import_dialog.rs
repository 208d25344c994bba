//! The Import screen end to end: Choose files opens the OS file dialog (answered by typing the
//! path, as a person would), the import runs, and the report names the bad record by file, line
//! and field while the good records land in the store.

use chrono::Duration;
use serde_json::json;

use crate::dialog::answer_file_dialog;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_chosen_in_the_file_dialog_imports_and_reports_its_bad_line() {
    let app = App::launch().await;
    let driver = &app.driver;
    let account = app.store.accounts().await.unwrap().remove(0);
    let ended = now() - Duration::hours(2);
    let call = |id: &str, from: &str, direction: &str| {
        json!({
            "call_id": id,
            "account": account.name,
            "direction": direction,
            "from": from,
            "to": "+15125550100",
            "started_at": (ended - Duration::minutes(4)).to_rfc3339(),
            "answered_at": (ended - Duration::minutes(4)).to_rfc3339(),
            "ended_at": ended.to_rfc3339(),
            "agent": null,
            "booked": false,
            "reason": "Price too high",
            "csr_notes": null,
            "recording": null,
            "transcript": [
                {"start": 1.0, "end": 4.0, "speaker": "customer",
                 "text": "How much would a new water heater cost?"}
            ],
        })
    };
    let export = app.dir.path().join("dialog-export.jsonl");
    std::fs::write(
        &export,
        format!(
            "{}\n{}\n{}\n",
            call("E2E-DLG-1", "+15125550181", "inbound"),
            call("E2E-DLG-2", "+15125550182", "sideways"),
            call("E2E-DLG-3", "+15125550183", "inbound"),
        ),
    )
    .unwrap();

    // The nav appears once the session is read.
    by_testid(driver, "nav-import").await.click().await.unwrap();
    by_testid(driver, "import-choose")
        .await
        .click()
        .await
        .unwrap();
    answer_file_dialog("Import call exports", &export).await;
    let chosen = wait_for("the chosen file", || text_of(driver, "import-file")).await;
    assert!(chosen.ends_with("dialog-export.jsonl"), "{chosen}");

    click(driver, "import-start").await;
    wait_for("the import report", || text_of(driver, "import-report")).await;
    let stat = |key: &'static str| async move {
        let selector = format!("[data-testid='import-stat'][data-stat='{key}']");
        driver
            .find(thirtyfour::By::Css(selector))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    assert_eq!(stat("calls_inserted").await, "2");
    let problem = wait_for("the bad line", || text_of(driver, "import-problem")).await;
    assert!(
        problem.contains("dialog-export.jsonl:2") && problem.contains("direction"),
        "{problem}"
    );
    save_screenshot(driver, "import-dialog.png").await;

    for (id, stored) in [
        ("E2E-DLG-1", true),
        ("E2E-DLG-2", false),
        ("E2E-DLG-3", true),
    ] {
        let found = app.store.calls_by_call_id(id).await.unwrap();
        assert_eq!(found.len(), usize::from(stored), "{id}");
    }
    app.quit().await;
}
