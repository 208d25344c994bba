//! The default backend: one SQLite file in WAL mode, on this machine.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::common::{import_rows, shared_store_impl};
use crate::ingest::LeadItem;
use crate::{IncomingCall, Result};
use std::collections::HashMap;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The ids of the rows one INSERT made.
enum Numbered<K> {
    /// Every row went in: consecutive ids from this one, in VALUES order.
    InOrder(i64),
    /// Some did not (stored already): the new ones by their key column.
    ByKey(HashMap<K, i64>),
}

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens `sqlite://PATH`, creating the file and its folder when missing, and migrates it.
    #[tracing::instrument(skip_all, err)]
    pub async fn open(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A 64 MiB page cache and memory-mapped reads: bulk imports otherwise spend their
            // time re-reading index pages through pread (measured: ~20% of an import).
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "268435456")
            .pragma("temp_store", "memory");
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// Inserts one statement of new calls; the key of each, in order (None: stored already).
    /// No RETURNING: sqlx hands each returned row across threads one at a time, which cost a
    /// third of a bulk import.
    async fn insert_call_rows(
        conn: &mut sqlx::SqliteConnection,
        mut rows: sqlx::QueryBuilder<Sqlite>,
        calls: &[&IncomingCall],
    ) -> Result<Vec<Option<i64>>> {
        rows.push(" ON CONFLICT (call_id) DO NOTHING");
        let numbered: Numbered<String> =
            Self::insert_numbered(conn, rows, "calls", "call_id", calls.len()).await?;
        Ok(match numbered {
            Numbered::InOrder(first) => (first..).take(calls.len()).map(Some).collect(),
            Numbered::ByKey(keys) => calls
                .iter()
                .map(|ic| keys.get(&ic.call.call_id).copied())
                .collect(),
        })
    }

    /// Inserts one statement of new leads; their ids by call key.
    async fn insert_lead_rows(
        conn: &mut sqlx::SqliteConnection,
        rows: sqlx::QueryBuilder<Sqlite>,
        leads: &[LeadItem<'_>],
    ) -> Result<HashMap<i64, i64>> {
        let numbered: Numbered<i64> =
            Self::insert_numbered(conn, rows, "leads", "call_key", leads.len()).await?;
        Ok(match numbered {
            Numbered::InOrder(first) => leads.iter().map(|l| l.call_key).zip(first..).collect(),
            Numbered::ByKey(ids) => ids,
        })
    }

    /// Runs a multi-row INSERT of `n` rows into `table`; the new rows' ids.
    async fn insert_numbered<K>(
        conn: &mut sqlx::SqliteConnection,
        mut rows: sqlx::QueryBuilder<Sqlite>,
        table: &'static str,
        key: &'static str,
        n: usize,
    ) -> Result<Numbered<K>>
    where
        K: std::hash::Hash
            + Eq
            + Send
            + Unpin
            + for<'r> sqlx::Decode<'r, Sqlite>
            + sqlx::Type<Sqlite>,
    {
        let max = format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
        let before: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(max))
            .fetch_one(&mut *conn)
            .await?;
        let done = rows.build().execute(&mut *conn).await?;
        // A new row gets max(rowid) + 1 and this transaction holds the write lock, so the rows
        // of one statement are numbered consecutively after `before`, in VALUES order.
        if done.rows_affected() == n as u64 && done.last_insert_rowid() == before + n as i64 {
            return Ok(Numbered::InOrder(before + 1));
        }
        let new = format!("SELECT {key}, id FROM {table} WHERE id > $1");
        let rows: Vec<(K, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(new))
            .bind(before)
            .fetch_all(&mut *conn)
            .await?;
        Ok(Numbered::ByKey(rows.into_iter().collect()))
    }

    /// A passive checkpoint: copies the log's pages that no reader still needs into the file.
    async fn fold_log(&self) -> Result<()> {
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn after_import(&self, tx: &mut Transaction<'_, Sqlite>) -> Result<()> {
        // Fresh planner statistics after a bulk load keep the queue on its indexes.
        sqlx::query("ANALYZE").execute(&mut **tx).await?;
        Ok(())
    }
}

shared_store_impl!(SqliteStore, Sqlite);
