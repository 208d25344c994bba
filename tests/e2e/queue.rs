//! The queue as a person sees it: the tab counts on screen are the store's, switching tabs
//! changes the rows, View opens the flyout of the right call with its evidence, and Settings
//! refuses an out-of-range value with the core's message.

use scl_domain::{LeadQuery, Tab};
use thirtyfour::prelude::*;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_in_a_real_window_matches_the_store() {
    let app = App::launch().await;
    let (driver, store) = (&app.driver, &app.store);
    let expected = store.tab_counts(None, now()).await.unwrap();
    let first_page = |tab| {
        let store = store.clone();
        async move {
            store
                .queue_page(&LeadQuery::new(tab), now())
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
        }
    };

    // The app opens on the Open tab; its rows are the store's first page, in rank order.
    let open_ids = first_page(Tab::Open).await;
    let on_screen = wait_for("the Open rows", || async {
        let ids = row_ids(driver).await;
        (ids.len() == open_ids.len()).then_some(ids)
    })
    .await;
    assert_eq!(
        on_screen, open_ids,
        "Open shows the store's ranked first page"
    );
    for tab in Tab::ALL {
        assert_eq!(
            count_on_screen(driver, tab).await,
            expected.get(tab),
            "{tab} count on screen"
        );
    }
    save_screenshot(driver, "queue.png").await;

    // Switching to Cold changes the rows to the Cold page.
    click(driver, "tab-cold").await;
    let cold_ids = first_page(Tab::Cold).await;
    assert_ne!(cold_ids, open_ids);
    let cold_on_screen = wait_for("the Cold rows", || async {
        let ids = row_ids(driver).await;
        (ids == cold_ids).then_some(ids)
    })
    .await;
    assert!(!cold_on_screen.is_empty());

    // View on the third row opens the flyout of that very call.
    let rows = driver
        .find_all(By::Css("[data-testid='lead-row']"))
        .await
        .unwrap();
    let row = &rows[2];
    let lead_id: i64 = row
        .attr("data-lead-id")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let call_id = store
        .lead(lead_id, now())
        .await
        .unwrap()
        .expect("lead")
        .call_id;
    assert_eq!(
        row.attr("data-call-id").await.unwrap().as_deref(),
        Some(call_id.as_str())
    );
    row.find(By::Css("[data-testid='view-lead']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let shown = wait_for("the flyout's call id", || text_of(driver, "flyout-call-id")).await;
    assert_eq!(shown.trim(), call_id, "the flyout is the clicked lead's");
    let flyout = driver
        .find(By::Css("[data-testid='flyout']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for label in [
        "Summary", "Status", "Age", "Call ID", "Agent", "Type", "Reason",
    ] {
        assert!(
            flyout.contains(label),
            "the Overview shows {label}: {flyout}"
        );
    }
    save_screenshot(driver, "flyout.png").await;

    // The best Open lead is a recorded call: its reasons quote the customer with a time.
    click(driver, "flyout-close").await;
    click(driver, "tab-open").await;
    let top = first_page(Tab::Open).await[0];
    let top_lead = store.lead(top, now()).await.unwrap().expect("top lead");
    let quoted = top_lead
        .reasons
        .iter()
        .find(|r| r.quote.is_some())
        .expect("a quoted reason");
    wait_for("the Open rows again", || async {
        (row_ids(driver).await.first() == Some(&top)).then_some(())
    })
    .await;
    let rows = driver
        .find_all(By::Css("[data-testid='lead-row']"))
        .await
        .unwrap();
    rows[0]
        .find(By::Css("[data-testid='view-lead']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let reasons = wait_for("the reasons", || text_of(driver, "flyout-reasons")).await;
    assert!(
        reasons.contains(quoted.quote.as_deref().unwrap()),
        "the flyout quotes the customer: {reasons}"
    );
    let time = driver
        .find(By::Css("[data-testid='reason-time']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(time.contains(':'), "a m:ss timestamp: {time}");
    save_screenshot(driver, "evidence.png").await;

    // Settings: an out-of-range value is refused with the core's message; a good one is saved.
    click(driver, "flyout-close").await;
    click(driver, "nav-settings").await;
    let acw = wait_for("the settings form", || async {
        driver
            .find(By::Css("[data-testid='setting-acw']"))
            .await
            .ok()
    })
    .await;
    acw.clear().await.unwrap();
    acw.send_keys("90").await.unwrap();
    click(driver, "settings-save").await;
    let error = wait_for("the settings error", || text_of(driver, "settings-error")).await;
    assert!(
        error.contains("After Call Work Time must be between 0 and 60 minutes"),
        "{error}"
    );
    acw.clear().await.unwrap();
    acw.send_keys("7").await.unwrap();
    click(driver, "settings-save").await;
    wait_for("the saved notice", || text_of(driver, "settings-saved")).await;
    let saved: Vec<u32> = store
        .accounts()
        .await
        .unwrap()
        .iter()
        .map(|a| a.settings.acw_minutes)
        .collect();
    assert!(
        saved.contains(&7),
        "the core stored the new After Call Work Time: {saved:?}"
    );

    // Time zone: the field suggests the core's IANA zones; a name it does not know is refused,
    // a zone is saved with the account.
    let offered = wait_for("the time zones", || async {
        let options = driver
            .find_all(By::Css("[data-testid='setting-time-zones'] option"))
            .await
            .ok()?;
        (options.len() > 400).then_some(options.len())
    })
    .await;
    assert!(offered > 400, "{offered}");
    let zone = by_testid(driver, "setting-time-zone").await;
    zone.send_keys("Central Time").await.unwrap();
    click(driver, "settings-save").await;
    let error = wait_for("the time zone refusal", || async {
        text_of(driver, "settings-error")
            .await
            .filter(|e| e.contains("Time zone"))
    })
    .await;
    assert!(error.contains("IANA time zone name"), "{error}");
    zone.clear().await.unwrap();
    zone.send_keys("America/Chicago").await.unwrap();
    click(driver, "settings-save").await;
    wait_for("the saved notice", || text_of(driver, "settings-saved")).await;
    let zones: Vec<Option<String>> = store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.settings.time_zone)
        .collect();
    assert!(
        zones.contains(&Some("America/Chicago".into())),
        "the core stored the time zone: {zones:?}"
    );
    save_screenshot(driver, "settings.png").await;

    app.quit().await;
}
