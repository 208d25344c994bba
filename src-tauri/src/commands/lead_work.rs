//! Working a lead from the flyout: status, Dismiss, notes, Change customer, Call Customer.
//! Each returns the flyout's new content.

use scl_domain::{Actor, CustomerId, DialSettings, LeadDetail, LeadId, LeadStatus, NoteTarget};
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::error::IpcError;
use crate::AppState;

#[tauri::command]
pub async fn set_lead_status(
    state: State<'_, AppState>,
    id: LeadId,
    status: LeadStatus,
) -> Result<LeadDetail, IpcError> {
    let leads = &state.acting().await?;
    leads
        .set_status(id, status, Actor::User(state.user_id().await?))
        .await?;
    Ok(leads.detail(id).await?)
}

#[tauri::command]
pub async fn dismiss_lead(state: State<'_, AppState>, id: LeadId) -> Result<LeadDetail, IpcError> {
    Ok(state
        .acting()
        .await?
        .dismiss(id, state.user_id().await?)
        .await?)
}

#[tauri::command]
pub async fn add_lead_note(
    state: State<'_, AppState>,
    id: LeadId,
    text: String,
) -> Result<LeadDetail, IpcError> {
    Ok(state
        .acting()
        .await?
        .add_note(id, &text, state.user_id().await?)
        .await?)
}

#[tauri::command]
pub async fn copy_lead_note(
    state: State<'_, AppState>,
    id: LeadId,
    note: i64,
    target: NoteTarget,
) -> Result<LeadDetail, IpcError> {
    Ok(state.acting().await?.copy_note(id, note, target).await?)
}

#[tauri::command]
pub async fn change_lead_customer(
    state: State<'_, AppState>,
    id: LeadId,
    customer: CustomerId,
) -> Result<LeadDetail, IpcError> {
    Ok(state.acting().await?.change_customer(id, customer).await?)
}

/// The core hands its URI (always a validated number) to the OS opener, then logs the attempt.
#[tauri::command]
pub async fn call_customer(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: LeadId,
) -> Result<LeadDetail, IpcError> {
    let open = |uri: &str| {
        app.opener()
            .open_url(uri, None::<&str>)
            .map_err(|e| e.to_string())
    };
    Ok(state
        .acting()
        .await?
        .call_customer(id, state.user_id().await?, open)
        .await?
        .detail)
}

#[tauri::command]
pub async fn get_dial_settings(state: State<'_, AppState>) -> Result<DialSettings, IpcError> {
    Ok(state.acting().await?.dial_settings().await?)
}

#[tauri::command]
pub async fn save_dial_settings(
    state: State<'_, AppState>,
    settings: DialSettings,
) -> Result<DialSettings, IpcError> {
    Ok(state.acting().await?.save_dial_settings(settings).await?)
}
