//! The team backend: a shared PostgreSQL database.

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use crate::common::{import_rows, shared_store_impl};
use crate::Result;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Tables whose ids an import may set explicitly; their identity sequences must move past them.
const IDENTITY_TABLES: [&str; 10] = [
    "accounts",
    "users",
    "customers",
    "locations",
    "calls",
    "jobs",
    "leads",
    "lead_status_history",
    "lead_notes",
    "callback_attempts",
];

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    #[tracing::instrument(skip_all, err)]
    pub async fn open(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    async fn after_import(&self, tx: &mut Transaction<'_, Postgres>) -> Result<()> {
        for table in IDENTITY_TABLES {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

shared_store_impl!(PgStore, Postgres);
