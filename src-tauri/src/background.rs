//! The core's work that runs by itself while the app is open: detection as After Call Work
//! Times end, the watched folder, and core events forwarded to the window.

use std::time::Duration;

use scl_app::{CoreEvent, Leads};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

/// How often the watched folder is looked at.
const WATCH_EVERY: Duration = Duration::from_secs(5);
/// New calls can arrive (imports, a watched folder) at any moment: look at least this often.
const MAX_WAIT: Duration = Duration::from_secs(1);
const MIN_WAIT: Duration = Duration::from_millis(50);

/// New leads within this long of the first become one OS notification.
const NOTIFY_BURST: Duration = Duration::from_millis(500);

/// The Tauri event carrying [`scl_app::CoreEvent`]s to the UI.
pub const CORE_EVENT: &str = "core-event";

pub fn start(app: AppHandle, leads: Leads) {
    notify_os(app.clone(), leads.clone());
    let mut events = leads.subscribe();
    let forward = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) if !signed_in_may_see(&forward, &event) => {}
                Ok(event) => {
                    if let Err(e) = forward.emit(CORE_EVENT, &event) {
                        tracing::warn!(error = %e, "could not forward a core event");
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "core events dropped under load");
                }
                Err(RecvError::Closed) => return,
            }
        }
    });
    let watcher = leads.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            if let Err(e) = watcher.scan_watch_folder().await {
                tracing::warn!(error = %e, "watched folder scan failed");
            }
            tokio::time::sleep(WATCH_EVERY).await;
        }
    });
    tauri::async_runtime::spawn(async move {
        loop {
            if let Err(e) = leads.detect_pass().await {
                tracing::error!(error = %e, "detection pass failed");
            }
            tokio::time::sleep(wait_for_next(&leads).await).await;
        }
    });
}

/// Only what the signed-in user may see reaches the window or the OS (nothing when nobody is
/// signed in); the core decides.
fn signed_in_may_see(app: &AppHandle, event: &CoreEvent) -> bool {
    use tauri::Manager;
    app.state::<crate::AppState>()
        .session
        .cached()
        .is_ok_and(|leads| leads.may_see(event))
}

/// Until the next After Call Work Time ends, so a call gets its verdict within a second of it.
async fn wait_for_next(leads: &Leads) -> Duration {
    match leads.next_detection_due().await {
        Ok(Some(due)) => (due - leads.now())
            .to_std()
            .unwrap_or(MIN_WAIT)
            .clamp(MIN_WAIT, MAX_WAIT),
        _ => MAX_WAIT,
    }
}

/// New leads as an OS notification when the setting is on and the window is not focused; the
/// core decides ([`scl_app::os_notice`]), a burst becomes one notification.
fn notify_os(app: AppHandle, leads: Leads) {
    let mut events = leads.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let mut burst: Vec<CoreEvent> = match events.recv().await {
                Ok(event) => vec![event],
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return,
            };
            tokio::time::sleep(NOTIFY_BURST).await;
            loop {
                match events.try_recv() {
                    Ok(event) => burst.push(event),
                    Err(TryRecvError::Lagged(_)) => {}
                    Err(_) => break,
                }
            }
            burst.retain(|event| signed_in_may_see(&app, event));
            if burst.is_empty() {
                continue;
            }
            let settings = match leads.notification_settings().await {
                Ok(settings) => settings,
                Err(e) => {
                    tracing::warn!(error = %e, "notification settings unreadable");
                    continue;
                }
            };
            let focused = app
                .get_webview_window("main")
                .and_then(|w| w.is_focused().ok())
                .unwrap_or(false);
            let Some(notice) = scl_app::os_notice(&burst, &settings, focused) else {
                continue;
            };
            tracing::info!(lead = notice.lead_id, "OS notification of new leads");
            if let Err(e) = app
                .notification()
                .builder()
                .title(&notice.title)
                .body(&notice.body)
                .show()
            {
                tracing::warn!(error = %e, "the OS notification could not be shown");
            }
        }
    });
}
