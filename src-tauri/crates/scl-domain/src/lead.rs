use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::AccountSettings;

/// Where a lead is in follow-up. The serialized names are the product's words, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum LeadStatus {
    #[serde(rename = "New")]
    New,
    #[serde(rename = "Lead - call back attempted")]
    CallBackAttempted,
    #[serde(rename = "Lead - not able to save")]
    NotAbleToSave,
    #[serde(rename = "Lead - not following up")]
    NotFollowingUp,
    #[serde(rename = "Reviewed - not a lead")]
    NotALead,
    #[serde(rename = "Job booked by SCL")]
    JobBookedByScl,
    #[serde(rename = "Job booked elsewhere")]
    JobBookedElsewhere,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 7] = [
        LeadStatus::New,
        LeadStatus::CallBackAttempted,
        LeadStatus::NotAbleToSave,
        LeadStatus::NotFollowingUp,
        LeadStatus::NotALead,
        LeadStatus::JobBookedByScl,
        LeadStatus::JobBookedElsewhere,
    ];

    /// The words users see and type.
    pub fn label(self) -> &'static str {
        match self {
            LeadStatus::New => "New",
            LeadStatus::CallBackAttempted => "Lead - call back attempted",
            LeadStatus::NotAbleToSave => "Lead - not able to save",
            LeadStatus::NotFollowingUp => "Lead - not following up",
            LeadStatus::NotALead => "Reviewed - not a lead",
            LeadStatus::JobBookedByScl => "Job booked by SCL",
            LeadStatus::JobBookedElsewhere => "Job booked elsewhere",
        }
    }

    /// A stable storage code, so relabelling a status never rewrites data.
    pub fn code(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::CallBackAttempted => "call_back_attempted",
            LeadStatus::NotAbleToSave => "not_able_to_save",
            LeadStatus::NotFollowingUp => "not_following_up",
            LeadStatus::NotALead => "not_a_lead",
            LeadStatus::JobBookedByScl => "job_booked_by_scl",
            LeadStatus::JobBookedElsewhere => "job_booked_elsewhere",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The five statuses that resolve a lead and move it to Done.
    pub fn is_closing(self) -> bool {
        !matches!(self, LeadStatus::New | LeadStatus::CallBackAttempted)
    }
}

impl fmt::Display for LeadStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {given:?}; expected one of: {}", LeadStatus::ALL.map(|s| format!("{:?}", s.label())).join(", "))]
pub struct StatusParseError {
    pub given: String,
}

impl FromStr for LeadStatus {
    type Err = StatusParseError;

    /// Accepts the label (case and surrounding space ignored, any dash) or the storage code.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = normalize(s);
        LeadStatus::ALL
            .into_iter()
            .find(|st| normalize(st.label()) == wanted || st.code() == s.trim())
            .ok_or_else(|| StatusParseError {
                given: s.to_string(),
            })
    }
}

fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{2013}' | '\u{2014}' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The three views of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Tab {
    Open,
    Cold,
    Done,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Open, Tab::Cold, Tab::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Open => "open",
            Tab::Cold => "cold",
            Tab::Done => "done",
        }
    }
}

impl FromStr for Tab {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(Tab::Open),
            "cold" => Ok(Tab::Cold),
            "done" => Ok(Tab::Done),
            other => Err(format!(
                "unknown tab {other:?}; expected open, cold or done"
            )),
        }
    }
}

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The instant before which a still-`New` lead of this account counts as Cold.
pub fn cold_cutoff(settings: &AccountSettings, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(i64::from(settings.cold_days))
}

/// Which tab a lead belongs in right now. Derived on every read, never stored, so it cannot go
/// stale when time passes or settings change.
///
/// Done: a closing status, or dismissed. Cold: still `New` (unreviewed) and flagged longer ago
/// than the account's Cold Leads days. Open: everything else.
pub fn tab_of(
    status: LeadStatus,
    flagged_at: DateTime<Utc>,
    dismissed: bool,
    settings: &AccountSettings,
    now: DateTime<Utc>,
) -> Tab {
    if dismissed || status.is_closing() {
        Tab::Done
    } else if status == LeadStatus::New && flagged_at < cold_cutoff(settings, now) {
        Tab::Cold
    } else {
        Tab::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn settings(cold_days: u32) -> AccountSettings {
        AccountSettings {
            cold_days,
            ..AccountSettings::default()
        }
    }

    #[test]
    fn labels_parse_back_and_codes_round_trip() {
        for s in LeadStatus::ALL {
            assert_eq!(s.label().parse::<LeadStatus>(), Ok(s), "label must parse");
            assert_eq!(
                LeadStatus::from_code(s.code()),
                Some(s),
                "code must round-trip"
            );
        }
        assert_eq!(
            "  lead – call back ATTEMPTED ".parse::<LeadStatus>(),
            Ok(LeadStatus::CallBackAttempted),
            "typing is forgiving about case, spaces and en-dashes"
        );
        let err = "Booked".parse::<LeadStatus>().unwrap_err();
        assert!(
            err.to_string().contains("Job booked by SCL"),
            "error lists the valid statuses"
        );
    }

    #[test]
    fn exactly_five_statuses_close_a_lead() {
        let closing: Vec<_> = LeadStatus::ALL
            .into_iter()
            .filter(|s| s.is_closing())
            .collect();
        assert_eq!(closing.len(), 5);
        assert!(
            !LeadStatus::CallBackAttempted.is_closing(),
            "call back attempted stays Open"
        );
    }

    #[test]
    fn new_lead_turns_cold_after_the_accounts_cold_days() {
        let flagged = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let s = settings(3);
        let just_before = flagged + Duration::days(3);
        let after = flagged + Duration::days(3) + Duration::seconds(1);
        assert_eq!(
            tab_of(LeadStatus::New, flagged, false, &s, just_before),
            Tab::Open
        );
        assert_eq!(
            tab_of(LeadStatus::New, flagged, false, &s, after),
            Tab::Cold
        );
        assert_eq!(
            tab_of(LeadStatus::New, flagged, false, &settings(10), after),
            Tab::Open,
            "a longer Cold Leads setting keeps it Open"
        );
    }

    #[test]
    fn reviewed_leads_never_go_cold_and_closed_or_dismissed_are_done() {
        let flagged = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let now = flagged + Duration::days(300);
        let s = settings(3);
        assert_eq!(
            tab_of(LeadStatus::CallBackAttempted, flagged, false, &s, now),
            Tab::Open
        );
        assert_eq!(tab_of(LeadStatus::New, flagged, true, &s, now), Tab::Done);
        for st in LeadStatus::ALL.into_iter().filter(|s| s.is_closing()) {
            assert_eq!(tab_of(st, flagged, false, &s, flagged), Tab::Done, "{st}");
        }
    }
}
