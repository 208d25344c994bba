use std::path::PathBuf;

use scl_app::{ImportOptions, ImportProgress, ImportReport};
use tauri::{AppHandle, Emitter, State};

use crate::error::IpcError;
use crate::AppState;

/// The Tauri event carrying [`ImportProgress`] while files import.
pub const IMPORT_PROGRESS: &str = "import-progress";

#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
    account: Option<String>,
) -> Result<ImportReport, IpcError> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let opts = ImportOptions {
        account,
        ..ImportOptions::default()
    };
    let progress = move |p: ImportProgress| {
        let _ = app.emit(IMPORT_PROGRESS, &p);
    };
    Ok(state
        .acting()
        .await?
        .import(&paths, &opts, &progress)
        .await?)
}
