//! Transcribing call recordings on this computer, offline, with Whisper (whisper.cpp through
//! `whisper-rs`).
//!
//! Owns: reading a recording for speech (each channel apart, resampled to 16 kHz), cutting it
//! at pauses into pieces Whisper reads well, running a ggml Whisper model on them, and turning
//! its output into transcript segments with times in the recording, without the repeated lines
//! Whisper produces on long or repetitive audio.
//! Must not: depend on Tauri or the store, send audio anywhere, or download anything (models
//! are installed by the user or by `.ci/speech-model`).

mod audio;
mod chunks;
mod engine;

pub use audio::{load, resample, Speech, WHISPER_RATE};
pub use chunks::{pieces, MAX_PIECE_S};
pub use engine::{Engine, Line};

/// Why a recording could not be transcribed.
#[derive(Debug, thiserror::Error)]
pub enum TranscribeError {
    #[error(transparent)]
    Recording(#[from] scl_audio::AudioError),
    #[error("{0}")]
    Audio(String),
    #[error("the speech model {path} cannot be used: {reason}")]
    Model { path: String, reason: String },
    #[error("speech recognition failed: {0}")]
    Whisper(String),
}
