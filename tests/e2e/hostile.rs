//! Hostile text from a phone system's export (a customer's name, CSR notes, the transcript) shows
//! as text in the real window and never runs: no element is made from it, no script changes
//! the page.

use chrono::Duration;
use serde_json::json;
use thirtyfour::prelude::*;

use crate::support::*;

const IMG: &str = "<img src=x onerror=\"document.title='pwned'\">";
const SCRIPT: &str = "<script>document.title='pwned'</script>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_notes_and_transcripts_show_as_text() {
    let app = App::launch().await;
    let driver = &app.driver;
    let account = app.store.accounts().await.unwrap().remove(0);
    let ended = now() - Duration::hours(1);
    let name = format!("{IMG} Rosa {SCRIPT}");
    let spoken = format!("How much would a new furnace cost? {IMG}{SCRIPT}");
    let export = app.dir.path().join("hostile.jsonl");
    let customer = json!({"kind": "customer", "customer_id": "H-1", "account": account.name,
        "name": name, "phones": ["+15125550166"], "notes": SCRIPT, "locations": []});
    let call = json!({"call_id": "E2E-HOSTILE-1", "account": account.name,
    "direction": "inbound", "from": "+15125550166", "to": "+15125550100",
    "started_at": (ended - Duration::minutes(5)).to_rfc3339(),
    "answered_at": (ended - Duration::minutes(5)).to_rfc3339(),
    "ended_at": ended.to_rfc3339(), "agent": null, "booked": false,
    "reason": "Price too high", "csr_notes": format!("notes {IMG}"), "recording": null,
    "transcript": [
        {"start": 1.0, "end": 5.0, "speaker": "customer", "text": spoken},
        {"start": 6.0, "end": 9.0, "speaker": "agent", "text": "It starts at four thousand."},
        {"start": 10.0, "end": 14.0, "speaker": "customer",
         "text": "Let me talk to my husband and call you back."}
    ]});
    // Through the app's own watched folder: the import raises the toast that opens the lead.
    let folder = app.dir.path().join("exports");
    std::fs::create_dir_all(&folder).unwrap();
    // The nav appears once the session is read.
    by_testid(driver, "nav-import").await.click().await.unwrap();
    let path = by_testid(driver, "watch-path").await;
    path.clear().await.unwrap();
    path.send_keys(folder.to_string_lossy()).await.unwrap();
    click(driver, "watch-save").await;
    wait_for("the watched folder to be saved", || {
        text_of(driver, "watch-saved")
    })
    .await;
    std::fs::write(&export, format!("{customer}\n{call}\n")).unwrap();
    std::fs::rename(&export, folder.join("hostile.jsonl")).unwrap();
    wait_for("the new-lead toast", || text_of(driver, "toast")).await;
    click(driver, "toast-open").await;
    wait_for("the flyout of the hostile lead", || async {
        let id = text_of(driver, "flyout-call-id").await?;
        (id == "E2E-HOSTILE-1").then_some(())
    })
    .await;
    let shown = wait_for("the customer's name", || text_of(driver, "flyout-customer")).await;
    assert_eq!(shown, name, "the name is shown as typed");
    let segments = wait_for("the transcript", || async {
        let found = driver
            .find_all(By::Css("[data-testid='segment-text']"))
            .await
            .ok()?;
        (found.len() == 3).then_some(found)
    })
    .await;
    assert_eq!(segments[0].text().await.unwrap(), spoken);

    let (images, scripts, title): (i64, i64, String) = {
        let r = driver
            .execute(
                "return [document.querySelectorAll('img').length, \
                 document.querySelectorAll('body script').length, document.title];",
                vec![],
            )
            .await
            .unwrap();
        r.convert().unwrap()
    };
    assert_eq!(images, 0, "no element made from an export's text");
    assert_eq!(scripts, 0);
    assert_ne!(title, "pwned", "no script from an export ran");
    save_screenshot(driver, "hostile.png").await;
    app.quit().await;
}
