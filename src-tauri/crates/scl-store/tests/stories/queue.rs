//! Stories of the lead queue: tabs, ranking, filters, status changes.

use crate::support::{demo, now, Db};
use chrono::{Duration, TimeZone, Utc};
use scl_domain::{
    tab_of, Account, AccountSettings, Actor, Call, CallType, Dataset, Direction, Lead, LeadQuery,
    LeadStatus, Role, StatusChange, Tab, TabCounts, User,
};
use scl_store::Store;

/// Reads every row of a tab, page by page, as the app would.
async fn whole_tab(
    store: &dyn Store,
    tab: Tab,
    account: Option<i64>,
    at: chrono::DateTime<Utc>,
) -> Vec<scl_domain::LeadRow> {
    let mut q = LeadQuery {
        account_id: account,
        page_size: 97,
        ..LeadQuery::new(tab)
    };
    let mut rows = Vec::new();
    loop {
        let page = store.queue_page(&q, at).await.expect("queue page");
        let last = page.len() < q.page_size as usize;
        rows.extend(page);
        if last {
            return rows;
        }
        q.page += 1;
    }
}

pub(crate) async fn demo_loads_every_status_and_tab(db: Db) {
    let store = db.store().await;
    assert!(store.is_empty().await.unwrap(), "a new database is empty");
    let data = demo(42, 2_000);
    store.import(&data).await.expect("import demo");
    assert!(!store.is_empty().await.unwrap());
    assert!(
        store.pending_calls(now(), 10).await.unwrap().is_empty(),
        "loaded history is judged already: detection must not flag its calls again"
    );

    let accounts = store.accounts().await.unwrap();
    assert!(accounts.len() >= 3, "at least three accounts");
    let counts = store.tab_counts(None, now()).await.unwrap();
    assert_eq!(
        (counts.open + counts.cold + counts.done) as usize,
        data.leads.len(),
        "every lead is in exactly one tab"
    );
    for tab in Tab::ALL {
        assert!(counts.get(tab) > 0, "tab {tab} has leads");
    }
    let mut seen = std::collections::HashSet::new();
    for tab in Tab::ALL {
        for row in whole_tab(store.as_ref(), tab, None, now()).await {
            seen.insert(row.status);
        }
    }
    assert_eq!(
        seen.len(),
        LeadStatus::ALL.len(),
        "every status appears: {seen:?}"
    );
}

pub(crate) async fn tabs_follow_the_domain_rule_and_rank_by_priority(db: Db) {
    let store = db.store().await;
    let data = demo(7, 1_200);
    store.import(&data).await.unwrap();
    let settings: std::collections::HashMap<i64, AccountSettings> = data
        .accounts
        .iter()
        .map(|a| (a.id, a.settings.clone()))
        .collect();
    let counts = store.tab_counts(None, now()).await.unwrap();
    for tab in Tab::ALL {
        let rows = whole_tab(store.as_ref(), tab, None, now()).await;
        assert_eq!(
            rows.len() as u32,
            counts.get(tab),
            "paging a tab yields its count"
        );
        for r in &rows {
            let lead = data.leads.iter().find(|l| l.id == r.id).unwrap();
            let expected = tab_of(
                lead.status,
                lead.flagged_at,
                lead.dismissed_at.is_some(),
                &settings[&r.account_id],
                now(),
            );
            assert_eq!(
                r.tab, tab,
                "SQL put lead {} in the tab the domain gives it",
                r.id
            );
            assert_eq!(expected, tab, "lead {} SQL and domain agree", r.id);
        }
        for w in rows.windows(2) {
            assert!(
                (w[0].score, w[0].flagged_at) >= (w[1].score, w[1].flagged_at),
                "ranked by score then freshness: {} before {}",
                w[0].id,
                w[1].id
            );
        }
    }
}

pub(crate) async fn account_filter_narrows_rows_and_counts(db: Db) {
    let store = db.store().await;
    store.import(&demo(3, 800)).await.unwrap();
    let network = store.tab_counts(None, now()).await.unwrap();
    let mut summed = TabCounts::default();
    for account in store.accounts().await.unwrap() {
        let c = store.tab_counts(Some(account.id), now()).await.unwrap();
        summed.open += c.open;
        summed.cold += c.cold;
        summed.done += c.done;
        let rows = whole_tab(store.as_ref(), Tab::Open, Some(account.id), now()).await;
        assert_eq!(rows.len() as u32, c.open);
        assert!(rows
            .iter()
            .all(|r| r.account_id == account.id && r.account == account.name));
    }
    assert_eq!(
        summed, network,
        "per-account counts add up to the network's"
    );
}

/// A tiny hand-made network: one account, one call, one lead, to watch the clock move it.
fn single_lead(cold_days: u32, status: LeadStatus, flagged_at: chrono::DateTime<Utc>) -> Dataset {
    let call = Call {
        id: 1,
        call_id: "CA-<script>alert(1)</script>".into(),
        account_id: 1,
        direction: Direction::Inbound,
        from_number: "+13035550100".into(),
        to_number: "+13035550199".into(),
        started_at: flagged_at - Duration::minutes(10),
        answered_at: Some(flagged_at - Duration::minutes(10)),
        ended_at: flagged_at - Duration::minutes(5),
        agent_id: None,
        call_type: CallType::Unbooked,
        reason: Some("Price too high".into()),
        csr_notes: Some("Ünïcode ✓ \"quotes\" & <b>tags</b>; DROP TABLE leads;--".into()),
        booked: false,
        recording: None,
        customer_id: None,
        location_id: None,
        transcript: vec![],
    };
    Dataset {
        accounts: vec![Account {
            id: 1,
            name: "O'Brien & Sons <HVAC>".into(),
            settings: AccountSettings {
                cold_days,
                ..AccountSettings::default()
            },
        }],
        leads: vec![Lead {
            id: 1,
            call: 1,
            account_id: 1,
            status,
            score: 80,
            reasons: vec![scl_domain::Evidence {
                text: "Asked for a price".into(),
                quote: Some("how much <b>is</b> it?".into()),
                seconds: Some(12.5),
                against: false,
            }],
            summary: "Caller needs heat".into(),
            flagged_at,
            dismissed_at: None,
            history: vec![StatusChange {
                from: None,
                to: LeadStatus::New,
                actor: Actor::System,
                at: flagged_at,
            }],
            notes: vec![],
            callbacks: vec![],
        }],
        calls: vec![call],
        users: vec![User {
            id: 9,
            name: "Dana <i>Agent</i>".into(),
            email: "dana@example.com".into(),
            role: Role::Agent,
            home_account: Some(1),
        }],
        ..Dataset::default()
    }
}

pub(crate) async fn an_unreviewed_lead_turns_cold_when_time_passes(db: Db) {
    let store = db.store().await;
    let flagged = Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).unwrap();
    store
        .import(&single_lead(3, LeadStatus::New, flagged))
        .await
        .unwrap();
    let before = flagged + Duration::days(3);
    let after = before + Duration::seconds(1);
    assert_eq!(
        store.tab_counts(None, before).await.unwrap(),
        TabCounts {
            open: 1,
            cold: 0,
            done: 0
        }
    );
    assert_eq!(
        store.tab_counts(None, after).await.unwrap(),
        TabCounts {
            open: 0,
            cold: 1,
            done: 0
        }
    );
    let cold = store
        .queue_page(&LeadQuery::new(Tab::Cold), after)
        .await
        .unwrap();
    assert_eq!(cold.len(), 1);
    assert_eq!(cold[0].tab, Tab::Cold);
    assert!(store
        .queue_page(&LeadQuery::new(Tab::Open), after)
        .await
        .unwrap()
        .is_empty());
}

pub(crate) async fn status_changes_are_atomic_recorded_and_move_tabs(db: Db) {
    let store = db.store().await;
    let flagged = Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).unwrap();
    store
        .import(&single_lead(3, LeadStatus::New, flagged))
        .await
        .unwrap();
    let at = flagged + Duration::days(10);
    assert_eq!(store.lead(1, at).await.unwrap().unwrap().tab, Tab::Cold);

    let moved = store
        .change_status(
            1,
            LeadStatus::New,
            LeadStatus::CallBackAttempted,
            Actor::User(9),
            at,
        )
        .await
        .unwrap();
    assert!(moved);
    assert_eq!(
        store.lead(1, at).await.unwrap().unwrap().tab,
        Tab::Open,
        "reviewed leads are never cold"
    );

    let stale = store
        .change_status(1, LeadStatus::New, LeadStatus::NotALead, Actor::User(9), at)
        .await
        .unwrap();
    assert!(!stale, "a change based on an old status is refused");
    assert_eq!(
        store.lead(1, at).await.unwrap().unwrap().status,
        LeadStatus::CallBackAttempted
    );

    assert!(store
        .change_status(
            1,
            LeadStatus::CallBackAttempted,
            LeadStatus::JobBookedByScl,
            Actor::User(9),
            at
        )
        .await
        .unwrap());
    let done = store
        .queue_page(&LeadQuery::new(Tab::Done), at)
        .await
        .unwrap();
    assert_eq!(done.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1]);

    let history = store.status_history(1).await.unwrap();
    let steps: Vec<_> = history.iter().map(|h| (h.from, h.to, h.actor)).collect();
    assert_eq!(
        steps,
        vec![
            (None, LeadStatus::New, Actor::System),
            (
                Some(LeadStatus::New),
                LeadStatus::CallBackAttempted,
                Actor::User(9)
            ),
            (
                Some(LeadStatus::CallBackAttempted),
                LeadStatus::JobBookedByScl,
                Actor::User(9)
            ),
        ]
    );
}

pub(crate) async fn hostile_text_is_stored_and_returned_verbatim(db: Db) {
    let store = db.store().await;
    let flagged = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap();
    let data = single_lead(3, LeadStatus::New, flagged);
    store.import(&data).await.unwrap();
    let view = store.lead(1, flagged).await.unwrap().expect("lead 1");
    assert_eq!(view.call_id, data.calls[0].call_id);
    assert_eq!(view.notes, data.calls[0].csr_notes);
    assert_eq!(view.account, data.accounts[0].name);
    assert!(
        store.lead(2, flagged).await.unwrap().is_none(),
        "a missing lead is None, not an error"
    );
}
