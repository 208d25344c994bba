use scl_app::WatchFolder;
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

#[tauri::command]
pub async fn get_watch_folder(state: State<'_, AppState>) -> Result<WatchFolder, IpcError> {
    Ok(state.acting().await?.watch_folder().await?)
}

#[tauri::command]
pub async fn save_watch_folder(
    state: State<'_, AppState>,
    watch: WatchFolder,
) -> Result<WatchFolder, IpcError> {
    Ok(state.acting().await?.set_watch_folder(watch).await?)
}
