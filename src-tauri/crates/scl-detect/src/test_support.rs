//! Small builders for unit tests.

use chrono::{Duration, TimeZone, Utc};
use scl_domain::{Call, CallType, Direction, Speaker, TranscriptSegment};

/// An inbound call answered after `ring_s` seconds that talked for `talk_s` seconds.
pub fn answered_call(ring_s: i64, talk_s: i64) -> Call {
    let started_at = Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).unwrap();
    let answered_at = started_at + Duration::seconds(ring_s);
    Call {
        id: 1,
        call_id: "CA-TEST".into(),
        account_id: 1,
        direction: Direction::Inbound,
        from_number: "+13035550100".into(),
        to_number: "+13035550199".into(),
        started_at,
        answered_at: Some(answered_at),
        ended_at: answered_at + Duration::seconds(talk_s),
        agent_id: Some(7),
        call_type: CallType::Unbooked,
        reason: None,
        csr_notes: None,
        booked: false,
        recording: None,
        customer_id: None,
        location_id: None,
        transcript: Vec::new(),
    }
}

/// An inbound call nobody answered; the caller hung up after `ring_s` seconds.
pub fn abandoned_call(ring_s: i64) -> Call {
    let mut call = answered_call(0, 0);
    call.answered_at = None;
    call.ended_at = call.started_at + Duration::seconds(ring_s);
    call
}

pub fn seg(start_s: f64, speaker: Speaker, text: &str) -> TranscriptSegment {
    TranscriptSegment {
        start_s,
        end_s: start_s + 4.0,
        speaker,
        text: text.into(),
    }
}

/// A three-minute answered call with these (speaker, text) turns, 5 s apart.
pub fn talk(turns: &[(Speaker, &str)]) -> Call {
    let mut call = answered_call(5, 180);
    call.transcript = turns
        .iter()
        .enumerate()
        .map(|(i, (sp, t))| seg(i as f64 * 5.0, *sp, t))
        .collect();
    call
}
