//! The flyout's Recording and Transcript section: the player (in the core, on its own thread),
//! the waveform, the transcript, and saving it through the OS save dialog.

use scl_app::Playback;
use scl_domain::{
    CallMedia, LeadId, PlaybackPrefs, PlayerOrder, RecordingOpened, TranscriptFormat, WaveformView,
};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::IpcError;
use crate::AppState;

#[tauri::command]
pub async fn get_call_media(state: State<'_, AppState>, id: LeadId) -> Result<CallMedia, IpcError> {
    Ok(state.acting().await?.call_media(id).await?)
}

#[tauri::command]
pub async fn open_recording(
    state: State<'_, AppState>,
    playback: State<'_, Playback>,
    id: LeadId,
) -> Result<RecordingOpened, IpcError> {
    Ok(playback.open(&state.acting().await?, id).await?)
}

#[tauri::command]
pub async fn player_order(
    state: State<'_, AppState>,
    playback: State<'_, Playback>,
    order: PlayerOrder,
) -> Result<PlaybackPrefs, IpcError> {
    Ok(playback.order(&state.acting().await?, order).await?)
}

#[tauri::command]
pub fn close_recording(playback: State<'_, Playback>) {
    playback.close();
}

#[tauri::command]
pub async fn recording_waveform(
    state: State<'_, AppState>,
    playback: State<'_, Playback>,
    id: LeadId,
    buckets: u32,
) -> Result<WaveformView, IpcError> {
    Ok(playback
        .waveform(&state.acting().await?, id, buckets as usize)
        .await?)
}

/// Asks where to save (the OS dialog, offering the call's file name), then the core writes.
/// `None` when the agent cancelled.
#[tauri::command]
pub async fn save_transcript(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: LeadId,
    format: TranscriptFormat,
) -> Result<Option<String>, IpcError> {
    let file = state.acting().await?.lead_transcript(id, format).await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(format!("Save transcript as {}", format.label()))
        .set_file_name(&file.file_name)
        .add_filter(format.label(), &[format.extension()])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|e| IpcError::internal(format!("the save dialog gave no file path: {e}")))?;
    // The file read and checked before the dialog is the one written: no second read.
    file.save(&path)?;
    Ok(Some(path.display().to_string()))
}
