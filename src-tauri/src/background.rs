//! The core's work that runs by itself while the app is open: detection as After Call Work
//! Times end, the watched folder, and core events forwarded to the window.

use std::time::Duration;

use scl_app::Leads;
use tauri::{AppHandle, Emitter};

/// How often the watched folder is looked at.
const WATCH_EVERY: Duration = Duration::from_secs(5);
/// New calls can arrive (imports, a watched folder) at any moment: look at least this often.
const MAX_WAIT: Duration = Duration::from_secs(1);
const MIN_WAIT: Duration = Duration::from_millis(50);

/// The Tauri event carrying [`scl_app::CoreEvent`]s to the UI.
pub const CORE_EVENT: &str = "core-event";

pub fn start(app: AppHandle, leads: Leads) {
    let mut events = leads.subscribe();
    let forward = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = forward.emit(CORE_EVENT, &event) {
                        tracing::warn!(error = %e, "could not forward a core event");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "core events dropped under load");
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
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
