//! The records of the product. Ids are assigned by the store; times are UTC.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::LeadStatus;

pub type AccountId = i64;
pub type UserId = i64;
pub type CustomerId = i64;
pub type LocationId = i64;
pub type CallKey = i64;
pub type LeadId = i64;
pub type JobId = i64;

/// Per-account Second Chance Leads settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountSettings {
    /// "Enable Second Chance Leads".
    pub scl_enabled: bool,
    /// "After Call Work Time": minutes agents have to classify a call before detection runs.
    pub acw_minutes: u32,
    /// "Cold Leads": days an unreviewed lead stays in Open before it moves to Cold.
    pub cold_days: u32,
    /// An answered call shorter than this is "Not a Lead" (the 60-second answered rule).
    pub answered_min_seconds: u32,
    /// ISO 3166 region for numbers written without a country code (e.g. "US").
    pub phone_region: String,
    /// The IANA time zone the account's phone system records local times in (e.g.
    /// "America/Chicago"); None: not set, the computer's own zone is used. CDR imports read
    /// their local times in it, daylight saving time included.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// A setting out of its range, named as the settings screen names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{setting} must be {expected} (got {got})")]
pub struct SettingsError {
    pub setting: &'static str,
    pub expected: &'static str,
    pub got: String,
}

impl AccountSettings {
    pub const ACW_MINUTES: std::ops::RangeInclusive<u32> = 0..=60;
    pub const COLD_DAYS: std::ops::RangeInclusive<u32> = 1..=90;
    pub const ANSWERED_MIN_SECONDS: std::ops::RangeInclusive<u32> = 0..=600;

    /// Refuses values outside what the product supports, naming the setting.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let check = |setting, expected, ok: bool, got: String| {
            if ok {
                Ok(())
            } else {
                Err(SettingsError {
                    setting,
                    expected,
                    got,
                })
            }
        };
        check(
            "After Call Work Time",
            "between 0 and 60 minutes",
            Self::ACW_MINUTES.contains(&self.acw_minutes),
            self.acw_minutes.to_string(),
        )?;
        check(
            "Cold Leads",
            "between 1 and 90 days",
            Self::COLD_DAYS.contains(&self.cold_days),
            self.cold_days.to_string(),
        )?;
        check(
            "Answered call threshold",
            "between 0 and 600 seconds",
            Self::ANSWERED_MIN_SECONDS.contains(&self.answered_min_seconds),
            self.answered_min_seconds.to_string(),
        )?;
        check(
            "Phone region",
            "a two-letter country code such as US",
            self.phone_region.len() == 2
                && self.phone_region.chars().all(|c| c.is_ascii_uppercase()),
            format!("{:?}", self.phone_region),
        )?;
        match &self.time_zone {
            Some(name) => check(
                "Time zone",
                "an IANA time zone name such as America/Chicago",
                name.parse::<chrono_tz::Tz>().is_ok(),
                format!("{name:?}"),
            ),
            None => Ok(()),
        }
    }

    /// The account's time zone, when one is set (and valid: settings are checked on save).
    pub fn zone(&self) -> Option<chrono_tz::Tz> {
        self.time_zone.as_deref().and_then(|name| name.parse().ok())
    }

    /// Every IANA time zone name the setting accepts, in alphabetical order.
    pub fn time_zone_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> =
            chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        names.sort_unstable();
        names
    }

    pub const DEFAULT_ACW_MINUTES: u32 = 5;
    pub const DEFAULT_COLD_DAYS: u32 = 3;
    pub const DEFAULT_ANSWERED_MIN_SECONDS: u32 = 60;
    pub const DEFAULT_PHONE_REGION: &'static str = "US";
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            scl_enabled: true,
            acw_minutes: Self::DEFAULT_ACW_MINUTES,
            cold_days: Self::DEFAULT_COLD_DAYS,
            answered_min_seconds: Self::DEFAULT_ANSWERED_MIN_SECONDS,
            phone_region: Self::DEFAULT_PHONE_REGION.to_string(),
            time_zone: None,
        }
    }
}

/// A tenant company of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub settings: AccountSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Agent,
    Manager,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        [Role::Agent, Role::Manager, Role::Admin]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// A person who signs in: agent (CSR), manager or admin. Agents take calls for any account of
/// the network; `home_account` is where they are employed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub home_account: Option<AccountId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    pub account_id: AccountId,
    pub name: String,
    /// E.164 numbers.
    pub phones: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: LocationId,
    pub customer_id: CustomerId,
    pub address: String,
    pub zone: Option<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }
    }
}

/// Call classification, in the product's words: from whether the call was answered, how long
/// it lasted, whether it booked, and the agent's classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum CallType {
    Booked,
    Unbooked,
    Abandoned,
    Excused,
    #[serde(rename = "Not a Lead")]
    NotALead,
}

impl CallType {
    pub const ALL: [CallType; 5] = [
        CallType::Booked,
        CallType::Unbooked,
        CallType::Abandoned,
        CallType::Excused,
        CallType::NotALead,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CallType::Booked => "Booked",
            CallType::Unbooked => "Unbooked",
            CallType::Abandoned => "Abandoned",
            CallType::Excused => "Excused",
            CallType::NotALead => "Not a Lead",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            CallType::Booked => "booked",
            CallType::Unbooked => "unbooked",
            CallType::Abandoned => "abandoned",
            CallType::Excused => "excused",
            CallType::NotALead => "not_a_lead",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// One reason behind a lead's score, with the customer's own words and where they were said
/// (seconds into the recording) when the transcript shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evidence {
    pub text: String,
    pub quote: Option<String>,
    pub seconds: Option<f64>,
    /// Evidence against the call being a lead (the agent's excuse, "already hired someone"),
    /// shown apart from the evidence for it. Absent in reasons stored before it existed.
    #[serde(default)]
    pub against: bool,
}

impl Evidence {
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            quote: None,
            seconds: None,
            against: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Speaker {
    Agent,
    Customer,
}

impl Speaker {
    pub fn code(self) -> &'static str {
        match self {
            Speaker::Agent => "agent",
            Speaker::Customer => "customer",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "agent" => Some(Speaker::Agent),
            "customer" => Some(Speaker::Customer),
            _ => None,
        }
    }
}

/// One stretch of speech, with its place in the recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TranscriptSegment {
    pub start_s: f64,
    pub end_s: f64,
    pub speaker: Speaker,
    pub text: String,
}

/// A phone call as the phone system reported it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: CallKey,
    /// The phone system's own identifier, unique within its account.
    pub call_id: String,
    pub account_id: AccountId,
    pub direction: Direction,
    /// E.164.
    pub from_number: String,
    /// E.164.
    pub to_number: String,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: DateTime<Utc>,
    pub agent_id: Option<UserId>,
    pub call_type: CallType,
    pub reason: Option<String>,
    /// "Original CSR Notes", entered during call classification.
    pub csr_notes: Option<String>,
    pub booked: bool,
    /// Path or URI of the recording, when there is one.
    pub recording: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub location_id: Option<LocationId>,
    pub transcript: Vec<TranscriptSegment>,
}

/// A booked job; one booked after a lead's call can close the lead by itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: JobId,
    pub account_id: AccountId,
    pub customer_id: Option<CustomerId>,
    pub location_id: Option<LocationId>,
    pub phone: Option<String>,
    pub booked_at: DateTime<Utc>,
    pub revenue_cents: i64,
}

/// Who changed something: a signed-in user, or the system itself (detection, job matching).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "user_id")]
pub enum Actor {
    User(UserId),
    System,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: Option<LeadStatus>,
    pub to: LeadStatus,
    pub actor: Actor,
    pub at: DateTime<Utc>,
}

/// "Second Chance Lead Notes": added while reviewing the lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadNote {
    pub author_id: UserId,
    pub at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallbackAttempt {
    pub agent_id: UserId,
    pub at: DateTime<Utc>,
    pub phone: String,
    pub outcome: Option<String>,
}

/// A Second Chance Lead: at most one per call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    pub id: LeadId,
    pub call: CallKey,
    pub account_id: AccountId,
    pub status: LeadStatus,
    /// 0-100: how likely a quick callback wins the job.
    pub score: i32,
    /// Why detection flagged the call, most important first.
    pub reasons: Vec<Evidence>,
    pub summary: String,
    pub flagged_at: DateTime<Utc>,
    pub dismissed_at: Option<DateTime<Utc>>,
    pub history: Vec<StatusChange>,
    pub notes: Vec<LeadNote>,
    pub callbacks: Vec<CallbackAttempt>,
}

/// A batch of records to load at once (demo data, imports, benchmarks). Ids are chosen by the
/// producer and must not collide with stored ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub accounts: Vec<Account>,
    pub users: Vec<User>,
    pub customers: Vec<Customer>,
    pub locations: Vec<Location>,
    pub calls: Vec<Call>,
    pub jobs: Vec<Job>,
    pub leads: Vec<Lead>,
}

#[cfg(test)]
mod settings_tests {
    use super::AccountSettings;

    fn with_zone(zone: Option<&str>) -> AccountSettings {
        AccountSettings {
            time_zone: zone.map(str::to_string),
            ..AccountSettings::default()
        }
    }

    #[test]
    fn time_zone_is_an_iana_name_or_not_set() {
        assert_eq!(with_zone(None).validate(), Ok(()));
        assert_eq!(with_zone(Some("America/Chicago")).validate(), Ok(()));
        assert_eq!(
            with_zone(Some("America/Chicago")).zone(),
            Some(chrono_tz::America::Chicago)
        );
        for bad in ["Central", "america/chicago", "", "UTC+6"] {
            let refused = with_zone(Some(bad)).validate().unwrap_err();
            assert_eq!(refused.setting, "Time zone", "{bad:?}");
            assert_eq!(refused.got, format!("{bad:?}"));
        }
    }

    #[test]
    fn time_zone_names_are_sorted_and_all_accepted() {
        let names = AccountSettings::time_zone_names();
        assert!(names.len() > 400, "{}", names.len());
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(names.contains(&"America/Chicago") && names.contains(&"Europe/Berlin"));
        assert!(names.iter().all(|n| with_zone(Some(n)).validate().is_ok()));
    }

    #[test]
    fn settings_saved_before_time_zones_read_as_not_set() {
        let old = r#"{"scl_enabled":true,"acw_minutes":5,"cold_days":3,
            "answered_min_seconds":60,"phone_region":"US"}"#;
        let read: AccountSettings = serde_json::from_str(old).unwrap();
        assert_eq!(read.time_zone, None);
    }
}
