//! The optional OS notification: off by default, nothing reaches the desktop's notification
//! service; switched on in Settings, a lead flagged while the window is not focused sends one
//! `org.freedesktop.Notifications.Notify`, which `dbus-monitor` on the session bus sees.

use std::process::{Child, Command, Stdio};

use chrono::Duration;
use scl_domain::Account;
use scl_store::{IncomingCall, Store};

use crate::live::promising_call;
use crate::support::*;

/// `dbus-monitor` watching notifications on the session bus, writing to a file.
struct Monitor {
    child: Child,
    log: std::path::PathBuf,
}

impl Monitor {
    fn start(dir: &std::path::Path) -> Monitor {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "no session bus: run under dbus-run-session (the README's test command does)"
        );
        let log = dir.join("dbus-monitor.log");
        let child = Command::new("dbus-monitor")
            .args(["--session", "interface='org.freedesktop.Notifications'"])
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (package dbus)");
        Monitor { child, log }
    }

    fn notify_calls(&self) -> Vec<String> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        text.split("method call")
            .filter(|m| m.contains("member=Notify"))
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn flag_a_lead(store: &dyn Store, account: &Account, call_id: &str, from: &str) {
    let acw = Duration::minutes(i64::from(account.settings.acw_minutes));
    let call = promising_call(call_id, account, from, now() - acw - Duration::seconds(30));
    store
        .insert_calls(&[IncomingCall {
            call,
            redactions: 0,
            evaluation: None,
        }])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_os_notification_is_sent_only_when_switched_on() {
    let app = App::launch().await;
    let driver = &app.driver;
    let monitor = Monitor::start(app.dir.path());
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
    unfocus(driver).await;

    // Off (the default): the toast shows, the desktop hears nothing.
    flag_a_lead(
        app.store.as_ref(),
        &account,
        "E2E-NOTIFY-OFF",
        "+15125550144",
    )
    .await;
    wait_for("the toast", || text_of(driver, "toast")).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(
        monitor.notify_calls().is_empty(),
        "nothing sent with the setting off: {:?}",
        monitor.notify_calls()
    );

    // On, from the Settings screen.
    click(driver, "nav-settings").await;
    click_when_ready(driver, "setting-os-notify").await;
    wait_for("the setting to be saved", || {
        text_of(driver, "notify-saved")
    })
    .await;
    unfocus(driver).await;
    flag_a_lead(
        app.store.as_ref(),
        &account,
        "E2E-NOTIFY-ON",
        "+15125550145",
    )
    .await;
    let calls = wait_for("a Notify call on the session bus", || async {
        let calls = monitor.notify_calls();
        (!calls.is_empty()).then_some(calls)
    })
    .await;
    assert_eq!(calls.len(), 1, "one notification per burst: {calls:?}");
    assert!(
        calls[0].contains("New Second Chance Lead"),
        "the notice names what happened: {}",
        calls[0]
    );
    app.quit().await;
}

/// Takes the X keyboard focus away from every window (as switching to another app does) and
/// waits until the page knows it lost focus.
async fn unfocus(driver: &thirtyfour::WebDriver) {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, InputFocus};
    let (conn, _) = x11rb::connect(None).expect("connect to the X server (DISPLAY)");
    conn.set_input_focus(InputFocus::NONE, x11rb::NONE, x11rb::CURRENT_TIME)
        .expect("set the input focus")
        .check()
        .expect("the X server took the focus away");
    conn.flush().unwrap();
    wait_for("the window to lose focus", || async {
        let focused: bool = driver
            .execute("return document.hasFocus();", vec![])
            .await
            .ok()?
            .convert()
            .ok()?;
        (!focused).then_some(())
    })
    .await;
}

async fn click_when_ready(driver: &thirtyfour::WebDriver, testid: &str) {
    by_testid(driver, testid).await;
    click(driver, testid).await;
}
