//! Keyboard-first triage in the real window: j/k and arrows move, Enter opens the flyout, c, e,
//! n and d act on the lead, `?` lists every shortcut; and a lead flagged while the agent works
//! raises a toast and the unseen badge without moving the selection, the toast opening it.

use chrono::Duration;
use scl_domain::{LeadStatus, Tab};
use scl_store::IncomingCall;
use thirtyfour::prelude::*;

use crate::live::promising_call;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_triages_by_keyboard() {
    let app = App::launch().await;
    let driver = &app.driver;
    let ids = wait_for("the Open rows", || async {
        let ids = row_ids(driver).await;
        (ids.len() > 3).then_some(ids)
    })
    .await;
    assert_eq!(
        selected_id(driver).await,
        Some(ids[0]),
        "the top row starts selected"
    );

    press(driver, "j").await;
    assert_eq!(selected_id(driver).await, Some(ids[1]), "j moves down");
    press(driver, Key::Down).await;
    assert_eq!(selected_id(driver).await, Some(ids[2]), "↓ moves down");
    press(driver, "k").await;
    assert_eq!(selected_id(driver).await, Some(ids[1]), "k moves up");
    press(driver, Key::Up).await;
    press(driver, "j").await;
    assert_eq!(selected_id(driver).await, Some(ids[1]), "↑ moved up");

    // Enter opens the selected lead.
    let lead = app.store.lead(ids[1], now()).await.unwrap().unwrap();
    press(driver, Key::Enter).await;
    flyout_shows(driver, &lead.call_id).await;

    // n: Add Notes, the typed keys stay in the note.
    press(driver, "n").await;
    let note = by_testid(driver, "note-text").await;
    wait_for("the note box to have focus", || async {
        let active = driver.active_element().await.ok()?;
        (active.attr("data-testid").await.ok()?? == "note-text").then_some(())
    })
    .await;
    press(
        driver,
        "Called: no answer, left a voicemail (d and c stay in here)",
    )
    .await;
    assert_eq!(
        note.prop("value").await.unwrap().as_deref(),
        Some("Called: no answer, left a voicemail (d and c stay in here)")
    );
    click(driver, "note-save").await;
    let shown = wait_for("the note", || text_of(driver, "lead-note-text")).await;
    assert!(shown.starts_with("Called: no answer"), "{shown}");

    // c: Call Customer reaches the softphone and shows what to leave on a voicemail.
    by_testid(driver, "flyout").await.focus().await.unwrap();
    press(driver, "c").await;
    let uri = wait_for("the softphone to receive the URI", || async {
        std::fs::read_to_string(tel_received(app.dir.path())).ok()
    })
    .await;
    assert_eq!(uri, format!("tel:{}", lead.phone));
    wait_for("the calling panel", || text_of(driver, "calling-panel")).await;
    wait_for("the stored callback attempt", || async {
        let l = app.store.lead(lead.id, now()).await.ok()??;
        (l.status == LeadStatus::CallBackAttempted).then_some(())
    })
    .await;

    // e: edit Status opens the status menu.
    by_testid(driver, "flyout").await.focus().await.unwrap();
    press(driver, "e").await;
    by_testid(driver, "status-select").await;
    click(driver, "flyout-close").await;

    // d: Dismiss, on another lead opened by keyboard.
    let other = app.store.lead(ids[0], now()).await.unwrap().unwrap();
    press(driver, "k").await;
    press(driver, Key::Enter).await;
    flyout_shows(driver, &other.call_id).await;
    press(driver, "d").await;
    wait_for("the dismissed notice", || text_of(driver, "dismissed-note")).await;
    let stored = app.store.lead(other.id, now()).await.unwrap().unwrap();
    assert_eq!(stored.tab, Tab::Done, "Dismiss moved the lead to Done");

    // ?: every shortcut, in an accessible dialog; Esc closes it and leaves the lead open.
    press(driver, "?").await;
    let overlay = by_testid(driver, "shortcuts-overlay").await;
    assert_eq!(
        overlay.attr("role").await.unwrap().as_deref(),
        Some("dialog")
    );
    assert_eq!(
        overlay.attr("aria-modal").await.unwrap().as_deref(),
        Some("true")
    );
    let listed = overlay.text().await.unwrap();
    for key in [
        "j / ↓", "k / ↑", "Enter", "Esc", "c", "e", "n", "d", "?", "g s",
    ] {
        assert!(listed.contains(key), "{key} listed in {listed}");
    }
    save_screenshot(driver, "shortcuts.png").await;
    press(driver, Key::Escape).await;
    wait_for("the overlay to close", || async {
        driver
            .find(By::Css("[data-testid='shortcuts-overlay']"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    assert!(
        driver.find(By::Css("[data-testid='flyout']")).await.is_ok(),
        "Esc closed the overlay only"
    );
    press(driver, Key::Escape).await;
    wait_for("the flyout to close", || async {
        driver
            .find(By::Css("[data-testid='flyout']"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_lead_shows_a_badge_and_its_toast_opens_it() {
    let app = App::launch().await;
    let driver = &app.driver;
    let ids = wait_for("the Open rows", || async {
        let ids = row_ids(driver).await;
        (ids.len() > 3).then_some(ids)
    })
    .await;
    press(driver, "jj").await;
    assert_eq!(selected_id(driver).await, Some(ids[2]));
    let account = app
        .store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.settings.scl_enabled)
        .expect("a demo account with Second Chance Leads enabled");
    let acw = Duration::minutes(i64::from(account.settings.acw_minutes));
    let call = promising_call(
        "E2E-BADGE-1",
        &account,
        "+15125550143",
        now() - acw - Duration::seconds(30),
    );
    app.store
        .insert_calls(&[IncomingCall {
            call,
            redactions: 0,
            evaluation: None,
        }])
        .await
        .unwrap();
    let badge = wait_for("the unseen badge", || text_of(driver, "unseen-badge")).await;
    assert_eq!(badge, "1 new");
    wait_for("the toast", || text_of(driver, "toast")).await;
    // Give the live refresh time to land, then check the agent's place is kept.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        selected_id(driver).await,
        Some(ids[2]),
        "the new lead did not move the selection"
    );

    click(driver, "toast-open").await;
    flyout_shows(driver, "E2E-BADGE-1").await;
    wait_for("the badge to go once the lead is open", || async {
        driver
            .find(By::Css("[data-testid='unseen-badge']"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    assert_eq!(selected_id(driver).await, Some(ids[2]), "still in place");
    save_screenshot(driver, "toast-opened.png").await;
    app.quit().await;
}
