//! Sign-in, User Management and the audit trail.

use scl_domain::{
    AuditEntry, AuditFilter, RoleDraft, RoleId, RoleView, SessionInfo, UserDraft, UserId, UserView,
};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::IpcError;
use crate::{session, AppState};

#[tauri::command]
pub async fn get_session(state: State<'_, AppState>) -> Result<SessionInfo, IpcError> {
    session::info(&state.leads, &state.session, &state.keychain).await
}

/// Checks the password in the core; with `stay`, the session token goes to the OS keychain.
#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    login: String,
    password: String,
    stay: bool,
) -> Result<SessionInfo, IpcError> {
    let signed = state.leads.sign_in(&login, &password, stay).await?;
    if let Some(token) = &signed.token {
        if let Err(e) = state.keychain.keep(token) {
            tracing::warn!(error = %e, "the session could not be kept in the keychain");
        }
    }
    state
        .session
        .set(Some(state.leads.acting_as(signed.principal)));
    session::info(&state.leads, &state.session, &state.keychain).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<SessionInfo, IpcError> {
    if let Some(token) = state.keychain.token() {
        state.leads.end_session(&token).await?;
    }
    state.keychain.forget();
    state.session.set(None);
    session::info(&state.leads, &state.session, &state.keychain).await
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<UserView>, IpcError> {
    Ok(state.acting().await?.users().await?)
}

#[tauri::command]
pub async fn list_roles(state: State<'_, AppState>) -> Result<Vec<RoleView>, IpcError> {
    Ok(state.acting().await?.roles().await?)
}

#[tauri::command]
pub async fn save_user(
    state: State<'_, AppState>,
    id: Option<UserId>,
    draft: UserDraft,
) -> Result<UserView, IpcError> {
    Ok(state.acting().await?.save_user(id, draft).await?)
}

#[tauri::command]
pub async fn save_role(
    state: State<'_, AppState>,
    id: Option<RoleId>,
    draft: RoleDraft,
) -> Result<RoleView, IpcError> {
    Ok(state.acting().await?.save_role(id, draft).await?)
}

#[tauri::command]
pub async fn audit_entries(
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Result<Vec<AuditEntry>, IpcError> {
    Ok(state.acting().await?.audit_entries(&filter).await?)
}

/// The permission is checked before the save dialog opens; the core writes the CSV.
#[tauri::command]
pub async fn export_audit(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Result<Option<String>, IpcError> {
    let csv = state.acting().await?.audit_csv(&filter).await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Export audit trail")
        .set_file_name("audit-trail.csv")
        .add_filter("CSV", &["csv"])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|e| IpcError::internal(format!("the save dialog gave no file path: {e}")))?;
    scl_app::write_whole(&path, csv.as_bytes())
        .map_err(|e| IpcError::internal(format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}
