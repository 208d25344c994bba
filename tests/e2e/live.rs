//! Leads that arrive while the app runs: a call another writer stores without a verdict is
//! judged by the app's detection loop once its After Call Work Time has passed, and an export
//! dropped into the watched folder (set on the Import screen) is imported by itself. Each new
//! lead raises a toast and the Open count follows.

use chrono::{DateTime, Duration, Utc};
use scl_domain::{Account, Call, CallType, Direction, Speaker, Tab, TranscriptSegment};
use scl_store::IncomingCall;
use serde_json::json;
use thirtyfour::prelude::*;

use crate::support::*;

/// What a customer who is worth a callback says.
const LINES: [(f64, Speaker, &str); 4] = [
    (
        2.0,
        Speaker::Customer,
        "Hi, my water heater is leaking all over the garage.",
    ),
    (
        9.5,
        Speaker::Customer,
        "How much would a new water heater be, roughly?",
    ),
    (
        21.0,
        Speaker::Agent,
        "A replacement usually runs between 1,400 and 2,200 dollars.",
    ),
    (
        30.0,
        Speaker::Customer,
        "Okay, I need to check with my wife first. Can you call me back tomorrow?",
    ),
];

fn transcript() -> Vec<TranscriptSegment> {
    LINES
        .iter()
        .map(|(start, speaker, text)| TranscriptSegment {
            start_s: *start,
            end_s: start + 6.0,
            speaker: *speaker,
            text: (*text).into(),
        })
        .collect()
}

pub(crate) fn promising_call(
    call_id: &str,
    account: &Account,
    from: &str,
    ended: DateTime<Utc>,
) -> Call {
    Call {
        id: 0,
        call_id: call_id.into(),
        account_id: account.id,
        direction: Direction::Inbound,
        from_number: from.into(),
        to_number: "+15125550100".into(),
        started_at: ended - Duration::minutes(4),
        answered_at: Some(ended - Duration::minutes(4) + Duration::seconds(6)),
        ended_at: ended,
        agent_id: None,
        call_type: CallType::Unbooked,
        reason: Some("Price too high".into()),
        csr_notes: Some("Customer will talk it over at home".into()),
        booked: false,
        recording: None,
        customer_id: None,
        location_id: None,
        transcript: transcript(),
    }
}

/// Back to the queue from another screen. On a loaded machine a click can land while the
/// window is busy re-rendering (an import's toast arriving) and be lost: it is given again.
async fn show_queue(driver: &WebDriver) {
    for _ in 0..3 {
        click(driver, "nav-queue").await;
        for _ in 0..20 {
            if text_of(driver, "tab-count-open").await.is_some() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }
    panic!("the queue did not come back after three clicks on its nav entry");
}

async fn open_count_reaches(driver: &WebDriver, expected: u32) {
    wait_for(&format!("the Open count to reach {expected}"), || async {
        (count_on_screen(driver, Tab::Open).await == expected).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leads_arrive_while_the_app_runs() {
    let app = App::launch().await;
    let driver = &app.driver;
    let account = app
        .store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.settings.scl_enabled)
        .expect("a demo account with Second Chance Leads enabled");
    wait_for("the Open rows", || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
    let open_before = app.store.tab_counts(None, now()).await.unwrap().open;
    assert_eq!(count_on_screen(driver, Tab::Open).await, open_before);

    // Another writer stores a call past its After Call Work Time with no verdict yet: only the
    // app's detection loop can make it a lead.
    let acw = Duration::minutes(i64::from(account.settings.acw_minutes));
    let ended = now() - acw - Duration::seconds(30);
    let call = promising_call("E2E-LOOP-1", &account, "+15125550142", ended);
    app.store
        .insert_calls(&[IncomingCall {
            call,
            redactions: 0,
            evaluation: None,
        }])
        .await
        .unwrap();
    let toast = wait_for("the new-lead toast", || text_of(driver, "toast")).await;
    assert!(toast.contains("New Second Chance Lead"), "toast: {toast}");
    open_count_reaches(driver, open_before + 1).await;
    save_screenshot(driver, "new-lead-toast.png").await;
    click(driver, "toast-close").await;

    // The watched folder, set on the Import screen, picks up an export dropped into it.
    let folder = app.dir.path().join("exports");
    std::fs::create_dir_all(&folder).unwrap();
    click(driver, "nav-import").await;
    let path = wait_for("the watched folder form", || async {
        driver
            .find(By::Css("[data-testid='watch-path']"))
            .await
            .ok()
    })
    .await;
    path.clear().await.unwrap();
    path.send_keys(folder.to_string_lossy()).await.unwrap();
    click(driver, "watch-save").await;
    wait_for("the watched folder to be saved", || {
        text_of(driver, "watch-saved")
    })
    .await;
    let record = json!({
        "call_id": "E2E-WATCH-1",
        "account": account.name,
        "direction": "inbound",
        "from": "+15125550177",
        "to": "+15125550100",
        "started_at": (ended - Duration::minutes(4)).to_rfc3339(),
        "answered_at": (ended - Duration::minutes(4) + Duration::seconds(6)).to_rfc3339(),
        "ended_at": ended.to_rfc3339(),
        "agent": null,
        "booked": false,
        "reason": "Price too high",
        "csr_notes": null,
        "recording": null,
        "transcript": LINES.iter().map(|(start, speaker, text)| json!({
            "start": start, "end": start + 6.0,
            "speaker": speaker.code(), "text": text,
        })).collect::<Vec<_>>(),
    });
    // Written elsewhere and moved in, as an export job would, so no half file is ever seen.
    let staged = app.dir.path().join("calls.jsonl");
    std::fs::write(&staged, format!("{record}\n")).unwrap();
    std::fs::rename(&staged, folder.join("calls.jsonl")).unwrap();

    show_queue(driver).await;
    open_count_reaches(driver, open_before + 2).await;
    let toast = wait_for("the toast for the watched export", || {
        text_of(driver, "toast")
    })
    .await;
    assert!(toast.contains("Second Chance Lead"), "toast: {toast}");
    assert_eq!(
        app.store.tab_counts(None, now()).await.unwrap().open,
        open_before + 2,
        "the store agrees with the screen"
    );
    app.quit().await;
}
