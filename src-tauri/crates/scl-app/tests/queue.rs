//! The queue's use cases over a real SQLite file with a fixed clock: filters refused or
//! applied, counts that follow them, the pickers' choices, and the view kept across restarts.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use scl_app::{AppError, Leads, QUEUE_VIEW_KEY};
use scl_domain::{
    FilterError, FilterKind, FixedClock, LeadFilters, LeadQuery, LeadSort, LeadStatus, QueryError,
    QueueView, SortColumn, SortDirection, SpeedToLead, Tab,
};

async fn demo_leads(dir: &tempfile::TempDir) -> Leads {
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("q.db")))
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
    Leads::new(store, Arc::new(FixedClock::new(now)))
}

#[tokio::test]
async fn a_single_account_filter_without_an_account_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let leads = demo_leads(&dir).await;
    for (kind, filters) in [
        (
            FilterKind::Customer,
            LeadFilters {
                customer: Some("Rosa".into()),
                ..LeadFilters::default()
            },
        ),
        (
            FilterKind::Reason,
            LeadFilters {
                reasons: vec!["Price too high".into()],
                ..LeadFilters::default()
            },
        ),
        (
            FilterKind::Agent,
            LeadFilters {
                agents: vec![1],
                ..LeadFilters::default()
            },
        ),
    ] {
        let q = LeadQuery {
            filters,
            ..LeadQuery::new(Tab::Open)
        };
        let err = leads.queue_page(&q).await.unwrap_err();
        assert!(
            matches!(
                err,
                AppError::InvalidQuery(QueryError::Filter(FilterError::NeedsSingleAccount(k))) if k == kind
            ),
            "{kind:?}: {err}"
        );
        assert!(
            err.to_string().contains(kind.label()),
            "the message names the filter: {err}"
        );
        let one_account = LeadQuery {
            account_id: Some(1),
            ..q
        };
        assert!(
            leads.queue_page(&one_account).await.is_ok(),
            "{kind:?} applies once an account is chosen"
        );
    }
}

#[tokio::test]
async fn counts_and_total_follow_the_filters_and_rows_carry_speed_to_lead() {
    let dir = tempfile::tempdir().unwrap();
    let leads = demo_leads(&dir).await;
    let all = leads.queue_page(&LeadQuery::new(Tab::Done)).await.unwrap();
    let q = LeadQuery {
        filters: LeadFilters {
            statuses: vec![LeadStatus::NotALead],
            ..LeadFilters::default()
        },
        ..LeadQuery::new(Tab::Done)
    };
    let page = leads.queue_page(&q).await.unwrap();
    assert!(page.total > 0 && page.total < all.total);
    assert_eq!(page.total, page.counts.done);
    assert_eq!(
        (page.counts.open, page.counts.cold),
        (0, 0),
        "a closing status is never Open or Cold"
    );
    assert!(page.rows.iter().all(|r| r.status == LeadStatus::NotALead));
    for row in &all.rows {
        assert_eq!(row.speed_to_lead, SpeedToLead::of(row.ended_at, all.now));
    }
}

#[tokio::test]
async fn filter_options_list_the_accounts_reasons_and_agents_only_for_one_account() {
    let dir = tempfile::tempdir().unwrap();
    let leads = demo_leads(&dir).await;
    let network = leads.filter_options(None).await.unwrap();
    assert_eq!(network.statuses, LeadStatus::ALL.to_vec());
    assert!(network.account.is_none());
    assert_eq!(
        network.single_account,
        vec![FilterKind::Customer, FilterKind::Reason, FilterKind::Agent]
    );
    let one = leads.filter_options(Some(1)).await.unwrap();
    let account = one.account.expect("the account's choices");
    assert!(!account.reasons.is_empty() && !account.agents.is_empty());
    assert!(matches!(
        leads.filter_options(Some(999)).await,
        Err(AppError::AccountNotFound(999))
    ));
}

#[tokio::test]
async fn the_queue_view_is_kept_and_a_stale_one_falls_back_to_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let leads = demo_leads(&dir).await;
    assert_eq!(leads.queue_view().await.unwrap(), QueueView::default());

    let view = QueueView {
        tab: Tab::Cold,
        account_id: Some(2),
        filters: LeadFilters {
            reasons: vec!["Will call back".into()],
            customer: Some("O'Hara <b>%_".into()),
            ..LeadFilters::default()
        },
        sort: LeadSort {
            column: SortColumn::Age,
            direction: SortDirection::Descending,
        },
    };
    leads.save_queue_view(view.clone()).await.unwrap();
    // A restart: a new core over the same database.
    let store = leads.store().clone();
    let again = Leads::new(store.clone(), Arc::new(FixedClock::new(leads.now())));
    assert_eq!(again.queue_view().await.unwrap(), view);

    // The core refuses to save what it would refuse to query.
    let unscoped = QueueView {
        account_id: None,
        ..view.clone()
    };
    assert!(matches!(
        again.save_queue_view(unscoped).await,
        Err(AppError::InvalidQuery(_))
    ));
    assert!(matches!(
        again
            .save_queue_view(QueueView {
                account_id: Some(999),
                ..QueueView::default()
            })
            .await,
        Err(AppError::AccountNotFound(999))
    ));
    assert_eq!(
        again.queue_view().await.unwrap(),
        view,
        "refusals change nothing"
    );

    // Views saved by an older version, by hand, or naming a removed account.
    for stale in [
        "not json".to_string(),
        r#"{"tab":"sideways"}"#.to_string(),
        r#"{"account_id":999,"tab":"done"}"#.to_string(),
        r#"{"filters":{"agents":[1]}}"#.to_string(),
    ] {
        store
            .set_app_setting(QUEUE_VIEW_KEY, Some(&stale))
            .await
            .unwrap();
        assert_eq!(
            again.queue_view().await.unwrap(),
            QueueView::default(),
            "{stale}"
        );
    }
    // Fields a view does not mention take their defaults.
    store
        .set_app_setting(QUEUE_VIEW_KEY, Some(r#"{"tab":"done"}"#))
        .await
        .unwrap();
    assert_eq!(
        again.queue_view().await.unwrap(),
        QueueView {
            tab: Tab::Done,
            ..QueueView::default()
        }
    );
}

#[test]
fn queries_without_filters_or_sort_still_parse() {
    let q: LeadQuery =
        serde_json::from_str(r#"{"tab":"open","account_id":null,"page":0,"page_size":50}"#)
            .unwrap();
    assert_eq!(q, LeadQuery::new(Tab::Open));
}
