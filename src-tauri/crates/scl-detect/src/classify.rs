//! Call type, the After Call Work wait, and which calls may become leads at all.

use chrono::{DateTime, Duration, Utc};
use scl_domain::{AccountSettings, Call, CallType, Direction};

/// Agent reasons that excuse a call from being a lead: the call was never about new work.
/// Matched case-insensitively as a substring of the reason the agent picked, so "Wrong Number"
/// and "Caller: wrong number (spanish)" both count.
pub const EXCUSE_REASONS: [&str; 18] = [
    "existing job",
    "existing appointment",
    "warranty",
    "invoice",
    "billing",
    "wrong number",
    "misdial",
    "vendor",
    "solicitor",
    "solicitation",
    "sales call",
    "job applicant",
    "applicant",
    "employment",
    "spam",
    "robocall",
    "internal",
    "test call",
];

/// Whether the agent's reason is one of the [`EXCUSE_REASONS`].
pub fn is_excuse(reason: &str) -> bool {
    let reason = reason.to_lowercase();
    EXCUSE_REASONS.iter().any(|e| reason.contains(e))
}

/// Seconds between answer and hang-up; `None` when nobody answered. Never negative, so a clock
/// skew between the phone system's timestamps cannot make a call "longer than zero".
pub fn talk_seconds(call: &Call) -> Option<f64> {
    let answered = call.answered_at?;
    let ms = (call.ended_at - answered).num_milliseconds().max(0);
    Some(ms as f64 / 1000.0)
}

/// Seconds the caller waited before an answer (or before giving up, for abandoned calls).
pub fn ring_seconds(call: &Call) -> f64 {
    let until = call.answered_at.unwrap_or(call.ended_at);
    (until - call.started_at).num_milliseconds().max(0) as f64 / 1000.0
}

/// The product's call type, in this order: booked, never answered, answered but shorter than
/// the account's answered-call minimum (the 60-second rule: exactly the minimum is long enough),
/// excused by the agent's reason, otherwise unbooked.
pub fn classify(call: &Call, settings: &AccountSettings) -> CallType {
    if call.booked {
        return CallType::Booked;
    }
    let Some(answered) = call.answered_at else {
        return CallType::Abandoned;
    };
    let talk = call.ended_at - answered;
    if talk < Duration::seconds(i64::from(settings.answered_min_seconds)) {
        return CallType::NotALead;
    }
    if call.reason.as_deref().is_some_and(is_excuse) {
        return CallType::Excused;
    }
    CallType::Unbooked
}

/// Whether the After Call Work Time has passed, so the agent's classification is final and
/// detection may run. Due exactly at `ended_at + acw_minutes`.
pub fn is_due(call: &Call, settings: &AccountSettings, now: DateTime<Utc>) -> bool {
    call.ended_at + Duration::minutes(i64::from(settings.acw_minutes)) <= now
}

/// Whether a call may be scored at all: the account uses Second Chance Leads, the customer
/// called in (we never flag our own outbound calls), and the call did not book. An excused call
/// is scored: the agent's reason is evidence the customer's own words can outweigh (catching the
/// calls a CSR mis-tagged is what second chances are for), not a gate.
pub fn eligible(call: &Call, call_type: CallType, settings: &AccountSettings) -> bool {
    settings.scl_enabled && call.direction == Direction::Inbound && call_type != CallType::Booked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{abandoned_call, answered_call};

    fn settings() -> AccountSettings {
        AccountSettings::default()
    }

    #[test]
    fn booked_wins_over_everything() {
        let mut call = abandoned_call(5);
        call.booked = true;
        assert_eq!(classify(&call, &settings()), CallType::Booked);
    }

    #[test]
    fn unanswered_is_abandoned_even_with_an_excuse_reason() {
        let mut call = abandoned_call(30);
        call.reason = Some("Wrong number".into());
        assert_eq!(classify(&call, &settings()), CallType::Abandoned);
    }

    #[test]
    fn sixty_second_rule_boundary() {
        let s = settings();
        assert_eq!(
            classify(&answered_call(5, 59), &s),
            CallType::NotALead,
            "59 s of talk is under the minimum"
        );
        assert_eq!(
            classify(&answered_call(5, 60), &s),
            CallType::Unbooked,
            "exactly 60 s is long enough"
        );
        let mut almost = answered_call(5, 60);
        almost.ended_at -= Duration::milliseconds(1);
        assert_eq!(
            classify(&almost, &s),
            CallType::NotALead,
            "59.999 s is short"
        );
        let custom = AccountSettings {
            answered_min_seconds: 30,
            ..settings()
        };
        assert_eq!(classify(&answered_call(5, 45), &custom), CallType::Unbooked);
    }

    #[test]
    fn excuse_reasons_are_case_insensitive_and_documented() {
        let mut call = answered_call(5, 120);
        for reason in [
            "WRONG NUMBER",
            "Vendor / solicitor",
            "Existing job - invoice",
            "Spam",
        ] {
            call.reason = Some(reason.into());
            assert_eq!(classify(&call, &settings()), CallType::Excused, "{reason}");
        }
        call.reason = Some("Price too high".into());
        assert_eq!(classify(&call, &settings()), CallType::Unbooked);
        call.reason = None;
        assert_eq!(classify(&call, &settings()), CallType::Unbooked);
    }

    #[test]
    fn due_exactly_at_the_end_of_after_call_work() {
        let call = answered_call(5, 120);
        let s = settings();
        let due_at = call.ended_at + Duration::minutes(5);
        assert!(!is_due(&call, &s, due_at - Duration::milliseconds(1)));
        assert!(is_due(&call, &s, due_at), "due at the instant itself");
        assert!(is_due(&call, &s, due_at + Duration::hours(1)));
    }

    #[test]
    fn eligibility_rules() {
        let s = settings();
        let call = answered_call(5, 120);
        assert!(eligible(&call, CallType::Unbooked, &s));
        assert!(eligible(&call, CallType::Abandoned, &s));
        assert!(eligible(&call, CallType::NotALead, &s));
        assert!(!eligible(&call, CallType::Booked, &s));
        assert!(
            eligible(&call, CallType::Excused, &s),
            "an excuse is evidence, not a gate"
        );
        let mut outbound = call.clone();
        outbound.direction = Direction::Outbound;
        assert!(
            !eligible(&outbound, CallType::Unbooked, &s),
            "outbound never"
        );
        let off = AccountSettings {
            scl_enabled: false,
            ..s
        };
        assert!(!eligible(&call, CallType::Unbooked, &off));
    }

    #[test]
    fn talk_and_ring_seconds() {
        let call = answered_call(12, 90);
        assert_eq!(talk_seconds(&call), Some(90.0));
        assert_eq!(ring_seconds(&call), 12.0);
        let abandoned = abandoned_call(25);
        assert_eq!(talk_seconds(&abandoned), None);
        assert_eq!(ring_seconds(&abandoned), 25.0);
    }
}
