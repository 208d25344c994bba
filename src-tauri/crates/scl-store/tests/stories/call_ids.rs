//! Stories of call ids: unique per account, not across the network (two accounts' phone
//! systems may both have call `1503567123.45`), and a call id arriving again with other facts.

use chrono::Duration;
use scl_domain::{Direction, LeadQuery, Tab};
use scl_store::{CallFacts, Store};

use crate::ingest::{call, flagged, t0};
use crate::support::Db;

const PBX_ID: &str = "1503567123.45";

async fn two_accounts(store: &dyn Store) -> (i64, i64) {
    let accounts = store
        .ensure_accounts(&["Alpine Heating".into(), "Bayside Plumbing".into()])
        .await
        .unwrap();
    let id = |name: &str| accounts.iter().find(|a| a.name == name).unwrap().id;
    (id("Alpine Heating"), id("Bayside Plumbing"))
}

pub(crate) async fn the_same_call_id_in_two_accounts_is_two_calls_each_with_its_lead(db: Db) {
    let store = db.store().await;
    let (alpine, bayside) = two_accounts(store.as_ref()).await;
    let in_alpine = flagged(call(PBX_ID, alpine, "+13035550101", t0()), 70);
    let in_bayside = flagged(call(PBX_ID, bayside, "+14155550102", t0()), 50);

    let first = store
        .insert_calls(std::slice::from_ref(&in_alpine))
        .await
        .unwrap();
    let second = store
        .insert_calls(std::slice::from_ref(&in_bayside))
        .await
        .unwrap();
    assert_eq!((first.inserted, second.inserted), (1, 1), "not shadowed");
    assert_eq!(second.duplicates, 0);
    let leads = [first.leads_created[0], second.leads_created[0]];
    assert_eq!(
        leads.map(|l| (l.account_id, l.score)),
        [(alpine, 70), (bayside, 50)]
    );
    for (lead, from) in leads.iter().zip(["+13035550101", "+14155550102"]) {
        let call = store.lead_call(lead.id).await.unwrap().unwrap();
        assert_eq!(
            (call.account_id, call.from_number.as_str()),
            (lead.account_id, from)
        );
    }

    for again in [&in_alpine, &in_bayside] {
        let report = store
            .insert_calls(std::slice::from_ref(again))
            .await
            .unwrap();
        assert_eq!(
            (report.inserted, report.duplicates, report.conflicts.len()),
            (0, 1, 0),
            "re-importing either changes nothing"
        );
        assert!(report.leads_created.is_empty());
    }
    let both = store.calls_by_call_id(PBX_ID).await.unwrap();
    assert_eq!(
        both.iter().map(|c| c.account_id).collect::<Vec<_>>(),
        [alpine, bayside]
    );
    let now = t0() + Duration::hours(1);
    assert_eq!(store.tab_counts(None, now).await.unwrap().open, 2);
    assert_eq!(store.tab_counts(Some(bayside), now).await.unwrap().open, 1);
}

pub(crate) async fn a_call_id_again_with_other_facts_is_a_conflict_and_the_stored_call_stays(
    db: Db,
) {
    let store = db.store().await;
    let (alpine, bayside) = two_accounts(store.as_ref()).await;
    let stored = flagged(call("CA123", alpine, "+13035550101", t0()), 70);
    store
        .insert_calls(std::slice::from_ref(&stored))
        .await
        .unwrap();

    let mut resent = stored.clone();
    resent.call.to_number = "+13035550777".into();
    resent.call.ended_at += Duration::seconds(95);
    let mut twice = flagged(call("CA200", alpine, "+13035550102", t0()), 60);
    let first_of_twice = twice.clone();
    twice.call.direction = Direction::Outbound;
    let batch = vec![
        resent,                                                    // 0: conflict
        stored.clone(),                                            // 1: duplicate
        flagged(call("CA123", bayside, "+13035550103", t0()), 40), // 2: other account
        first_of_twice,                                            // 3: new
        twice,                                                     // 4: conflict in batch
    ];
    let report = store.insert_calls(&batch).await.unwrap();
    assert_eq!((report.inserted, report.duplicates), (2, 1));
    let conflicts: Vec<(usize, Vec<&str>)> = report
        .conflicts
        .iter()
        .map(|c| {
            (
                c.index,
                c.stored.differences(&CallFacts::of(&batch[c.index].call)),
            )
        })
        .collect();
    assert_eq!(
        conflicts,
        [(0, vec!["to", "ended_at"]), (4, vec!["direction"])]
    );
    let first = &report.conflicts[0].stored;
    assert_eq!(first.show("to"), "+13035550199");
    assert_eq!(first.show("ended_at"), "2026-11-20T15:00:00Z");
    assert_eq!(first.show("agent"), "none");
    assert_eq!(
        report.leads_created.len(),
        2,
        "only the new calls make leads"
    );

    let kept = store.calls_by_call_id("CA123").await.unwrap();
    assert_eq!(kept.len(), 2);
    let alpine_call = kept.iter().find(|c| c.account_id == alpine).unwrap();
    assert_eq!(
        (alpine_call.to_number.as_str(), alpine_call.ended_at),
        ("+13035550199", t0()),
        "the stored call is kept"
    );
    let in_batch = store.calls_by_call_id("CA200").await.unwrap();
    assert_eq!(in_batch.len(), 1);
    assert_eq!(
        in_batch[0].direction,
        Direction::Inbound,
        "the first one is kept"
    );

    let again = store.insert_calls(&batch).await.unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(again.duplicates, 3);
    assert_eq!(
        again.conflicts.iter().map(|c| c.index).collect::<Vec<_>>(),
        [0, 4]
    );
}

/// What version 8 of the schema held: two accounts, 30 calls (ids `OLD-0`..), every third one
/// flagged, each with a transcript line; lead 1 joined by call 2.
fn rows_of_version_8() -> String {
    let mut sql = String::from(
        "INSERT INTO accounts (name) VALUES ('Alpine Heating');\n\
         INSERT INTO accounts (name) VALUES ('Bayside Plumbing');\n",
    );
    let t = t0().timestamp_millis();
    for i in 0..30_i64 {
        let account = 1 + i % 2;
        sql += &format!(
            "INSERT INTO calls (call_id, account_id, direction, from_number, to_number, \
             started_at, answered_at, ended_at, call_type, booked, evaluated_at) VALUES \
             ('OLD-{i}', {account}, 'inbound', '+1303555{i:04}', '+13035550199', {}, NULL, {}, \
             'unbooked', FALSE, {});\n\
             INSERT INTO transcript_segments (call_key, seq, start_s, end_s, speaker, text) \
             VALUES ({}, 0, 1.0, 2.0, 'customer', 'Call {i} line');\n",
            t + i * 60_000,
            t + i * 60_000 + 30_000,
            t + i * 60_000 + 30_000,
            i + 1,
        );
        if i % 3 == 0 {
            sql += &format!(
                "INSERT INTO leads (call_key, account_id, status, stage, score, flagged_at, phone) \
                 VALUES ({}, {account}, 'new', 0, {}, {}, '+1303555{i:04}');\n\
                 INSERT INTO lead_status_history (lead_id, from_status, to_status, at) \
                 VALUES ({}, NULL, 'new', {});\n",
                i + 1,
                50 + i,
                t + i * 60_000 + 90_000,
                i / 3 + 1,
                t + i * 60_000 + 90_000,
            );
        }
    }
    sql += "INSERT INTO lead_calls (lead_id, call_key) VALUES (1, 3);\n";
    sql
}

pub(crate) async fn upgrading_keeps_every_call_and_lead_and_frees_ids_per_account(db: Db) {
    db.made_by_version(8, &rows_of_version_8()).await;
    let store = db.store().await;

    let accounts = store.accounts().await.unwrap();
    assert_eq!(accounts.len(), 2);
    assert!(accounts.iter().all(|a| a.settings.time_zone.is_none()));
    for i in 0..30_i64 {
        let found = store.calls_by_call_id(&format!("OLD-{i}")).await.unwrap();
        assert_eq!(found.len(), 1, "OLD-{i}");
        let c = &found[0];
        assert_eq!(
            (c.id, c.account_id),
            (i + 1, 1 + i % 2),
            "OLD-{i} keeps its key"
        );
        assert_eq!(c.transcript[0].text, format!("Call {i} line"));
    }
    for lead in 1..=10_i64 {
        let c = store
            .lead_call(lead)
            .await
            .unwrap()
            .expect("the lead's call");
        assert_eq!(c.call_id, format!("OLD-{}", (lead - 1) * 3));
    }
    let now = t0() + Duration::hours(2);
    let counts = store.tab_counts(None, now).await.unwrap();
    assert_eq!(counts.open + counts.cold + counts.done, 10, "every lead");
    let sections = store.lead_sections(1).await.unwrap().expect("lead 1");
    assert!(
        sections.later_calls.iter().any(|l| l.call_id == "OLD-2"),
        "the joined call stays joined: {:?}",
        sections.later_calls
    );
    let rows = store
        .queue_page(&LeadQuery::new(Tab::Open), now)
        .await
        .unwrap();
    assert_eq!(rows.len(), 10);

    // The old network-wide key is gone: OLD-0 of account 1 may now exist in account 2.
    let other = flagged(call("OLD-0", 2, "+14155550100", t0()), 65);
    let report = store.insert_calls(&[other]).await.unwrap();
    assert_eq!((report.inserted, report.leads_created.len()), (1, 1));
    assert_eq!(store.calls_by_call_id("OLD-0").await.unwrap().len(), 2);
    assert!(
        report.leads_created[0].id > 10,
        "new ids follow the old ones"
    );
}
