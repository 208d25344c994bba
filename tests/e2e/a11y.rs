//! axe-core inside the app window (the strict CSP stays: the script arrives through WebDriver,
//! not the page): no serious or critical violation on the queue, an open lead (with its player
//! and transcript), Settings and the `?` overlay.

use thirtyfour::prelude::*;

use crate::support::*;

/// axe-core as npm installed it for the UI (`ui/node_modules/axe-core`).
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `npm ci` in ui/, as the README's test command does)",
            path.display()
        )
    })
}

/// Runs axe on the whole document; the serious and critical violations, one line each.
async fn serious_violations(driver: &WebDriver, axe: &str) -> Vec<String> {
    let loaded: bool = driver
        .execute(
            &format!("{axe}\n;return typeof window.axe === 'object';"),
            vec![],
        )
        .await
        .expect("inject axe-core")
        .convert()
        .unwrap();
    assert!(loaded, "axe-core is defined in the window");
    let result = driver
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               window.axe.run(document, { resultTypes: ["violations"] })
                 .then((r) => done(r.violations
                   .filter((v) => v.impact === "serious" || v.impact === "critical")
                   .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)))
                 .catch((e) => done(["axe failed: " + e]));"#,
            vec![],
        )
        .await
        .expect("run axe-core");
    result.convert().expect("a list of violations")
}

async fn check(driver: &WebDriver, axe: &str, screen: &str) {
    let found = serious_violations(driver, axe).await;
    assert!(found.is_empty(), "{screen}: {found:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_serious_or_critical_accessibility_violation() {
    let app = App::launch().await;
    scl_demo::write_recordings(&app.dir.path().join("recordings")).unwrap();
    let driver = &app.driver;
    let axe = axe_source();
    wait_for("the Open rows", || async {
        (!row_ids(driver).await.is_empty()).then_some(())
    })
    .await;
    check(driver, &axe, "the queue").await;

    press(driver, Key::Enter).await;
    by_testid(driver, "call-customer").await;
    // The Recording and Transcript section settled: a player, or the reason there is none.
    wait_for("the recording section", || async {
        for id in ["player", "no-recording", "recording-error"] {
            if driver
                .find(By::Css(format!("[data-testid='{id}']")))
                .await
                .is_ok()
            {
                return Some(());
            }
        }
        None
    })
    .await;
    check(driver, &axe, "the open flyout with its recording").await;

    press(driver, "?").await;
    by_testid(driver, "shortcuts-overlay").await;
    check(driver, &axe, "the ? overlay").await;
    press(driver, Key::Escape).await;
    press(driver, Key::Escape).await;

    click(driver, "nav-settings").await;
    by_testid(driver, "settings-form").await;
    by_testid(driver, "dial-form").await;
    check(driver, &axe, "Settings").await;
    app.quit().await;
}
