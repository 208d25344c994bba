//! End to end: the built app in a real window (Xvfb under the test command), driven through
//! tauri-driver + WebKitWebDriver, each scenario on its own demo database with the clock fixed
//! at [`support::NOW`]. Screenshots land in `target/e2e/`.

mod a11y;
mod access;
mod callback;
mod dialog;
mod filters;
mod flyout;
mod hostile;
mod import_dialog;
mod live;
mod notify;
mod queue;
mod recording;
mod stay_signed_in;
mod support;
mod triage;
mod work;
