//! Importing exports from phone systems: parse (scl-ingest), file under accounts and agents,
//! classify, evaluate the calls already past their After Call Work Time, write in chunks.

mod writer;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use scl_ingest::{DateOrder, LocalZone};
use serde::Serialize;
use ts_rs::TS;

use crate::{AppError, Leads, Result};
use writer::FileWriter;

/// Calls read per part, written per transaction, and between two progress reports.
const WRITE_CHUNK: usize = 50_000;

/// Problems an import's audit row keeps, the first ones of each file.
const AUDITED_PROBLEMS: usize = 20;

/// Parts read ahead of the one being written: enough to keep both threads busy.
const PARTS_AHEAD: usize = 2;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The account for formats that name none (CDR, Twilio).
    pub account: Option<String>,
    /// CDR: where recordings named after a call's unique id are.
    pub recordings_dir: Option<PathBuf>,
    /// CDR: the zone the PBX wrote its local times in, for this import (`--time-zone`,
    /// `--utc-offset`). Else the account's time zone, else this computer's.
    pub zone: Option<LocalZone>,
    /// CDR: the order of slashed dates (`--date-order`); else the file must show it.
    pub date_order: Option<DateOrder>,
}

/// How far an import has come, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub file: String,
    pub file_index: u32,
    pub files: u32,
    pub calls_done: u32,
    /// While the file is read, the most calls it can hold (from its lines); exact in the last
    /// report of the file.
    pub calls_total: u32,
}

/// A record the import skipped (error) or kept with a remark (warning), and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProblem {
    pub file: String,
    pub line: u32,
    pub field: Option<String>,
    /// True when the record was skipped.
    pub skipped: bool,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl From<scl_ingest::Problem> for ImportProblem {
    fn from(p: scl_ingest::Problem) -> Self {
        Self {
            file: p.file.display().to_string(),
            line: u32::try_from(p.line).unwrap_or(u32::MAX),
            field: p.field,
            skipped: p.severity == scl_ingest::Severity::Error,
            message: p.message,
        }
    }
}

/// What importing one file did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FileReport {
    pub path: String,
    pub format: Option<String>,
    /// Set when the whole file could not be read; nothing of it was written.
    pub error: Option<String>,
    pub calls_read: u32,
    pub calls_inserted: u32,
    /// Calls already imported before (same call id in the account, same data): left unchanged.
    pub duplicates: u32,
    /// Calls whose id the account already stores (or that came earlier in the file) with
    /// different data: the first is kept, and each has a warning naming the fields that differ.
    /// `calls_read = calls_inserted + duplicates + conflicts`.
    pub conflicts: u32,
    pub customers: u32,
    pub jobs_inserted: u32,
    pub evaluated: u32,
    pub leads_created: u32,
    pub leads_joined: u32,
    /// Open leads closed by a job booked for the same caller after the lead was flagged.
    pub leads_closed_by_jobs: u32,
    /// Card numbers and SSNs removed from transcripts and notes.
    pub redactions: u32,
    pub problems: Vec<ImportProblem>,
    /// Records in the file (CDR rows, JSON Lines lines, Twilio call objects):
    /// `rows_in_calls + rows_internal + rows_skipped + rows_other`.
    pub rows: u32,
    /// Rows that made (part of) a call read.
    pub rows_in_calls: u32,
    /// Rows of internal calls (extension to extension).
    pub rows_internal: u32,
    /// Rows skipped for an error (each named in `problems`, or by the problem that swallowed
    /// them).
    pub rows_skipped: u32,
    /// JSON Lines job and customer records.
    pub rows_other: u32,
    /// Calls between extensions: read, counted, not imported.
    pub internal: u32,
    /// Calls read by direction: `calls_read = inbound + outbound`.
    pub inbound: u32,
    pub outbound: u32,
    /// CDR: the zone local times were read in (`America/Chicago`, `UTC-06:00`).
    pub time_zone: Option<String>,
    /// Why that zone: `flag` (this import's option), `account` (the account's setting) or
    /// `computer` (this computer's zone, as neither was set).
    pub time_zone_source: Option<String>,
    /// CDR: how slashed dates were read (`dmy`, `mdy`, `ymd`), when the file had any.
    pub date_order: Option<String>,
}

impl FileReport {
    /// Records skipped for errors (warnings kept their record).
    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.skipped).count()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
}

/// The audit row of an imported file: its report with only its first problems and their total.
/// A file with a million bad lines would otherwise make one row of hundreds of megabytes.
fn audit_outcome(file: &mut FileReport) -> Option<String> {
    let problems = std::mem::take(&mut file.problems);
    file.problems
        .extend(problems.iter().take(AUDITED_PROBLEMS).cloned());
    let mut outcome = serde_json::to_value(&*file).ok();
    file.problems = problems;
    if let Some(fields) = outcome.as_mut().and_then(|o| o.as_object_mut()) {
        fields.insert("problems_total".into(), file.problems.len().into());
    }
    outcome.map(|o| o.to_string())
}

impl Leads {
    /// Imports each file in turn. A file that cannot be read is reported and the others still
    /// import; within a file, bad records are reported and good ones land. Importing the same
    /// file again changes nothing. A file is read a part at a time on another thread while the
    /// parts before it are written.
    #[tracing::instrument(skip_all, err, fields(files = paths.len()))]
    pub async fn import(
        &self,
        paths: &[PathBuf],
        opts: &ImportOptions,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport> {
        self.allow(scl_domain::Permission::FeatureManagement)?;
        let mut report = ImportReport::default();
        for (index, path) in paths.iter().enumerate() {
            let (options, zone_source) = self.ingest_options(opts).await?;
            let step = |done, total| {
                progress(ImportProgress {
                    file: path.display().to_string(),
                    file_index: count(index),
                    files: count(paths.len()),
                    calls_done: done,
                    calls_total: total,
                })
            };
            let zone = options.local_zone.name();
            let mut file = self.import_file(path, options, &step).await?;
            if file.format.as_deref().is_some_and(is_cdr) {
                file.time_zone = Some(zone);
                file.time_zone_source = Some(zone_source.to_string());
            }
            report.files.push(file);
        }
        if report.files.iter().any(|f| f.calls_inserted > 0) {
            self.store.checkpoint().await?;
        }
        for file in &mut report.files {
            let outcome = audit_outcome(file);
            self.audit("import", "file", &file.path, None, outcome)
                .await?;
        }
        Ok(report)
    }

    async fn import_file(
        &self,
        path: &Path,
        options: scl_ingest::Options,
        step: &(dyn Fn(u32, u32) + Send + Sync),
    ) -> Result<FileReport> {
        let (parts_in, mut parts) = tokio::sync::mpsc::channel(PARTS_AHEAD);
        let read_path = path.to_path_buf();
        let reading = tokio::task::spawn_blocking(move || {
            scl_ingest::read_path_parts(&read_path, &options, WRITE_CHUNK, &mut |part| {
                match parts_in.blocking_send(part) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()), // the writer gave up
                }
            })
        });
        let mut writer = FileWriter::new(self, path, step);
        let mut written = Ok(());
        while let Some(part) = parts.recv().await {
            written = writer.part(part).await;
            if written.is_err() {
                break;
            }
        }
        drop(parts);
        let read = reading
            .await
            .map_err(|e| AppError::Internal(format!("reading {}: {e}", path.display())))?;
        if let Err(e) = written {
            writer.abandon().await;
            return Err(e);
        }
        match read {
            Ok(()) => writer.finish().await,
            Err(e) => Ok(writer.unreadable(e.to_string())),
        }
    }

    /// The reader's options, and where the CDR zone came from (`flag`, `account`, `computer`).
    async fn ingest_options(
        &self,
        opts: &ImportOptions,
    ) -> Result<(scl_ingest::Options, &'static str)> {
        let mut accounts = self.store.accounts().await?;
        if let (Some(name), Some(LocalZone::Iana(zone))) = (&opts.account, opts.zone) {
            if !accounts.iter().any(|a| &a.name == name) {
                // A new account made for this import keeps the zone its PBX was read in.
                for mut account in self
                    .store
                    .ensure_accounts(std::slice::from_ref(name))
                    .await?
                {
                    account.settings.time_zone = Some(zone.name().to_string());
                    self.store
                        .update_settings(account.id, &account.settings)
                        .await?;
                    accounts.push(account);
                }
            }
        }
        let account_zone = opts
            .account
            .as_deref()
            .and_then(|name| accounts.iter().find(|a| a.name == name))
            .and_then(|a| a.settings.zone());
        let (local_zone, source) = match (opts.zone, account_zone) {
            (Some(zone), _) => (zone, "flag"),
            (None, Some(zone)) => (LocalZone::Iana(zone), "account"),
            (None, None) => (computer_zone(), "computer"),
        };
        let regions = accounts
            .into_iter()
            .map(|a| (a.name, a.settings.phone_region))
            .collect();
        let options = scl_ingest::Options {
            regions,
            account: opts.account.clone(),
            recordings_dir: opts.recordings_dir.clone(),
            local_zone,
            date_order: opts.date_order,
            ..scl_ingest::Options::default()
        };
        Ok((options, source))
    }
}

/// This computer's IANA zone; UTC where the system names none chrono-tz knows.
pub fn computer_zone() -> LocalZone {
    let zone = crate::time_zones::computer_time_zone().and_then(|name| name.parse().ok());
    LocalZone::Iana(zone.unwrap_or(chrono_tz::UTC))
}

fn is_cdr(format: &str) -> bool {
    format == scl_ingest::Format::AsteriskCdr.name()
        || format == scl_ingest::Format::FreePbxCdr.name()
}

/// Counts shown to people; a file of more than four billion calls is not a case to serve.
pub(crate) fn count(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}
