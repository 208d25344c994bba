//! The shapes of the lead queue as the app and `scl` see it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    AccountId, CallType, Evidence, FilterError, LeadFilters, LeadId, LeadSort, LeadStatus,
    SpeedToLead, Tab,
};

pub const MAX_PAGE_SIZE: u32 = 500;

/// One page of one tab, optionally narrowed to one account and by the column filters, in the
/// chosen order (priority unless told). `page` is 0-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadQuery {
    pub tab: Tab,
    #[ts(type = "number | null")]
    pub account_id: Option<AccountId>,
    pub page: u32,
    pub page_size: u32,
    #[serde(default)]
    pub filters: LeadFilters,
    #[serde(default)]
    pub sort: LeadSort,
    /// The accounts the acting user may see (None: every account). Set by the core from the
    /// signed-in user, never taken from a caller.
    #[serde(skip)]
    #[ts(skip)]
    pub within: Option<Vec<AccountId>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("page_size must be between 1 and {MAX_PAGE_SIZE}, got {0}")]
    PageSize(u32),
    #[error(transparent)]
    Filter(#[from] FilterError),
}

impl LeadQuery {
    pub fn new(tab: Tab) -> Self {
        Self {
            tab,
            account_id: None,
            page: 0,
            page_size: 50,
            filters: LeadFilters::default(),
            sort: LeadSort::default(),
            within: None,
        }
    }

    pub fn validate(&self) -> Result<(), QueryError> {
        if self.page_size == 0 || self.page_size > MAX_PAGE_SIZE {
            return Err(QueryError::PageSize(self.page_size));
        }
        self.filters.validate(self.account_id)?;
        Ok(())
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page) * u64::from(self.page_size)
    }
}

/// A row of the queue table (and of `scl leads --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadRow {
    #[ts(type = "number")]
    pub id: LeadId,
    pub call_id: String,
    pub status: LeadStatus,
    pub tab: Tab,
    pub score: i32,
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub account: String,
    /// The customer's name when the call matched exactly one customer.
    pub customer: Option<String>,
    /// The number the customer called from (E.164).
    pub phone: String,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub call_type: CallType,
    pub reason: Option<String>,
    pub agent: Option<String>,
    /// Original CSR notes from call classification.
    pub notes: Option<String>,
    pub ended_at: DateTime<Utc>,
    /// How fresh the lead is for a callback at read time (from `ended_at`).
    pub speed_to_lead: SpeedToLead,
    pub flagged_at: DateTime<Utc>,
    /// Why detection flagged the call, most important first.
    pub reasons: Vec<Evidence>,
    /// What the customer needed, why it was not booked, what to do next.
    pub summary: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TabCounts {
    pub open: u32,
    pub cold: u32,
    pub done: u32,
}

impl TabCounts {
    pub fn get(&self, tab: Tab) -> u32 {
        match tab {
            Tab::Open => self.open,
            Tab::Cold => self.cold,
            Tab::Done => self.done,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadPage {
    pub rows: Vec<LeadRow>,
    /// Rows in this tab (for this account and these filters).
    pub total: u32,
    pub page: u32,
    pub page_size: u32,
    /// Every tab's count under the same account and filters.
    pub counts: TabCounts,
    /// The core's clock when the page was read; ages are measured from it.
    pub now: DateTime<Utc>,
}

/// The queue as an agent left it: tab, account, filters and sort, restored on the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct QueueView {
    pub tab: Tab,
    #[ts(type = "number | null")]
    pub account_id: Option<AccountId>,
    pub filters: LeadFilters,
    pub sort: LeadSort,
}

impl Default for QueueView {
    /// Open, every account, no filter, by priority.
    fn default() -> Self {
        Self {
            tab: Tab::Open,
            account_id: None,
            filters: LeadFilters::default(),
            sort: LeadSort::default(),
        }
    }
}

impl QueueView {
    /// The first page of this view.
    pub fn query(&self, page_size: u32) -> LeadQuery {
        LeadQuery {
            tab: self.tab,
            account_id: self.account_id,
            page: 0,
            page_size,
            filters: self.filters.clone(),
            sort: self.sort,
            within: None,
        }
    }
}

/// An account and its settings, for the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountSettingsView {
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub account: String,
    pub settings: crate::AccountSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountSummary {
    #[ts(type = "number")]
    pub id: AccountId,
    pub name: String,
}
