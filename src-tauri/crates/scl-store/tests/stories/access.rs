//! Stories of users, roles, sessions and the audit trail.

use chrono::Duration;
use scl_domain::{AccountScope, AuditFilter, BuiltinRole, Permission, RoleDraft};
use scl_store::{AuditWrite, UserWrite};

use crate::support::{now, Db};

fn user(name: &str, login: &str, role: BuiltinRole, accounts: AccountScope) -> UserWrite {
    UserWrite {
        name: name.into(),
        login: Some(login.into()),
        role_id: role.id(),
        accounts,
        password_hash: Some(format!("hash-of-{login}")),
    }
}

pub(crate) async fn users_roles_and_sessions_decide_who_may_do_what(db: Db) {
    let store = db.store().await;
    let accounts = store
        .ensure_accounts(&["North".into(), "South".into()])
        .await
        .unwrap();
    assert!(
        !store.sign_in_required().await.unwrap(),
        "nobody can sign in yet"
    );

    let roles = store.roles().await.unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Admin", "Manager", "CSR", "Viewer"]);
    for builtin in BuiltinRole::ALL {
        let role = roles.iter().find(|r| r.id == builtin.id()).unwrap();
        assert!(role.builtin);
        assert_eq!(
            role.permissions
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            builtin.permissions(),
            "{}",
            role.name
        );
    }

    let csr = store
        .save_user(
            None,
            &user(
                "Dana",
                "dana",
                BuiltinRole::Csr,
                AccountScope::Only(vec![accounts[1].id]),
            ),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(store.sign_in_required().await.unwrap());
    let creds = store.credentials("DANA").await.unwrap().unwrap();
    assert_eq!(
        (creds.user_id, creds.password_hash.as_str()),
        (csr, "hash-of-dana")
    );
    assert_eq!(store.credentials("nobody").await.unwrap(), None);

    let principal = store.principal(csr).await.unwrap().unwrap();
    assert_eq!(principal.role, "CSR");
    assert!(principal.can(Permission::EditLeads) && !principal.can(Permission::ManageUsers));
    assert_eq!(principal.accounts, AccountScope::Only(vec![accounts[1].id]));

    // A custom role; built-in roles cannot be changed.
    let auditor = RoleDraft {
        name: "Auditor".into(),
        permissions: vec![Permission::ViewLeads, Permission::FeatureManagement],
    };
    let role = store.save_role(None, &auditor).await.unwrap().unwrap();
    assert!(role > 4, "custom roles come after the built-in ones");
    assert_eq!(
        store
            .save_role(Some(BuiltinRole::Admin.id()), &auditor)
            .await
            .unwrap(),
        None
    );
    let changed = UserWrite {
        role_id: role,
        password_hash: None,
        accounts: AccountScope::All,
        ..user("Dana W.", "dana", BuiltinRole::Csr, AccountScope::All)
    };
    assert_eq!(
        store.save_user(Some(csr), &changed).await.unwrap(),
        Some(csr)
    );
    let principal = store.principal(csr).await.unwrap().unwrap();
    assert_eq!(
        (principal.name.as_str(), principal.role.as_str()),
        ("Dana W.", "Auditor")
    );
    assert!(!principal.can(Permission::EditLeads));
    assert_eq!(principal.accounts, AccountScope::All);
    assert_eq!(
        store
            .credentials("dana")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "hash-of-dana",
        "no new hash keeps the password"
    );
    let listed = store.users().await.unwrap();
    let dana = listed.iter().find(|u| u.id == csr).unwrap();
    assert!(dana.can_sign_in);
    assert_eq!(dana.role.as_deref(), Some("Auditor"));

    // Sessions expire.
    store
        .create_session("tok-hash", csr, now(), now() + Duration::days(30))
        .await
        .unwrap();
    assert_eq!(
        store.session_user("tok-hash", now()).await.unwrap(),
        Some(csr)
    );
    assert_eq!(
        store
            .session_user("tok-hash", now() + Duration::days(31))
            .await
            .unwrap(),
        None
    );
    store.end_session("tok-hash").await.unwrap();
    assert_eq!(store.session_user("tok-hash", now()).await.unwrap(), None);
}

pub(crate) async fn the_audit_trail_filters_by_user_action_and_time(db: Db) {
    let store = db.store().await;
    let entry = |minutes: i64, user: Option<i64>, action: &str| AuditWrite {
        at: now() - Duration::minutes(minutes),
        user_id: user,
        user_name: user.map_or("system".into(), |u| format!("user {u}")),
        action: action.into(),
        entity: "lead".into(),
        entity_id: Some("7".into()),
        before: Some("New".into()),
        after: Some("<script>alert(1)</script>".into()),
    };
    let owner = store.local_owner("Owner").await.unwrap();
    for e in [
        entry(30, Some(owner), "lead.status"),
        entry(20, Some(owner), "lead.note"),
        entry(10, None, "lead_status_like"),
        entry(5, Some(owner), "settings.account"),
    ] {
        store.record_audit(&e).await.unwrap();
    }
    let all = store.audit(&AuditFilter::default()).await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].action, "settings.account", "most recent first");
    assert_eq!(all[3].after.as_deref(), Some("<script>alert(1)</script>"));

    let leads = store
        .audit(&AuditFilter {
            action: Some("lead".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let actions: Vec<_> = leads.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["lead.note", "lead.status"],
        "a prefix up to a dot"
    );

    let recent = store
        .audit(&AuditFilter {
            user_id: Some(owner),
            from: Some(now() - Duration::minutes(25)),
            limit: Some(1),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].action, "settings.account");
}
