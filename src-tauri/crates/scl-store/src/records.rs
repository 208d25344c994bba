//! Rows as the databases return them, and their checked conversion into domain records.

use chrono::{DateTime, TimeZone, Utc};
use scl_domain::{
    tab_of, Account, AccountSettings, Actor, Call, CallType, Direction, LeadRow, LeadStatus,
    Speaker, SpeedToLead, StatusChange, TranscriptSegment,
};

use crate::{Result, StoreError};

pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A time as the store keeps it: to the millisecond.
pub(crate) fn truncate_to_ms(t: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(to_ms(t)).single().unwrap_or(t)
}

pub(crate) fn from_ms(table: &'static str, id: i64, ms: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| corrupt(table, id, format!("time {ms} out of range")))
}

fn corrupt(table: &'static str, id: i64, detail: String) -> StoreError {
    StoreError::Corrupt { table, id, detail }
}

fn status(table: &'static str, id: i64, code: &str) -> Result<LeadStatus> {
    LeadStatus::from_code(code)
        .ok_or_else(|| corrupt(table, id, format!("unknown status {code:?}")))
}

fn u32_field(table: &'static str, id: i64, name: &str, v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| corrupt(table, id, format!("{name} {v} out of range")))
}

#[derive(sqlx::FromRow)]
pub(crate) struct AccountRecord {
    pub id: i64,
    pub name: String,
    pub scl_enabled: bool,
    pub acw_minutes: i64,
    pub cold_days: i64,
    pub answered_min_seconds: i64,
    pub phone_region: String,
    pub time_zone: Option<String>,
}

impl AccountRecord {
    pub fn into_domain(self) -> Result<Account> {
        Ok(Account {
            id: self.id,
            settings: AccountSettings {
                scl_enabled: self.scl_enabled,
                acw_minutes: u32_field("accounts", self.id, "acw_minutes", self.acw_minutes)?,
                cold_days: u32_field("accounts", self.id, "cold_days", self.cold_days)?,
                answered_min_seconds: u32_field(
                    "accounts",
                    self.id,
                    "answered_min_seconds",
                    self.answered_min_seconds,
                )?,
                phone_region: self.phone_region,
                time_zone: self.time_zone,
            },
            name: self.name,
        })
    }
}

/// A lead joined with its call, account, customer and agent: one queue row.
#[derive(sqlx::FromRow)]
pub(crate) struct LeadRowRecord {
    pub id: i64,
    pub call_id: String,
    pub status: String,
    pub score: i64,
    pub account_id: i64,
    pub account: String,
    pub cold_days: i64,
    pub dismissed_at: Option<i64>,
    pub customer: Option<String>,
    pub phone: String,
    pub call_type: String,
    pub reason: Option<String>,
    pub agent: Option<String>,
    pub notes: Option<String>,
    pub ended_at: i64,
    pub flagged_at: i64,
    pub reasons: String,
    pub summary: String,
}

impl LeadRowRecord {
    pub fn into_row(self, now: DateTime<Utc>) -> Result<LeadRow> {
        const T: &str = "leads";
        let id = self.id;
        let status = status(T, id, &self.status)?;
        let flagged_at = from_ms(T, id, self.flagged_at)?;
        let settings = AccountSettings {
            cold_days: u32_field(T, id, "cold_days", self.cold_days)?,
            ..AccountSettings::default()
        };
        let call_type = CallType::from_code(&self.call_type)
            .ok_or_else(|| corrupt(T, id, format!("unknown call type {:?}", self.call_type)))?;
        let ended_at = from_ms(T, id, self.ended_at)?;
        let row = LeadRow {
            id,
            call_id: self.call_id,
            status,
            tab: tab_of(
                status,
                flagged_at,
                self.dismissed_at.is_some(),
                &settings,
                now,
            ),
            score: i32::try_from(self.score)
                .map_err(|_| corrupt(T, id, format!("score {} out of range", self.score)))?,
            account_id: self.account_id,
            account: self.account,
            customer: self.customer,
            phone: self.phone,
            call_type,
            reason: self.reason,
            agent: self.agent,
            notes: self.notes,
            ended_at,
            speed_to_lead: SpeedToLead::of(ended_at, now),
            flagged_at,
            reasons: serde_json::from_str(&self.reasons)
                .map_err(|e| corrupt(T, id, format!("reasons are not valid JSON: {e}")))?,
            summary: self.summary,
        };
        Ok(row)
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct StatusChangeRecord {
    pub id: i64,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_id: Option<i64>,
    pub at: i64,
}

impl StatusChangeRecord {
    pub fn into_domain(self) -> Result<StatusChange> {
        const T: &str = "lead_status_history";
        Ok(StatusChange {
            from: self
                .from_status
                .as_deref()
                .map(|c| status(T, self.id, c))
                .transpose()?,
            to: status(T, self.id, &self.to_status)?,
            actor: self.actor_id.map_or(Actor::System, Actor::User),
            at: from_ms(T, self.id, self.at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CountsRecord {
    pub open: i64,
    pub cold: i64,
    pub done: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CallRecord {
    pub id: i64,
    pub call_id: String,
    pub account_id: i64,
    pub direction: String,
    pub from_number: String,
    pub to_number: String,
    pub started_at: i64,
    pub answered_at: Option<i64>,
    pub ended_at: i64,
    pub agent_id: Option<i64>,
    pub call_type: String,
    pub reason: Option<String>,
    pub csr_notes: Option<String>,
    pub booked: bool,
    pub recording: Option<String>,
    pub customer_id: Option<i64>,
    pub location_id: Option<i64>,
}

/// A stored call's facts, compared with a call whose id arrives again.
#[derive(sqlx::FromRow)]
pub(crate) struct CallFactsRecord {
    pub id: i64,
    pub account_id: i64,
    pub call_id: String,
    pub direction: String,
    pub from_number: String,
    pub to_number: String,
    pub started_at: i64,
    pub answered_at: Option<i64>,
    pub ended_at: i64,
    pub agent_id: Option<i64>,
    pub agent: Option<String>,
}

pub(crate) const CALL_FACTS_SELECT: &str = "SELECT c.id, c.account_id, c.call_id, c.direction, \
    c.from_number, c.to_number, c.started_at, c.answered_at, c.ended_at, c.agent_id, \
    u.name AS agent FROM calls c LEFT JOIN users u ON u.id = c.agent_id WHERE c.call_id IN (";

impl CallFactsRecord {
    pub fn into_domain(self) -> Result<((i64, String), crate::CallFacts)> {
        const T: &str = "calls";
        let id = self.id;
        let facts = crate::CallFacts {
            direction: Direction::from_code(&self.direction)
                .ok_or_else(|| corrupt(T, id, format!("unknown direction {:?}", self.direction)))?,
            from_number: self.from_number,
            to_number: self.to_number,
            started_at: from_ms(T, id, self.started_at)?,
            answered_at: self.answered_at.map(|t| from_ms(T, id, t)).transpose()?,
            ended_at: from_ms(T, id, self.ended_at)?,
            agent_id: self.agent_id,
            agent: self.agent,
        };
        Ok(((self.account_id, self.call_id), facts))
    }
}

pub(crate) const CALL_COLUMNS: &str = "id, call_id, account_id, direction, from_number, \
    to_number, started_at, answered_at, ended_at, agent_id, call_type, reason, csr_notes, booked, \
    recording, customer_id, location_id";

impl CallRecord {
    pub fn into_domain(self, transcript: Vec<TranscriptSegment>) -> Result<Call> {
        const T: &str = "calls";
        let id = self.id;
        Ok(Call {
            id,
            call_id: self.call_id,
            account_id: self.account_id,
            direction: Direction::from_code(&self.direction)
                .ok_or_else(|| corrupt(T, id, format!("unknown direction {:?}", self.direction)))?,
            from_number: self.from_number,
            to_number: self.to_number,
            started_at: from_ms(T, id, self.started_at)?,
            answered_at: self.answered_at.map(|t| from_ms(T, id, t)).transpose()?,
            ended_at: from_ms(T, id, self.ended_at)?,
            agent_id: self.agent_id,
            call_type: CallType::from_code(&self.call_type)
                .ok_or_else(|| corrupt(T, id, format!("unknown call type {:?}", self.call_type)))?,
            reason: self.reason,
            csr_notes: self.csr_notes,
            booked: self.booked,
            recording: self.recording,
            customer_id: self.customer_id,
            location_id: self.location_id,
            transcript,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SegmentRecord {
    pub call_key: i64,
    pub start_s: f64,
    pub end_s: f64,
    pub speaker: String,
    pub text: String,
}

impl SegmentRecord {
    pub fn into_domain(self) -> Result<TranscriptSegment> {
        Ok(TranscriptSegment {
            start_s: self.start_s,
            end_s: self.end_s,
            speaker: Speaker::from_code(&self.speaker).ok_or_else(|| {
                corrupt(
                    "transcript_segments",
                    self.call_key,
                    format!("speaker {:?}", self.speaker),
                )
            })?,
            text: self.text,
        })
    }
}
