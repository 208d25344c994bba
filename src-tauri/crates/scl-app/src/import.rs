//! Importing exports from phone systems: parse (scl-ingest), file under accounts and agents,
//! classify, evaluate the calls already past their After Call Work Time, write in chunks.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use chrono::FixedOffset;
use scl_domain::{Account, Call, CallType};
use scl_ingest::{Batch, RawCall};
use scl_store::{CustomerRecord, IncomingCall, JobRecord, LocationRecord};
use serde::Serialize;
use ts_rs::TS;

use crate::detection::evaluation_of;
use crate::{AppError, Leads, Result};

/// Calls written per transaction, and between two progress reports.
const WRITE_CHUNK: usize = 10_000;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The account for formats that name none (CDR, Twilio).
    pub account: Option<String>,
    /// CDR: where recordings named after a call's unique id are.
    pub recordings_dir: Option<PathBuf>,
    /// CDR: the PBX's offset from UTC.
    pub utc_offset: FixedOffset,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            account: None,
            recordings_dir: None,
            utc_offset: FixedOffset::east_opt(0).expect("UTC is a valid offset"),
        }
    }
}

/// How far an import has come, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub file: String,
    pub file_index: u32,
    pub files: u32,
    pub calls_done: u32,
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
    /// Calls already imported before (same call id): left unchanged.
    pub duplicates: u32,
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

impl Leads {
    /// Imports each file in turn. A file that cannot be read is reported and the others still
    /// import; within a file, bad records are reported and good ones land. Importing the same
    /// file again changes nothing.
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
            let mut file = FileReport {
                path: path.display().to_string(),
                ..FileReport::default()
            };
            let options = self.ingest_options(opts).await?;
            let parse_path = path.clone();
            let parsed =
                tokio::task::spawn_blocking(move || scl_ingest::read_path(&parse_path, &options))
                    .await
                    .map_err(|e| AppError::Internal(format!("reading {}: {e}", path.display())))?;
            match parsed {
                Ok(batch) => {
                    let step = |done, total| {
                        progress(ImportProgress {
                            file: path.display().to_string(),
                            file_index: count(index),
                            files: count(paths.len()),
                            calls_done: done,
                            calls_total: total,
                        })
                    };
                    self.write_batch(batch, &mut file, &step).await?;
                }
                Err(e) => file.error = Some(e.to_string()),
            }
            report.files.push(file);
        }
        for file in &report.files {
            let outcome = serde_json::to_string(file).ok();
            self.audit("import", "file", &file.path, None, outcome)
                .await?;
        }
        Ok(report)
    }

    async fn ingest_options(&self, opts: &ImportOptions) -> Result<scl_ingest::Options> {
        let regions = self
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.name, a.settings.phone_region))
            .collect();
        Ok(scl_ingest::Options {
            regions,
            account: opts.account.clone(),
            recordings_dir: opts.recordings_dir.clone(),
            utc_offset: opts.utc_offset,
            ..scl_ingest::Options::default()
        })
    }

    async fn write_batch(
        &self,
        batch: Batch,
        file: &mut FileReport,
        step: &(dyn Fn(u32, u32) + Send + Sync),
    ) -> Result<()> {
        file.format = Some(batch.format.name().to_string());
        file.calls_read = count(batch.calls.len());
        file.problems = batch
            .problems
            .into_iter()
            .map(ImportProblem::from)
            .collect();
        let names: BTreeSet<String> = batch
            .calls
            .iter()
            .map(|c| c.account.clone())
            .chain(batch.customers.iter().map(|c| c.account.clone()))
            .chain(batch.jobs.iter().map(|j| j.account.clone()))
            .collect();
        let accounts: HashMap<String, Account> = self
            .store
            .ensure_accounts(&names.into_iter().collect::<Vec<_>>())
            .await?
            .into_iter()
            .map(|a| (a.name.clone(), a))
            .collect();
        let agent_names: BTreeSet<String> =
            batch.calls.iter().filter_map(|c| c.agent.clone()).collect();
        let agents = self
            .store
            .ensure_agents(&agent_names.into_iter().collect::<Vec<_>>())
            .await?;

        let customers: Vec<CustomerRecord> = batch
            .customers
            .into_iter()
            .filter_map(|c| {
                Some(CustomerRecord {
                    account_id: accounts.get(&c.account)?.id,
                    external_id: c.customer_id,
                    name: c.name,
                    phones: c.phones,
                    notes: c.notes.unwrap_or_default(),
                    locations: c
                        .locations
                        .into_iter()
                        .map(|l| LocationRecord {
                            external_id: l.location_id,
                            address: l.address,
                            zone: l.zone,
                            notes: l.notes.unwrap_or_default(),
                        })
                        .collect(),
                })
            })
            .collect();
        file.customers = count(self.store.upsert_customers(&customers).await?);

        let now = self.clock.now();
        let total = count(batch.calls.len());
        let mut done = 0;
        step(0, total);
        for chunk in batch.calls.chunks(WRITE_CHUNK) {
            let mut incoming = Vec::with_capacity(chunk.len());
            for raw in chunk {
                let Some(account) = accounts.get(&raw.account) else {
                    continue;
                };
                let detector = self.detectors.get(self.store.as_ref(), account.id).await?;
                let agent_id = raw.agent.as_ref().and_then(|a| agents.get(a)).copied();
                let mut call = to_call(raw, account, agent_id);
                call.call_type = scl_detect::classify(&call, &account.settings);
                file.redactions += raw.redactions;
                incoming.push(IncomingCall {
                    evaluation: evaluation_of(&detector, &call, account, now),
                    call,
                    redactions: raw.redactions,
                });
            }
            let written = self.store.insert_calls(&incoming).await?;
            self.announce(&written);
            file.calls_inserted += count(written.inserted);
            file.duplicates += count(written.duplicates);
            file.evaluated += count(written.evaluated);
            file.leads_created += count(written.leads_created.len());
            file.leads_joined += count(written.leads_joined);
            done += count(chunk.len());
            step(done, total);
        }

        let jobs: Vec<JobRecord> = batch
            .jobs
            .into_iter()
            .filter_map(|j| {
                Some(JobRecord {
                    account_id: accounts.get(&j.account)?.id,
                    external_id: j.job_id,
                    customer_external_id: j.customer_id,
                    phone: j.phone,
                    booked_at: j.booked_at,
                    revenue_cents: j.revenue_cents.unwrap_or(0),
                })
            })
            .collect();
        file.jobs_inserted = count(self.store.insert_jobs(&jobs).await?);
        file.leads_closed_by_jobs = count(self.store.close_leads_booked(&jobs).await?.len());
        Ok(())
    }
}

/// Counts shown to people; a file of more than four billion calls is not a case to serve.
fn count(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

fn to_call(raw: &RawCall, account: &Account, agent_id: Option<i64>) -> Call {
    Call {
        id: 0,
        call_id: raw.call_id.clone(),
        account_id: account.id,
        direction: raw.direction,
        from_number: raw.from.clone(),
        to_number: raw.to.clone(),
        started_at: raw.started_at,
        answered_at: raw.answered_at,
        ended_at: raw.ended_at,
        agent_id,
        call_type: CallType::Unbooked,
        reason: raw.reason.clone(),
        csr_notes: raw.csr_notes.clone(),
        booked: raw.booked,
        recording: raw
            .recording
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned()),
        customer_id: None,
        location_id: None,
        transcript: raw.transcript.clone(),
    }
}
