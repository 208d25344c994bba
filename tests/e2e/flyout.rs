//! Working a lead in the flyout, in the real window: Call Customer reaches the OS (a test
//! softphone registered for `tel:` receives the exact URI), a hostile note shows as text and
//! never runs, Edit moves the lead to Done, Dismiss too.

use scl_domain::{CallType, LeadQuery, LeadStatus, Tab};
use thirtyfour::prelude::*;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_works_leads_in_the_flyout() {
    let app = App::launch().await;
    let driver = &app.driver;
    let page = app
        .store
        .queue_page(&LeadQuery::new(Tab::Open), now())
        .await
        .unwrap();
    let news: Vec<_> = page
        .iter()
        .filter(|r| r.status == LeadStatus::New)
        .take(2)
        .cloned()
        .collect();
    assert_eq!(news.len(), 2, "two New leads on the first Open page");
    let done_before = count_on_screen(driver, Tab::Done).await;

    // Call Customer: the OS hands the exact tel: URI to the registered softphone.
    let lead = &news[0];
    open_lead(driver, lead.id).await;
    click(driver, "call-customer").await;
    let received = tel_received(app.dir.path());
    let uri = wait_for("the softphone to receive the URI", || async {
        std::fs::read_to_string(&received).ok()
    })
    .await;
    assert_eq!(uri, format!("tel:{}", lead.phone));
    let attempt = wait_for("the logged attempt", || text_of(driver, "callback-attempt")).await;
    assert!(attempt.contains(&lead.phone), "{attempt}");
    let history = wait_for("the status history", || text_of(driver, "history-section")).await;
    assert!(
        history.contains("New → Lead - call back attempted"),
        "{history}"
    );
    let stored = app.store.lead(lead.id, now()).await.unwrap().unwrap();
    assert_eq!(stored.status, LeadStatus::CallBackAttempted);

    // A hostile note is text.
    let hostile =
        "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
    click(driver, "add-notes").await;
    driver
        .find(By::Css("[data-testid='note-text']"))
        .await
        .unwrap()
        .send_keys(hostile)
        .await
        .unwrap();
    click(driver, "note-save").await;
    let shown = wait_for("the note", || text_of(driver, "lead-note-text")).await;
    assert_eq!(shown, hostile);
    let title = driver.title().await.unwrap();
    assert_ne!(title, "pwned", "the note's markup never ran");
    assert!(
        driver
            .find_all(By::Css("[data-testid='flyout'] img"))
            .await
            .unwrap()
            .is_empty(),
        "no element was made from the note"
    );
    save_screenshot(driver, "flyout-worked.png").await;

    // Edit: Lead - not able to save moves the lead to Done.
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
    wait_for("Done to count the lead", || async {
        (count_on_screen(driver, Tab::Done).await == done_before + 1).then_some(())
    })
    .await;
    let stored = app.store.lead(lead.id, now()).await.unwrap().unwrap();
    assert_eq!(
        (stored.status, stored.tab),
        (LeadStatus::NotAbleToSave, Tab::Done)
    );
    click(driver, "flyout-close").await;

    // Dismiss moves the second lead to Done, recorded as dismissed.
    open_lead(driver, news[1].id).await;
    click(driver, "dismiss-lead").await;
    wait_for("the dismissed notice", || text_of(driver, "dismissed-note")).await;
    wait_for("Done to count both", || async {
        (count_on_screen(driver, Tab::Done).await == done_before + 2).then_some(())
    })
    .await;
    let sections = app.store.lead_sections(news[1].id).await.unwrap().unwrap();
    assert!(sections.dismissed && sections.history.last().unwrap().dismissed);
    app.quit().await;
}

/// A call the agent excused ("Warranty question") whose customer asked for new work on it is a
/// lead: its flyout says first that the customer's words overrule the excuse, and lists the
/// excuse apart, under "Against it".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_excuse_the_customer_overruled_shows_evidence_for_and_against() {
    let app = App::launch().await;
    let driver = &app.driver;
    let mut query = LeadQuery::new(Tab::Open);
    query.filters.types = vec![CallType::Excused];
    let page = app.store.queue_page(&query, now()).await.unwrap();
    let lead = page
        .first()
        .expect("the demo has an excused lead in Open")
        .clone();

    click(driver, "filter-type").await;
    let option = format!(
        "[data-testid='filter-panel-type'] [data-value='{}']",
        CallType::Excused.label()
    );
    let tick = wait_for("the Excused option", || async {
        driver.find(By::Css(option.clone())).await.ok()
    })
    .await;
    tick.click().await.unwrap();
    press(driver, Key::Escape).await;
    open_lead(driver, lead.id).await;

    let first = wait_for("the first reason", || async {
        driver
            .find(By::Css(
                "[data-testid='flyout-reasons'] [data-testid='reason']",
            ))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(first.starts_with("Agent's reason: "), "{first}");
    assert!(first.contains("but the customer"), "{first}");
    let against = wait_for("the evidence against", || {
        text_of(driver, "flyout-reasons-against")
    })
    .await;
    assert!(against.contains("Agent's reason"), "{against}");
    save_screenshot(driver, "flyout-for-and-against.png").await;
}
