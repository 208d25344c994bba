//! The queue's filters: what the pickers offer, and the view kept across restarts.

use scl_domain::{AccountId, FilterOptions, QueueView};
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

/// Statuses and types for any account; with `account_id`, its reasons and agents too.
#[tauri::command]
pub async fn get_filter_options(
    state: State<'_, AppState>,
    account_id: Option<AccountId>,
) -> Result<FilterOptions, IpcError> {
    Ok(state.acting().await?.filter_options(account_id).await?)
}

/// The saved view, or the default one when none holds any more.
#[tauri::command]
pub async fn get_queue_view(state: State<'_, AppState>) -> Result<QueueView, IpcError> {
    Ok(state.acting().await?.queue_view().await?)
}

#[tauri::command]
pub async fn save_queue_view(
    state: State<'_, AppState>,
    view: QueueView,
) -> Result<QueueView, IpcError> {
    Ok(state.acting().await?.save_queue_view(view).await?)
}
