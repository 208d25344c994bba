//! The permission matrix: every core operation the app and `scl` offer, times every built-in
//! role, allowed or refused as the seeds' permissions say; account scopes; sign-in, sessions
//! and the audit trail. Over a real SQLite file with the demo network.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use scl_app::{AppError, CoreEvent, ImportOptions, Leads, WatchFolder};
use scl_domain::{
    AccountScope, AuditFilter, BuiltinRole, DialSettings, FixedClock, LeadQuery, LeadStatus,
    NoteTarget, Permission, Principal, QueueView, RoleDraft, Tab, TranscriptFormat, UserDraft,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

struct World {
    leads: Leads,
    lead: i64,
    call_id: String,
    account: i64,
    other_account: i64,
    other_lead: i64,
    dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("p.db")))
        .await
        .unwrap();
    store
        .import(&scl_demo::generate(
            &scl_demo::DemoOptions::new(now()),
            &dir.path().join("rec").to_string_lossy(),
        ))
        .await
        .unwrap();
    let leads = Leads::new(store.clone(), Arc::new(FixedClock::new(now())));
    let open = leads.queue_page(&LeadQuery::new(Tab::Open)).await.unwrap();
    let first = open.rows[0].clone();
    let other = open
        .rows
        .iter()
        .find(|r| r.account_id != first.account_id)
        .unwrap()
        .clone();
    World {
        call_id: first.call_id.clone(),
        lead: first.id,
        account: first.account_id,
        other_account: other.account_id,
        other_lead: other.id,
        leads,
        dir,
    }
}

fn as_role(w: &World, role: BuiltinRole) -> Leads {
    w.leads.acting_as(Principal {
        user_id: 1,
        name: format!("{} user", role.name()),
        role: role.name().into(),
        permissions: role.permissions(),
        accounts: AccountScope::All,
    })
}

type Run<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;
type Runner = Box<dyn for<'a> Fn(&'a Leads, &'a World) -> Run<'a> + Send + Sync>;

/// One operation: its name, the permission it needs, and a run as the given core.
struct Op {
    name: &'static str,
    needs: Permission,
    run: Runner,
}

macro_rules! op {
    ($name:literal, $needs:ident, |$l:ident, $w:ident| $body:expr) => {
        Op {
            name: $name,
            needs: Permission::$needs,
            run: Box::new(|$l, $w| Box::pin(async move { $body.map(|_| ()) })),
        }
    };
}

fn operations() -> Vec<Op> {
    vec![
        op!("accounts", ViewLeads, |l, _w| l.accounts().await),
        op!("queue_page", ViewLeads, |l, _w| l
            .queue_page(&LeadQuery::new(Tab::Open))
            .await),
        op!("filter_options", ViewLeads, |l, w| l
            .filter_options(Some(w.account))
            .await),
        op!("queue_view", ViewLeads, |l, _w| l.queue_view().await),
        op!("save_queue_view", ViewLeads, |l, _w| l
            .save_queue_view(QueueView::default())
            .await),
        op!("detail", ViewLeads, |l, w| l.detail(w.lead).await),
        op!("history", ViewLeads, |l, w| l.history(w.lead).await),
        op!("call_media", ViewLeads, |l, w| l.call_media(w.lead).await),
        op!("lead_transcript", ViewLeads, |l, w| l
            .lead_transcript(w.lead, TranscriptFormat::Vtt)
            .await),
        op!("call_transcript", ViewLeads, |l, w| l
            .call_transcript(&w.call_id, None, TranscriptFormat::Srt)
            .await),
        op!("dial_uri", ViewLeads, |l, w| l.dial_uri(w.lead).await),
        op!("dial_settings", ViewLeads, |l, _w| l.dial_settings().await),
        op!("notification_settings", ViewLeads, |l, _w| l
            .notification_settings()
            .await),
        op!("set_status", EditLeads, |l, w| l
            .set_status(
                w.lead,
                LeadStatus::CallBackAttempted,
                scl_domain::Actor::System
            )
            .await),
        op!("dismiss", EditLeads, |l, w| l
            .dismiss(w.other_lead, 1)
            .await),
        op!("add_note", EditLeads, |l, w| l
            .add_note(w.lead, "Left a voicemail", 1)
            .await),
        op!("copy_note", EditLeads, |l, w| {
            let note = w.leads.add_note(w.lead, "for copying", 1).await?;
            let id = note.sections.notes.last().unwrap().id;
            match l.copy_note(w.lead, id, NoteTarget::Customer).await {
                Err(AppError::InvalidNote(_)) => Ok(()), // no customer record: allowed, refused later
                other => other.map(|_| ()),
            }
        }),
        op!(
            "change_customer",
            EditLeads,
            |l, w| match l.change_customer(w.lead, 999_999).await {
                Err(AppError::NotACandidate { .. }) => Ok(()), // passed the permission check
                other => other.map(|_| ()),
            }
        ),
        op!("call_customer", EditLeads, |l, w| match l
            .call_customer(w.lead, 1, |_uri: &str| Ok(()))
            .await
        {
            Err(AppError::CannotDial(_)) => Ok(()), // passed the permission check
            other => other.map(|_| ()),
        }),
        op!("import", FeatureManagement, |l, w| {
            let file = w.dir.path().join("empty.jsonl");
            std::fs::write(&file, "").unwrap();
            l.import(&[file], &ImportOptions::default(), &|_| {}).await
        }),
        op!("watch_folder", FeatureManagement, |l, _w| l
            .watch_folder()
            .await),
        op!("set_watch_folder", FeatureManagement, |l, _w| l
            .set_watch_folder(WatchFolder::default())
            .await),
        op!("audit_entries", FeatureManagement, |l, _w| l
            .audit_entries(&AuditFilter::default())
            .await),
        op!("audit_csv", FeatureManagement, |l, _w| l
            .audit_csv(&AuditFilter::default())
            .await),
        op!("save_settings", TiSettings, |l, w| {
            let current = w.leads.settings().await?;
            let mine = current.iter().find(|s| s.account_id == w.account).unwrap();
            l.save_settings(w.account, mine.settings.clone()).await
        }),
        op!("save_dial_settings", TiSettings, |l, _w| l
            .save_dial_settings(DialSettings::default())
            .await),
        op!("users", ManageUsers, |l, _w| l.users().await),
        op!("roles", ManageUsers, |l, _w| l.roles().await),
        op!("save_role", ManageUsers, |l, _w| {
            // Unique per run: the same role name twice is refused.
            static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            l.save_role(
                None,
                RoleDraft {
                    name: format!("Role {n}"),
                    permissions: vec![Permission::ViewLeads],
                },
            )
            .await
        }),
        op!("save_user", ManageUsers, |l, _w| {
            l.save_user(
                None,
                UserDraft {
                    name: "New person".into(),
                    login: None,
                    role_id: BuiltinRole::Viewer.id(),
                    accounts: AccountScope::All,
                    password: None,
                },
            )
            .await
        }),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_times_every_built_in_role() {
    let w = world().await;
    let mut checked = 0;
    for role in BuiltinRole::ALL {
        let core = as_role(&w, role);
        for op in operations() {
            let allowed = role.permissions().contains(&op.needs);
            let result = (op.run)(&core, &w).await;
            match (&result, allowed) {
                (Err(AppError::Denied(d)), false) => {
                    assert_eq!(
                        d.permission(),
                        Some(op.needs),
                        "{} as {}",
                        op.name,
                        role.name()
                    );
                    assert!(d.to_string().contains(op.needs.label()), "{d}");
                }
                (Err(AppError::Denied(d)), true) => {
                    panic!("{} as {} was refused: {d}", op.name, role.name())
                }
                (Err(e), true) => panic!("{} as {} failed: {e}", op.name, role.name()),
                (Ok(()), false) => panic!("{} as {} was allowed", op.name, role.name()),
                (Err(e), false) => panic!("{} as {}: {e}, not a refusal", op.name, role.name()),
                (Ok(()), true) => {}
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 4 * operations().len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_need_ti_or_feature_management_and_switching_the_feature_needs_the_latter() {
    let w = world().await;
    let custom = |permissions: &[Permission]| {
        w.leads.acting_as(Principal {
            user_id: 1,
            name: "Pat".into(),
            role: "Custom".into(),
            permissions: permissions.iter().copied().collect(),
            accounts: AccountScope::All,
        })
    };
    let ti = custom(&[Permission::TiSettings]);
    let mut s = ti.settings().await.unwrap();
    let mine = s.iter_mut().find(|v| v.account_id == w.account).unwrap();
    mine.settings.acw_minutes = 7;
    ti.save_settings(w.account, mine.settings.clone())
        .await
        .unwrap();
    mine.settings.scl_enabled = !mine.settings.scl_enabled;
    let err = ti
        .save_settings(w.account, mine.settings.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Denied(d) if d.permission() == Some(Permission::FeatureManagement)),
        "{err}"
    );
    let err = custom(&[Permission::ViewLeads])
        .settings()
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Denied(_)), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_sees_and_works_only_their_accounts() {
    let w = world().await;
    let csr = w.leads.acting_as(Principal {
        user_id: 1,
        name: "Dana".into(),
        role: "CSR".into(),
        permissions: BuiltinRole::Csr.permissions(),
        accounts: AccountScope::Only(vec![w.account]),
    });
    let accounts = csr.accounts().await.unwrap();
    assert_eq!(
        accounts.iter().map(|a| a.id).collect::<Vec<_>>(),
        [w.account]
    );
    let page = csr.queue_page(&LeadQuery::new(Tab::Open)).await.unwrap();
    assert!(!page.rows.is_empty());
    assert!(page.rows.iter().all(|r| r.account_id == w.account));
    let all = w
        .leads
        .queue_page(&LeadQuery::new(Tab::Open))
        .await
        .unwrap();
    assert!(
        page.counts.open < all.counts.open,
        "counts follow the scope too"
    );

    for err in [
        csr.detail(w.other_lead).await.map(|_| ()).unwrap_err(),
        csr.set_status(
            w.other_lead,
            LeadStatus::NotFollowingUp,
            scl_domain::Actor::System,
        )
        .await
        .map(|_| ())
        .unwrap_err(),
        csr.queue_page(&LeadQuery {
            account_id: Some(w.other_account),
            ..LeadQuery::new(Tab::Open)
        })
        .await
        .map(|_| ())
        .unwrap_err(),
    ] {
        assert!(
            matches!(&err, AppError::Denied(d) if d.to_string().contains("may not see account")),
            "{err}"
        );
    }
    // New-lead toasts and OS notifications only for the user's accounts.
    let flagged = |account_id| CoreEvent::LeadFlagged {
        lead_id: 1,
        account_id,
        score: 80,
    };
    assert!(csr.may_see(&flagged(w.account)));
    assert!(!csr.may_see(&flagged(w.other_account)));
    let imported = CoreEvent::FilesImported {
        files: 1,
        calls: 1,
        leads: 1,
    };
    assert!(
        !csr.may_see(&imported),
        "imports are Feature Management's news"
    );
    assert!(
        w.leads.may_see(&flagged(w.other_account)),
        "the system sees all"
    );

    let untouched = w.leads.detail(w.other_lead).await.unwrap();
    assert_ne!(untouched.lead.status, LeadStatus::NotFollowingUp);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_checks_the_hash_keeps_a_session_and_every_change_is_audited() {
    let w = world().await;
    let owner = w.leads.acting_as(w.leads.owner_principal().await.unwrap());
    assert!(!w.leads.sign_in_required().await.unwrap());
    let dana = owner
        .save_user(
            None,
            UserDraft {
                name: "Dana Whitfield".into(),
                login: Some("dana".into()),
                role_id: BuiltinRole::Csr.id(),
                accounts: AccountScope::All,
                password: Some("correct horse battery".into()),
            },
        )
        .await
        .unwrap();
    assert!(dana.can_sign_in);
    assert!(w.leads.sign_in_required().await.unwrap());

    let wrong = w.leads.sign_in("dana", "wrong password", false).await;
    assert!(matches!(wrong, Err(AppError::SignInFailed)));
    let nobody = w
        .leads
        .sign_in("nobody", "correct horse battery", false)
        .await;
    assert!(
        matches!(nobody, Err(AppError::SignInFailed)),
        "same answer for a wrong login"
    );

    let signed = w
        .leads
        .sign_in("DANA", "correct horse battery", true)
        .await
        .unwrap();
    assert_eq!(signed.principal.role, "CSR");
    let token = signed.token.clone().expect("stay signed in gives a token");
    let resumed = w.leads.resume(&token).await.unwrap().unwrap();
    assert_eq!(resumed, signed.principal);
    assert_eq!(w.leads.resume("not-a-token").await.unwrap(), None);

    // A change by Dana is audited under her name, before and after.
    let as_dana = w.leads.acting_as(signed.principal.clone());
    as_dana
        .set_status(
            w.lead,
            LeadStatus::NotAbleToSave,
            scl_domain::Actor::User(dana.id),
        )
        .await
        .unwrap();
    let err = as_dana.users().await.unwrap_err();
    assert!(err.to_string().contains("Manage users and roles"), "{err}");
    let trail = owner
        .audit_entries(&AuditFilter {
            user_id: Some(dana.id),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "lead.status");
    assert_eq!(trail[0].user_name, "Dana Whitfield");
    assert_eq!(trail[0].after.as_deref(), Some("Lead - not able to save"));
    let users = owner
        .audit_entries(&AuditFilter {
            action: Some("user".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(users.len(), 1);
    let saved = users[0].after.clone().unwrap();
    assert_eq!(
        saved, "Dana Whitfield (CSR), login dana, all accounts, password set",
        "a readable summary"
    );
    assert!(
        !saved.contains("correct horse") && !saved.contains("argon2"),
        "{saved}"
    );
    let csv = owner.audit_csv(&AuditFilter::default()).await.unwrap();
    assert!(csv.starts_with("at,user,action,entity,entity_id,before,after\r\n"));
    assert!(csv.contains("Dana Whitfield,lead.status,lead,"), "{csv}");

    // Demoted by an admin: the next operation already knows.
    owner
        .save_user(
            Some(dana.id),
            UserDraft {
                name: "Dana Whitfield".into(),
                login: Some("dana".into()),
                role_id: BuiltinRole::Viewer.id(),
                accounts: AccountScope::All,
                password: None,
            },
        )
        .await
        .unwrap();
    let now_viewer = as_dana.refreshed().await.unwrap().unwrap();
    let err = now_viewer
        .set_status(
            w.lead,
            LeadStatus::NotFollowingUp,
            scl_domain::Actor::User(dana.id),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Denied(_)), "{err}");

    w.leads.end_session(&token).await.unwrap();
    assert_eq!(w.leads.resume(&token).await.unwrap(), None);
}
