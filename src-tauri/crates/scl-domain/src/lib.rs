//! The Second Chance domain: the words of the product as types, and the rules that need no I/O.
//!
//! Owns: accounts and their settings, calls, customers, jobs, leads and their statuses, the tab
//! rules (Open / Cold / Done, derived from status, age and settings), the priority order, and the
//! ports the rest of the system plugs into (the [`Clock`]). Must not do I/O, know about SQL or
//! Tauri, or read the system time outside [`SystemClock`].

mod access;
mod clock;
mod detail;
mod dial;
mod filters;
mod lead;
mod media;
mod model;
mod queue;
mod users;

pub use access::{AccountScope, BuiltinRole, Denied, Permission, Principal, RoleId};
pub use clock::{Clock, FixedClock, SystemClock};
pub use detail::{
    AttemptView, CustomerRef, CustomerSection, Dial, HistoryEntry, LeadDetail, LeadSections,
    LinkedCall, LocationRef, NoteTarget, NoteView,
};
pub use dial::{dial_uri, is_e164, DialError, DialScheme, DialSettings, MAX_VOICEMAIL_CHARS};
pub use filters::{
    AccountFilterOptions, AgeFilter, AgentChoice, FilterError, FilterKind, FilterOptions,
    LeadFilters, LeadSort, NotesFilter, NotesPresence, SortColumn, SortDirection, SpeedToLead,
    MAX_FILTER_TEXT, MAX_FILTER_VALUES,
};
pub use lead::{tab_of, LeadStatus, StatusParseError, Tab};
pub use media::{
    transcript_file_name, CallMedia, PlaybackError, PlaybackEvent, PlaybackPrefs, PlayerOrder,
    PlayerUpdate, RecordingOpened, TranscriptFormat, WaveformView, MAX_SPEED, MIN_SPEED,
};
pub use model::*;
pub use queue::{
    AccountSettingsView, AccountSummary, LeadPage, LeadQuery, LeadRow, QueryError, QueueView,
    TabCounts, MAX_PAGE_SIZE,
};
pub use users::{
    permissions_from_codes, permissions_to_codes, AuditEntry, AuditFilter, RoleDraft, RoleView,
    SessionInfo, UserDraft, UserError, UserView, MAX_LOGIN_CHARS, MIN_PASSWORD_CHARS,
};
