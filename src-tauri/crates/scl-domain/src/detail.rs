//! The Second Chance Lead Details flyout as the app and `scl` see it: Overview (the row),
//! Customer, Notes, status history and callback attempts, in the seeds' words.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CallType, CustomerId, LeadRow, LeadStatus, LocationId};

/// The flyout's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadDetail {
    pub lead: LeadRow,
    pub now: DateTime<Utc>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub sections: LeadSections,
    /// What Call Customer would hand to the softphone, or why it cannot.
    pub dial: Dial,
}

/// The parts of the flyout read from the store beside the row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadSections {
    /// Dismissed leads are Done whatever their status says.
    pub dismissed: bool,
    pub customer: CustomerSection,
    /// "Original CSR Notes": entered by the agent when the call was classified.
    pub csr_notes: Option<String>,
    /// "Second Chance Lead Notes", oldest first.
    pub notes: Vec<NoteView>,
    /// Every status change and dismissal, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Every Call Customer, oldest first.
    pub attempts: Vec<AttemptView>,
    /// Later calls from the same caller that joined this lead.
    pub later_calls: Vec<LinkedCall>,
}

/// "Customer": what is unknown is left out (None), as the seeds say.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerSection {
    /// "Phone Number": the number the customer called from (E.164).
    pub phone: String,
    pub account: String,
    pub customer: Option<CustomerRef>,
    pub location: Option<LocationRef>,
    pub zone: Option<String>,
    /// The customer record's notes (where Copy to Customer notes appends).
    pub customer_notes: Option<String>,
    /// The location record's notes (where Copy to Location notes appends).
    pub location_notes: Option<String>,
    /// Several customers have this number and no agent has chosen one yet.
    pub possible_incorrect_match: bool,
    /// The customers with this number, for Change customer.
    pub candidates: Vec<CustomerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerRef {
    #[ts(type = "number")]
    pub id: CustomerId,
    pub name: String,
    /// The customer's first service address, to tell namesakes apart.
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LocationRef {
    #[ts(type = "number")]
    pub id: LocationId,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteView {
    #[ts(type = "number")]
    pub id: i64,
    pub author: String,
    pub at: DateTime<Utc>,
    pub text: String,
    pub copied_to_customer_at: Option<DateTime<Utc>>,
    pub copied_to_location_at: Option<DateTime<Utc>>,
}

/// One step of the status history: who (a person's name, or "System"), what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub from: Option<LeadStatus>,
    pub to: LeadStatus,
    /// A Dismiss: the status stays, the lead moves to Done.
    pub dismissed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttemptView {
    pub at: DateTime<Utc>,
    pub agent: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkedCall {
    pub call_id: String,
    pub ended_at: DateTime<Utc>,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub call_type: CallType,
}

/// Call Customer's hand-off: the URI for the OS, or the reason nothing may be dialled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dial {
    Ready { uri: String },
    Refused { reason: String },
}

/// Where Copy to ... notes puts a Second Chance Lead note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum NoteTarget {
    Customer,
    Location,
}
