//! The click-to-call settings in the real window: a callback number that is not E.164 is refused
//! with a message naming the field; a valid one and a voicemail script are kept in the core and
//! shown in the flyout once Call Customer has reached the softphone.

use thirtyfour::prelude::*;

use crate::support::*;

async fn type_into(driver: &WebDriver, testid: &str, text: &str) {
    let field = by_testid(driver, testid).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_callback_number_and_voicemail_script_show_while_calling() {
    let app = App::launch().await;
    let driver = &app.driver;
    wait_for("the Open rows", || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
    click(driver, "nav-settings").await;

    type_into(driver, "dial-callback-number", "512-555-0100").await;
    click(driver, "dial-save").await;
    let refused = wait_for("the refusal", || text_of(driver, "dial-error")).await;
    assert!(refused.starts_with("Callback number:"), "{refused}");

    let script = "Hi, this is Blue Ridge Plumbing returning your call about your water heater.";
    type_into(driver, "dial-callback-number", "+15125550100").await;
    type_into(driver, "dial-voicemail-script", script).await;
    click(driver, "dial-save").await;
    wait_for("the settings to be saved", || text_of(driver, "dial-saved")).await;
    let stored = app.store.app_setting("dial").await.unwrap().unwrap();
    assert!(
        stored.contains("+15125550100"),
        "kept by the core: {stored}"
    );

    click(driver, "nav-queue").await;
    // The nav button has focus (Enter would press it): View on the top row.
    by_testid(driver, "view-lead").await.click().await.unwrap();
    by_testid(driver, "call-customer").await;
    click(driver, "call-customer").await;
    let number = wait_for("the callback number", || {
        text_of(driver, "calling-callback-number")
    })
    .await;
    assert_eq!(number, "+15125550100");
    let shown = wait_for("the voicemail script", || {
        text_of(driver, "calling-voicemail-script")
    })
    .await;
    assert_eq!(shown, script);
    save_screenshot(driver, "calling.png").await;
    app.quit().await;
}
