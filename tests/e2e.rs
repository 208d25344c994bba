//! End to end: the built app in a real window (Xvfb under the test command), driven through
//! tauri-driver + WebKitWebDriver, on a demo database. It checks what a person would: the tab
//! counts on screen are the store's, switching tabs changes the rows, and View opens the flyout
//! of the right call. Screenshots land in `target/e2e/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use scl_domain::{LeadQuery, Tab};
use thirtyfour::prelude::*;

const NOW: &str = "2026-11-21T12:00:00Z";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin/tauri-driver"));
    let on_path = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("tauri-driver"))
            .find(|f| f.exists())
    });
    on_path.or(in_cargo_home.filter(|p| p.exists())).expect(
        "tauri-driver not found: run the README's test command (.ci/test), which installs it \
         (cargo install tauri-driver --locked) and starts Xvfb",
    )
}

/// tauri-driver, stopped with SIGTERM on drop so it takes WebKitWebDriver down with it.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

fn start_driver(db_url: &str, data_home: &Path) -> (Driver, u16) {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run under Xvfb (the README's test command does)"
    );
    let port = free_port();
    let child = Command::new(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &free_port().to_string(),
        ])
        .env("SCL_DATABASE_URL", db_url)
        .env("SCL_NOW", NOW)
        .env("XDG_DATA_HOME", data_home)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tauri-driver");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, port)
}

/// Polls until `probe` returns Some, or fails the test naming what it waited for.
async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn text_of(driver: &WebDriver, testid: &str) -> Option<String> {
    let el = driver
        .find(By::Css(format!("[data-testid='{testid}']")))
        .await
        .ok()?;
    el.text().await.ok().filter(|t| !t.trim().is_empty())
}

async fn count_on_screen(driver: &WebDriver, tab: Tab) -> u32 {
    let id = format!("tab-count-{tab}");
    let text = wait_for(&id, || text_of(driver, &id)).await;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("{id} shows a number, got {text:?}"))
}

/// The lead ids of the rows on screen, top to bottom.
async fn row_ids(driver: &WebDriver) -> Vec<i64> {
    let mut ids = Vec::new();
    for row in driver
        .find_all(By::Css("[data-testid='lead-row']"))
        .await
        .unwrap_or_default()
    {
        if let Ok(Some(id)) = row.attr("data-lead-id").await {
            ids.push(id.parse().expect("numeric data-lead-id"));
        }
    }
    ids
}

async fn click(driver: &WebDriver, testid: &str) {
    let selector = format!("[data-testid='{testid}']");
    let el = driver
        .find(By::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{testid}: {e}"));
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {testid}: {e}"));
}

async fn save_screenshot(driver: &WebDriver, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let png = driver.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(dir.join(name), png).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_in_a_real_window_matches_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let db_url = scl_store::sqlite_url(&tmp.path().join("e2e.db"));
    let store = scl_store::open(&db_url).await.unwrap();
    let opts = scl_demo::DemoOptions::new(now());
    store
        .import(&scl_demo::generate(
            &opts,
            &tmp.path().join("recordings").to_string_lossy(),
        ))
        .await
        .unwrap();
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

    let (_driver_process, port) = start_driver(&db_url, tmp.path());
    let mut caps = Capabilities::new();
    caps.set(
        "tauri:options",
        serde_json::json!({ "application": env!("CARGO_BIN_EXE_second-chance") }),
    )
    .unwrap();
    caps.set("browserName", "wry").unwrap();
    let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
        .await
        .expect("WebDriver session");

    // The app opens on the Open tab; its rows are the store's first page, in rank order.
    let open_ids = first_page(Tab::Open).await;
    let on_screen = wait_for("the Open rows", || async {
        let ids = row_ids(&driver).await;
        (ids.len() == open_ids.len()).then_some(ids)
    })
    .await;
    assert_eq!(
        on_screen, open_ids,
        "Open shows the store's ranked first page"
    );
    for tab in Tab::ALL {
        assert_eq!(
            count_on_screen(&driver, tab).await,
            expected.get(tab),
            "{tab} count on screen"
        );
    }
    save_screenshot(&driver, "queue.png").await;

    // Switching to Cold changes the rows to the Cold page.
    click(&driver, "tab-cold").await;
    let cold_ids = first_page(Tab::Cold).await;
    assert_ne!(cold_ids, open_ids);
    let cold_on_screen = wait_for("the Cold rows", || async {
        let ids = row_ids(&driver).await;
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
    let shown = wait_for("the flyout's call id", || {
        text_of(&driver, "flyout-call-id")
    })
    .await;
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
    save_screenshot(&driver, "flyout.png").await;

    // The best Open lead is a recorded call: its reasons quote the customer with a time.
    click(&driver, "flyout-close").await;
    click(&driver, "tab-open").await;
    let top = first_page(Tab::Open).await[0];
    let top_lead = store.lead(top, now()).await.unwrap().expect("top lead");
    let quoted = top_lead
        .reasons
        .iter()
        .find(|r| r.quote.is_some())
        .expect("a quoted reason");
    wait_for("the Open rows again", || async {
        (row_ids(&driver).await.first() == Some(&top)).then_some(())
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
    let reasons = wait_for("the reasons", || text_of(&driver, "flyout-reasons")).await;
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
    save_screenshot(&driver, "evidence.png").await;

    // Settings: an out-of-range value is refused with the core's message; a good one is saved.
    click(&driver, "flyout-close").await;
    click(&driver, "nav-settings").await;
    let acw = wait_for("the settings form", || async {
        driver
            .find(By::Css("[data-testid='setting-acw']"))
            .await
            .ok()
    })
    .await;
    acw.clear().await.unwrap();
    acw.send_keys("90").await.unwrap();
    click(&driver, "settings-save").await;
    let error = wait_for("the settings error", || text_of(&driver, "settings-error")).await;
    assert!(
        error.contains("After Call Work Time must be between 0 and 60 minutes"),
        "{error}"
    );
    acw.clear().await.unwrap();
    acw.send_keys("7").await.unwrap();
    click(&driver, "settings-save").await;
    wait_for("the saved notice", || text_of(&driver, "settings-saved")).await;
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
    save_screenshot(&driver, "settings.png").await;

    driver.quit().await.unwrap();
}
