//! Fresh databases for stories.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use scl_domain::Dataset;
use scl_store::Store;

/// The instant every story reads the queue at, so Open/Cold splits are reproducible.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

pub fn demo(seed: u64, calls: usize) -> Dataset {
    let opts = scl_demo::DemoOptions {
        seed,
        calls,
        ..scl_demo::DemoOptions::new(now())
    };
    scl_demo::generate(&opts, "/nonexistent/recordings")
}

pub enum Db {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

impl Db {
    pub fn sqlite() -> Self {
        Db::Sqlite(tempfile::tempdir().expect("temp dir"))
    }

    /// A new, empty database on the test server.
    pub async fn postgres() -> Self {
        let admin = std::env::var("SCL_TEST_POSTGRES_URL").expect(
            "SCL_TEST_POSTGRES_URL is not set: run the README's test command (.ci/test), which \
             starts a throwaway PostgreSQL, or point it at a server where the user may CREATE DATABASE",
        );
        let name = format!("scl_story_{}_{}", std::process::id(), unique());
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
            .await
            .expect("connect to the test PostgreSQL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create a story database");
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        Db::Postgres(format!("{base}/{name}"))
    }

    pub async fn store(&self) -> Arc<dyn Store> {
        let url = match self {
            Db::Sqlite(dir) => scl_store::sqlite_url(&dir.path().join("story.db")),
            Db::Postgres(url) => url.clone(),
        };
        scl_store::open(&url).await.expect("open store")
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
