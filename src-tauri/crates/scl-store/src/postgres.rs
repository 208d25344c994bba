//! The team backend: a shared PostgreSQL database.

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use crate::common::{import_rows, shared_store_impl};

mod ingest;
use crate::ingest::LeadItem;
use crate::{IncomingCall, Result};
use std::collections::HashMap;

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

    /// Inserts one statement of new calls; the key of each, in order (None: stored already).
    async fn insert_call_rows(
        conn: &mut sqlx::PgConnection,
        mut rows: sqlx::QueryBuilder<Postgres>,
        calls: &[&IncomingCall],
    ) -> Result<Vec<Option<i64>>> {
        rows.push(
            " ON CONFLICT (call_id, account_id) DO NOTHING RETURNING account_id, call_id, id",
        );
        let inserted: HashMap<(i64, String), i64> = rows
            .build_query_as::<(i64, String, i64)>()
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(account, call_id, id)| ((account, call_id), id))
            .collect();
        Ok(calls
            .iter()
            .map(|ic| {
                let key = (ic.call.account_id, ic.call.call_id.clone());
                inserted.get(&key).copied()
            })
            .collect())
    }

    /// Inserts one statement of new leads; their ids by call key.
    async fn insert_lead_rows(
        conn: &mut sqlx::PgConnection,
        mut rows: sqlx::QueryBuilder<Postgres>,
        _leads: &[LeadItem<'_>],
    ) -> Result<HashMap<i64, i64>> {
        rows.push(" RETURNING call_key, id");
        let made: Vec<(i64, i64)> = rows.build_query_as().fetch_all(&mut *conn).await?;
        Ok(made.into_iter().collect())
    }

    /// PostgreSQL checkpoints by itself.
    async fn fold_log(&self) -> Result<()> {
        Ok(())
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
