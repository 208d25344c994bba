//! Thin Tauri commands: take state, call the core, map the error.

pub mod leads;
