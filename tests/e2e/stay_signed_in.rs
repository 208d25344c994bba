//! "Stay signed in" through the OS keychain (the Secret Service the test command unlocks): once a
//! user has a password the app asks who is there; with Stay signed in, a restart goes straight
//! to the queue as that user; Sign out forgets the token, so the next start asks again.

use std::sync::Arc;

use scl_domain::{AccountScope, BuiltinRole, FixedClock, UserDraft};
use thirtyfour::prelude::*;

use crate::support::*;

async fn shows_sign_in(driver: &WebDriver) {
    by_testid(driver, "sign-in").await;
}

async fn shows_queue_as(driver: &WebDriver, name: &str) {
    wait_for(&format!("the queue as {name}"), || async {
        let who = text_of(driver, "signed-in-name").await?;
        (who == name && !row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stay_signed_in_survives_a_restart_and_sign_out_forgets_it() {
    let app = App::launch().await;
    // The owner gives Mara a password (as User Management does): sign-in is required from now.
    let core = scl_app::Leads::new(app.store.clone(), Arc::new(FixedClock::new(now())));
    let owner = core.acting_as(core.owner_principal().await.unwrap());
    owner
        .save_user(
            None,
            UserDraft {
                name: "Mara Manager".into(),
                login: Some("mara".into()),
                role_id: BuiltinRole::Manager.id(),
                accounts: AccountScope::All,
                password: Some("mara-pass-1".into()),
            },
        )
        .await
        .unwrap();

    let app = app.relaunch().await;
    let driver = &app.driver;
    shows_sign_in(driver).await;
    let stay = by_testid(driver, "sign-in-stay").await;
    assert!(
        stay.is_enabled().await.unwrap(),
        "the keychain is there: {:?}",
        text_of(driver, "sign-in-keychain").await
    );
    by_testid(driver, "sign-in-login")
        .await
        .send_keys("mara")
        .await
        .unwrap();
    by_testid(driver, "sign-in-password")
        .await
        .send_keys("mara-pass-1")
        .await
        .unwrap();
    stay.click().await.unwrap();
    click(driver, "sign-in-submit").await;
    shows_queue_as(driver, "Mara Manager").await;

    let app = app.relaunch().await;
    let driver = &app.driver;
    shows_queue_as(driver, "Mara Manager").await;
    save_screenshot(driver, "stay-signed-in.png").await;

    click(driver, "sign-out").await;
    shows_sign_in(driver).await;
    let app = app.relaunch().await;
    shows_sign_in(&app.driver).await;
    app.quit().await;
}
