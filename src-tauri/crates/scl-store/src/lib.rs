//! The data store: one [`Store`] interface, two backends chosen by a database URL.
//!
//! Owns: schema and per-backend migrations (`migrations/sqlite`, `migrations/postgres`), the
//! translation between rows and domain records, and the queue queries. SQLite (a WAL file) is the
//! default, offline-first store; PostgreSQL is the shared store of team mode.
//! Must not: read the clock (callers pass `now`), decide lifecycle rules (it asks `scl_domain`),
//! or know about Tauri.

mod access;
mod common;
mod incoming;
mod ingest;
mod ingest_methods;
mod postgres;
mod queue;
mod queue_sql;
mod records;
mod sql;
mod sqlite;
mod work;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

use scl_domain::{
    Account, AccountId, AccountSettings, Actor, Call, CallKey, Dataset, LeadId, LeadRow,
    LeadStatus, StatusChange, UserId,
};

pub use access::{Access, AuditWrite, Credentials, UserWrite};
pub use incoming::{
    CallConflict, CallFacts, CreatedLead, CustomerRecord, Evaluation, IncomingCall, JobRecord,
    LocationRecord, NewLead, WriteReport,
};
pub use postgres::PgStore;
pub use queue::QueueReads;
pub use sqlite::SqliteStore;
pub use work::CopyOutcome;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database error: {0}")]
    Bulk(#[from] scl_sqlite_bulk::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("stored {table} row {id} is invalid: {detail}")]
    Corrupt {
        table: &'static str,
        id: i64,
        detail: String,
    },
}

impl StoreError {
    /// A UNIQUE constraint refused the write (a login or name already taken).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Database(e) => e
                .as_database_error()
                .is_some_and(|d| d.kind() == sqlx::error::ErrorKind::UniqueViolation),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything the product stores. Both backends pass the same story tests (`tests/stories`).
#[async_trait]
pub trait Store: Ingest + Work + QueueReads + Access + Send + Sync {
    /// True when no account exists yet (a first run).
    async fn is_empty(&self) -> Result<bool>;

    /// Writes a batch of records with the ids they carry, in one transaction.
    async fn import(&self, data: &Dataset) -> Result<()>;

    async fn accounts(&self) -> Result<Vec<Account>>;

    /// Replaces an account's settings; false when the account does not exist.
    async fn update_settings(&self, account: AccountId, settings: &AccountSettings)
        -> Result<bool>;

    async fn lead(&self, id: LeadId, now: DateTime<Utc>) -> Result<Option<LeadRow>>;

    /// Moves a lead from `from` to `to` and records the change, atomically. Returns false, and
    /// changes nothing, when the lead's status is no longer `from` (someone else changed it).
    async fn change_status(
        &self,
        id: LeadId,
        from: LeadStatus,
        to: LeadStatus,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<bool>;

    /// Oldest first.
    async fn status_history(&self, id: LeadId) -> Result<Vec<StatusChange>>;
}

/// What agents do with a lead: part of every [`Store`].
#[async_trait]
pub trait Work: Send + Sync {
    /// The user who acts on an embedded database when nobody is signed in; made on first use.
    async fn local_owner(&self, name: &str) -> Result<UserId>;

    /// The flyout's sections beside the row; None for an unknown lead.
    async fn lead_sections(&self, id: LeadId) -> Result<Option<scl_domain::LeadSections>>;

    /// Moves the lead to Done as dismissed, keeping its status; false when already dismissed
    /// or unknown.
    async fn dismiss(&self, id: LeadId, actor: Actor, at: DateTime<Utc>) -> Result<bool>;

    /// Adds a Second Chance Lead note; its id, or None for an unknown lead.
    async fn add_note(
        &self,
        id: LeadId,
        author: UserId,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>>;

    /// Appends a note of the lead to its customer's or location's notes.
    async fn copy_note(
        &self,
        id: LeadId,
        note: i64,
        target: scl_domain::NoteTarget,
        at: DateTime<Utc>,
    ) -> Result<CopyOutcome>;

    /// Change customer: one of the lead's candidates becomes its customer; false otherwise.
    async fn choose_customer(
        &self,
        id: LeadId,
        customer: scl_domain::CustomerId,
        at: DateTime<Utc>,
    ) -> Result<bool>;

    /// Logs a callback attempt and, for a lead not Done, sets `Lead - call back attempted`
    /// (with history); the lead's status afterwards, or None for an unknown lead.
    async fn record_callback(
        &self,
        id: LeadId,
        agent: UserId,
        phone: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<LeadStatus>>;
}

/// Writing what phone systems and detection produce: part of every [`Store`].
#[async_trait]
pub trait Ingest: Send + Sync {
    /// The accounts with these names, created with default settings where missing.
    async fn ensure_accounts(&self, names: &[String]) -> Result<Vec<Account>>;

    /// Agent ids by name, created (role agent) where missing.
    async fn ensure_agents(&self, names: &[String]) -> Result<HashMap<String, UserId>>;

    /// Creates or updates customers by (account, external id), with phones and locations.
    async fn upsert_customers(&self, records: &[CustomerRecord]) -> Result<u64>;

    /// Inserts jobs not seen before (by account and external id); returns how many were new.
    async fn insert_jobs(&self, records: &[JobRecord]) -> Result<u64>;

    /// A job booked after a lead closes it by itself: open leads of the job's account whose
    /// caller is the job's phone or customer, flagged before the booking, become
    /// `Job booked by SCL` when someone had called back, else `Job booked elsewhere` (history
    /// by the system, at the booking time). Returns the leads closed.
    async fn close_leads_booked(&self, jobs: &[JobRecord]) -> Result<Vec<LeadId>>;

    /// Inserts calls not seen before (by account and call id) with their transcripts, matches
    /// customers by number, and records the evaluations that came with them (creating or
    /// joining leads). A call whose account stores its id already is left as stored: counted a
    /// duplicate when its facts are the same, reported as a conflict when they differ.
    async fn insert_calls(&self, calls: &[IncomingCall]) -> Result<WriteReport>;

    /// Every inbound call that started from `since` up to `before` (excluded; None: no end),
    /// as (account, caller's number, start): what detection counts repeat callers from. Calls
    /// have no index on time or number (imports would pay for it), so this reads the table
    /// once; callers keep what they read.
    async fn inbound_call_times(
        &self,
        since: DateTime<Utc>,
        before: Option<DateTime<Utc>>,
    ) -> Result<Vec<(AccountId, String, DateTime<Utc>)>>;

    /// When each number's first job was booked, per account: jobs with that phone, and jobs
    /// of a customer with that phone. A number may appear twice (both ways); take the earlier.
    async fn first_jobs(&self) -> Result<Vec<(AccountId, String, DateTime<Utc>)>>;

    /// Calls with a recording and no transcript that were never transcribed here or given up
    /// on: the transcriber's queue, oldest first.
    async fn calls_to_transcribe(&self, limit: u32) -> Result<Vec<Call>>;

    /// Stores a transcript made on this computer for a call that has none, with what made it
    /// (`origin`). A call that has a transcript already (its phone system's, or one made
    /// before) keeps it: false, nothing written.
    async fn save_transcript(
        &self,
        call: CallKey,
        segments: &[scl_domain::TranscriptSegment],
        origin: &str,
    ) -> Result<bool>;

    /// Records why a call's recording could not be transcribed; it leaves the queue.
    async fn transcription_failed(&self, call: CallKey, reason: &str) -> Result<()>;

    /// What made a call's transcript on this computer, or why it could not be made:
    /// `(origin, error)`, both None for a phone system's transcript or none.
    async fn transcription(&self, call: CallKey) -> Result<(Option<String>, Option<String>)>;

    /// Calls not yet evaluated whose After Call Work Time is over at `now`, oldest first.
    async fn pending_calls(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Call>>;

    /// When the next pending call's After Call Work Time ends, if any call is pending.
    async fn next_due(&self) -> Result<Option<DateTime<Utc>>>;

    /// Records verdicts on stored calls, once per call; creates or joins leads.
    async fn record_evaluations(&self, evaluations: &[(Call, Evaluation)]) -> Result<WriteReport>;

    async fn call(&self, key: CallKey) -> Result<Option<Call>>;

    /// The calls with this phone-system identifier: at most one per account (two accounts'
    /// phone systems may use the same ids), by account id.
    async fn calls_by_call_id(&self, call_id: &str) -> Result<Vec<Call>>;

    /// The call a lead was flagged for.
    async fn lead_call(&self, lead: LeadId) -> Result<Option<Call>>;

    /// A setting of this installation (not of an account).
    async fn app_setting(&self, key: &str) -> Result<Option<String>>;

    /// Sets (or with `None` removes) a setting of this installation.
    async fn set_app_setting(&self, key: &str, value: Option<&str>) -> Result<()>;

    /// Whether this version of a file (path, size, modification time) was imported before.
    async fn file_imported(&self, path: &str, size: i64, modified_ms: i64) -> Result<bool>;

    async fn record_file_imported(
        &self,
        path: &str,
        size: i64,
        modified_ms: i64,
        at: DateTime<Utc>,
    ) -> Result<()>;

    /// After a bulk write (an import): moves what the write-ahead log holds into the database
    /// file and empties the log (writers wait meanwhile). Nothing to do on PostgreSQL.
    async fn checkpoint(&self) -> Result<()>;

    /// The account's learned detector (JSON), if it has one.
    async fn detector_model(&self, account: AccountId) -> Result<Option<String>>;

    async fn save_detector_model(
        &self,
        account: AccountId,
        model: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
}

/// Opens (creating if needed) and migrates the store behind `url`.
#[tracing::instrument(skip_all, err)]
pub async fn open(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(redact(url)))
    }
}

/// The SQLite URL for a database file.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A URL safe to show in errors and logs: any password is masked.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_masks_passwords_only() {
        assert_eq!(
            super::redact("postgres://app:s3cret@h/db"),
            "postgres://app:***@h/db"
        );
        assert_eq!(super::redact("postgres://app@h/db"), "postgres://app@h/db");
        assert_eq!(super::redact("sqlite:///tmp/a.db"), "sqlite:///tmp/a.db");
    }
}
