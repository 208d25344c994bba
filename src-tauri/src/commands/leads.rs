use scl_domain::{AccountSummary, LeadDetail, LeadId, LeadPage, LeadQuery};
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

#[tauri::command]
pub async fn list_leads(
    state: State<'_, AppState>,
    query: LeadQuery,
) -> Result<LeadPage, IpcError> {
    Ok(state.acting().await?.queue_page(&query).await?)
}

#[tauri::command]
pub async fn get_lead(state: State<'_, AppState>, id: LeadId) -> Result<LeadDetail, IpcError> {
    Ok(state.acting().await?.detail(id).await?)
}

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountSummary>, IpcError> {
    Ok(state.acting().await?.accounts().await?)
}
