use scl_app::{NotificationSettings, TimeZones};
use scl_domain::{AccountId, AccountSettings, AccountSettingsView};
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

#[tauri::command]
pub async fn list_settings(
    state: State<'_, AppState>,
) -> Result<Vec<AccountSettingsView>, IpcError> {
    Ok(state.acting().await?.settings().await?)
}

#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    account_id: AccountId,
    settings: AccountSettings,
) -> Result<AccountSettingsView, IpcError> {
    Ok(state
        .acting()
        .await?
        .save_settings(account_id, settings)
        .await?)
}

/// The IANA zones an account's time zone may name, and this computer's own.
#[tauri::command]
pub fn list_time_zones() -> TimeZones {
    scl_app::time_zones()
}

#[tauri::command]
pub async fn get_notification_settings(
    state: State<'_, AppState>,
) -> Result<NotificationSettings, IpcError> {
    Ok(state.acting().await?.notification_settings().await?)
}

#[tauri::command]
pub async fn save_notification_settings(
    state: State<'_, AppState>,
    settings: NotificationSettings,
) -> Result<NotificationSettings, IpcError> {
    Ok(state
        .acting()
        .await?
        .save_notification_settings(settings)
        .await?)
}
