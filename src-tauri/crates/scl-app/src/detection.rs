//! Detection as the app runs it: one pass over the calls whose After Call Work Time is over,
//! each account with its own learned detector, and learning from agents' statuses.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use scl_detect::{label_of, CallContext, Check, Detector, Model};
use scl_domain::{Account, AccountId, Call, LeadId, LeadStatus};
use scl_store::{Evaluation, NewLead, Store, WriteReport};
use serde::Serialize;

use crate::{Leads, Result};

/// Calls read per round of a pass.
const PASS_BATCH: u32 = 2_000;

/// Something the core did that the app may want to show at once.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum CoreEvent {
    LeadFlagged {
        #[ts(type = "number")]
        lead_id: LeadId,
        #[ts(type = "number")]
        account_id: AccountId,
        score: i32,
    },
    /// The watched folder imported new exports.
    FilesImported { files: u32, calls: u32, leads: u32 },
}

/// What a detection pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PassReport {
    pub evaluated: u64,
    pub flagged: u64,
    /// Calls from a number that already had an open lead: joined to it.
    pub joined: u64,
}

/// Each account's detector, built once and kept in step with its learned model.
#[derive(Default)]
pub(crate) struct Detectors {
    by_account: Mutex<HashMap<AccountId, Arc<Detector>>>,
}

impl Detectors {
    pub(crate) async fn get(&self, store: &dyn Store, account: AccountId) -> Result<Arc<Detector>> {
        if let Some(d) = self.lock().get(&account) {
            return Ok(d.clone());
        }
        let model = match store.detector_model(account).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
                tracing::warn!(account, error = %e, "stored detector model unreadable; using the prior");
                Model::prior()
            }),
            None => Model::prior(),
        };
        let detector = Arc::new(Detector::new(model));
        self.lock().insert(account, detector.clone());
        Ok(detector)
    }

    fn set(&self, account: AccountId, detector: Detector) {
        self.lock().insert(account, Arc::new(detector));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<AccountId, Arc<Detector>>> {
        self.by_account.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The verdict on a call that is due, as the store records it. Leads are dated when the After
/// Call Work Time ended, so a backlog imported late ages as it really did.
pub(crate) fn evaluation_of(
    detector: &Detector,
    call: &Call,
    account: &Account,
    now: chrono::DateTime<chrono::Utc>,
    context: &CallContext,
) -> Option<Evaluation> {
    let due = call.ended_at + Duration::minutes(i64::from(account.settings.acw_minutes));
    match detector.check(call, &account.settings, now, context) {
        Check::NotYet => None,
        Check::Ineligible(call_type) => Some(Evaluation {
            call_type,
            at: now,
            lead: None,
        }),
        Check::Scored(v) => Some(Evaluation {
            call_type: v.call_type,
            at: now,
            lead: v.flag.then(|| NewLead {
                score: i32::from(v.score),
                reasons: v.reasons,
                summary: v.summary,
                flagged_at: due,
            }),
        }),
    }
}

impl Leads {
    /// Subscribes to core events (new leads) for live updates.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<CoreEvent> {
        self.events.subscribe()
    }

    /// Evaluates every call whose After Call Work Time is over, once.
    #[tracing::instrument(skip_all, err)]
    pub async fn detect_pass(&self) -> Result<PassReport> {
        self.allow(scl_domain::Permission::FeatureManagement)?;
        let now = self.clock.now();
        let accounts: HashMap<AccountId, Account> = self
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let mut report = PassReport::default();
        loop {
            let calls = self.store.pending_calls(now, PASS_BATCH).await?;
            if calls.is_empty() {
                return Ok(report);
            }
            let mut evaluations = Vec::with_capacity(calls.len());
            let contexts = self
                .callers
                .contexts(self.store.as_ref(), &calls, &accounts, now)
                .await?;
            for (call, context) in calls.into_iter().zip(contexts) {
                let Some(account) = accounts.get(&call.account_id) else {
                    continue;
                };
                let detector = self.detectors.get(self.store.as_ref(), account.id).await?;
                if let Some(e) = evaluation_of(&detector, &call, account, now, &context) {
                    evaluations.push((call, e));
                }
            }
            if evaluations.is_empty() {
                return Ok(report); // nothing due after all: avoid spinning on the same rows
            }
            let written = self.store.record_evaluations(&evaluations).await?;
            self.announce(&written);
            report.evaluated += written.evaluated;
            report.flagged += written.leads_created.len() as u64;
            report.joined += written.leads_joined;
        }
    }

    /// When detection next has work: the earliest end of a pending call's After Call Work Time.
    pub async fn next_detection_due(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        Ok(self.store.next_due().await?)
    }

    pub(crate) fn announce(&self, written: &WriteReport) {
        for lead in &written.leads_created {
            // Nobody listening is fine: the queue shows the lead on its next read.
            let _ = self.events.send(CoreEvent::LeadFlagged {
                lead_id: lead.id,
                account_id: lead.account_id,
                score: lead.score,
            });
        }
    }

    /// Agents' statuses are labels: a lead status teaches the account's detector "yes",
    /// `Reviewed - not a lead` teaches "no". Learns only when the label changes.
    pub(crate) async fn learn_from(
        &self,
        lead: LeadId,
        from: LeadStatus,
        to: LeadStatus,
    ) -> Result<()> {
        let Some(label) = label_of(to) else {
            return Ok(());
        };
        if label_of(from) == Some(label) {
            return Ok(());
        }
        let Some(call) = self.store.lead_call(lead).await? else {
            return Ok(());
        };
        let detector = self
            .detectors
            .get(self.store.as_ref(), call.account_id)
            .await?;
        let accounts: HashMap<AccountId, Account> = self
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.id == call.account_id)
            .map(|a| (a.id, a))
            .collect();
        // Learned with the context it was scored with, and the words said.
        let context = self
            .callers
            .contexts(
                self.store.as_ref(),
                std::slice::from_ref(&call),
                &accounts,
                call.ended_at + Duration::days(1),
            )
            .await?
            .pop()
            .unwrap_or_default();
        let features = detector
            .evaluate_in(&call, call.call_type, &context)
            .features;
        // A clone keeps the compiled phrase matchers: building them anew for every status an
        // agent sets cost more than the rest of the operation.
        let mut learned = Detector::clone(&detector);
        learned.learn_call(&call, &features, label);
        let json = serde_json::to_string(learned.model()).unwrap_or_default();
        self.store
            .save_detector_model(call.account_id, &json, self.clock.now())
            .await?;
        self.detectors.set(call.account_id, learned);
        tracing::info!(
            lead,
            label,
            account = call.account_id,
            "detector learned from a status"
        );
        Ok(())
    }
}
