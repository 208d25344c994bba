//! The rest of working a lead in the real window: Change customer on a possible incorrect match,
//! Add Notes with Copy to Customer notes and Copy to Location notes (the copy state shown), and
//! each status an agent can pick from Edit, with its tab move.

use chrono::Duration;
use scl_domain::{LeadQuery, LeadRow, LeadStatus, Tab};
use scl_store::{CustomerRecord, IncomingCall, LocationRecord};
use thirtyfour::prelude::*;

use crate::live::promising_call;
use crate::support::*;

/// Opens the lead from its row on the current page (by View).
async fn open_row(driver: &WebDriver, lead: &LeadRow) {
    open_lead(driver, lead.id).await;
    flyout_shows(driver, &lead.call_id).await;
}

/// A lead the demo has somewhere in the queue, with its flyout sections, its tab and page.
async fn find_lead(
    app: &App,
    what: &str,
    wanted: impl Fn(&LeadRow, &scl_domain::LeadSections) -> bool,
) -> (LeadRow, scl_domain::LeadSections, Tab, u32) {
    for tab in Tab::ALL {
        for page in 0..20 {
            let mut query = LeadQuery::new(tab);
            query.page = page;
            let rows = app.store.queue_page(&query, now()).await.unwrap();
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let sections = app.store.lead_sections(row.id).await.unwrap().unwrap();
                if wanted(&row, &sections) {
                    return (row, sections, tab, page);
                }
            }
        }
    }
    panic!("no demo lead {what}");
}

/// Shows the tab and page a lead is on, by keyboard (1 2 3, then ] per page).
async fn show_page(driver: &WebDriver, tab: Tab, page: u32, lead: &LeadRow) {
    let key = match tab {
        Tab::Open => "1",
        Tab::Cold => "2",
        Tab::Done => "3",
    };
    if let Ok(close) = driver.find(By::Css("[data-testid='flyout-close']")).await {
        close.click().await.unwrap();
    }
    press(driver, key).await;
    for _ in 0..page {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        press(driver, "]").await;
    }
    wait_for(&format!("lead {} on screen", lead.id), || async {
        row_ids(driver).await.contains(&lead.id).then_some(())
    })
    .await;
}

async fn click_when_ready(driver: &WebDriver, testid: &str) {
    by_testid(driver, testid).await;
    click(driver, testid).await;
}

async fn set_status(driver: &WebDriver, status: LeadStatus) {
    click(driver, "status-edit").await;
    by_testid(driver, "status-select").await;
    driver
        .find(By::Css(format!(
            "[data-testid='status-select'] option[value='{}']",
            status.label()
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(driver, "status-save").await;
    let mut last = None;
    for _ in 0..100 {
        // The pill's title is its status (WebKit's WebDriver reads no text from the pill).
        last = match driver
            .find(By::Css(
                "[data-testid='flyout-status'] [data-testid='status-pill']",
            ))
            .await
        {
            Ok(pill) => pill.attr("title").await.ok().flatten(),
            Err(_) => None,
        };
        if last.as_deref() == Some(status.label()) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    save_screenshot(driver, "status-failed.png").await;
    panic!("the flyout shows {last:?}, not {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_customer_notes_and_their_copies() {
    let app = App::launch().await;
    let driver = &app.driver;
    wait_for("the Open rows", || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
    // Change customer: a caller whose number two customers share is flagged while the app
    // runs; the badge opens it, with the notice and the suggested matches.
    let account = app
        .store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.settings.scl_enabled)
        .expect("a demo account with Second Chance Leads enabled");
    let shared = "+15125550146";
    let customer = |ext: &str, name: &str, address: &str| CustomerRecord {
        account_id: account.id,
        external_id: ext.into(),
        name: name.into(),
        phones: vec![shared.into()],
        notes: "Gate code 1234".into(),
        locations: vec![LocationRecord {
            external_id: format!("{ext}-home"),
            address: address.into(),
            zone: Some("North".into()),
            notes: String::new(),
        }],
    };
    app.store
        .upsert_customers(&[
            customer("E2E-K1", "Dana Smith", "1 Oak St"),
            customer("E2E-K2", "Dana Smith Jr", "9 Elm St"),
        ])
        .await
        .unwrap();
    let acw = Duration::minutes(i64::from(account.settings.acw_minutes));
    let call = promising_call(
        "E2E-MATCH-1",
        &account,
        shared,
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
    click_when_ready(driver, "unseen-badge").await;
    flyout_shows(driver, "E2E-MATCH-1").await;
    let mut by_number = LeadQuery::new(Tab::Open);
    by_number.filters.customer = Some(shared.trim_start_matches("+1").into());
    let lead = app
        .store
        .queue_page(&by_number, now())
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.call_id == "E2E-MATCH-1")
        .expect("the new lead in Open");
    let sections = app.store.lead_sections(lead.id).await.unwrap().unwrap();
    assert!(sections.customer.possible_incorrect_match);
    let notice = wait_for("the possible incorrect match notice", || {
        text_of(driver, "customer-mismatch")
    })
    .await;
    assert!(
        notice.contains("Possible incorrect customer match"),
        "{notice}"
    );
    click(driver, "change-customer").await;
    let choices = driver
        .find_all(By::Css("[data-testid='candidate']"))
        .await
        .unwrap();
    assert_eq!(choices.len(), sections.customer.candidates.len());
    let chosen = &sections.customer.candidates[1];
    driver
        .find(By::Css(format!(
            "[data-testid='candidate'][value='{}']",
            chosen.id
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(driver, "candidate-save").await;
    let name = wait_for("the chosen customer", || text_of(driver, "customer-name")).await;
    assert_eq!(name, chosen.name);
    assert!(
        driver
            .find(By::Css("[data-testid='customer-mismatch']"))
            .await
            .is_err(),
        "the notice is gone once an agent chose"
    );
    let stored = app.store.lead_sections(lead.id).await.unwrap().unwrap();
    assert_eq!(stored.customer.customer.map(|c| c.id), Some(chosen.id));
    click(driver, "flyout-close").await;

    // Add Notes, then both copies; the buttons say what was done.
    let (lead, _, tab, page) = find_lead(&app, "with a customer and a location", |_, s| {
        s.customer.customer.is_some() && s.customer.location.is_some()
    })
    .await;
    show_page(driver, tab, page, &lead).await;
    open_row(driver, &lead).await;
    click(driver, "add-notes").await;
    by_testid(driver, "note-text")
        .await
        .send_keys("Customer wants a quote for a new unit; call after 5pm.")
        .await
        .unwrap();
    click(driver, "note-save").await;
    wait_for("the new note", || async {
        let notes = driver
            .find_all(By::Css("[data-testid='lead-note-text']"))
            .await
            .ok()?;
        for n in notes {
            if n.text().await.ok()?.starts_with("Customer wants a quote") {
                return Some(());
            }
        }
        None
    })
    .await;
    let last_note = || async {
        driver
            .find_all(By::Css("[data-testid='lead-note']"))
            .await
            .unwrap()
            .pop()
            .expect("a note")
    };
    let button_text = |testid: &'static str| async move {
        last_note()
            .await
            .find(By::Css(format!("[data-testid='{testid}']")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    assert_eq!(
        button_text("copy-to-customer").await,
        "Copy to Customer notes"
    );
    last_note()
        .await
        .find(By::Css("[data-testid='copy-to-customer']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("Copied to Customer notes", || async {
        (button_text("copy-to-customer").await == "Copied to Customer notes").then_some(())
    })
    .await;
    last_note()
        .await
        .find(By::Css("[data-testid='copy-to-location']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("Copied to Location notes", || async {
        (button_text("copy-to-location").await == "Copied to Location notes").then_some(())
    })
    .await;
    let stored = app.store.lead_sections(lead.id).await.unwrap().unwrap();
    let note = stored.notes.last().unwrap();
    assert!(note.copied_to_customer_at.is_some() && note.copied_to_location_at.is_some());
    assert!(
        stored
            .customer
            .customer_notes
            .unwrap_or_default()
            .contains("Customer wants a quote"),
        "the customer record has the note"
    );
    assert!(
        stored
            .customer
            .location_notes
            .unwrap_or_default()
            .contains("Customer wants a quote"),
        "the location record has the note"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_status_from_edit_and_its_tab() {
    let app = App::launch().await;
    let driver = &app.driver;
    wait_for("the Open rows", || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
    let news: Vec<LeadRow> = app
        .store
        .queue_page(&LeadQuery::new(Tab::Open), now())
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.status == LeadStatus::New)
        .take(4)
        .collect();
    assert_eq!(news.len(), 4, "four New leads on the first Open page");
    let counts = |app: &App| {
        let store = app.store.clone();
        async move { store.tab_counts(None, now()).await.unwrap() }
    };
    let before = counts(&app).await;

    // Lead - call back attempted stays Open; then Lead - not following up moves it to Done.
    open_row(driver, &news[0]).await;
    set_status(driver, LeadStatus::CallBackAttempted).await;
    assert_eq!(count_on_screen(driver, Tab::Open).await, before.open);
    set_status(driver, LeadStatus::NotFollowingUp).await;
    click(driver, "flyout-close").await;

    let closing = [
        LeadStatus::NotALead,
        LeadStatus::JobBookedByScl,
        LeadStatus::JobBookedElsewhere,
    ];
    for (lead, status) in news[1..].iter().zip(closing) {
        open_row(driver, lead).await;
        set_status(driver, status).await;
        click(driver, "flyout-close").await;
    }
    wait_for("Done to count the four leads", || async {
        (count_on_screen(driver, Tab::Done).await == before.done + 4).then_some(())
    })
    .await;
    assert_eq!(count_on_screen(driver, Tab::Open).await, before.open - 4);
    let expected = [
        LeadStatus::NotFollowingUp,
        LeadStatus::NotALead,
        LeadStatus::JobBookedByScl,
        LeadStatus::JobBookedElsewhere,
    ];
    for (lead, status) in news.iter().zip(expected) {
        let stored = app.store.lead(lead.id, now()).await.unwrap().unwrap();
        assert_eq!(
            (stored.status, stored.tab),
            (status, Tab::Done),
            "{}",
            lead.call_id
        );
        let history = app.store.status_history(lead.id).await.unwrap();
        assert_eq!(history.last().map(|h| h.to), Some(status), "recorded");
    }
    // On the Done tab the four are there.
    press(driver, "3").await;
    wait_for("the Done rows to list the four", || async {
        let ids = row_ids(driver).await;
        news.iter().all(|l| ids.contains(&l.id)).then_some(())
    })
    .await;
    app.quit().await;
}
