//! Working a lead through the core, as the flyout and `scl` do: Call Customer, Dismiss, notes and
//! their copies, Change customer, later calls; over a real SQLite file with a fixed clock.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use scl_app::{AppError, Leads};
use scl_domain::{
    Call, CallType, Dial, DialScheme, DialSettings, Direction, Evidence, FixedClock, LeadId,
    LeadQuery, LeadStatus, NoteTarget, Tab,
};
use scl_store::{CustomerRecord, Evaluation, IncomingCall, LocationRecord, NewLead, Store};

/// The OS hand-off of these tests: accepts every URI.
fn handed(_uri: &str) -> Result<(), String> {
    Ok(())
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

struct World {
    leads: Leads,
    store: Arc<dyn Store>,
    owner: i64,
    account: i64,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("w.db")))
        .await
        .unwrap();
    let account = store
        .ensure_accounts(&["Blue Ridge Plumbing".into()])
        .await
        .unwrap()[0]
        .id;
    let leads = Leads::new(store.clone(), Arc::new(FixedClock::new(now())));
    let owner = leads.local_owner().await.unwrap();
    World {
        leads,
        store,
        owner,
        account,
        _dir: dir,
    }
}

/// A flagged call from `from`, ended `ago` before now; returns its lead.
async fn flag(w: &World, call_id: &str, from: &str, ago: Duration) -> Option<LeadId> {
    let ended = now() - ago;
    let at = ended + Duration::minutes(5);
    let call = Call {
        id: 0,
        call_id: call_id.into(),
        account_id: w.account,
        direction: Direction::Inbound,
        from_number: from.into(),
        to_number: "+15125550100".into(),
        started_at: ended - Duration::minutes(3),
        answered_at: Some(ended - Duration::minutes(3)),
        ended_at: ended,
        agent_id: None,
        call_type: CallType::Unbooked,
        reason: Some("Price too high".into()),
        csr_notes: Some("Wants a quote first".into()),
        booked: false,
        recording: None,
        customer_id: None,
        location_id: None,
        transcript: vec![],
    };
    let report = w
        .store
        .insert_calls(&[IncomingCall {
            call,
            redactions: 0,
            evaluation: Some(Evaluation {
                call_type: CallType::Unbooked,
                at,
                lead: Some(NewLead {
                    score: 80,
                    reasons: vec![Evidence {
                        text: "Asked for a price".into(),
                        quote: None,
                        seconds: None,
                        against: false,
                    }],
                    summary: "Wants a price.".into(),
                    flagged_at: at,
                }),
            }),
        }])
        .await
        .unwrap();
    report.leads_created.first().map(|l| l.id)
}

#[tokio::test]
async fn call_customer_hands_over_a_tel_uri_logs_each_attempt_and_sets_the_status_once() {
    let w = world().await;
    let lead = flag(&w, "C-1", "+15125550123", Duration::hours(2))
        .await
        .unwrap();
    let detail = w.leads.detail(lead).await.unwrap();
    assert_eq!(
        detail.dial,
        Dial::Ready {
            uri: "tel:+15125550123".into()
        }
    );
    assert_eq!(w.leads.dial_uri(lead).await.unwrap(), "tel:+15125550123");
    assert!(
        w.leads
            .detail(lead)
            .await
            .unwrap()
            .sections
            .attempts
            .is_empty(),
        "asking for the URI records nothing"
    );

    let placed = w.leads.call_customer(lead, w.owner, handed).await.unwrap();
    assert_eq!(placed.uri, "tel:+15125550123");
    let d = &placed.detail;
    assert_eq!(d.lead.status, LeadStatus::CallBackAttempted);
    assert_eq!(d.lead.tab, Tab::Open, "call back attempted stays Open");
    assert_eq!(d.sections.attempts.len(), 1);
    assert_eq!(d.sections.attempts[0].phone, "+15125550123");
    let last = d.sections.history.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(LeadStatus::New), LeadStatus::CallBackAttempted)
    );
    assert_ne!(last.actor, "System", "the agent is recorded");

    let again = w
        .leads
        .call_customer(lead, w.owner, handed)
        .await
        .unwrap()
        .detail;
    assert_eq!(again.sections.attempts.len(), 2, "every attempt is logged");
    assert_eq!(
        again.sections.history.len(),
        d.sections.history.len(),
        "a second attempt changes no status"
    );
}

#[tokio::test]
async fn a_cold_lead_called_back_is_open_again_and_a_done_lead_is_not_reopened() {
    let w = world().await;
    let cold = flag(&w, "C-2", "+15125550124", Duration::days(10))
        .await
        .unwrap();
    assert_eq!(w.leads.detail(cold).await.unwrap().lead.tab, Tab::Cold);
    let after = w
        .leads
        .call_customer(cold, w.owner, handed)
        .await
        .unwrap()
        .detail;
    assert_eq!(after.lead.tab, Tab::Open);

    let done = flag(&w, "C-3", "+15125550125", Duration::hours(1))
        .await
        .unwrap();
    w.leads
        .set_status(
            done,
            LeadStatus::NotAbleToSave,
            scl_domain::Actor::User(w.owner),
        )
        .await
        .unwrap();
    let after = w
        .leads
        .call_customer(done, w.owner, handed)
        .await
        .unwrap()
        .detail;
    assert_eq!(after.lead.status, LeadStatus::NotAbleToSave);
    assert_eq!(after.lead.tab, Tab::Done);
    assert_eq!(
        after.sections.attempts.len(),
        1,
        "the attempt is still logged"
    );
}

#[tokio::test]
async fn a_number_that_is_not_valid_never_becomes_a_uri() {
    let w = world().await;
    for (i, bad) in [
        "+1555",
        "12",
        "+15550000000",
        "<img src=x onerror=alert(1)>",
    ]
    .iter()
    .enumerate()
    {
        let lead = flag(&w, &format!("B-{i}"), bad, Duration::hours(1))
            .await
            .unwrap();
        let detail = w.leads.detail(lead).await.unwrap();
        assert!(
            matches!(&detail.dial, Dial::Refused { reason } if reason.contains("cannot call")),
            "{bad}: {:?}",
            detail.dial
        );
        assert!(matches!(
            w.leads.call_customer(lead, w.owner, handed).await,
            Err(AppError::CannotDial(_))
        ));
        let after = w.leads.detail(lead).await.unwrap();
        assert!(after.sections.attempts.is_empty(), "{bad}: nothing logged");
        assert_eq!(after.lead.status, LeadStatus::New, "{bad}: status kept");
    }
}

#[tokio::test]
async fn the_scheme_is_a_setting_and_a_bad_one_is_refused() {
    let w = world().await;
    let lead = flag(&w, "S-1", "+15125550126", Duration::hours(1))
        .await
        .unwrap();
    let callto = DialSettings {
        scheme: DialScheme::Callto,
        sip_domain: None,
        ..DialSettings::default()
    };
    w.leads.save_dial_settings(callto.clone()).await.unwrap();
    assert_eq!(w.leads.dial_settings().await.unwrap(), callto);
    assert_eq!(w.leads.dial_uri(lead).await.unwrap(), "callto:+15125550126");
    let sip = DialSettings {
        scheme: DialScheme::Sip,
        sip_domain: None,
        ..DialSettings::default()
    };
    assert!(matches!(
        w.leads.save_dial_settings(sip).await,
        Err(AppError::CannotDial(_))
    ));
    assert_eq!(
        w.leads.dial_settings().await.unwrap(),
        callto,
        "a refused setting leaves the stored one"
    );
}

#[tokio::test]
async fn dismiss_moves_to_done_keeps_the_status_and_is_recorded_once() {
    let w = world().await;
    let lead = flag(&w, "D-1", "+15125550127", Duration::hours(1))
        .await
        .unwrap();
    let d = w.leads.dismiss(lead, w.owner).await.unwrap();
    assert!(d.sections.dismissed);
    assert_eq!(d.lead.tab, Tab::Done);
    assert_eq!(d.lead.status, LeadStatus::New);
    let dismissals =
        |d: &scl_domain::LeadDetail| d.sections.history.iter().filter(|h| h.dismissed).count();
    assert_eq!(dismissals(&d), 1);
    let again = w.leads.dismiss(lead, w.owner).await.unwrap();
    assert_eq!(dismissals(&again), 1, "dismissing twice records once");
    assert!(matches!(
        w.leads.dismiss(99_999, w.owner).await,
        Err(AppError::LeadNotFound(99_999))
    ));
}

#[tokio::test]
async fn notes_keep_author_and_time_hostile_text_verbatim_and_no_card_numbers() {
    let w = world().await;
    let lead = flag(&w, "N-1", "+15125550128", Duration::hours(1))
        .await
        .unwrap();
    let hostile = "<img src=x onerror=alert(1)> <script>alert(2)</script>";
    let d = w.leads.add_note(lead, hostile, w.owner).await.unwrap();
    assert_eq!(d.sections.notes.len(), 1);
    assert_eq!(d.sections.notes[0].text, hostile);
    assert_eq!(d.sections.notes[0].at, now());
    assert!(!d.sections.notes[0].author.is_empty());
    let d = w
        .leads
        .add_note(lead, "Card 4111 1111 1111 1111 for the deposit", w.owner)
        .await
        .unwrap();
    assert!(
        !d.sections.notes[1].text.contains("4111 1111"),
        "{}",
        d.sections.notes[1].text
    );
    for bad in ["", "   ", &"x".repeat(scl_app::MAX_NOTE_CHARS + 1)] {
        assert!(matches!(
            w.leads.add_note(lead, bad, w.owner).await,
            Err(AppError::InvalidNote(_))
        ));
    }
    assert!(matches!(
        w.leads.add_note(99_999, "hello", w.owner).await,
        Err(AppError::LeadNotFound(_))
    ));
}

#[tokio::test]
async fn change_customer_picks_a_suggested_match_and_notes_copy_to_its_records() {
    let w = world().await;
    let shared = "+15125550129";
    let customer = |ext: &str, name: &str, address: &str| CustomerRecord {
        account_id: w.account,
        external_id: ext.into(),
        name: name.into(),
        phones: vec![shared.into()],
        notes: "Gate code 1234".into(),
        locations: vec![LocationRecord {
            external_id: format!("{ext}-home"),
            address: address.into(),
            zone: Some("North".into()),
            notes: String::new(),
        }],
    };
    w.store
        .upsert_customers(&[
            customer("K1", "Dana Smith", "1 Oak St"),
            customer("K2", "Dana Smith Jr", "9 Elm St"),
        ])
        .await
        .unwrap();
    let lead = flag(&w, "M-1", shared, Duration::hours(1)).await.unwrap();
    let d = w.leads.detail(lead).await.unwrap();
    let section = &d.sections.customer;
    assert!(section.possible_incorrect_match);
    assert!(
        section.customer.is_none(),
        "no customer until one is chosen"
    );
    assert_eq!(section.candidates.len(), 2);

    let note = w
        .leads
        .add_note(lead, "Prefers mornings", w.owner)
        .await
        .unwrap();
    let note_id = note.sections.notes[0].id;
    assert!(
        matches!(
            w.leads.copy_note(lead, note_id, NoteTarget::Customer).await,
            Err(AppError::InvalidNote(m)) if m.contains("no customer")
        ),
        "nothing to copy to before a customer is chosen"
    );

    let jr = section
        .candidates
        .iter()
        .find(|c| c.name.ends_with("Jr"))
        .unwrap();
    let d = w.leads.change_customer(lead, jr.id).await.unwrap();
    let section = &d.sections.customer;
    assert!(!section.possible_incorrect_match);
    assert_eq!(section.customer.as_ref().map(|c| c.id), Some(jr.id));
    assert_eq!(
        section.location.as_ref().map(|l| l.address.as_str()),
        Some("9 Elm St")
    );
    assert_eq!(section.zone.as_deref(), Some("North"));

    let d = w
        .leads
        .copy_note(lead, note_id, NoteTarget::Customer)
        .await
        .unwrap();
    let notes = d.sections.customer.customer_notes.unwrap();
    assert!(
        notes.starts_with("Gate code 1234\n"),
        "kept what was there: {notes}"
    );
    assert!(notes.contains("Prefers mornings"), "{notes}");
    assert!(d.sections.notes[0].copied_to_customer_at.is_some());
    let d = w
        .leads
        .copy_note(lead, note_id, NoteTarget::Location)
        .await
        .unwrap();
    assert!(d
        .sections
        .customer
        .location_notes
        .unwrap()
        .contains("Prefers mornings"));
    assert!(d.sections.notes[0].copied_to_location_at.is_some());

    let other = flag(&w, "M-2", "+15125550130", Duration::hours(1))
        .await
        .unwrap();
    assert!(matches!(
        w.leads.change_customer(other, jr.id).await,
        Err(AppError::NotACandidate { .. })
    ));
}

#[tokio::test]
async fn a_later_call_reopens_nothing_done_but_shows_on_the_lead() {
    let w = world().await;
    let first = flag(&w, "L-1", "+15125550131", Duration::hours(5))
        .await
        .unwrap();
    w.leads.dismiss(first, w.owner).await.unwrap();
    let second = flag(&w, "L-2", "+15125550131", Duration::hours(1))
        .await
        .unwrap();
    assert_ne!(first, second, "a Done lead is not joined");
    let d = w.leads.detail(first).await.unwrap();
    assert_eq!(d.lead.tab, Tab::Done, "still Done");
    let later: Vec<_> = d
        .sections
        .later_calls
        .iter()
        .map(|c| c.call_id.as_str())
        .collect();
    assert_eq!(later, ["L-2"]);
    let open = w
        .leads
        .queue_page(&LeadQuery::new(Tab::Open))
        .await
        .unwrap();
    assert!(open.rows.iter().any(|r| r.id == second));
}

#[tokio::test]
async fn the_callback_number_and_voicemail_script_are_kept_and_checked() {
    let w = world().await;
    let mut settings = DialSettings {
        callback_number: Some(" +15125550100 ".into()),
        voicemail_script: Some("Hi, this is Blue Ridge Plumbing returning your call.".into()),
        ..DialSettings::default()
    };
    let saved = w.leads.save_dial_settings(settings.clone()).await.unwrap();
    assert_eq!(
        saved.callback_number.as_deref(),
        Some("+15125550100"),
        "trimmed"
    );
    assert_eq!(w.leads.dial_settings().await.unwrap(), saved);

    // E.164 in form but not a number libphonenumber accepts (555 is no US area code).
    settings.callback_number = Some("+15551234567".into());
    let Err(AppError::CannotDial(message)) = w.leads.save_dial_settings(settings.clone()).await
    else {
        panic!("an invalid callback number is refused");
    };
    assert!(message.starts_with("Callback number:"), "{message}");
    settings.callback_number = Some("512-555-0100".into());
    let Err(AppError::CannotDial(message)) = w.leads.save_dial_settings(settings.clone()).await
    else {
        panic!("a number not in E.164 form is refused");
    };
    assert!(message.contains("E.164"), "{message}");

    settings.callback_number = None;
    settings.voicemail_script = Some("x".repeat(scl_domain::MAX_VOICEMAIL_CHARS + 1));
    let Err(AppError::CannotDial(message)) = w.leads.save_dial_settings(settings).await else {
        panic!("a long script is refused");
    };
    assert!(message.starts_with("Voicemail script:"), "{message}");
    assert_eq!(
        w.leads.dial_settings().await.unwrap(),
        saved,
        "refused settings leave the stored ones"
    );
}
