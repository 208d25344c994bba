//! What detection knows about a call beyond its own record: how often the number called
//! before, whether it belongs to a customer with jobs, and the account's clock. The app and the
//! corpus both build it here, so the learned weights see the same facts in both.

use chrono::{DateTime, Duration, Utc};

/// Earlier calls from the same number within this many days make the caller a repeat caller.
pub const REPEAT_WINDOW_DAYS: i64 = 30;

/// Facts about a call that are not on the call record itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallContext {
    /// The number called this account before (the caller is trying again).
    pub repeat_caller: bool,
    /// Calls from the same number to this account in the 24 hours before this one.
    pub earlier_calls_today: u32,
    /// Whether the number belongs to a customer with past jobs; `None` when the account has no
    /// job history to tell (then the caller is neither known nor new).
    pub known_customer: Option<bool>,
    /// The account's offset from UTC, to tell business hours, when no zone is known.
    pub utc_offset_minutes: Option<i32>,
    /// The account's time zone: business hours are 8:00-18:00 on weekdays there. Unknown (no
    /// zone, no offset) means "not after hours".
    pub zone: Option<chrono_tz::Tz>,
}

impl CallContext {
    /// The context of a call that started at `at`, from the start times of the number's other
    /// calls to the account (any order; later ones are ignored) and the first job booked for
    /// the number. `account_has_jobs` false leaves the caller neither known nor new: an
    /// account that never sent jobs cannot tell.
    pub fn from_history(
        at: DateTime<Utc>,
        other_calls: impl IntoIterator<Item = DateTime<Utc>>,
        first_job: Option<DateTime<Utc>>,
        account_has_jobs: bool,
    ) -> CallContext {
        let mut sorted: Vec<DateTime<Utc>> = other_calls.into_iter().collect();
        sorted.sort_unstable();
        CallContext::from_sorted_history(at, &sorted, first_job, account_has_jobs)
    }

    /// [`CallContext::from_history`] over start times already in order: two binary searches,
    /// so a number that called thousands of times costs no more than one that called twice.
    pub fn from_sorted_history(
        at: DateTime<Utc>,
        sorted_calls: &[DateTime<Utc>],
        first_job: Option<DateTime<Utc>>,
        account_has_jobs: bool,
    ) -> CallContext {
        let end = sorted_calls.partition_point(|&t| t < at);
        let since = |window: Duration| sorted_calls[..end].partition_point(|&t| at - t > window);
        let today = end - since(Duration::hours(24));
        let window = end - since(Duration::days(REPEAT_WINDOW_DAYS));
        CallContext {
            repeat_caller: window > 0,
            earlier_calls_today: u32::try_from(today).unwrap_or(u32::MAX),
            known_customer: account_has_jobs.then(|| first_job.is_some_and(|j| j < at)),
            ..CallContext::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn counts_only_earlier_calls_in_the_day_and_the_window() {
        let ctx = CallContext::from_history(
            t(0),
            [t(-1), t(-23), t(-25), t(-24 * 40), t(0), t(2)],
            None,
            false,
        );
        assert_eq!(ctx.earlier_calls_today, 2);
        assert!(ctx.repeat_caller);
        assert_eq!(ctx.known_customer, None);
        let first = CallContext::from_history(t(0), [t(1)], None, false);
        assert!(!first.repeat_caller);
        assert_eq!(first.earlier_calls_today, 0);
    }

    #[test]
    fn a_caller_is_known_only_by_a_job_booked_before_the_call() {
        assert_eq!(
            CallContext::from_history(t(0), [], Some(t(-100)), true).known_customer,
            Some(true)
        );
        assert_eq!(
            CallContext::from_history(t(0), [], Some(t(5)), true).known_customer,
            Some(false)
        );
        assert_eq!(
            CallContext::from_history(t(0), [], None, true).known_customer,
            Some(false)
        );
    }
}
