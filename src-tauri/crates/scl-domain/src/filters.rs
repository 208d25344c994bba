//! The queue's filters and sort orders, and the rules about them: which filters need one
//! account, what a valid filter is, and how fresh a lead is (speed to lead).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AccountId, CallType, LeadStatus, UserId};

/// Longest text a text filter accepts; longer input is refused rather than cut silently.
pub const MAX_FILTER_TEXT: usize = 200;
/// Most values one list filter (reasons, agents) accepts.
pub const MAX_FILTER_VALUES: usize = 100;

/// The filters of the queue, one per column (the Account filter is the query's `account_id`).
/// An empty list or `None` does not filter. Values of one filter are alternatives (OR); the
/// filters combine (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LeadFilters {
    pub statuses: Vec<LeadStatus>,
    pub notes: NotesFilter,
    pub age: AgeFilter,
    /// A customer's name, or the digits of the number they called from; contained, any case.
    pub customer: Option<String>,
    pub types: Vec<CallType>,
    /// The reasons chosen during call classification, exactly.
    pub reasons: Vec<String>,
    /// The agents who handled the calls.
    #[ts(type = "Array<number>")]
    pub agents: Vec<UserId>,
}

/// The Notes filter: whether a lead has notes, and text its notes contain. Notes are the
/// Original CSR Notes and the lead's Second Chance Lead Notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NotesFilter {
    pub presence: NotesPresence,
    /// Contained in any of the lead's notes, any case (ASCII letters), matched literally.
    pub contains: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NotesPresence {
    #[default]
    Any,
    WithNotes,
    WithoutNotes,
}

/// The Age filter: hours since the call ended, `min_hours` included, `max_hours` excluded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct AgeFilter {
    pub min_hours: Option<u32>,
    pub max_hours: Option<u32>,
}

/// A filter by name, as the queue's column headers name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum FilterKind {
    Status,
    Notes,
    Age,
    Customer,
    Type,
    Reason,
    Agent,
}

impl FilterKind {
    pub const ALL: [FilterKind; 7] = [
        FilterKind::Status,
        FilterKind::Notes,
        FilterKind::Age,
        FilterKind::Customer,
        FilterKind::Type,
        FilterKind::Reason,
        FilterKind::Agent,
    ];

    /// "Certain filters require selecting a single account before they can be applied": the
    /// ones whose values belong to one account. Customers are an account's records, reasons are
    /// the classification choices of an account's agents, agents work for an account; across
    /// accounts the same name would mean different people and different lists.
    pub fn needs_single_account(self) -> bool {
        matches!(
            self,
            FilterKind::Customer | FilterKind::Reason | FilterKind::Agent
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            FilterKind::Status => "Status",
            FilterKind::Notes => "Notes",
            FilterKind::Age => "Age",
            FilterKind::Customer => "Customer",
            FilterKind::Type => "Type",
            FilterKind::Reason => "Reason",
            FilterKind::Agent => "Agent",
        }
    }
}

/// Why the core refused a set of filters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("the {} filter needs a single account: choose an account first", .0.label())]
    NeedsSingleAccount(FilterKind),
    #[error("the {} filter is longer than {MAX_FILTER_TEXT} characters", .0.label())]
    TextTooLong(FilterKind),
    #[error("the {} filter takes at most {MAX_FILTER_VALUES} values", .0.label())]
    TooManyValues(FilterKind),
    #[error("the Age filter's \"to\" ({max} hours) must be more than its \"from\" ({min} hours)")]
    EmptyAgeRange { min: u32, max: u32 },
}

impl LeadFilters {
    /// The filters that narrow anything, in column order.
    pub fn in_use(&self) -> Vec<FilterKind> {
        let text = |t: &Option<String>| t.as_deref().is_some_and(|s| !s.trim().is_empty());
        FilterKind::ALL
            .into_iter()
            .filter(|kind| match kind {
                FilterKind::Status => !self.statuses.is_empty(),
                FilterKind::Notes => {
                    self.notes.presence != NotesPresence::Any || text(&self.notes.contains)
                }
                FilterKind::Age => self.age.min_hours.is_some() || self.age.max_hours.is_some(),
                FilterKind::Customer => text(&self.customer),
                FilterKind::Type => !self.types.is_empty(),
                FilterKind::Reason => !self.reasons.is_empty(),
                FilterKind::Agent => !self.agents.is_empty(),
            })
            .collect()
    }

    /// Refuses what the store must never be asked: a single-account filter without an account,
    /// an empty age range, oversized input.
    pub fn validate(&self, account: Option<AccountId>) -> Result<(), FilterError> {
        if account.is_none() {
            if let Some(kind) = self.in_use().into_iter().find(|k| k.needs_single_account()) {
                return Err(FilterError::NeedsSingleAccount(kind));
            }
        }
        for (kind, text) in [
            (FilterKind::Notes, &self.notes.contains),
            (FilterKind::Customer, &self.customer),
        ] {
            if text
                .as_deref()
                .is_some_and(|t| t.chars().count() > MAX_FILTER_TEXT)
            {
                return Err(FilterError::TextTooLong(kind));
            }
        }
        if self.reasons.len() > MAX_FILTER_VALUES
            || self
                .reasons
                .iter()
                .any(|r| r.chars().count() > MAX_FILTER_TEXT)
        {
            return Err(FilterError::TooManyValues(FilterKind::Reason));
        }
        if self.agents.len() > MAX_FILTER_VALUES {
            return Err(FilterError::TooManyValues(FilterKind::Agent));
        }
        if let (Some(min), Some(max)) = (self.age.min_hours, self.age.max_hours) {
            if max <= min {
                return Err(FilterError::EmptyAgeRange { min, max });
            }
        }
        Ok(())
    }
}

/// What the queue is ordered by. `Priority` (score, then the most recently flagged) is the
/// default; any other column orders by what the column shows, ties broken by priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum SortColumn {
    #[default]
    Priority,
    Status,
    Notes,
    Age,
    Account,
    Customer,
    Type,
    Reason,
    Agent,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SortDirection {
    /// Priority: best first. Age: the youngest first. Text: A to Z. Status: New first.
    #[default]
    Ascending,
    Descending,
}

/// A sort order. Rows without a value (no notes, no agent...) come last in either direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LeadSort {
    pub column: SortColumn,
    pub direction: SortDirection,
}

impl LeadSort {
    /// Whether this is the queue's own order (priority, best first), the fast path.
    pub fn is_priority(&self) -> bool {
        self.column == SortColumn::Priority && self.direction == SortDirection::Ascending
    }
}

/// How fresh a lead is for a callback: the speed-to-lead cue of the Age column.
///
/// The odds of reaching and winning a caller fall steeply with time: leads called back within
/// the hour qualify several times as often as later ones, and after a day most are lost
/// (Harvard Business Review, "The Short Life of Online Sales Leads", 2011). Hence the two
/// thresholds below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SpeedToLead {
    /// The call ended less than [`SpeedToLead::AGING_AFTER`] ago: call now.
    Fresh,
    /// Between [`SpeedToLead::AGING_AFTER`] and [`SpeedToLead::STALE_AFTER`]: going stale.
    Aging,
    /// [`SpeedToLead::STALE_AFTER`] or more.
    Stale,
}

impl SpeedToLead {
    pub const AGING_AFTER: Duration = Duration::hours(1);
    pub const STALE_AFTER: Duration = Duration::hours(24);

    /// Measured from when the call ended; a call "ending" in the future (clock skew) is fresh.
    pub fn of(ended_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let age = now - ended_at;
        if age < Self::AGING_AFTER {
            SpeedToLead::Fresh
        } else if age < Self::STALE_AFTER {
            SpeedToLead::Aging
        } else {
            SpeedToLead::Stale
        }
    }
}

/// An agent the Agent filter offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgentChoice {
    #[ts(type = "number")]
    pub id: UserId,
    pub name: String,
}

/// What the filter pickers offer. `account` is set when one account is chosen: its reasons
/// and agents (those present in its leads), for the single-account filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilterOptions {
    pub statuses: Vec<LeadStatus>,
    pub types: Vec<CallType>,
    /// The filters that stay disabled until one account is chosen.
    pub single_account: Vec<FilterKind>,
    pub account: Option<AccountFilterOptions>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountFilterOptions {
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub reasons: Vec<String>,
    pub agents: Vec<AgentChoice>,
}

impl FilterOptions {
    pub fn new(account: Option<AccountFilterOptions>) -> Self {
        Self {
            statuses: LeadStatus::ALL.to_vec(),
            types: CallType::ALL.to_vec(),
            single_account: FilterKind::ALL
                .into_iter()
                .filter(|k| k.needs_single_account())
                .collect(),
            account,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn single_account_filters_are_refused_without_an_account_naming_the_filter() {
        let f = LeadFilters {
            statuses: vec![LeadStatus::New],
            agents: vec![3],
            ..LeadFilters::default()
        };
        assert_eq!(
            f.validate(None),
            Err(FilterError::NeedsSingleAccount(FilterKind::Agent))
        );
        assert!(f
            .validate(None)
            .unwrap_err()
            .to_string()
            .contains("Agent filter needs a single account"));
        assert_eq!(f.validate(Some(1)), Ok(()));
        let blank_customer = LeadFilters {
            customer: Some("   ".into()),
            ..LeadFilters::default()
        };
        assert_eq!(
            blank_customer.validate(None),
            Ok(()),
            "blank text filters nothing"
        );
        for kind in FilterKind::ALL {
            assert_eq!(
                kind.needs_single_account(),
                matches!(
                    kind,
                    FilterKind::Customer | FilterKind::Reason | FilterKind::Agent
                ),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn an_empty_age_range_and_oversized_text_are_refused() {
        let age = |min, max| LeadFilters {
            age: AgeFilter {
                min_hours: min,
                max_hours: max,
            },
            ..LeadFilters::default()
        };
        assert_eq!(
            age(Some(5), Some(5)).validate(None),
            Err(FilterError::EmptyAgeRange { min: 5, max: 5 })
        );
        assert_eq!(age(Some(1), Some(24)).validate(None), Ok(()));
        assert_eq!(age(None, Some(1)).validate(None), Ok(()));
        let long = LeadFilters {
            notes: NotesFilter {
                presence: NotesPresence::Any,
                contains: Some("x".repeat(MAX_FILTER_TEXT + 1)),
            },
            ..LeadFilters::default()
        };
        assert_eq!(
            long.validate(None),
            Err(FilterError::TextTooLong(FilterKind::Notes))
        );
    }

    #[test]
    fn in_use_lists_only_the_filters_that_narrow() {
        let f = LeadFilters {
            statuses: vec![LeadStatus::New],
            customer: Some(String::new()),
            ..LeadFilters::default()
        };
        assert_eq!(f.in_use(), vec![FilterKind::Status]);
        assert!(LeadFilters::default().in_use().is_empty());
        assert!(LeadSort::default().is_priority());
    }

    #[test]
    fn speed_to_lead_turns_aging_after_an_hour_and_stale_after_a_day() {
        let ended = Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
        let at = |mins| ended + Duration::minutes(mins);
        assert_eq!(SpeedToLead::of(ended, at(-5)), SpeedToLead::Fresh);
        assert_eq!(SpeedToLead::of(ended, at(59)), SpeedToLead::Fresh);
        assert_eq!(SpeedToLead::of(ended, at(60)), SpeedToLead::Aging);
        assert_eq!(SpeedToLead::of(ended, at(24 * 60 - 1)), SpeedToLead::Aging);
        assert_eq!(SpeedToLead::of(ended, at(24 * 60)), SpeedToLead::Stale);
    }
}
