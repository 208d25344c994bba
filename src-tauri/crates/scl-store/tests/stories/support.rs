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

    fn url(&self) -> String {
        match self {
            Db::Sqlite(dir) => scl_store::sqlite_url(&dir.path().join("story.db")),
            Db::Postgres(url) => url.clone(),
        }
    }

    pub async fn store(&self) -> Arc<dyn Store> {
        scl_store::open(&self.url()).await.expect("open store")
    }

    /// The database as an earlier version of the product left it: migrated up to `version`
    /// only (the backend's own migration files), then `rows` (SQL both backends run) written.
    pub async fn made_by_version(&self, version: i64, rows: &str) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let rows = sqlx::AssertSqlSafe(rows.to_string());
        match self {
            Db::Sqlite(_) => {
                let options = self.url().parse::<sqlx::sqlite::SqliteConnectOptions>();
                let pool = sqlx::SqlitePool::connect_with(options.unwrap().create_if_missing(true))
                    .await
                    .expect("create the old database");
                let migrator = sqlx::migrate::Migrator::new(dir.join("sqlite"))
                    .await
                    .unwrap();
                migrator
                    .run_to(version, &pool)
                    .await
                    .expect("old migrations");
                sqlx::raw_sql(rows).execute(&pool).await.expect("old rows");
                pool.close().await;
            }
            Db::Postgres(url) => {
                let pool = sqlx::PgPool::connect(url).await.expect("connect");
                let migrator = sqlx::migrate::Migrator::new(dir.join("postgres"))
                    .await
                    .unwrap();
                migrator
                    .run_to(version, &pool)
                    .await
                    .expect("old migrations");
                sqlx::raw_sql(rows).execute(&pool).await.expect("old rows");
                pool.close().await;
            }
        }
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
