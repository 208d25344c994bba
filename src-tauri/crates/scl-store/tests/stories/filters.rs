//! Stories of the queue's filters and sorts: each filter narrows the rows and the counts of
//! every tab exactly as a plain reading of the data says it should, every column sorts with
//! ties broken by priority and missing values last, and typed text is matched literally.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::support::{demo, now, Db};
use chrono::Duration;
use scl_domain::{
    AgeFilter, CallType, Dataset, LeadFilters, LeadQuery, LeadRow, LeadSort, LeadStatus,
    NotesFilter, NotesPresence, SortColumn, SortDirection, Tab, UserId,
};
use scl_store::Store;

/// Every row of a tab under a query, page by page, as the app would read it.
async fn all_rows(store: &dyn Store, base: &LeadQuery, tab: Tab) -> Vec<LeadRow> {
    let mut q = LeadQuery {
        tab,
        page: 0,
        page_size: 89,
        ..base.clone()
    };
    let mut rows = Vec::new();
    loop {
        let page = store.queue_page(&q, now()).await.expect("queue page");
        let last = page.len() < q.page_size as usize;
        rows.extend(page);
        if last {
            return rows;
        }
        q.page += 1;
    }
}

/// What the rows do not carry: each lead's own notes and its agent's id.
struct Facts {
    lead_notes: HashMap<i64, Vec<String>>,
    agent: HashMap<i64, Option<UserId>>,
}

impl Facts {
    fn of(data: &Dataset) -> Self {
        let calls: HashMap<i64, &scl_domain::Call> = data.calls.iter().map(|c| (c.id, c)).collect();
        Self {
            lead_notes: data
                .leads
                .iter()
                .map(|l| (l.id, l.notes.iter().map(|n| n.text.clone()).collect()))
                .collect(),
            agent: data
                .leads
                .iter()
                .map(|l| (l.id, calls[&l.call].agent_id))
                .collect(),
        }
    }
}

/// Contained, ASCII letters in any case, everything else exactly: what the queue promises.
fn contains(haystack: &str, needle: &str) -> bool {
    haystack
        .to_ascii_lowercase()
        .contains(&needle.trim().to_ascii_lowercase())
}

/// The filters read plainly, one row at a time: the reference the SQL must agree with.
fn matches(f: &LeadFilters, row: &LeadRow, facts: &Facts) -> bool {
    let notes: Vec<&str> = row
        .notes
        .iter()
        .map(String::as_str)
        .filter(|n| !n.is_empty())
        .chain(facts.lead_notes[&row.id].iter().map(String::as_str))
        .collect();
    let age = now() - row.ended_at;
    (f.statuses.is_empty() || f.statuses.contains(&row.status))
        && match f.notes.presence {
            NotesPresence::Any => true,
            NotesPresence::WithNotes => !notes.is_empty(),
            NotesPresence::WithoutNotes => notes.is_empty(),
        }
        && f.notes
            .contains
            .as_deref()
            .is_none_or(|t| notes.iter().any(|n| contains(n, t)))
        && f.age
            .min_hours
            .is_none_or(|h| age >= Duration::hours(i64::from(h)))
        && f.age
            .max_hours
            .is_none_or(|h| age < Duration::hours(i64::from(h)))
        && f.customer.as_deref().is_none_or(|t| {
            let by_name = row.customer.as_deref().is_some_and(|n| contains(n, t));
            let digits: String = t.chars().filter(char::is_ascii_digit).collect();
            let by_phone = !digits.is_empty()
                && !t.chars().any(char::is_alphabetic)
                && row.phone.contains(&digits);
            by_name || by_phone
        })
        && (f.types.is_empty() || f.types.contains(&row.call_type))
        && (f.reasons.is_empty() || row.reason.as_ref().is_some_and(|r| f.reasons.contains(r)))
        && (f.agents.is_empty() || facts.agent[&row.id].is_some_and(|a| f.agents.contains(&a)))
}

/// Checks one filter on every tab: the store's rows and counts are the reference's, and it
/// leaves some rows out and keeps some (so the check means something).
async fn check_filter(store: &dyn Store, account: i64, facts: &Facts, name: &str, f: LeadFilters) {
    let unfiltered = LeadQuery {
        account_id: Some(account),
        ..LeadQuery::new(Tab::Open)
    };
    let filtered = LeadQuery {
        filters: f.clone(),
        ..unfiltered.clone()
    };
    let counts = store.filtered_tab_counts(&filtered, now()).await.unwrap();
    let (mut kept, mut dropped) = (0, 0);
    for tab in Tab::ALL {
        let all = all_rows(store, &unfiltered, tab).await;
        let mut expected: Vec<i64> = all
            .iter()
            .filter(|r| matches(&f, r, facts))
            .map(|r| r.id)
            .collect();
        let rows = all_rows(store, &filtered, tab).await;
        let mut got: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let in_rank_order = got.clone();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected, "{name}: the {tab} rows");
        assert_eq!(
            counts.get(tab) as usize,
            got.len(),
            "{name}: the {tab} count"
        );
        let ranked: Vec<i64> = all
            .iter()
            .map(|r| r.id)
            .filter(|id| in_rank_order.contains(id))
            .collect();
        assert_eq!(
            in_rank_order, ranked,
            "{name}: {tab} keeps the priority order"
        );
        kept += got.len();
        dropped += all.len() - got.len();
    }
    assert!(kept > 0, "{name}: the filter keeps some leads");
    assert!(dropped > 0, "{name}: the filter leaves some leads out");
}

/// The account of the demo with the most leads.
fn busiest_account(data: &Dataset) -> i64 {
    let mut per: HashMap<i64, usize> = HashMap::new();
    for l in &data.leads {
        *per.entry(l.account_id).or_default() += 1;
    }
    per.into_iter().max_by_key(|(id, n)| (*n, -id)).unwrap().0
}

pub(crate) async fn each_filter_narrows_rows_and_counts(db: Db) {
    let store = db.store().await;
    let data = demo(11, 1_500);
    store.import(&data).await.unwrap();
    let facts = Facts::of(&data);
    let account = busiest_account(&data);
    let options = store.account_filter_options(account).await.unwrap();
    assert_eq!(options.account_id, account);
    assert!(options.reasons.len() >= 2, "the demo account has reasons");
    assert!(options.agents.len() >= 2, "the demo account has agents");

    // A word from a Second Chance Lead note (not from any CSR note), shouted: found through the
    // lead's notes, in any case.
    let csr: Vec<&str> = data
        .calls
        .iter()
        .filter_map(|c| c.csr_notes.as_deref())
        .collect();
    let note_word = data
        .leads
        .iter()
        .filter(|l| l.account_id == account)
        .flat_map(|l| l.notes.iter())
        .flat_map(|n| n.text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .find(|w| w.len() >= 5 && !csr.iter().any(|c| contains(c, w)))
        .expect("a word only lead notes use");
    let calls: HashMap<i64, &scl_domain::Call> = data.calls.iter().map(|c| (c.id, c)).collect();
    let named = data
        .leads
        .iter()
        .filter(|l| l.account_id == account)
        .find_map(|l| calls[&l.call].customer_id)
        .expect("a lead of the account with a customer");
    let customer = data.customers.iter().find(|c| c.id == named).unwrap();
    let first_name = customer
        .name
        .split_whitespace()
        .next()
        .unwrap()
        .to_uppercase();
    let some_phone = data
        .leads
        .iter()
        .find(|l| l.account_id == account)
        .map(|l| calls[&l.call].from_number.clone())
        .unwrap();
    let typed_number = format!(
        "({}) {}-{}",
        &some_phone[2..5],
        &some_phone[5..8],
        &some_phone[8..]
    );

    let cases: Vec<(&str, LeadFilters)> = vec![
        (
            "status",
            LeadFilters {
                statuses: vec![LeadStatus::CallBackAttempted, LeadStatus::NotALead],
                ..LeadFilters::default()
            },
        ),
        (
            "with notes",
            LeadFilters {
                notes: NotesFilter {
                    presence: NotesPresence::WithNotes,
                    contains: None,
                },
                ..LeadFilters::default()
            },
        ),
        (
            "without notes",
            LeadFilters {
                notes: NotesFilter {
                    presence: NotesPresence::WithoutNotes,
                    contains: None,
                },
                ..LeadFilters::default()
            },
        ),
        (
            "notes containing a lead note's word",
            LeadFilters {
                notes: NotesFilter {
                    presence: NotesPresence::Any,
                    contains: Some(note_word.to_uppercase()),
                },
                ..LeadFilters::default()
            },
        ),
        (
            "age 2 to 72 hours",
            LeadFilters {
                age: AgeFilter {
                    min_hours: Some(2),
                    max_hours: Some(72),
                },
                ..LeadFilters::default()
            },
        ),
        (
            "customer by name",
            LeadFilters {
                customer: Some(first_name),
                ..LeadFilters::default()
            },
        ),
        (
            "customer by number as typed",
            LeadFilters {
                customer: Some(typed_number),
                ..LeadFilters::default()
            },
        ),
        (
            "type",
            LeadFilters {
                types: vec![CallType::Abandoned],
                ..LeadFilters::default()
            },
        ),
        (
            "reason",
            LeadFilters {
                reasons: vec![options.reasons[0].clone()],
                ..LeadFilters::default()
            },
        ),
        (
            "agent",
            LeadFilters {
                agents: vec![options.agents[0].id, options.agents[1].id],
                ..LeadFilters::default()
            },
        ),
        (
            "status and agent and age together",
            LeadFilters {
                statuses: vec![LeadStatus::New],
                age: AgeFilter {
                    min_hours: None,
                    max_hours: Some(24 * 10),
                },
                agents: options.agents.iter().take(3).map(|a| a.id).collect(),
                ..LeadFilters::default()
            },
        ),
    ];
    for (name, f) in cases {
        check_filter(store.as_ref(), account, &facts, name, f).await;
    }
}

pub(crate) async fn filter_options_are_the_accounts_own(db: Db) {
    let store = db.store().await;
    let data = demo(5, 900);
    store.import(&data).await.unwrap();
    let calls: HashMap<i64, &scl_domain::Call> = data.calls.iter().map(|c| (c.id, c)).collect();
    let names: HashMap<i64, &str> = data.users.iter().map(|u| (u.id, u.name.as_str())).collect();
    for account in &data.accounts {
        let options = store.account_filter_options(account.id).await.unwrap();
        let of_account = data.leads.iter().filter(|l| l.account_id == account.id);
        let mut reasons: Vec<String> = of_account
            .clone()
            .filter_map(|l| calls[&l.call].reason.clone())
            .collect();
        reasons.sort();
        reasons.dedup();
        assert_eq!(options.reasons, reasons, "{}: reasons", account.name);
        let mut agents: Vec<(String, i64)> = of_account
            .filter_map(|l| calls[&l.call].agent_id)
            .map(|id| (names[&id].to_string(), id))
            .collect();
        agents.sort();
        agents.dedup();
        let got: Vec<(String, i64)> = options
            .agents
            .iter()
            .map(|a| (a.name.clone(), a.id))
            .collect();
        assert_eq!(got, agents, "{}: agents by name", account.name);
    }
}

/// The value a column shows, as the queue orders it: ASCII letters in any case, rows without
/// a value as `None`.
fn sort_key(column: SortColumn, r: &LeadRow) -> Option<String> {
    let text = |s: &Option<String>| {
        s.as_deref()
            .filter(|v| !v.is_empty())
            .map(str::to_ascii_lowercase)
    };
    match column {
        SortColumn::Priority | SortColumn::Age => None,
        SortColumn::Status => {
            let i = LeadStatus::ALL.iter().position(|s| *s == r.status).unwrap();
            Some(format!("{i:02}"))
        }
        SortColumn::Notes => text(&r.notes),
        SortColumn::Account => Some(r.account.to_ascii_lowercase()),
        SortColumn::Customer => Some(
            r.customer
                .as_deref()
                .unwrap_or(&r.phone)
                .to_ascii_lowercase(),
        ),
        SortColumn::Type => Some(r.call_type.label().to_string()),
        SortColumn::Reason => text(&r.reason),
        SortColumn::Agent => text(&r.agent),
    }
}

/// Priority order: best score, then the most recently flagged, then the newest id.
fn by_rank(a: &LeadRow, b: &LeadRow) -> Ordering {
    (b.score, b.flagged_at, b.id).cmp(&(a.score, a.flagged_at, a.id))
}

fn in_order(sort: LeadSort, a: &LeadRow, b: &LeadRow) -> Ordering {
    let asc = sort.direction == SortDirection::Ascending;
    let directed = |o: Ordering| if asc { o } else { o.reverse() };
    match sort.column {
        SortColumn::Priority => directed(by_rank(a, b)),
        SortColumn::Age => directed(b.ended_at.cmp(&a.ended_at)).then_with(|| by_rank(a, b)),
        column => {
            let (ka, kb) = (sort_key(column, a), sort_key(column, b));
            match (ka, kb) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(x), Some(y)) => directed(x.as_bytes().cmp(y.as_bytes())),
            }
            .then_with(|| by_rank(a, b))
        }
    }
}

pub(crate) async fn every_column_sorts_both_ways_with_ties_by_priority(db: Db) {
    let store = db.store().await;
    let data = demo(21, 1_200);
    store.import(&data).await.unwrap();
    let columns = [
        SortColumn::Priority,
        SortColumn::Status,
        SortColumn::Notes,
        SortColumn::Age,
        SortColumn::Account,
        SortColumn::Customer,
        SortColumn::Type,
        SortColumn::Reason,
        SortColumn::Agent,
    ];
    for column in columns {
        for direction in [SortDirection::Ascending, SortDirection::Descending] {
            let sort = LeadSort { column, direction };
            // The whole network's Done tab holds every status, account, type and missing value.
            let q = LeadQuery {
                sort,
                ..LeadQuery::new(Tab::Done)
            };
            let rows = all_rows(store.as_ref(), &q, Tab::Done).await;
            let mut expected = rows.clone();
            expected.sort_by(|a, b| in_order(sort, a, b));
            let ids = |rs: &[LeadRow]| rs.iter().map(|r| r.id).collect::<Vec<_>>();
            assert_eq!(
                ids(&rows),
                ids(&expected),
                "sorted by {column:?} {direction:?}"
            );
            assert_eq!(
                rows.len() as u32,
                store.tab_counts(None, now()).await.unwrap().done,
                "sorting keeps every row"
            );
            let missing = rows
                .iter()
                .filter(|r| sort_key(column, r).is_none())
                .count();
            if matches!(
                column,
                SortColumn::Notes | SortColumn::Reason | SortColumn::Agent
            ) {
                assert!(
                    rows[rows.len() - missing..]
                        .iter()
                        .all(|r| sort_key(column, r).is_none()),
                    "{column:?} {direction:?}: rows without a value come last"
                );
            }
            if column == SortColumn::Notes {
                assert!(
                    missing > 0 && missing < rows.len(),
                    "some Done leads have notes and some do not"
                );
            }
        }
    }
}

pub(crate) async fn hostile_text_in_a_filter_is_matched_literally(db: Db) {
    let store = db.store().await;
    let mut data = demo(3, 300);
    let account = busiest_account(&data);
    // Six leads of one account get notes that LIKE wildcards or quoting would confuse.
    let hostile = [
        "Wants 50% off",
        "Wants 50 off, then 5",
        "code a_b",
        "code axb",
        "O'Brien said it's fine",
        "<script>alert('x')</script> \\ backslash",
    ];
    let picked: Vec<i64> = data
        .leads
        .iter()
        .filter(|l| l.account_id == account)
        .take(hostile.len())
        .map(|l| l.call)
        .collect();
    assert_eq!(picked.len(), hostile.len());
    for call in data.calls.iter_mut() {
        call.csr_notes = picked
            .iter()
            .position(|k| *k == call.id)
            .map(|i| hostile[i].to_string());
    }
    for lead in data.leads.iter_mut() {
        lead.notes.clear();
    }
    store.import(&data).await.unwrap();

    let notes_of = |needle: &str| {
        let store = store.clone();
        let needle = needle.to_string();
        async move {
            let q = LeadQuery {
                account_id: Some(account),
                filters: LeadFilters {
                    notes: NotesFilter {
                        presence: NotesPresence::Any,
                        contains: Some(needle),
                    },
                    ..LeadFilters::default()
                },
                ..LeadQuery::new(Tab::Open)
            };
            let mut found = Vec::new();
            for tab in Tab::ALL {
                for r in all_rows(store.as_ref(), &q, tab).await {
                    found.push(r.notes.unwrap_or_default());
                }
            }
            found.sort();
            found
        }
    };
    assert_eq!(
        notes_of("50%").await,
        vec![hostile[0]],
        "% is a percent sign"
    );
    assert_eq!(
        notes_of("A_B").await,
        vec![hostile[2]],
        "_ is an underscore"
    );
    assert_eq!(
        notes_of("o'brien").await,
        vec![hostile[4]],
        "a quote is a quote"
    );
    assert_eq!(
        notes_of("<SCRIPT>").await,
        vec![hostile[5]],
        "tags are text"
    );
    assert_eq!(
        notes_of("\\ back").await,
        vec![hostile[5]],
        "a backslash is a backslash"
    );
    assert_eq!(notes_of("%").await, vec![hostile[0]]);
    assert!(notes_of("'; DROP TABLE leads;--").await.is_empty());
    assert_eq!(
        store.tab_counts(None, now()).await.unwrap(),
        {
            let all = LeadQuery::new(Tab::Open);
            store.filtered_tab_counts(&all, now()).await.unwrap()
        },
        "the leads are all still there"
    );

    // The same text in the Customer filter.
    let q = LeadQuery {
        account_id: Some(account),
        filters: LeadFilters {
            customer: Some("%_'".into()),
            ..LeadFilters::default()
        },
        ..LeadQuery::new(Tab::Open)
    };
    let counts = store.filtered_tab_counts(&q, now()).await.unwrap();
    assert_eq!(
        counts.open + counts.cold + counts.done,
        0,
        "no customer is named %_'"
    );
}
