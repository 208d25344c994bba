//! Detection as the app runs it, over a real SQLite file with a fixed clock.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use scl_app::{CoreEvent, Leads};
use scl_domain::{
    Actor, Call, CallType, Direction, FixedClock, LeadQuery, LeadStatus, Speaker, Tab,
    TranscriptSegment,
};
use scl_store::IncomingCall;

fn ended() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap()
}

fn segment(start_s: f64, speaker: Speaker, text: &str) -> TranscriptSegment {
    TranscriptSegment {
        start_s,
        end_s: start_s + 4.0,
        speaker,
        text: text.into(),
    }
}

/// An answered, unbooked call where the customer asks a price and will think about it.
fn price_call(call_id: &str, account_id: i64, phone: &str) -> IncomingCall {
    IncomingCall {
        call: Call {
            id: 0,
            call_id: call_id.into(),
            account_id,
            direction: Direction::Inbound,
            from_number: phone.into(),
            to_number: "+13035550199".into(),
            started_at: ended() - Duration::minutes(6),
            answered_at: Some(ended() - Duration::minutes(6)),
            ended_at: ended(),
            agent_id: None,
            call_type: CallType::Unbooked,
            reason: Some("Price too high".into()),
            csr_notes: None,
            booked: false,
            recording: None,
            customer_id: None,
            location_id: None,
            transcript: vec![
                segment(0.0, Speaker::Agent, "Thanks for calling, how can I help?"),
                segment(4.5, Speaker::Customer, "My water heater is leaking all over the garage."),
                segment(9.0, Speaker::Agent, "A replacement starts around fourteen hundred."),
                segment(13.5, Speaker::Customer, "How much would it cost to just repair it? Let me think about it and call you back."),
            ],
        },
        redactions: 0,
        evaluation: None,
    }
}

async fn setup() -> (tempfile::TempDir, Leads, Arc<FixedClock>, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("d.db")))
        .await
        .unwrap();
    let account = store
        .ensure_accounts(&["Blue Ridge Plumbing".into()])
        .await
        .unwrap()[0]
        .id;
    let clock = Arc::new(FixedClock::new(ended()));
    (dir, Leads::new(store, clock.clone()), clock, account)
}

#[tokio::test]
async fn a_call_waits_its_after_call_work_time_then_becomes_an_explained_lead() {
    let (_dir, leads, clock, account) = setup().await;
    leads
        .store()
        .insert_calls(&[price_call("D-1", account, "+13035550140")])
        .await
        .unwrap();
    let mut events = leads.subscribe();

    clock.set(ended() + Duration::minutes(5) - Duration::seconds(1));
    assert_eq!(
        leads.detect_pass().await.unwrap().evaluated,
        0,
        "inside After Call Work Time"
    );
    assert_eq!(
        leads.next_detection_due().await.unwrap(),
        Some(ended() + Duration::minutes(5))
    );

    clock.set(ended() + Duration::minutes(5));
    let pass = leads.detect_pass().await.unwrap();
    assert_eq!((pass.evaluated, pass.flagged), (1, 1), "{pass:?}");
    let CoreEvent::LeadFlagged {
        lead_id,
        account_id,
        score,
    } = events.try_recv().expect("an event per new lead")
    else {
        panic!("the first event is the new lead");
    };
    assert_eq!(account_id, account);

    let page = leads.queue_page(&LeadQuery::new(Tab::Open)).await.unwrap();
    let row = &page.rows[0];
    assert_eq!((row.id, row.score), (lead_id, score));
    assert!(!row.summary.is_empty(), "a summary");
    let quoted = row
        .reasons
        .iter()
        .find(|r| r.quote.is_some())
        .expect("a reason quoting the customer");
    assert!(
        quoted.seconds.is_some_and(|s| s == 4.5 || s == 13.5),
        "{quoted:?}"
    );
    assert_eq!(
        row.flagged_at,
        ended() + Duration::minutes(5),
        "dated when ACW ended"
    );

    assert_eq!(
        leads.detect_pass().await.unwrap().evaluated,
        0,
        "a call is evaluated once"
    );
}

#[tokio::test]
async fn feedback_changes_how_the_same_kind_of_call_scores() {
    let (_dir, leads, clock, account) = setup().await;
    let calls: Vec<_> = (0..6)
        .map(|i| price_call(&format!("F-{i}"), account, &format!("+1303555015{i}")))
        .collect();
    leads.store().insert_calls(&calls).await.unwrap();
    clock.set(ended() + Duration::hours(1));
    leads.detect_pass().await.unwrap();
    let before = leads
        .queue_page(&LeadQuery::new(Tab::Open))
        .await
        .unwrap()
        .rows;
    assert_eq!(before.len(), 6);
    let score_before = before[0].score;

    for row in &before[..5] {
        leads
            .set_status(row.id, LeadStatus::NotALead, Actor::System)
            .await
            .unwrap();
    }
    let model = leads
        .store()
        .detector_model(account)
        .await
        .unwrap()
        .expect("a learned model is saved");
    assert!(model.contains("updates"), "{model}");

    leads
        .store()
        .insert_calls(&[price_call("F-new", account, "+13035550160")])
        .await
        .unwrap();
    clock.advance(Duration::hours(1));
    leads.detect_pass().await.unwrap();
    let open = leads
        .queue_page(&LeadQuery::new(Tab::Open))
        .await
        .unwrap()
        .rows;
    let after = open
        .iter()
        .find(|r| r.phone == "+13035550160")
        .map(|r| r.score);
    assert!(
        after.is_none_or(|s| s < score_before),
        "after five 'not a lead' labels the same call scores lower (or is not flagged): {score_before} -> {after:?}"
    );
}
