//! Stories of agents working a lead: callback attempts, notes, Dismiss, the flyout's sections.

use scl_domain::{Actor, LeadQuery, LeadStatus, NoteTarget, Tab};
use scl_store::CopyOutcome;

use crate::support::{demo, now, Db};

pub(crate) async fn working_a_lead_is_recorded_step_by_step(db: Db) {
    let store = db.store().await;
    store.import(&demo(7, 600)).await.unwrap();
    let owner = store.local_owner("Pat Owner").await.unwrap();
    assert_eq!(
        store.local_owner("Pat Owner").await.unwrap(),
        owner,
        "made once"
    );
    let open = store
        .queue_page(&LeadQuery::new(Tab::Open), now())
        .await
        .unwrap();
    let lead = open
        .iter()
        .find(|r| r.status == LeadStatus::New)
        .expect("a New lead in the demo")
        .clone();

    let status = store
        .record_callback(lead.id, owner, &lead.phone, now())
        .await
        .unwrap();
    assert_eq!(status, Some(LeadStatus::CallBackAttempted));
    let hostile = "<script>alert('x')</script> 100% _done_";
    let note = store
        .add_note(lead.id, owner, hostile, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.add_note(9_999_999, owner, "x", now()).await.unwrap(),
        None
    );
    let copied = store
        .copy_note(lead.id, note, NoteTarget::Location, now())
        .await
        .unwrap();
    let s = store.lead_sections(lead.id).await.unwrap().unwrap();
    assert_eq!(
        copied == CopyOutcome::Copied,
        s.customer.location.is_some(),
        "copied exactly when the call has a location"
    );
    assert_eq!(s.customer.phone, lead.phone);
    assert_eq!(s.customer.account, lead.account);
    assert_eq!(s.notes.len(), 1);
    assert_eq!(s.notes[0].text, hostile, "stored verbatim");
    assert_eq!(s.notes[0].author, "Pat Owner");
    assert_eq!(s.attempts.len(), 1);
    assert_eq!(s.attempts[0].agent, "Pat Owner");
    let last = s.history.last().unwrap();
    assert_eq!(last.to, LeadStatus::CallBackAttempted);
    assert_eq!(last.actor, "Pat Owner");

    assert!(store
        .dismiss(lead.id, Actor::User(owner), now())
        .await
        .unwrap());
    assert!(!store
        .dismiss(lead.id, Actor::User(owner), now())
        .await
        .unwrap());
    let s = store.lead_sections(lead.id).await.unwrap().unwrap();
    assert!(s.dismissed);
    assert!(s.history.last().unwrap().dismissed);
    let row = store.lead(lead.id, now()).await.unwrap().unwrap();
    assert_eq!(
        (row.tab, row.status),
        (Tab::Done, LeadStatus::CallBackAttempted)
    );
    assert!(store.lead_sections(9_999_999).await.unwrap().is_none());
}
