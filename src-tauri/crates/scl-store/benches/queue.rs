//! The queue page on a big SQLite store: 1,000,000 calls and 250,000 leads over 180 days.
//! Filter by account and tab, rank by priority, page of 50. Goal: p95 <= 5 ms. Also the column
//! filters and sorts an agent picks (these join the calls, so they cost more).
//!
//! `cargo bench -p scl-store --bench queue` builds the database once (kept in
//! `target/bench-data/`), prints p50/p95/p99 over many timed reads per case, then runs
//! criterion for the same cases.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::Criterion;
use scl_domain::{
    AgeFilter, LeadFilters, LeadQuery, LeadSort, LeadStatus, SortColumn, SortDirection, Tab,
};
use scl_store::Store;

const CALLS: usize = 1_000_000;
const LEADS: usize = 250_000;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

async fn big_store() -> Arc<dyn Store> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data dir");
    let path = dir.join(format!("queue-{CALLS}-{LEADS}-v4.db"));
    let fresh = !path.exists();
    let store = scl_store::open(&scl_store::sqlite_url(&path))
        .await
        .expect("open");
    if fresh {
        let started = Instant::now();
        let opts = scl_demo::DemoOptions {
            seed: 1,
            calls: CALLS,
            days: 180,
            ..scl_demo::DemoOptions::new(now())
        };
        let mut data = scl_demo::generate(&opts, "/recordings");
        // An even sample keeps the mix of ages (fresh, cold, long done) of the whole period.
        let all = std::mem::take(&mut data.leads);
        data.leads = (0..LEADS)
            .map(|k| all[k * all.len() / LEADS].clone())
            .collect();
        assert_eq!(data.leads.len(), LEADS, "the generator yields enough leads");
        store.import(&data).await.expect("import");
        eprintln!(
            "built {} ({} calls, {} leads) in {:.1} s",
            path.display(),
            data.calls.len(),
            data.leads.len(),
            started.elapsed().as_secs_f64()
        );
    }
    store
}

fn cases() -> Vec<(String, LeadQuery)> {
    let mut cases = Vec::new();
    for tab in Tab::ALL {
        for (label, account) in [("account", Some(1)), ("network", None)] {
            cases.push((
                format!("{tab}/{label}/page0"),
                LeadQuery {
                    account_id: account,
                    ..LeadQuery::new(tab)
                },
            ));
        }
    }
    cases.push((
        "open/account/page10".into(),
        LeadQuery {
            account_id: Some(1),
            page: 10,
            ..LeadQuery::new(Tab::Open)
        },
    ));
    cases.push((
        "done/network/status".into(),
        LeadQuery {
            filters: LeadFilters {
                statuses: vec![LeadStatus::NotALead],
                ..LeadFilters::default()
            },
            ..LeadQuery::new(Tab::Done)
        },
    ));
    cases.push((
        "done/account/reason".into(),
        LeadQuery {
            account_id: Some(1),
            filters: LeadFilters {
                reasons: vec!["Price too high".into()],
                ..LeadFilters::default()
            },
            ..LeadQuery::new(Tab::Done)
        },
    ));
    cases.push((
        "done/account/age<72h".into(),
        LeadQuery {
            account_id: Some(1),
            filters: LeadFilters {
                age: AgeFilter {
                    min_hours: None,
                    max_hours: Some(72),
                },
                ..LeadFilters::default()
            },
            ..LeadQuery::new(Tab::Done)
        },
    ));
    cases.push((
        "done/account/by-agent".into(),
        LeadQuery {
            account_id: Some(1),
            sort: LeadSort {
                column: SortColumn::Agent,
                direction: SortDirection::Ascending,
            },
            ..LeadQuery::new(Tab::Done)
        },
    ));
    cases
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(big_store());
    let at = now();

    println!(
        "{:<24} {:>9} {:>9} {:>9}  (ms, 400 reads each)",
        "case", "p50", "p95", "p99"
    );
    for (name, q) in cases() {
        let mut times: Vec<Duration> = rt.block_on(async {
            let _ = store.queue_page(&q, at).await.unwrap(); // warm the cache
            let mut t = Vec::with_capacity(400);
            for _ in 0..400 {
                let start = Instant::now();
                let rows = store.queue_page(&q, at).await.unwrap();
                t.push(start.elapsed());
                assert_eq!(rows.len(), 50, "{name}: a full page");
            }
            t
        });
        times.sort();
        println!(
            "{name:<24} {:>9.3} {:>9.3} {:>9.3}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99)
        );
    }
    let reason = LeadQuery {
        account_id: Some(1),
        filters: LeadFilters {
            reasons: vec!["Price too high".into()],
            ..LeadFilters::default()
        },
        ..LeadQuery::new(Tab::Open)
    };
    for (label, q) in [
        (
            "counts/account",
            LeadQuery {
                account_id: Some(1),
                ..LeadQuery::new(Tab::Open)
            },
        ),
        ("counts/network", LeadQuery::new(Tab::Open)),
        ("counts/account/reason", reason),
    ] {
        let mut times: Vec<Duration> = rt.block_on(async {
            let mut t = Vec::with_capacity(100);
            for _ in 0..100 {
                let start = Instant::now();
                store.filtered_tab_counts(&q, at).await.unwrap();
                t.push(start.elapsed());
            }
            t
        });
        times.sort();
        println!(
            "{label:<24} {:>9.3} {:>9.3} {:>9.3}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99)
        );
    }

    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3));
    let mut group = c.benchmark_group("queue_page");
    for (name, q) in cases() {
        group.bench_function(&name, |b| {
            b.to_async(&rt)
                .iter(|| async { store.queue_page(&q, at).await.unwrap() })
        });
    }
    group.finish();
    c.final_summary();
}
