//! The Tauri shell of Second Chance: it wires the core (`scl_app` over `scl_store`) to a
//! window and holds no business rules. Startup: logging, the database, state, commands.

mod background;
mod commands;
mod error;
mod session;

use std::sync::Arc;

use clock::clock_from_env;
use scl_app::{paths, Leads};

/// What every command can reach.
pub struct AppState {
    /// The core acting as the system (sign-in itself, background work).
    pub leads: Leads,
    /// The core acting as the signed-in user: what every other command goes through.
    pub session: session::Session,
    pub keychain: session::Keychain,
}

impl AppState {
    /// The core as the signed-in user (re-read from the store), or `not_signed_in`.
    pub async fn acting(&self) -> Result<Leads, error::IpcError> {
        self.session.acting().await
    }

    pub async fn user_id(&self) -> Result<scl_domain::UserId, error::IpcError> {
        self.session.user_id().await
    }
}

/// Runs the desktop app until its window closes.
pub fn run() {
    let _log_guard = logging::install();
    let url = paths::database_url_from_env();
    tracing::info!(database = %scl_store::redact(&url), "starting");
    let store = match tauri::async_runtime::block_on(scl_store::open(&url)) {
        Ok(store) => store,
        Err(e) => {
            tracing::error!(error = %e, "cannot open the database");
            eprintln!("Second Chance cannot open its database: {e}");
            std::process::exit(1);
        }
    };
    let leads = Leads::new(store, clock_from_env());
    let keychain = session::Keychain::for_database(&url);
    let signed_in = match tauri::async_runtime::block_on(session::start(&leads, &keychain)) {
        Ok(signed_in) => signed_in,
        Err(e) => {
            tracing::error!(error = %e, "cannot set up the local user");
            eprintln!("Second Chance cannot set up its local user: {e}");
            std::process::exit(1);
        }
    };
    let session = session::Session::default();
    session.set(signed_in);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup({
            let leads = leads.clone();
            move |app| {
                use tauri::Manager;
                app.manage(playback::start(app.handle().clone(), leads.clone()));
                background::start(app.handle().clone(), leads);
                Ok(())
            }
        })
        .manage(AppState {
            leads,
            session,
            keychain,
        })
        .invoke_handler(tauri::generate_handler![
            commands::leads::list_leads,
            commands::leads::get_lead,
            commands::leads::list_accounts,
            commands::queue_view::get_filter_options,
            commands::queue_view::get_queue_view,
            commands::queue_view::save_queue_view,
            commands::settings::list_settings,
            commands::settings::save_settings,
            commands::settings::list_time_zones,
            commands::settings::get_notification_settings,
            commands::settings::save_notification_settings,
            commands::imports::import_files,
            commands::watch::get_watch_folder,
            commands::watch::save_watch_folder,
            commands::lead_work::set_lead_status,
            commands::lead_work::dismiss_lead,
            commands::lead_work::add_lead_note,
            commands::lead_work::copy_lead_note,
            commands::lead_work::change_lead_customer,
            commands::lead_work::call_customer,
            commands::lead_work::get_dial_settings,
            commands::lead_work::save_dial_settings,
            commands::playback::get_call_media,
            commands::playback::open_recording,
            commands::playback::player_order,
            commands::playback::close_recording,
            commands::playback::recording_waveform,
            commands::playback::save_transcript,
            commands::access::get_session,
            commands::access::sign_in,
            commands::access::sign_out,
            commands::access::list_users,
            commands::access::list_roles,
            commands::access::save_user,
            commands::access::save_role,
            commands::access::audit_entries,
            commands::access::export_audit,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the app stopped with an error");
        eprintln!("Second Chance stopped: {e}");
        std::process::exit(1);
    }
}

/// The player of recordings: the default sound device, waveforms cached in the data folder,
/// every player event forwarded to the window as `player-event`.
mod playback {
    use std::sync::Arc;

    use scl_app::{Leads, Playback};
    use tauri::{AppHandle, Emitter};

    pub const PLAYER_EVENT: &str = "player-event";

    pub fn start(app: AppHandle, leads: Leads) -> Playback {
        let cache = scl_app::paths::data_dir().join("waveforms");
        Playback::new(
            leads,
            scl_audio::Output::default_device,
            cache,
            Arc::new(move |update| {
                if let Err(e) = app.emit(PLAYER_EVENT, &update) {
                    tracing::warn!(error = %e, "could not forward a player event");
                }
            }),
        )
    }
}

/// The clock of the app: the system's, or a fixed instant from `SCL_NOW` (RFC 3339) so tests
/// and reproducible demos see the same Open/Cold split as the store they compare with.
mod clock {
    use super::Arc;
    use scl_domain::{Clock, FixedClock, SystemClock};

    pub fn clock_from_env() -> Arc<dyn Clock> {
        match std::env::var("SCL_NOW")
            .ok()
            .map(|s| chrono::DateTime::parse_from_rfc3339(&s))
        {
            Some(Ok(t)) => Arc::new(FixedClock::new(t.with_timezone(&chrono::Utc))),
            Some(Err(e)) => {
                tracing::warn!(error = %e, "ignoring SCL_NOW: not an RFC 3339 time");
                Arc::new(SystemClock)
            }
            None => Arc::new(SystemClock),
        }
    }
}

mod logging {
    use tracing_appender::non_blocking::WorkerGuard;
    use tracing_subscriber::{fmt, prelude::*, EnvFilter};

    /// Logs to a daily-rolling file in the OS log folder (and to stderr in debug builds), with
    /// customers' phone numbers and tokens masked. `SCL_LOG` sets the filter, default `info`.
    pub fn install() -> Option<WorkerGuard> {
        let dir = scl_app::paths::log_dir();
        let filter =
            || EnvFilter::try_from_env("SCL_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
        let (file_layer, guard) = match std::fs::create_dir_all(&dir) {
            Ok(()) => {
                let appender = tracing_appender::rolling::daily(&dir, "second-chance.log");
                let (writer, guard) =
                    tracing_appender::non_blocking(scl_app::RedactingWriter(appender));
                (
                    Some(fmt::layer().with_ansi(false).with_writer(writer)),
                    Some(guard),
                )
            }
            Err(_) => (None, None),
        };
        let stderr_layer = cfg!(debug_assertions)
            .then(|| fmt::layer().with_writer(|| scl_app::RedactingWriter(std::io::stderr())));
        let _ = tracing_subscriber::registry()
            .with(filter())
            .with(file_layer)
            .with(stderr_layer)
            .try_init();
        guard
    }
}
