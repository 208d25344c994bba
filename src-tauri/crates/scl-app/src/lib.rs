//! The use cases of Second Chance, shared by the desktop shell and the `scl` command.
//!
//! Owns: what an operation means end to end (validate, read the clock, apply the domain rule,
//! write through the store). The shell and the CLI only translate input and output around it, so
//! a status changed from `scl` and one changed from the app take the same path.
//! Must not: know about Tauri, terminals or how errors are displayed.

mod access;
mod audit_csv;
mod caller_context;
mod detection;
mod import;
mod log_redact;
mod media;
mod notify;
mod playback;
mod queue;
mod time_zones;
mod transcription;
mod watch;
mod work;

use std::sync::Arc;

pub use access::{SignedIn, SESSION_DAYS};
pub use detection::{CoreEvent, PassReport};
pub use import::{
    computer_zone, FileReport, ImportOptions, ImportProblem, ImportProgress, ImportReport,
};
pub use log_redact::{redact_secrets, RedactingWriter};
pub use media::{render_transcript, write_whole, TranscriptFile};
pub use notify::{os_notice, NotificationSettings, OsNotice, NOTIFICATIONS_KEY};
pub use playback::Playback;
pub use queue::QUEUE_VIEW_KEY;
use scl_domain::{
    AccountSettings, AccountSettingsView, AccountSummary, Actor, Clock, LeadId, LeadRow,
    LeadStatus, QueryError, StatusChange,
};
pub use scl_ingest::{DateOrder, LocalZone};
use scl_store::{Store, StoreError};
pub use time_zones::{computer_time_zone, time_zones, TimeZones};
pub use transcription::CallTranscribed;
pub use watch::WatchFolder;
pub use work::{CallPlaced, MAX_NOTE_CHARS};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("lead {0} not found")]
    LeadNotFound(LeadId),
    #[error(transparent)]
    InvalidQuery(#[from] QueryError),
    #[error("lead {id} was changed by someone else (it is now {current:?}); reload and try again")]
    Conflict { id: LeadId, current: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    InvalidSettings(#[from] scl_domain::SettingsError),
    #[error("account {0} not found")]
    AccountNotFound(scl_domain::AccountId),
    #[error("the watched folder {0:?} does not exist or is not a folder")]
    InvalidWatchFolder(String),
    /// Nothing reaches the OS opener: the number or the click-to-call settings are refused.
    #[error("{0}")]
    CannotDial(String),
    #[error("{0}")]
    InvalidNote(String),
    #[error("customer {customer} is not one of the suggested matches of lead {lead}")]
    NotACandidate {
        lead: LeadId,
        customer: scl_domain::CustomerId,
    },
    #[error("call {0:?} not found")]
    CallNotFound(String),
    /// Call ids are unique per account only: which account's call is meant must be said.
    #[error(
        "call {call_id:?} is in several accounts ({}); name one with --account NAME",
        accounts.join(", ")
    )]
    CallInSeveralAccounts {
        call_id: String,
        accounts: Vec<String>,
    },
    /// The acting user lacks a permission or may not see the account.
    #[error(transparent)]
    Denied(#[from] scl_domain::Denied),
    #[error("the login or the password is not right")]
    SignInFailed,
    #[error("{0}")]
    InvalidUser(String),
    #[error(transparent)]
    InvalidUserDraft(#[from] scl_domain::UserError),
    #[error("the call of lead {0} has no recording")]
    NoRecording(LeadId),
    /// The recording cannot be played: missing, truncated, corrupt, unsupported, not local.
    #[error("{0}")]
    Recording(String),
    #[error(transparent)]
    InvalidPlayback(#[from] scl_domain::PlaybackError),
    #[error("cannot write {}: {source}", path.display())]
    CannotWrite {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The result of a status change.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusOutcome {
    /// False when the lead already had that status (nothing recorded).
    pub changed: bool,
    pub lead: LeadRow,
}

/// The lead queue and its operations, over any store and clock.
#[derive(Clone)]
pub struct Leads {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    detectors: Arc<detection::Detectors>,
    callers: Arc<caller_context::CallerMemory>,
    events: tokio::sync::broadcast::Sender<CoreEvent>,
    seen: Arc<watch::SeenFiles>,
    /// Who acts (see `acting_as`); None is the system itself.
    who: Option<Arc<scl_domain::Principal>>,
}

impl Leads {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            detectors: Arc::default(),
            callers: Arc::default(),
            events: tokio::sync::broadcast::channel(1024).0,
            seen: Arc::default(),
            who: None,
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The core's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn accounts(&self) -> Result<Vec<AccountSummary>> {
        self.allow(scl_domain::Permission::ViewLeads)?;
        let who = self.who.clone();
        Ok(self
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| who.as_ref().is_none_or(|w| w.accounts.allows(a.id)))
            .map(|a| AccountSummary {
                id: a.id,
                name: a.name,
            })
            .collect())
    }

    /// Sets a lead's status and records who did it and when.
    #[tracing::instrument(skip_all, err, fields(lead = id, to = %to))]
    pub async fn set_status(
        &self,
        id: LeadId,
        to: LeadStatus,
        actor: Actor,
    ) -> Result<StatusOutcome> {
        let now = self.clock.now();
        let before = self
            .lead_allowed(scl_domain::Permission::EditLeads, id)
            .await?;
        let from = before.status;
        if from == to {
            return Ok(StatusOutcome {
                changed: false,
                lead: before,
            });
        }
        if !self.store.change_status(id, from, to, actor, now).await? {
            let current = self
                .store
                .lead(id, now)
                .await?
                .map(|v| v.status.label().to_string())
                .unwrap_or_else(|| "deleted".into());
            return Err(AppError::Conflict { id, current });
        }
        self.audit(
            "lead.status",
            "lead",
            id,
            Some(from.label().to_string()),
            Some(to.label().to_string()),
        )
        .await?;
        if let Err(e) = self.learn_from(id, from, to).await {
            // The status is saved; a detector that could not learn must not undo that.
            tracing::warn!(lead = id, error = %e, "learning from a status failed");
        }
        let after = self
            .store
            .lead(id, now)
            .await?
            .ok_or(AppError::LeadNotFound(id))?;
        Ok(StatusOutcome {
            changed: true,
            lead: after,
        })
    }

    /// Every account with its Second Chance Leads settings.
    #[tracing::instrument(skip_all, err)]
    pub async fn settings(&self) -> Result<Vec<AccountSettingsView>> {
        use scl_domain::Permission::{FeatureManagement, TiSettings};
        if self.allow(FeatureManagement).is_err() {
            self.allow(TiSettings)?;
        }
        let who = self.who.clone();
        Ok(self
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| who.as_ref().is_none_or(|w| w.accounts.allows(a.id)))
            .map(|a| AccountSettingsView {
                account_id: a.id,
                account: a.name,
                settings: a.settings,
            })
            .collect())
    }

    /// Saves an account's settings after checking every value is in range.
    #[tracing::instrument(skip_all, err, fields(account))]
    pub async fn save_settings(
        &self,
        account: scl_domain::AccountId,
        settings: AccountSettings,
    ) -> Result<AccountSettingsView> {
        self.allow_on(scl_domain::Permission::TiSettings, account)?;
        settings.validate()?;
        let before = self
            .settings()
            .await?
            .into_iter()
            .find(|v| v.account_id == account)
            .ok_or(AppError::AccountNotFound(account))?;
        if before.settings.scl_enabled != settings.scl_enabled {
            // Turning the feature on or off is Feature Management's, not TI settings'.
            self.allow_on(scl_domain::Permission::FeatureManagement, account)?;
        }
        if !self.store.update_settings(account, &settings).await? {
            return Err(AppError::AccountNotFound(account));
        }
        let after = self
            .settings()
            .await?
            .into_iter()
            .find(|v| v.account_id == account)
            .ok_or(AppError::AccountNotFound(account))?;
        self.audit(
            "settings.account",
            "account",
            account,
            serde_json::to_string(&before.settings).ok(),
            serde_json::to_string(&after.settings).ok(),
        )
        .await?;
        Ok(after)
    }

    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn history(&self, id: LeadId) -> Result<Vec<StatusChange>> {
        self.lead_allowed(scl_domain::Permission::ViewLeads, id)
            .await?;
        Ok(self.store.status_history(id).await?)
    }
}

/// Where the app and `scl` keep their data unless told otherwise.
pub mod paths {
    use std::path::PathBuf;

    /// Matches `tauri.conf.json`'s identifier, so Tauri's app-data dir and ours agree.
    pub const APP_IDENTIFIER: &str = "com.secondchance.app";

    /// The OS's per-user data folder for the app (e.g. `~/.local/share/com.secondchance.app`).
    pub fn data_dir() -> PathBuf {
        dirs::data_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join(APP_IDENTIFIER)
    }

    /// Where speech models are kept: `models` in the app's data folder.
    pub fn models_dir() -> PathBuf {
        data_dir().join("models")
    }

    /// The OS's log folder for the app: `~/Library/Logs/<id>` on macOS, else `logs` in the
    /// local data folder (`~/.local/share/<id>/logs`, `%LOCALAPPDATA%\<id>\logs`), as Tauri's.
    pub fn log_dir() -> PathBuf {
        if cfg!(target_os = "macos") {
            if let Some(home) = dirs::home_dir() {
                return home.join("Library/Logs").join(APP_IDENTIFIER);
            }
        }
        dirs::data_local_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join(APP_IDENTIFIER)
            .join("logs")
    }

    pub fn default_database_path() -> PathBuf {
        data_dir().join("second-chance.db")
    }

    /// `SCL_DATABASE_URL` when set, else the SQLite file in the data folder.
    pub fn database_url_from_env() -> String {
        std::env::var("SCL_DATABASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| scl_store::sqlite_url(&default_database_path()))
    }

    /// Where recordings of a database live: next to a SQLite file, else in the data folder.
    pub fn recordings_dir(database_url: &str) -> PathBuf {
        database_url
            .strip_prefix("sqlite://")
            .or_else(|| database_url.strip_prefix("sqlite:"))
            .map(|p| p.split('?').next().unwrap_or(p))
            .and_then(|p| std::path::Path::new(p).parent().map(|d| d.to_path_buf()))
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(data_dir)
            .join("recordings")
    }
}
