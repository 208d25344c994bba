//! What can go wrong with a recording, worded for the person who has to act on it.

use std::path::{Path, PathBuf};

/// Every message names the file, so a list of failed recordings is readable on its own.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("recording not found: {}", path.display())]
    NotFound { path: PathBuf },

    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} is empty (0 bytes)", path.display())]
    Empty { path: PathBuf },

    /// A format we recognise but do not play; `found` names it ("AAC/M4A", "Opus in Ogg").
    #[error(
        "{}: {found} is not supported (supported: WAV PCM 8/16-bit, G.711 mu-law and A-law; MP3; \
         Ogg Vorbis; FLAC)",
        path.display()
    )]
    Unsupported { path: PathBuf, found: String },

    #[error("{}: unknown format (first bytes {first_bytes})", path.display())]
    UnknownFormat { path: PathBuf, first_bytes: String },

    /// The file stops before its own header says it should (an interrupted copy or download).
    #[error("{} is truncated: {detail}", path.display())]
    Truncated { path: PathBuf, detail: String },

    /// The file claims a format but its content does not decode as that format.
    #[error("{} is corrupt: {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },

    #[error("no audio output device: {detail}")]
    NoOutputDevice { detail: String },

    #[error("no recording is loaded")]
    NothingLoaded,

    #[error("cannot seek in {}: {detail}", path.display())]
    Seek { path: PathBuf, detail: String },
}

impl AudioError {
    /// An I/O failure on `path`; a missing file gets its own, plainer message.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            AudioError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            AudioError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }

    pub(crate) fn truncated(path: &Path, detail: impl Into<String>) -> Self {
        AudioError::Truncated {
            path: path.to_path_buf(),
            detail: detail.into(),
        }
    }

    pub(crate) fn corrupt(path: &Path, detail: impl Into<String>) -> Self {
        AudioError::Corrupt {
            path: path.to_path_buf(),
            detail: detail.into(),
        }
    }

    pub(crate) fn unsupported(path: &Path, found: impl Into<String>) -> Self {
        AudioError::Unsupported {
            path: path.to_path_buf(),
            found: found.into(),
        }
    }
}
