//! What ingestion and detection hand the store to write.

use chrono::{DateTime, Utc};
use scl_domain::{AccountId, Call, CallType, CustomerId, Evidence, LeadId};

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

/// What a write of calls or evaluations did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub inserted: u64,
    /// Calls already stored (same call id): left as they were.
    pub duplicates: u64,
    pub evaluated: u64,
    pub leads_created: Vec<CreatedLead>,
    /// Calls that joined the caller's open lead instead of making a second one.
    pub leads_joined: u64,
}
