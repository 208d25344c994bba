//! The queue's filters and sorts as a person uses them: each Filter next to a column header
//! narrows the rows and the tab counts exactly as the core does for the same query, Customer,
//! Reason and Agent stay disabled until one account is chosen, a header sorts, and the view
//! comes back after quitting and starting the app again.

use scl_domain::{
    AgeFilter, CallType, LeadFilters, LeadQuery, LeadSort, LeadStatus, NotesFilter, NotesPresence,
    SortColumn, SortDirection, SpeedToLead, Tab,
};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use crate::support::*;

/// Waits until the window shows the store's first page and counts for `query`.
async fn shows(app: &App, what: &str, query: &LeadQuery) {
    let expected: Vec<i64> = app
        .store
        .queue_page(query, now())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let counts = app.store.filtered_tab_counts(query, now()).await.unwrap();
    assert!(
        !expected.is_empty(),
        "{what}: the demo has leads for this filter"
    );
    wait_for(&format!("{what}: the store's rows"), || async {
        (row_ids(&app.driver).await == expected).then_some(())
    })
    .await;
    for tab in Tab::ALL {
        let want = counts.get(tab);
        wait_for(&format!("{what}: the {tab} count {want}"), || async {
            (count_on_screen(&app.driver, tab).await == want).then_some(())
        })
        .await;
    }
}

/// Opens a column's Filter panel.
async fn open_filter(driver: &WebDriver, column: &str) {
    click(driver, &format!("filter-{column}")).await;
    by_testid(driver, &format!("filter-panel-{column}")).await;
}

/// Ticks a value in an open Filter panel.
async fn pick(driver: &WebDriver, column: &str, value: &str) {
    let selector = format!("[data-testid='filter-panel-{column}'] [data-value='{value}']");
    let option = wait_for(&format!("{column} option {value}"), || async {
        driver.find(By::Css(selector.clone())).await.ok()
    })
    .await;
    option.click().await.unwrap();
}

/// Types into a text field of an open Filter panel and applies it.
async fn type_and_apply(driver: &WebDriver, column: &str, field: &str, text: &str) {
    let input = by_testid(driver, field).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
    click(driver, &format!("filter-apply-{column}")).await;
}

async fn clear_filters(driver: &WebDriver) {
    click(driver, "clear-filters").await;
}

async fn choose_account(driver: &WebDriver, account: Option<i64>) {
    let select = SelectElement::new(&by_testid(driver, "account-filter").await)
        .await
        .unwrap();
    let value = account.map_or(String::new(), |a| a.to_string());
    select.select_by_value(&value).await.unwrap();
}

async fn enabled(driver: &WebDriver, testid: &str) -> bool {
    by_testid(driver, testid).await.is_enabled().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_filter_narrows_the_rows_and_counts_and_some_need_one_account() {
    let app = App::launch().await;
    let driver = &app.driver;
    let base = LeadQuery::new(Tab::Open);
    shows(&app, "no filter", &base).await;

    // Customer, Reason and Agent need one account: disabled, and the reason is on screen.
    for column in ["customer", "reason", "agent"] {
        assert!(
            !enabled(driver, &format!("filter-{column}")).await,
            "{column} is disabled"
        );
    }
    for column in ["status", "notes", "age", "account", "type"] {
        assert!(
            enabled(driver, &format!("filter-{column}")).await,
            "{column} is enabled"
        );
    }
    let hint = wait_for("the single-account hint", || {
        text_of(driver, "single-account-hint")
    })
    .await;
    assert!(hint.contains("need a single account"), "{hint}");

    // Status.
    open_filter(driver, "status").await;
    pick(driver, "status", LeadStatus::CallBackAttempted.label()).await;
    let by_status = LeadQuery {
        filters: LeadFilters {
            statuses: vec![LeadStatus::CallBackAttempted],
            ..LeadFilters::default()
        },
        ..base.clone()
    };
    shows(&app, "Status", &by_status).await;
    save_screenshot(driver, "filter-status.png").await;
    clear_filters(driver).await;
    shows(&app, "cleared", &base).await;

    // Notes: with notes, then a word they contain (any case).
    open_filter(driver, "notes").await;
    pick(driver, "notes", "with_notes").await;
    let with_notes = LeadQuery {
        filters: LeadFilters {
            notes: NotesFilter {
                presence: NotesPresence::WithNotes,
                contains: None,
            },
            ..LeadFilters::default()
        },
        ..base.clone()
    };
    shows(&app, "Notes: with notes", &with_notes).await;
    type_and_apply(driver, "notes", "filter-input-notes", "CUSTOMER").await;
    let containing = LeadQuery {
        filters: LeadFilters {
            notes: NotesFilter {
                presence: NotesPresence::WithNotes,
                contains: Some("CUSTOMER".into()),
            },
            ..LeadFilters::default()
        },
        ..base.clone()
    };
    shows(&app, "Notes: containing", &containing).await;
    clear_filters(driver).await;

    // Age: calls that ended less than two days ago.
    open_filter(driver, "age").await;
    type_and_apply(driver, "age", "filter-input-age-max", "48").await;
    let young = LeadQuery {
        filters: LeadFilters {
            age: AgeFilter {
                min_hours: None,
                max_hours: Some(48),
            },
            ..LeadFilters::default()
        },
        ..base.clone()
    };
    shows(&app, "Age", &young).await;
    clear_filters(driver).await;

    // Type.
    open_filter(driver, "type").await;
    pick(driver, "type", CallType::Abandoned.label()).await;
    let abandoned = LeadQuery {
        filters: LeadFilters {
            types: vec![CallType::Abandoned],
            ..LeadFilters::default()
        },
        ..base.clone()
    };
    shows(&app, "Type", &abandoned).await;
    clear_filters(driver).await;
    shows(&app, "cleared", &base).await;

    // Account, from its column's Filter: the single-account filters come alive.
    let account = app.store.accounts().await.unwrap()[0].id;
    open_filter(driver, "account").await;
    let select = SelectElement::new(&by_testid(driver, "filter-input-account").await)
        .await
        .unwrap();
    select.select_by_value(&account.to_string()).await.unwrap();
    let one_account = LeadQuery {
        account_id: Some(account),
        ..base.clone()
    };
    shows(&app, "Account", &one_account).await;
    wait_for("Customer, Reason and Agent enabled", || async {
        let all = enabled(driver, "filter-customer").await
            && enabled(driver, "filter-reason").await
            && enabled(driver, "filter-agent").await;
        all.then_some(())
    })
    .await;
    assert!(text_of(driver, "single-account-hint").await.is_none());

    // Customer: part of the first row's customer name, typed in lower case.
    let first = app.store.queue_page(&one_account, now()).await.unwrap();
    let name = first
        .iter()
        .find_map(|r| r.customer.clone())
        .expect("a named customer on the first page");
    let part = name.split_whitespace().last().unwrap().to_lowercase();
    open_filter(driver, "customer").await;
    type_and_apply(driver, "customer", "filter-input-customer", &part).await;
    let by_customer = LeadQuery {
        filters: LeadFilters {
            customer: Some(part.clone()),
            ..LeadFilters::default()
        },
        ..one_account.clone()
    };
    shows(&app, "Customer", &by_customer).await;
    clear_filters(driver).await;

    // Reason and Agent offer the account's own values.
    let options = app.store.account_filter_options(account).await.unwrap();
    let reason = options.reasons[0].clone();
    open_filter(driver, "reason").await;
    pick(driver, "reason", &reason).await;
    let by_reason = LeadQuery {
        filters: LeadFilters {
            reasons: vec![reason.clone()],
            ..LeadFilters::default()
        },
        ..one_account.clone()
    };
    shows(&app, "Reason", &by_reason).await;
    clear_filters(driver).await;

    let agent = options.agents[0].id;
    open_filter(driver, "agent").await;
    pick(driver, "agent", &agent.to_string()).await;
    let by_agent = LeadQuery {
        filters: LeadFilters {
            agents: vec![agent],
            ..LeadFilters::default()
        },
        ..one_account.clone()
    };
    shows(&app, "Agent", &by_agent).await;

    // Back to every account: the Agent filter is dropped, never sent without an account.
    choose_account(driver, None).await;
    shows(&app, "all accounts again", &base).await;
    assert!(!enabled(driver, "filter-agent").await);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sorted_and_filtered_view_survives_a_restart() {
    let app = App::launch().await;
    let driver = &app.driver;
    shows(&app, "no filter", &LeadQuery::new(Tab::Open)).await;

    // Age, ascending: the youngest first; the header says so.
    click(driver, "sort-age").await;
    let by_age = LeadQuery {
        sort: LeadSort {
            column: SortColumn::Age,
            direction: SortDirection::Ascending,
        },
        ..LeadQuery::new(Tab::Open)
    };
    shows(&app, "sorted by age", &by_age).await;
    let header = by_testid(driver, "column-age").await;
    assert_eq!(
        header.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending")
    );
    let youngest = &app.store.queue_page(&by_age, now()).await.unwrap()[0];
    let word = match youngest.speed_to_lead {
        SpeedToLead::Fresh => "Fresh",
        SpeedToLead::Aging => "Aging",
        SpeedToLead::Stale => "Stale",
    };
    let speed = by_testid(driver, "speed-to-lead").await;
    assert!(
        speed.text().await.unwrap().ends_with(word),
        "the youngest lead's speed to lead, in words: {word}"
    );

    // A tab, an account and a filter on top.
    let account = app.store.accounts().await.unwrap()[1].id;
    choose_account(driver, Some(account)).await;
    click(driver, "tab-done").await;
    open_filter(driver, "status").await;
    pick(driver, "status", LeadStatus::NotALead.label()).await;
    let view = LeadQuery {
        tab: Tab::Done,
        account_id: Some(account),
        filters: LeadFilters {
            statuses: vec![LeadStatus::NotALead],
            ..LeadFilters::default()
        },
        ..by_age.clone()
    };
    shows(&app, "the view before the restart", &view).await;

    let app = app.relaunch().await;
    let driver = &app.driver;
    shows(&app, "the view after the restart", &view).await;
    let header = by_testid(driver, "column-age").await;
    assert_eq!(
        header.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending")
    );
    let filter = by_testid(driver, "filter-status").await;
    assert_eq!(
        filter.attr("data-active").await.unwrap().as_deref(),
        Some("1")
    );
    let tab = by_testid(driver, "tab-done").await;
    assert_eq!(
        tab.attr("aria-selected").await.unwrap().as_deref(),
        Some("true")
    );
    let select = by_testid(driver, "account-filter").await;
    assert_eq!(
        select.prop("value").await.unwrap().as_deref(),
        Some(account.to_string().as_str())
    );
    save_screenshot(driver, "filters-restored.png").await;
    app.quit().await;
}
