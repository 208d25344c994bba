//! What ingestion and detection hand the store to write.

use chrono::{DateTime, SecondsFormat, Utc};
use scl_domain::{AccountId, Call, CallType, CustomerId, Direction, Evidence, LeadId, UserId};

/// A lead to create for a call (or to join, when the caller already has an open lead).
#[derive(Debug, Clone, PartialEq)]
pub struct NewLead {
    pub score: i32,
    pub reasons: Vec<Evidence>,
    pub summary: String,
    pub flagged_at: DateTime<Utc>,
}

/// Detection's verdict on a call, recorded once.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub call_type: CallType,
    pub at: DateTime<Utc>,
    pub lead: Option<NewLead>,
}

/// A call from a phone system; `call.id` is ignored (the store assigns it).
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingCall {
    pub call: Call,
    pub redactions: u32,
    /// Present when the call was already past its After Call Work Time at import.
    pub evaluation: Option<Evaluation>,
}

impl IncomingCall {
    /// What its calls row stores beyond the call: the customer (the one it names, or the only
    /// one its number matched), its type, and when it was evaluated (ms) if it was.
    pub(crate) fn row_facts(
        &self,
        customers: &[CustomerId],
    ) -> (Option<CustomerId>, CallType, Option<i64>) {
        let c = &self.call;
        let customer = c
            .customer_id
            .or((customers.len() == 1).then(|| customers[0]));
        match &self.evaluation {
            Some(e) => (customer, e.call_type, Some(crate::records::to_ms(e.at))),
            None => (customer, c.call_type, None),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LocationRecord {
    pub external_id: String,
    pub address: String,
    pub zone: Option<String>,
    pub notes: String,
}

/// A customer from another system, found again by (account, external id) on re-import.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRecord {
    pub account_id: AccountId,
    pub external_id: String,
    pub name: String,
    /// E.164.
    pub phones: Vec<String>,
    pub notes: String,
    pub locations: Vec<LocationRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub account_id: AccountId,
    pub external_id: String,
    pub customer_external_id: Option<String>,
    pub phone: Option<String>,
    pub booked_at: DateTime<Utc>,
    pub revenue_cents: i64,
}

/// A lead a write created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatedLead {
    pub id: LeadId,
    pub account_id: AccountId,
    pub score: i32,
}

/// What a phone system says about a call, compared when its call id arrives again: a re-sent
/// call (a new status or duration, a re-export) is told from the same call imported twice.
/// Times are kept to the millisecond, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFacts {
    pub direction: Direction,
    pub from_number: String,
    pub to_number: String,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: DateTime<Utc>,
    pub agent_id: Option<UserId>,
    /// The agent's name, for messages (the id is what is compared). None for an incoming call.
    pub agent: Option<String>,
}

impl CallFacts {
    /// The facts compared, in the order differences are named.
    pub const FIELDS: [&'static str; 7] = [
        "direction",
        "from",
        "to",
        "started_at",
        "answered_at",
        "ended_at",
        "agent",
    ];

    pub fn of(call: &Call) -> Self {
        let ms = |t: DateTime<Utc>| crate::records::truncate_to_ms(t);
        Self {
            direction: call.direction,
            from_number: call.from_number.clone(),
            to_number: call.to_number.clone(),
            started_at: ms(call.started_at),
            answered_at: call.answered_at.map(ms),
            ended_at: ms(call.ended_at),
            agent_id: call.agent_id,
            agent: None,
        }
    }

    /// The names of the facts that differ from `other`'s, in [`Self::FIELDS`] order.
    pub fn differences(&self, other: &CallFacts) -> Vec<&'static str> {
        let same = [
            self.direction == other.direction,
            self.from_number == other.from_number,
            self.to_number == other.to_number,
            self.started_at == other.started_at,
            self.answered_at == other.answered_at,
            self.ended_at == other.ended_at,
            self.agent_id == other.agent_id,
        ];
        Self::FIELDS
            .iter()
            .zip(same)
            .filter(|(_, same)| !same)
            .map(|(field, _)| *field)
            .collect()
    }

    /// One fact as a message shows it (`agent`: the name when known; "none" when not set).
    pub fn show(&self, field: &str) -> String {
        let time = |t: &DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let none = || "none".to_string();
        match field {
            "direction" => self.direction.code().to_string(),
            "from" => self.from_number.clone(),
            "to" => self.to_number.clone(),
            "started_at" => time(&self.started_at),
            "answered_at" => self.answered_at.as_ref().map_or_else(none, time),
            "ended_at" => time(&self.ended_at),
            "agent" => match (&self.agent, self.agent_id) {
                (Some(name), _) => name.clone(),
                (None, Some(id)) => format!("user {id}"),
                (None, None) => none(),
            },
            _ => String::new(),
        }
    }
}

/// A call a write left out because its account already stores a call with its id and other
/// facts: the stored call is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallConflict {
    /// Its place among the calls given to the write.
    pub index: usize,
    pub stored: CallFacts,
}

/// What a write of calls or evaluations did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub inserted: u64,
    /// Calls already stored in their account (same call id) with the same facts: left as they
    /// were.
    pub duplicates: u64,
    /// Calls whose id their account already stores with other facts, in the order given.
    pub conflicts: Vec<CallConflict>,
    pub evaluated: u64,
    pub leads_created: Vec<CreatedLead>,
    /// Calls that joined the caller's open lead instead of making a second one.
    pub leads_joined: u64,
}
