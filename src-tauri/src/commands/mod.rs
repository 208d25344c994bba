//! Thin Tauri commands: take state, call the core, map the error.

pub mod access;
pub mod imports;
pub mod lead_work;
pub mod leads;
pub mod playback;
pub mod queue_view;
pub mod settings;
pub mod watch;
