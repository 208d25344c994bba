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
    /// The checkpoint running in the background after a write of calls, if any.
    folding: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
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
            .pragma("temp_store", "memory")
            // The log grows while a bulk import writes faster than the background checkpoints
            // fold it in; once folded, its file is cut back to this size.
            .pragma("journal_size_limit", "67108864");
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
        Ok(Self {
            pool,
            folding: std::sync::Mutex::default(),
        })
    }

    /// Copies the whole log into the file and empties it. An import's log can grow to hundreds
    /// of megabytes (background checkpoints fold it in as it is written, but cannot start it
    /// over while the import keeps writing). Waits for readers, up to the busy timeout.
    async fn fold_log(&self) -> Result<()> {
        // Only one checkpoint runs at a time: a background one still running would make this
        // one give up at once.
        let folding = self.folding.lock().ok().and_then(|mut f| f.take());
        if let Some(folding) = folding {
            let _ = folding.await;
        }
        let (busy, log, folded): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?;
        if busy != 0 {
            tracing::info!(log, folded, "checkpoint after import: readers kept the log");
        }
        Ok(())
    }

    async fn after_import(&self, tx: &mut Transaction<'_, Sqlite>) -> Result<()> {
        // Fresh planner statistics after a bulk load keep the queue on its indexes.
        sqlx::query("ANALYZE").execute(&mut **tx).await?;
        Ok(())
    }
}

shared_store_impl!(SqliteStore, Sqlite);
