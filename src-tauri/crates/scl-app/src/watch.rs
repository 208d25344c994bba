//! The watched folder: exports dropped into it are imported by themselves.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, CoreEvent, ImportOptions, ImportReport, Leads, Result};

const FOLDER_KEY: &str = "watch_folder";
const ACCOUNT_KEY: &str = "watch_account";
const EXTENSIONS: [&str; 4] = ["jsonl", "ndjson", "csv", "json"];

/// Where new exports are picked up, and the account for those that name none (CDR, Twilio).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WatchFolder {
    pub path: Option<String>,
    pub account: Option<String>,
}

/// What each file looked like at the last scan: a file is imported once it has stopped
/// changing for a whole scan interval, so a phone system still writing it is not read half-way.
#[derive(Default)]
pub(crate) struct SeenFiles(Mutex<HashMap<PathBuf, (i64, i64)>>);

impl Leads {
    pub async fn watch_folder(&self) -> Result<WatchFolder> {
        self.allow(scl_domain::Permission::FeatureManagement)?;
        Ok(WatchFolder {
            path: self.store.app_setting(FOLDER_KEY).await?,
            account: self.store.app_setting(ACCOUNT_KEY).await?,
        })
    }

    /// Sets or clears the watched folder; a folder that does not exist is refused.
    #[tracing::instrument(skip_all, err)]
    pub async fn set_watch_folder(&self, watch: WatchFolder) -> Result<WatchFolder> {
        let before = self.watch_folder().await?;
        let path = watch
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if let Some(p) = path {
            if !Path::new(p).is_dir() {
                return Err(AppError::InvalidWatchFolder(p.to_string()));
            }
        }
        let account = watch
            .account
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        self.store.set_app_setting(FOLDER_KEY, path).await?;
        self.store.set_app_setting(ACCOUNT_KEY, account).await?;
        let after = self.watch_folder().await?;
        self.audit(
            "settings.watch_folder",
            "installation",
            "watch_folder",
            serde_json::to_string(&before).ok(),
            serde_json::to_string(&after).ok(),
        )
        .await?;
        Ok(after)
    }

    /// Imports the exports in the watched folder that are new or changed and have stopped
    /// changing since the previous scan. Returns what was imported (no files when none).
    #[tracing::instrument(skip_all, err)]
    pub async fn scan_watch_folder(&self) -> Result<ImportReport> {
        let watch = self.watch_folder().await?;
        let Some(folder) = watch.path else {
            return Ok(ImportReport::default());
        };
        let mut ready = Vec::new();
        let mut now_seen = HashMap::new();
        let entries = std::fs::read_dir(&folder).map_err(|e| {
            AppError::Internal(format!("cannot read the watched folder {folder}: {e}"))
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let wanted = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            let Ok(meta) = entry.metadata() else { continue };
            if !wanted || !meta.is_file() {
                continue;
            }
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            let version = (i64::try_from(meta.len()).unwrap_or(i64::MAX), modified);
            let key = path.display().to_string();
            let stable = self
                .seen
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&path)
                == Some(&version);
            if stable && !self.store.file_imported(&key, version.0, version.1).await? {
                ready.push((path.clone(), version));
            }
            now_seen.insert(path, version);
        }
        *self.seen.0.lock().unwrap_or_else(|e| e.into_inner()) = now_seen;
        if ready.is_empty() {
            return Ok(ImportReport::default());
        }
        let paths: Vec<PathBuf> = ready.iter().map(|(p, _)| p.clone()).collect();
        let opts = ImportOptions {
            account: watch.account,
            ..ImportOptions::default()
        };
        let report = self.import(&paths, &opts, &|_| {}).await?;
        for (path, (size, modified)) in &ready {
            let key = path.display().to_string();
            self.store
                .record_file_imported(&key, *size, *modified, self.clock.now())
                .await?;
        }
        let _ = self.events.send(CoreEvent::FilesImported {
            files: report.files.len() as u32,
            calls: report.files.iter().map(|f| f.calls_inserted).sum(),
            leads: report.files.iter().map(|f| f.leads_created).sum(),
        });
        tracing::info!(
            files = report.files.len(),
            "imported from the watched folder"
        );
        Ok(report)
    }
}
