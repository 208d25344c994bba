//! What every scenario needs: a demo database, the app launched through tauri-driver, and
//! polling helpers that fail naming what they waited for.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use std::sync::Arc;

use scl_domain::Tab;
use scl_store::Store;
use thirtyfour::prelude::*;

pub const NOW: &str = "2026-11-21T12:00:00Z";

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

/// Two distinct free ports. Both listeners are held until both are known: a port let go at once
/// can be handed out again by the next bind, and tauri-driver and WebKitWebDriver on one port
/// made a CI run fail ("Unable to listen for HTTP server").
fn free_ports() -> (u16, u16) {
    let bind = || TcpListener::bind("127.0.0.1:0").unwrap();
    let (a, b) = (bind(), bind());
    let port = |l: &TcpListener| l.local_addr().unwrap().port();
    (port(&a), port(&b))
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

/// tauri-driver, stopped with SIGTERM on drop, with its whole process group (WebKitWebDriver
/// and the app).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

fn start_driver(db_url: &str, data_home: &Path) -> (Driver, u16) {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run under Xvfb (the README's test command does)"
    );
    let (port, native_port) = free_ports();
    let child = Command::new(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("SCL_DATABASE_URL", db_url)
        .env("SCL_NOW", NOW)
        .env("XDG_DATA_HOME", data_home)
        .env("XDG_CONFIG_HOME", data_home.join("config"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        // Its own process group, so the app under WebKitWebDriver goes down with it even when a
        // scenario fails before quitting.
        .process_group(0)
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
pub async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
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

pub async fn text_of(driver: &WebDriver, testid: &str) -> Option<String> {
    let el = driver
        .find(By::Css(format!("[data-testid='{testid}']")))
        .await
        .ok()?;
    el.text().await.ok().filter(|t| !t.trim().is_empty())
}

pub async fn count_on_screen(driver: &WebDriver, tab: Tab) -> u32 {
    let id = format!("tab-count-{tab}");
    let text = wait_for(&id, || text_of(driver, &id)).await;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("{id} shows a number, got {text:?}"))
}

/// The lead ids of the rows on screen, top to bottom.
pub async fn row_ids(driver: &WebDriver) -> Vec<i64> {
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

/// Clicks the element with this `data-testid`, waiting for it to be there first (screens
/// appear once the session is read).
pub async fn click(driver: &WebDriver, testid: &str) {
    let el = by_testid(driver, testid).await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {testid}: {e}"));
}

pub async fn save_screenshot(driver: &WebDriver, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let png = driver.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(dir.join(name), png).unwrap();
}

/// Registers a `tel:` handler in the app's private XDG tree that writes the URI it receives to
/// [`tel_received`], standing in for the softphone.
fn register_tel_handler(home: &Path) {
    let apps = home.join("applications");
    std::fs::create_dir_all(&apps).unwrap();
    std::fs::create_dir_all(home.join("config")).unwrap();
    let script = home.join("softphone.sh");
    let out = tel_received(home);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}.part' && mv '{0}.part' '{0}'\n",
            out.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", &script.to_string_lossy()])
        .status()
        .unwrap();
    std::fs::write(
        apps.join("scl-test-softphone.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=Test softphone\nExec={} %u\n\
             MimeType=x-scheme-handler/tel;\nNoDisplay=true\n",
            script.display()
        ),
    )
    .unwrap();
    let status = std::process::Command::new("xdg-mime")
        .args([
            "default",
            "scl-test-softphone.desktop",
            "x-scheme-handler/tel",
        ])
        .env("XDG_DATA_HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .status()
        .expect("xdg-mime (package xdg-utils)");
    assert!(status.success(), "xdg-mime registered the test softphone");
}

/// Where the test softphone writes the URI it was handed.
pub fn tel_received(home: &Path) -> PathBuf {
    home.join("tel-received.txt")
}

/// A WebDriver session on the app. tauri-driver listens before WebKitWebDriver behind it is
/// ready; on a loaded machine the first request can fail, so it is tried a few times.
async fn session(port: u16) -> WebDriver {
    let mut last = None;
    for _ in 0..4 {
        let mut caps = Capabilities::new();
        caps.set(
            "tauri:options",
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_second-chance") }),
        )
        .unwrap();
        caps.set("browserName", "wry").unwrap();
        match WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await {
            Ok(driver) => return driver,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    panic!("WebDriver session: {last:?}");
}

/// The app in a real window on its own demo database (clock at [`NOW`]).
pub struct App {
    pub driver: WebDriver,
    pub store: Arc<dyn Store>,
    pub dir: tempfile::TempDir,
    _process: Driver,
    /// One app at a time: several WebKit windows starting at once on two cores made session
    /// creation time out.
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

/// Each scenario has its own runtime; tokio's lock works across them and knows no poison.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl App {
    pub async fn launch() -> App {
        let serial = ONE_APP_AT_A_TIME.lock().await;
        let dir = tempfile::tempdir().unwrap();
        let db_url = scl_store::sqlite_url(&dir.path().join("e2e.db"));
        let store = scl_store::open(&db_url).await.unwrap();
        let opts = scl_demo::DemoOptions::new(now());
        let paths = scl_demo::DemoPaths::beside(&dir.path().join("recordings"));
        scl_demo::load(store.clone(), &opts, &paths).await.unwrap();
        register_tel_handler(dir.path());
        let (process, port) = start_driver(&db_url, dir.path());
        let driver = session(port).await;
        App {
            driver,
            store,
            dir,
            _process: process,
            _serial: serial,
        }
    }

    pub async fn quit(self) {
        self.driver.clone().quit().await.unwrap();
    }
}

/// Quitting and starting the app again on the same database: what a person does to check that
/// something survives a restart.
impl App {
    pub async fn relaunch(self) -> App {
        let App {
            driver,
            store,
            dir,
            _process,
            _serial,
        } = self;
        driver.quit().await.expect("quit the app");
        drop(_process);
        let db_url = scl_store::sqlite_url(&dir.path().join("e2e.db"));
        let (process, port) = start_driver(&db_url, dir.path());
        let driver = session(port).await;
        App {
            driver,
            store,
            dir,
            _process: process,
            _serial,
        }
    }
}

/// The element with this `data-testid`, waited for.
pub async fn by_testid(driver: &WebDriver, testid: &str) -> WebElement {
    let selector = format!("[data-testid='{testid}']");
    wait_for(testid, || async {
        driver.find(By::Css(selector.clone())).await.ok()
    })
    .await
}

/// Types keys into whatever has focus, as a person at the keyboard does.
pub async fn press(driver: &WebDriver, keys: impl Into<thirtyfour::TypingData>) {
    driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .expect("type keys");
}

/// The lead id of the selected row, if any.
pub async fn selected_id(driver: &WebDriver) -> Option<i64> {
    let row = driver
        .find(By::Css("[data-testid='lead-row'][data-selected='true']"))
        .await
        .ok()?;
    row.attr("data-lead-id").await.ok()??.parse().ok()
}

/// Waits until the flyout shows the lead with this call id.
pub async fn flyout_shows(driver: &WebDriver, call_id: &str) {
    wait_for(&format!("the flyout of call {call_id}"), || async {
        (text_of(driver, "flyout-call-id").await.as_deref() == Some(call_id)).then_some(())
    })
    .await;
}

/// Opens a lead's flyout from its row (View), once the row is on screen, and waits for the
/// flyout's Overview.
pub async fn open_lead(driver: &WebDriver, id: i64) {
    let row = wait_for(&format!("the row of lead {id}"), || async {
        driver
            .find(By::Css(format!(
                "[data-testid='lead-row'][data-lead-id='{id}']"
            )))
            .await
            .ok()
    })
    .await;
    row.find(By::Css("[data-testid='view-lead']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    by_testid(driver, "flyout-status").await;
}
