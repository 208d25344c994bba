//! The use cases over a real SQLite file with a fixed clock.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use scl_app::{AppError, Leads};
use scl_domain::{Actor, Clock, FixedClock, LeadQuery, LeadStatus, Tab};

async fn demo_leads(dir: &tempfile::TempDir) -> (Leads, Arc<FixedClock>) {
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("a.db")))
        .await
        .unwrap();
    let opts = scl_demo::DemoOptions {
        calls: 600,
        ..scl_demo::DemoOptions::new(now)
    };
    store
        .import(&scl_demo::generate(&opts, "/r"))
        .await
        .unwrap();
    let clock = Arc::new(FixedClock::new(now));
    (Leads::new(store, clock.clone()), clock)
}

#[tokio::test]
async fn a_page_carries_counts_total_and_the_clock_it_was_read_at() {
    let dir = tempfile::tempdir().unwrap();
    let (leads, clock) = demo_leads(&dir).await;
    let page = leads.queue_page(&LeadQuery::new(Tab::Done)).await.unwrap();
    assert_eq!(page.total, page.counts.done, "total is the tab's count");
    assert_eq!(
        page.now,
        clock.now(),
        "ages are measured from the core's clock"
    );
    assert!(page.rows.len() <= 50 && !page.rows.is_empty());
    assert!(page.rows.iter().all(|r| r.tab == Tab::Done));
}

#[tokio::test]
async fn bad_page_size_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let (leads, _) = demo_leads(&dir).await;
    let q = LeadQuery {
        page_size: 0,
        ..LeadQuery::new(Tab::Open)
    };
    assert!(matches!(
        leads.queue_page(&q).await,
        Err(AppError::InvalidQuery(_))
    ));
}

#[tokio::test]
async fn set_status_records_history_and_same_status_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (leads, clock) = demo_leads(&dir).await;
    let open = leads.queue_page(&LeadQuery::new(Tab::Open)).await.unwrap();
    let lead = open
        .rows
        .iter()
        .find(|r| r.status == LeadStatus::New)
        .expect("a New lead in Open");
    let before = leads.history(lead.id).await.unwrap().len();

    clock.advance(Duration::minutes(3));
    let out = leads
        .set_status(lead.id, LeadStatus::NotALead, Actor::User(4))
        .await
        .unwrap();
    assert!(out.changed);
    assert_eq!(
        out.lead.tab,
        Tab::Done,
        "Reviewed - not a lead moves to Done"
    );
    let history = leads.history(lead.id).await.unwrap();
    assert_eq!(history.len(), before + 1);
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.actor, last.at),
        (
            Some(LeadStatus::New),
            LeadStatus::NotALead,
            Actor::User(4),
            clock.now()
        )
    );

    let again = leads
        .set_status(lead.id, LeadStatus::NotALead, Actor::User(4))
        .await
        .unwrap();
    assert!(!again.changed);
    assert_eq!(
        leads.history(lead.id).await.unwrap().len(),
        before + 1,
        "no duplicate history"
    );
}

#[tokio::test]
async fn unknown_lead_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let (leads, _) = demo_leads(&dir).await;
    assert!(matches!(
        leads.detail(999_999).await,
        Err(AppError::LeadNotFound(999_999))
    ));
    assert!(matches!(
        leads
            .set_status(999_999, LeadStatus::New, Actor::System)
            .await,
        Err(AppError::LeadNotFound(_))
    ));
}
