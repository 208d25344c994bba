//! Writing one export part by part: while the store writes a part, the next one is read (on
//! another thread), filed under accounts and agents, classified and evaluated.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use scl_detect::Detector;
use scl_domain::{Account, AccountId, Call, CallType, UserId};
use scl_ingest::{Batch, Part, RawCall, RawJob};
use scl_store::{
    CallConflict, CallFacts, CustomerRecord, IncomingCall, JobRecord, LocationRecord, StoreError,
    WriteReport,
};
use tokio::task::JoinHandle;

use super::{count, FileReport, ImportProblem};
use crate::detection::evaluation_of;
use crate::{AppError, Leads, Result};

/// A part handed to the store, how many calls it came with, and the line of each call handed
/// over. The task hands the calls back, so they are freed here and not on the thread the store
/// writes on (and a conflict's message can show what the file says).
type Writing = (
    JoinHandle<(Result<WriteReport, StoreError>, Vec<IncomingCall>)>,
    u32,
    Vec<u64>,
);

pub(super) struct FileWriter<'a> {
    leads: &'a Leads,
    file: FileReport,
    step: &'a (dyn Fn(u32, u32) + Send + Sync),
    now: DateTime<Utc>,
    // Looked up for every call of an import: FxHash, not SipHash (names come from the file the
    // user chose, so there is no one to mount a collision attack).
    accounts: FxHashMap<String, Account>,
    agents: FxHashMap<String, UserId>,
    detectors: FxHashMap<AccountId, Arc<Detector>>,
    /// Written after all calls, so a job can close the leads its calls made.
    jobs: Vec<RawJob>,
    writing: Option<Writing>,
    done: u32,
    expected: u32,
    reported: Option<(u32, u32)>,
}

impl<'a> FileWriter<'a> {
    pub(super) fn new(
        leads: &'a Leads,
        path: &Path,
        step: &'a (dyn Fn(u32, u32) + Send + Sync),
    ) -> Self {
        Self {
            leads,
            file: FileReport {
                path: path.display().to_string(),
                ..FileReport::default()
            },
            step,
            now: leads.clock.now(),
            accounts: FxHashMap::default(),
            agents: FxHashMap::default(),
            detectors: FxHashMap::default(),
            jobs: Vec::new(),
            writing: None,
            done: 0,
            expected: 0,
            reported: None,
        }
    }

    /// Files the part's records and starts writing its calls; returns once the part before it
    /// is written.
    pub(super) async fn part(&mut self, part: Part) -> Result<()> {
        let Part {
            mut batch,
            calls_expected,
        } = part;
        self.expected = count(calls_expected);
        if self.reported.is_none() {
            self.report(0, self.expected);
        }
        self.file
            .format
            .get_or_insert_with(|| batch.format.name().to_string());
        self.file.calls_read += count(batch.calls.len() as u64 + batch.conflicts);
        self.account_rows(&batch);
        self.file.problems.extend(
            std::mem::take(&mut batch.problems)
                .into_iter()
                .map(ImportProblem::from),
        );
        self.meet(&batch).await?;
        if !batch.customers.is_empty() {
            let customers = self.customers(batch.customers);
            self.settle().await?;
            self.file.customers += count(self.leads.store.upsert_customers(&customers).await?);
        }
        for job in &batch.jobs {
            if let Some(account) = self.accounts.get(&job.account) {
                self.leads
                    .callers
                    .remember_job(account.id, job.phone.as_deref(), job.booked_at);
            }
        }
        self.jobs.extend(batch.jobs);
        let calls = count(batch.calls.len());
        let (incoming, lines) = self.incoming(batch.calls).await?;
        self.settle().await?;
        let store = self.leads.store.clone();
        let writing = tokio::spawn(async move {
            let written = store.insert_calls(&incoming).await;
            (written, incoming)
        });
        self.writing = Some((writing, calls, lines));
        Ok(())
    }

    /// Counts the part's rows and calls for the report.
    fn account_rows(&mut self, batch: &Batch) {
        let file = &mut self.file;
        file.rows += count(batch.rows);
        file.rows_internal += count(batch.rows_internal);
        file.rows_other += count(batch.rows_other);
        file.rows_skipped += count(batch.rows_unread);
        file.internal += batch.internal_calls;
        file.conflicts += count(batch.conflicts);
        let inbound = batch
            .calls
            .iter()
            .filter(|c| c.direction == scl_domain::Direction::Inbound)
            .count();
        file.inbound += count(inbound as u64 + batch.conflicts_inbound);
        file.outbound +=
            count((batch.calls.len() - inbound) as u64 + batch.conflicts - batch.conflicts_inbound);
        if let Some(order) = batch.date_order {
            file.date_order = Some(order.name().to_string());
        }
    }

    /// After the last part: the jobs, then the report of the file.
    pub(super) async fn finish(mut self) -> Result<FileReport> {
        self.settle().await?;
        let skipped_lines: BTreeSet<u32> = self
            .file
            .problems
            .iter()
            .filter(|p| p.skipped && p.file == self.file.path)
            .map(|p| p.line)
            .collect();
        let file = &mut self.file;
        file.rows_skipped += count(skipped_lines.len());
        file.rows_in_calls = file
            .rows
            .saturating_sub(file.rows_internal + file.rows_skipped + file.rows_other);
        if self.reported != Some((self.done, self.done)) {
            self.report(self.done, self.done);
        }
        let jobs: Vec<JobRecord> = std::mem::take(&mut self.jobs)
            .into_iter()
            .filter_map(|j| {
                Some(JobRecord {
                    account_id: self.accounts.get(&j.account)?.id,
                    external_id: j.job_id,
                    customer_external_id: j.customer_id,
                    phone: j.phone,
                    booked_at: j.booked_at,
                    revenue_cents: j.revenue_cents.unwrap_or(0),
                })
            })
            .collect();
        let store = &self.leads.store;
        self.file.jobs_inserted = count(store.insert_jobs(&jobs).await?);
        self.file.leads_closed_by_jobs = count(store.close_leads_booked(&jobs).await?.len());
        Ok(self.file)
    }

    /// The file could not be read: it came with no part, so nothing of it was written.
    pub(super) fn unreadable(mut self, error: String) -> FileReport {
        self.file.error = Some(error);
        self.file
    }

    /// After an error: waits for a write in progress, so nothing lands after the import ends.
    pub(super) async fn abandon(mut self) {
        if let Some((writing, _, _)) = self.writing.take() {
            let _ = writing.await;
        }
    }

    /// Waits for the part being written, and counts and announces what it did.
    async fn settle(&mut self) -> Result<()> {
        let Some((writing, calls, lines)) = self.writing.take() else {
            return Ok(());
        };
        let (written, calls_written) = writing
            .await
            .map_err(|e| AppError::Internal(format!("writing calls: {e}")))?;
        let written = written?;
        self.leads.announce(&written);
        for conflict in &written.conflicts {
            let problem = self.conflict_problem(conflict, &calls_written, &lines);
            self.file.problems.extend(problem);
        }
        drop(calls_written);
        let file = &mut self.file;
        file.calls_inserted += count(written.inserted);
        file.duplicates += count(written.duplicates);
        file.conflicts += count(written.conflicts.len());
        file.evaluated += count(written.evaluated);
        file.leads_created += count(written.leads_created.len());
        file.leads_joined += count(written.leads_joined);
        self.done += calls;
        self.report(self.done, self.expected.max(self.done));
        Ok(())
    }

    /// The warning of a call whose id its account already stores with other data, at the
    /// call's line, naming the first differing field and what differs.
    fn conflict_problem(
        &self,
        conflict: &CallConflict,
        calls: &[IncomingCall],
        lines: &[u64],
    ) -> Option<ImportProblem> {
        let call = &calls.get(conflict.index)?.call;
        let mut incoming = CallFacts::of(call);
        incoming.agent = call.agent_id.and_then(|id| {
            let name = self.agents.iter().find(|(_, agent)| **agent == id)?.0;
            Some(name.clone())
        });
        let fields = conflict.stored.differences(&incoming);
        let shown: Vec<String> = fields
            .iter()
            .map(|f| {
                let (stored, here) = (conflict.stored.show(f), incoming.show(f));
                format!("{f}: stored {stored}, this file {here}")
            })
            .collect();
        Some(ImportProblem {
            file: self.file.path.clone(),
            line: count(lines.get(conflict.index).copied().unwrap_or(0)),
            field: fields.first().map(|f| f.to_string()),
            skipped: false,
            message: format!(
                "call {:?} is already stored with different data ({}); the stored call is kept",
                call.call_id,
                shown.join("; ")
            ),
        })
    }

    fn report(&mut self, done: u32, total: u32) {
        (self.step)(done, total);
        self.reported = Some((done, total));
    }

    /// Makes the accounts and agents the part names that earlier parts did not.
    async fn meet(&mut self, batch: &Batch) -> Result<()> {
        let names: BTreeSet<&str> = batch
            .calls
            .iter()
            .map(|c| c.account.as_str())
            .chain(batch.customers.iter().map(|c| c.account.as_str()))
            .chain(batch.jobs.iter().map(|j| j.account.as_str()))
            .filter(|name| !self.accounts.contains_key(*name))
            .collect();
        let agents: BTreeSet<&str> = batch
            .calls
            .iter()
            .filter_map(|c| c.agent.as_deref())
            .filter(|name| !self.agents.contains_key(*name))
            .collect();
        if names.is_empty() && agents.is_empty() {
            return Ok(());
        }
        // New names are rare after the first part; wait for the write rather than its lock.
        self.settle().await?;
        let store = &self.leads.store;
        if !names.is_empty() {
            let names: Vec<String> = names.into_iter().map(str::to_string).collect();
            for account in store.ensure_accounts(&names).await? {
                self.accounts.insert(account.name.clone(), account);
            }
        }
        if !agents.is_empty() {
            let agents: Vec<String> = agents.into_iter().map(str::to_string).collect();
            self.agents.extend(store.ensure_agents(&agents).await?);
        }
        Ok(())
    }

    fn customers(&self, customers: Vec<scl_ingest::RawCustomer>) -> Vec<CustomerRecord> {
        customers
            .into_iter()
            .filter_map(|c| {
                Some(CustomerRecord {
                    account_id: self.accounts.get(&c.account)?.id,
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
            .collect()
    }

    /// The part's calls as the store takes them: filed, classified, and evaluated when their
    /// After Call Work Time is over.
    async fn incoming(&mut self, calls: Vec<RawCall>) -> Result<(Vec<IncomingCall>, Vec<u64>)> {
        let mut filed = Vec::with_capacity(calls.len());
        let mut redactions = Vec::with_capacity(calls.len());
        let mut lines = Vec::with_capacity(calls.len());
        for raw in calls {
            let Some(account) = self.accounts.get(&raw.account) else {
                continue;
            };
            let agent_id = raw.agent.as_ref().and_then(|a| self.agents.get(a)).copied();
            redactions.push(raw.redactions);
            self.file.redactions += raw.redactions;
            lines.push(raw.source.line);
            let mut call = into_call(raw, account, agent_id);
            call.call_type = scl_detect::classify(&call, &account.settings);
            filed.push(call);
        }
        let accounts: std::collections::HashMap<AccountId, Account> =
            self.accounts.values().map(|a| (a.id, a.clone())).collect();
        let store = self.leads.store.as_ref();
        let contexts = self
            .leads
            .callers
            .contexts(store, &filed, &accounts, self.now)
            .await?;
        let mut incoming = Vec::with_capacity(filed.len());
        for ((call, context), redactions) in filed.into_iter().zip(contexts).zip(redactions) {
            let account = &accounts[&call.account_id];
            let detector = match self.detectors.get(&account.id) {
                Some(d) => d.clone(),
                None => {
                    let d = self.leads.detectors.get(store, account.id).await?;
                    self.detectors.insert(account.id, d.clone());
                    d
                }
            };
            incoming.push(IncomingCall {
                evaluation: evaluation_of(&detector, &call, account, self.now, &context),
                call,
                redactions,
            });
        }
        Ok((incoming, lines))
    }
}

fn into_call(raw: RawCall, account: &Account, agent_id: Option<i64>) -> Call {
    Call {
        id: 0,
        call_id: raw.call_id,
        account_id: account.id,
        direction: raw.direction,
        from_number: raw.from,
        to_number: raw.to,
        started_at: raw.started_at,
        answered_at: raw.answered_at,
        ended_at: raw.ended_at,
        agent_id,
        call_type: CallType::Unbooked,
        reason: raw.reason,
        csr_notes: raw.csr_notes,
        booked: raw.booked,
        recording: raw.recording.map(|p| {
            p.into_os_string()
                .into_string()
                .unwrap_or_else(|p| p.to_string_lossy().into_owned())
        }),
        customer_id: None,
        location_id: None,
        transcript: raw.transcript,
    }
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
