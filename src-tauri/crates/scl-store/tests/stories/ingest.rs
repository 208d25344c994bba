//! Stories of calls arriving from phone systems and detection's verdicts being recorded.

use chrono::{DateTime, Duration, TimeZone, Utc};
use scl_domain::{Call, CallType, Direction, Evidence, LeadQuery, Speaker, Tab, TranscriptSegment};
use scl_store::{
    CustomerRecord, Evaluation, IncomingCall, JobRecord, LocationRecord, NewLead, Store,
};

use crate::support::Db;

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap()
}

pub(crate) fn call(call_id: &str, account_id: i64, from: &str, ended: DateTime<Utc>) -> Call {
    Call {
        id: 0,
        call_id: call_id.into(),
        account_id,
        direction: Direction::Inbound,
        from_number: from.into(),
        to_number: "+13035550199".into(),
        started_at: ended - Duration::minutes(4),
        answered_at: Some(ended - Duration::minutes(4)),
        ended_at: ended,
        agent_id: None,
        call_type: CallType::Unbooked,
        reason: Some("Price too high".into()),
        csr_notes: None,
        booked: false,
        recording: None,
        customer_id: None,
        location_id: None,
        transcript: vec![TranscriptSegment {
            start_s: 3.5,
            end_s: 6.0,
            speaker: Speaker::Customer,
            text: "How much would a new water heater be?".into(),
        }],
    }
}

pub(crate) fn flagged(c: Call, score: i32) -> IncomingCall {
    let at = c.ended_at + Duration::minutes(5);
    IncomingCall {
        call: c,
        redactions: 0,
        evaluation: Some(Evaluation {
            call_type: CallType::Unbooked,
            at,
            lead: Some(NewLead {
                score,
                reasons: vec![Evidence {
                    text: "Asked for a price".into(),
                    quote: Some("How much would a new water heater be?".into()),
                    seconds: Some(3.5),
                    against: false,
                }],
                summary: "Wants a water heater price.".into(),
                flagged_at: at,
            }),
        }),
    }
}

async fn one_account(store: &dyn Store) -> i64 {
    let accounts = store
        .ensure_accounts(&["Blue Ridge Plumbing".into()])
        .await
        .unwrap();
    assert_eq!(accounts.len(), 1);
    accounts[0].id
}

pub(crate) async fn importing_the_same_calls_twice_changes_nothing(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let batch = vec![
        flagged(call("A-1", account, "+13035550101", t0()), 80),
        flagged(call("A-2", account, "+13035550102", t0()), 60),
    ];
    let first = store.insert_calls(&batch).await.unwrap();
    assert_eq!(
        (first.inserted, first.duplicates, first.leads_created.len()),
        (2, 0, 2)
    );
    let again = store.insert_calls(&batch).await.unwrap();
    assert_eq!(
        (again.inserted, again.duplicates, again.leads_created.len()),
        (0, 2, 0)
    );
    let now = t0() + Duration::hours(1);
    let counts = store.tab_counts(None, now).await.unwrap();
    assert_eq!(counts.open, 2, "no second lead for the same calls");
    let rows = store
        .queue_page(&LeadQuery::new(Tab::Open), now)
        .await
        .unwrap();
    assert_eq!(rows[0].score, 80, "ranked by score");
    assert_eq!(
        rows[0].reasons[0].seconds,
        Some(3.5),
        "evidence keeps its timestamp"
    );
    assert_eq!(
        store.status_history(rows[0].id).await.unwrap().len(),
        1,
        "a new lead starts its history as New, by the system"
    );
}

pub(crate) async fn a_batch_of_stored_repeated_and_new_calls_keys_each_lead_to_its_call(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let stored = flagged(call("K-1", account, "+13035550111", t0()), 40);
    store
        .insert_calls(std::slice::from_ref(&stored))
        .await
        .unwrap();
    let batch = vec![
        stored,
        flagged(call("K-2", account, "+13035550112", t0()), 55),
        flagged(call("K-2", account, "+13035550112", t0()), 99),
        flagged(call("K-3", account, "+13035550113", t0()), 65),
    ];
    let report = store.insert_calls(&batch).await.unwrap();
    assert_eq!((report.inserted, report.duplicates), (2, 2));
    assert_eq!(report.leads_created.len(), 2);
    for lead in &report.leads_created {
        let call = store
            .lead_call(lead.id)
            .await
            .unwrap()
            .expect("the lead's call");
        let expected = if call.call_id == "K-2" { 55 } else { 65 };
        assert_eq!(
            lead.score, expected,
            "lead {} belongs to {}",
            lead.id, call.call_id
        );
        assert_ne!(call.call_id, "K-1", "the stored call is not flagged again");
        let by_id = store.calls_by_call_id(&call.call_id).await.unwrap();
        assert_eq!(by_id, [call], "same call, transcript included");
        assert_eq!(by_id[0].transcript.len(), 1);
    }
    assert_eq!(store.calls_by_call_id("K-404").await.unwrap(), []);
}

pub(crate) async fn a_caller_with_an_open_lead_joins_it(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let first = store
        .insert_calls(&[flagged(call("B-1", account, "+13035550103", t0()), 70)])
        .await
        .unwrap();
    let later = t0() + Duration::hours(2);
    let second = store
        .insert_calls(&[
            flagged(call("B-2", account, "+13035550103", later), 75),
            flagged(call("B-3", account, "+13035550103", later), 75),
        ])
        .await
        .unwrap();
    assert_eq!(first.leads_created.len(), 1);
    assert_eq!(
        second.leads_created.len(),
        0,
        "the same number does not get a second lead"
    );
    assert_eq!(second.leads_joined, 2);
    assert_eq!(store.tab_counts(None, later).await.unwrap().open, 1);
}

pub(crate) async fn numbers_shared_by_customers_keep_the_candidates(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let customer = |ext: &str, name: &str, phone: &str| CustomerRecord {
        account_id: account,
        external_id: ext.into(),
        name: name.into(),
        phones: vec![phone.into()],
        notes: String::new(),
        locations: vec![],
    };
    store
        .upsert_customers(&[
            customer("C1", "Ana Ruiz", "+13035550110"),
            customer("C2", "Ben Ruiz", "+13035550110"),
            customer("C3", "Cy Stone", "+13035550111"),
        ])
        .await
        .unwrap();
    store
        .insert_calls(&[
            flagged(call("S-1", account, "+13035550110", t0()), 70),
            flagged(call("S-2", account, "+13035550111", t0()), 70),
        ])
        .await
        .unwrap();
    let now = t0() + Duration::hours(1);
    let rows = store
        .queue_page(&LeadQuery::new(Tab::Open), now)
        .await
        .unwrap();
    let by_phone = |p: &str| rows.iter().find(|r| r.phone == p).unwrap().clone();
    assert_eq!(
        by_phone("+13035550111").customer.as_deref(),
        Some("Cy Stone"),
        "one match: named"
    );
    assert_eq!(
        by_phone("+13035550110").customer,
        None,
        "two matches: no guess"
    );
}

pub(crate) async fn calls_wait_for_after_call_work_and_are_evaluated_once(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await; // ACW 5 minutes by default
    let mut pending = IncomingCall {
        call: call("P-1", account, "+13035550120", t0()),
        redactions: 0,
        evaluation: None,
    };
    pending.call.transcript.push(TranscriptSegment {
        start_s: 7.0,
        end_s: 9.0,
        speaker: Speaker::Agent,
        text: "Let me check the schedule.".into(),
    });
    store.insert_calls(&[pending]).await.unwrap();
    let just_before = t0() + Duration::minutes(5) - Duration::seconds(1);
    assert!(
        store
            .pending_calls(just_before, 100)
            .await
            .unwrap()
            .is_empty(),
        "inside ACW"
    );
    assert_eq!(
        store.next_due().await.unwrap(),
        Some(t0() + Duration::minutes(5))
    );
    let due = t0() + Duration::minutes(5);
    let calls = store.pending_calls(due, 100).await.unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].transcript.len(),
        2,
        "transcripts come with the call, in order"
    );
    assert_eq!(calls[0].transcript[1].speaker, Speaker::Agent);

    let verdict = flagged(calls[0].clone(), 66).evaluation.unwrap();
    let first = store
        .record_evaluations(&[(calls[0].clone(), verdict.clone())])
        .await
        .unwrap();
    assert_eq!((first.evaluated, first.leads_created.len()), (1, 1));
    let again = store
        .record_evaluations(&[(calls[0].clone(), verdict)])
        .await
        .unwrap();
    assert_eq!(
        (again.evaluated, again.leads_created.len()),
        (0, 0),
        "evaluated once only"
    );
    assert!(store.pending_calls(due, 100).await.unwrap().is_empty());
    assert_eq!(store.next_due().await.unwrap(), None);
}

pub(crate) async fn detector_models_are_kept_per_account(db: Db) {
    let store = db.store().await;
    let accounts = store
        .ensure_accounts(&["A".into(), "B".into()])
        .await
        .unwrap();
    assert_eq!(store.detector_model(accounts[0].id).await.unwrap(), None);
    store
        .save_detector_model(accounts[0].id, "{\"v\":1}", t0())
        .await
        .unwrap();
    store
        .save_detector_model(accounts[0].id, "{\"v\":2}", t0())
        .await
        .unwrap();
    assert_eq!(
        store
            .detector_model(accounts[0].id)
            .await
            .unwrap()
            .as_deref(),
        Some("{\"v\":2}")
    );
    assert_eq!(store.detector_model(accounts[1].id).await.unwrap(), None);
    let again = store.ensure_accounts(&["A".into()]).await.unwrap();
    assert_eq!(
        again[0].id, accounts[0].id,
        "ensure finds, does not duplicate"
    );
}

pub(crate) async fn customers_and_jobs_are_found_again_by_their_ids(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let record = CustomerRecord {
        account_id: account,
        external_id: "cust-9".into(),
        name: "Dee <b>Lowe</b>".into(),
        phones: vec!["+13035550130".into()],
        notes: String::new(),
        locations: vec![LocationRecord {
            external_id: "loc-1".into(),
            address: "1 Elm St".into(),
            zone: Some("North".into()),
            notes: String::new(),
        }],
    };
    store
        .upsert_customers(std::slice::from_ref(&record))
        .await
        .unwrap();
    store
        .upsert_customers(&[CustomerRecord {
            name: "Dee Lowe".into(),
            ..record
        }])
        .await
        .unwrap();
    let job = JobRecord {
        account_id: account,
        external_id: "job-1".into(),
        customer_external_id: Some("cust-9".into()),
        phone: Some("+13035550130".into()),
        booked_at: t0(),
        revenue_cents: 45_000,
    };
    assert_eq!(
        store.insert_jobs(std::slice::from_ref(&job)).await.unwrap(),
        1
    );
    assert_eq!(
        store.insert_jobs(&[job]).await.unwrap(),
        0,
        "the same job twice is one job"
    );
    let agents = store
        .ensure_agents(&["201".into(), "Dana".into()])
        .await
        .unwrap();
    let again = store.ensure_agents(&["Dana".into()]).await.unwrap();
    assert_eq!(agents["Dana"], again["Dana"]);
    assert_ne!(agents["201"], agents["Dana"]);
}

pub(crate) async fn a_job_booked_after_the_callback_closes_the_lead_as_saved(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let report = store
        .insert_calls(&[flagged(call("J-1", account, "+13035550170", t0()), 70)])
        .await
        .unwrap();
    let lead = report.leads_created[0].id;
    let later = t0() + Duration::hours(3);
    assert!(store
        .change_status(
            lead,
            scl_domain::LeadStatus::New,
            scl_domain::LeadStatus::CallBackAttempted,
            scl_domain::Actor::System,
            later
        )
        .await
        .unwrap());
    let job = |ext: &str, phone: &str, hours: i64| JobRecord {
        account_id: account,
        external_id: ext.into(),
        customer_external_id: None,
        phone: Some(phone.into()),
        booked_at: t0() + Duration::hours(hours),
        revenue_cents: 90_000,
    };
    let before_flag = job("JB-0", "+13035550170", -1);
    let other_caller = job("JB-1", "+13035550171", 4);
    assert!(store
        .close_leads_booked(&[before_flag, other_caller])
        .await
        .unwrap()
        .is_empty());
    let booked = job("JB-2", "+13035550170", 4);
    assert_eq!(
        store
            .close_leads_booked(std::slice::from_ref(&booked))
            .await
            .unwrap(),
        vec![lead]
    );
    let row = store.lead(lead, later).await.unwrap().unwrap();
    assert_eq!(
        row.status,
        scl_domain::LeadStatus::JobBookedByScl,
        "called back, then booked"
    );
    assert_eq!(row.tab, Tab::Done);
    assert!(
        store
            .close_leads_booked(&[booked])
            .await
            .unwrap()
            .is_empty(),
        "once"
    );
}

/// A reference to a row that is not there (an account, an agent) refuses the whole batch: none
/// of its calls lands, and the store still takes good calls after it.
pub(crate) async fn a_call_naming_a_missing_account_or_agent_refuses_its_batch(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let good = flagged(call("R-1", account, "+13035550101", t0()), 70);
    let mut no_account = flagged(call("R-2", account + 1000, "+13035550102", t0()), 70);
    no_account.call.agent_id = None;
    let mut no_agent = flagged(call("R-3", account, "+13035550103", t0()), 70);
    no_agent.call.agent_id = Some(987_654);
    for bad in [no_account, no_agent] {
        let refused = store.insert_calls(&[good.clone(), bad]).await;
        assert!(refused.is_err(), "a missing row was referred to");
        let counts = store
            .tab_counts(None, t0() + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(counts.open, 0, "nothing of the refused batch landed");
    }
    let written = store.insert_calls(&[good]).await.unwrap();
    assert_eq!((written.inserted, written.leads_created.len()), (1, 1));
}

pub(crate) async fn a_callers_history_is_its_earlier_calls_and_first_job(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let other = store
        .ensure_accounts(&["Other Roofing".into()])
        .await
        .unwrap()[0]
        .id;
    let unflagged = |c: Call| IncomingCall {
        call: c,
        redactions: 0,
        evaluation: None,
    };
    let repeat = "+13035550181";
    let mut outbound = call("H-4", account, repeat, t0() - Duration::hours(2));
    outbound.direction = Direction::Outbound;
    store
        .insert_calls(&[
            unflagged(call("H-1", account, repeat, t0() - Duration::days(3))),
            unflagged(call("H-2", account, repeat, t0() - Duration::hours(5))),
            unflagged(call("H-3", account, repeat, t0() - Duration::days(60))),
            unflagged(outbound),
            unflagged(call("H-5", other, repeat, t0() - Duration::hours(1))),
        ])
        .await
        .unwrap();
    let minutes = Duration::minutes(4); // `call` starts four minutes before it ends
    let mut times = store
        .inbound_call_times(t0() - Duration::days(30), None)
        .await
        .unwrap();
    times.sort();
    assert_eq!(
        times,
        vec![
            (
                account,
                repeat.to_string(),
                t0() - Duration::days(3) - minutes
            ),
            (
                account,
                repeat.to_string(),
                t0() - Duration::hours(5) - minutes
            ),
            (
                other,
                repeat.to_string(),
                t0() - Duration::hours(1) - minutes
            ),
        ],
        "inbound calls since `since`, each with its account"
    );
    let before = store
        .inbound_call_times(t0() - Duration::days(90), Some(t0() - Duration::days(1)))
        .await
        .unwrap();
    assert_eq!(before.len(), 2, "up to `before`, excluded: {before:?}");
    assert!(store.first_jobs().await.unwrap().is_empty());

    let customer = CustomerRecord {
        account_id: account,
        external_id: "cust-h".into(),
        name: "Hal".into(),
        phones: vec!["+13035550183".into()],
        notes: String::new(),
        locations: vec![],
    };
    store.upsert_customers(&[customer]).await.unwrap();
    let job = |id: &str, phone: Option<&str>, customer: Option<&str>, days: i64| JobRecord {
        account_id: account,
        external_id: id.into(),
        customer_external_id: customer.map(str::to_string),
        phone: phone.map(str::to_string),
        booked_at: t0() - Duration::days(days),
        revenue_cents: 10_000,
    };
    store
        .insert_jobs(&[
            job("hj-1", Some(repeat), None, 10),
            job("hj-2", Some(repeat), None, 400),
            job("hj-3", None, Some("cust-h"), 90),
        ])
        .await
        .unwrap();
    let mut jobs = store.first_jobs().await.unwrap();
    jobs.sort();
    assert_eq!(
        jobs,
        vec![
            (account, repeat.to_string(), t0() - Duration::days(400)),
            (
                account,
                "+13035550183".to_string(),
                t0() - Duration::days(90)
            ),
        ],
        "the first job per number: by the job's phone, or its customer's"
    );
}

pub(crate) async fn a_recording_without_words_is_transcribed_here_once(db: Db) {
    let store = db.store().await;
    let account = one_account(store.as_ref()).await;
    let recorded = |id: &str, transcript: bool, recording: bool| {
        let mut c = call(id, account, "+13035550191", t0());
        if !transcript {
            c.transcript.clear();
        }
        c.recording = recording.then(|| format!("recordings/{id}.wav"));
        IncomingCall {
            call: c,
            redactions: 0,
            evaluation: None,
        }
    };
    let report = store
        .insert_calls(&[
            recorded("T-1", false, true),
            recorded("T-2", true, true),
            recorded("T-3", false, false),
            recorded("T-4", false, true),
        ])
        .await
        .unwrap();
    assert_eq!(report.inserted, 4);
    let queue: Vec<String> = store
        .calls_to_transcribe(10)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.call_id)
        .collect();
    assert_eq!(queue, ["T-1", "T-4"], "recorded, no words, oldest first");
    let key = |id: &str| {
        let store = store.clone();
        let id = id.to_string();
        async move { store.calls_by_call_id(&id).await.unwrap()[0].id }
    };
    let (t1, t2, t4) = (key("T-1").await, key("T-2").await, key("T-4").await);

    let words = vec![
        TranscriptSegment {
            start_s: 0.5,
            end_s: 2.0,
            speaker: Speaker::Agent,
            text: "Desert Air, this is Dana.".into(),
        },
        TranscriptSegment {
            start_s: 2.5,
            end_s: 5.0,
            speaker: Speaker::Customer,
            text: "How much is a <b>tune-up</b>?".into(),
        },
    ];
    let origin = "whisper ggml-base-q8_0";
    assert!(store.save_transcript(t1, &words, origin).await.unwrap());
    assert!(
        !store
            .save_transcript(t1, &words[..1], origin)
            .await
            .unwrap(),
        "made once: a second transcriber writes nothing"
    );
    assert_eq!(store.call(t1).await.unwrap().unwrap().transcript, words);
    assert_eq!(
        store.transcription(t1).await.unwrap(),
        (Some(origin.to_string()), None)
    );
    let exported = store.call(t2).await.unwrap().unwrap().transcript;
    assert!(
        !store.save_transcript(t2, &words, origin).await.unwrap(),
        "a phone system's transcript is kept"
    );
    assert_eq!(store.call(t2).await.unwrap().unwrap().transcript, exported);
    assert_eq!(store.transcription(t2).await.unwrap(), (None, None));

    store
        .transcription_failed(t4, "its WAV data is cut short")
        .await
        .unwrap();
    assert_eq!(
        store.transcription(t4).await.unwrap(),
        (None, Some("its WAV data is cut short".to_string()))
    );
    assert!(
        store.calls_to_transcribe(10).await.unwrap().is_empty(),
        "transcribed or given up: the queue is empty"
    );
}
