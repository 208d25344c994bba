//! Telling the agent about new leads outside the window: the OS notification setting (off by
//! default, kept in the store) and what a burst of new leads says to the OS. The in-app toast and
//! badge need no setting; the window shows them from the same [`CoreEvent`]s.

use scl_domain::LeadId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, CoreEvent, Leads, Result};

/// Where the notification settings are kept among the installation's settings.
pub const NOTIFICATIONS_KEY: &str = "notifications";

/// How new leads are announced besides the in-app toast and badge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotificationSettings {
    /// Also send an OS (desktop) notification when the app's window is not focused.
    #[serde(default)]
    pub os_when_unfocused: bool,
}

/// One OS notification: a burst of new leads becomes one notice, naming the best one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsNotice {
    pub title: String,
    pub body: String,
    /// The best scoring new lead of the burst.
    pub lead_id: LeadId,
}

/// What to tell the OS about `events` (a burst gathered by the caller), or nothing: the setting
/// is off, the window has focus (the toast is enough) or no lead was flagged.
pub fn os_notice(
    events: &[CoreEvent],
    settings: &NotificationSettings,
    window_focused: bool,
) -> Option<OsNotice> {
    if !settings.os_when_unfocused || window_focused {
        return None;
    }
    let flagged: Vec<(LeadId, i32)> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::LeadFlagged { lead_id, score, .. } => Some((*lead_id, *score)),
            CoreEvent::FilesImported { .. } => None,
        })
        .collect();
    let &(lead_id, best) = flagged.iter().max_by_key(|(id, score)| (*score, *id))?;
    let title = if flagged.len() == 1 {
        "New Second Chance Lead".to_string()
    } else {
        format!("{} new Second Chance Leads", flagged.len())
    };
    let body = if flagged.len() == 1 {
        format!("Score {best}: open Second Chance to call the customer back.")
    } else {
        format!("Top score {best}: open Second Chance to call the customers back.")
    };
    Some(OsNotice {
        title,
        body,
        lead_id,
    })
}

impl Leads {
    /// This installation's notification settings (the defaults until saved).
    #[tracing::instrument(skip_all, err)]
    pub async fn notification_settings(&self) -> Result<NotificationSettings> {
        self.allow(scl_domain::Permission::ViewLeads)?;
        Ok(match self.store.app_setting(NOTIFICATIONS_KEY).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "stored notification settings unreadable; using the defaults");
                NotificationSettings::default()
            }),
            None => NotificationSettings::default(),
        })
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn save_notification_settings(
        &self,
        settings: NotificationSettings,
    ) -> Result<NotificationSettings> {
        self.allow(scl_domain::Permission::ViewLeads)?;
        let json = serde_json::to_string(&settings)
            .map_err(|e| AppError::Internal(format!("notification settings: {e}")))?;
        self.store
            .set_app_setting(NOTIFICATIONS_KEY, Some(&json))
            .await?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(lead_id: LeadId, score: i32) -> CoreEvent {
        CoreEvent::LeadFlagged {
            lead_id,
            account_id: 1,
            score,
        }
    }

    const ON: NotificationSettings = NotificationSettings {
        os_when_unfocused: true,
    };

    #[test]
    fn nothing_reaches_the_os_with_the_setting_off() {
        let off = NotificationSettings::default();
        assert!(!off.os_when_unfocused, "off by default");
        assert_eq!(os_notice(&[flagged(1, 90)], &off, false), None);
    }

    #[test]
    fn a_focused_window_shows_the_toast_only() {
        assert_eq!(os_notice(&[flagged(1, 90)], &ON, true), None);
    }

    #[test]
    fn one_lead_is_named_with_its_score() {
        let n = os_notice(&[flagged(7, 83)], &ON, false).expect("a notice");
        assert_eq!(n.title, "New Second Chance Lead");
        assert!(n.body.contains("Score 83"), "{}", n.body);
        assert_eq!(n.lead_id, 7);
    }

    #[test]
    fn a_burst_is_one_notice_naming_the_best_lead() {
        let events = [
            flagged(3, 70),
            CoreEvent::FilesImported {
                files: 1,
                calls: 4,
                leads: 3,
            },
            flagged(4, 95),
            flagged(5, 60),
        ];
        let n = os_notice(&events, &ON, false).expect("a notice");
        assert_eq!(n.title, "3 new Second Chance Leads");
        assert!(n.body.contains("Top score 95"), "{}", n.body);
        assert_eq!(n.lead_id, 4, "the best scoring lead of the burst");
    }

    #[test]
    fn imports_without_new_leads_say_nothing() {
        let events = [CoreEvent::FilesImported {
            files: 1,
            calls: 4,
            leads: 0,
        }];
        assert_eq!(os_notice(&events, &ON, false), None);
    }
}
