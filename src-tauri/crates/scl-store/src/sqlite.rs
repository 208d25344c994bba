//! The default backend: one SQLite file in WAL mode, on this machine.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::common::{import_rows, shared_store_impl};
use crate::Result;

mod ingest;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

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
