//! What detection needs to know beyond a call's own record: the number's earlier calls, whether
//! it belongs to a customer with jobs, the account's time zone.
//!
//! Calls carry no index on their number or time (every imported call would pay for one), so
//! the history is read from the store once, from 30 days before the oldest call scored, and
//! kept here; the calls and jobs this process writes are added as it writes them. Calls another
//! process writes meanwhile (a `scl import` beside the app) are seen after a restart.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use scl_detect::{classify, eligible, is_due, CallContext, REPEAT_WINDOW_DAYS};
use scl_domain::{Account, AccountId, Call, Direction};
use scl_store::Store;

use crate::Result;

type Caller = (AccountId, String);

/// The callers' history this process knows, shared by imports and detection passes.
#[derive(Default)]
pub(crate) struct CallerMemory {
    inner: Mutex<Memory>,
}

#[derive(Default)]
struct Memory {
    /// Inbound calls from this moment on are all here (None: nothing read yet).
    from: Option<DateTime<Utc>>,
    /// Start times per caller, in order, to the millisecond (as the store keeps them).
    calls: HashMap<Caller, Vec<DateTime<Utc>>>,
    /// Jobs are read once, whole (far fewer than calls).
    jobs_read: bool,
    first_job: HashMap<Caller, DateTime<Utc>>,
    accounts_with_jobs: HashSet<AccountId>,
}

impl Memory {
    fn add_call(&mut self, caller: Caller, at: DateTime<Utc>) {
        let times = self.calls.entry(caller).or_default();
        let at = to_ms(at);
        // Files come mostly in time order: the common case is a push at the end.
        let i = times.partition_point(|&t| t < at);
        if times.get(i) != Some(&at) {
            times.insert(i, at);
        }
    }

    fn add_job(&mut self, caller: Caller, at: DateTime<Utc>) {
        self.accounts_with_jobs.insert(caller.0);
        self.first_job
            .entry(caller)
            .and_modify(|t| *t = (*t).min(at))
            .or_insert(at);
    }
}

impl CallerMemory {
    /// Calls this process hands to the store: part of every later call's history.
    pub(crate) fn remember_calls<'a>(&self, calls: impl IntoIterator<Item = &'a Call>) {
        let mut m = self.lock();
        let Some(from) = m.from else {
            return; // nothing read yet: the first read will find them in the store
        };
        for c in calls {
            if c.direction == Direction::Inbound && c.started_at >= from {
                m.add_call((c.account_id, c.from_number.clone()), c.started_at);
            }
        }
    }

    /// A job read from an export, before the store has it (jobs are written after the calls).
    pub(crate) fn remember_job(&self, account: AccountId, phone: Option<&str>, at: DateTime<Utc>) {
        let mut m = self.lock();
        m.accounts_with_jobs.insert(account);
        if let Some(phone) = phone {
            m.add_job((account, phone.to_string()), at);
        }
    }

    /// The context of each call, in order. Calls detection will not score (not due, not
    /// eligible, outbound) get only the account's zone, and cost no store read. The calls
    /// themselves join the history (they are stored, or about to be): a caller's second call
    /// in one export sees the first.
    pub(crate) async fn contexts(
        &self,
        store: &dyn Store,
        calls: &[Call],
        accounts: &HashMap<AccountId, Account>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CallContext>> {
        let mut out = vec![CallContext::default(); calls.len()];
        let mut wanted = Vec::new();
        for (i, call) in calls.iter().enumerate() {
            let Some(account) = accounts.get(&call.account_id) else {
                continue;
            };
            let settings = &account.settings;
            out[i].zone = settings.zone();
            if call.direction == Direction::Inbound
                && is_due(call, settings, now)
                && eligible(call, classify(call, settings), settings)
            {
                wanted.push(i);
            }
        }
        let Some(earliest) = wanted.iter().map(|&i| calls[i].started_at).min() else {
            self.remember_calls(calls);
            return Ok(out);
        };
        self.cover(store, earliest - Duration::days(REPEAT_WINDOW_DAYS))
            .await?;
        self.remember_calls(calls);
        let m = self.lock();
        let none = Vec::new();
        for i in wanted {
            let call = &calls[i];
            let caller = (call.account_id, call.from_number.clone());
            let zone = out[i].zone;
            out[i] = CallContext {
                zone,
                ..CallContext::from_sorted_history(
                    to_ms(call.started_at),
                    m.calls.get(&caller).unwrap_or(&none),
                    m.first_job.get(&caller).copied(),
                    m.accounts_with_jobs.contains(&call.account_id),
                )
            };
        }
        Ok(out)
    }

    /// Makes sure every inbound call from `since` on is in memory, reading what is missing.
    async fn cover(&self, store: &dyn Store, since: DateTime<Utc>) -> Result<()> {
        let (from, jobs_read) = {
            let m = self.lock();
            (m.from, m.jobs_read)
        };
        if !jobs_read {
            let jobs = store.first_jobs().await?;
            let mut m = self.lock();
            for (account, phone, at) in jobs {
                m.add_job((account, phone), at);
            }
            m.jobs_read = true;
        }
        if from.is_some_and(|f| f <= since) {
            return Ok(());
        }
        // Only the stretch not read before: [since, from).
        let rows = store.inbound_call_times(since, from).await?;
        let mut m = self.lock();
        for (account, number, at) in rows {
            m.add_call((account, number), at);
        }
        m.from = Some(m.from.map_or(since, |f| f.min(since)));
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The store keeps times to the millisecond: a call read from a file and the same call read
/// back from the store must compare equal.
fn to_ms(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use scl_domain::CallType;
    use scl_store::{IncomingCall, JobRecord};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap()
    }

    fn abandoned(id: &str, account: AccountId, from: &str, started: DateTime<Utc>) -> Call {
        Call {
            id: 0,
            call_id: id.into(),
            account_id: account,
            direction: Direction::Inbound,
            from_number: from.into(),
            to_number: "+13035550199".into(),
            started_at: started,
            answered_at: None,
            ended_at: started + Duration::seconds(40),
            agent_id: None,
            call_type: CallType::Abandoned,
            reason: None,
            csr_notes: None,
            booked: false,
            recording: None,
            customer_id: None,
            location_id: None,
            transcript: vec![],
        }
    }

    #[tokio::test]
    async fn contexts_join_what_the_store_holds_and_what_this_process_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("c.db")))
            .await
            .unwrap();
        let mut account = store
            .ensure_accounts(&["Desert Air".into()])
            .await
            .unwrap()
            .remove(0);
        account.settings.time_zone = Some("America/Phoenix".into());
        let id = account.id;
        let (repeat, known, new) = ("+16025550101", "+16025550102", "+16025550103");
        // In the store before this process looked: the repeat caller 2 hours and 40 days ago,
        // and a job of the known caller.
        let stored = [
            abandoned("S-1", id, repeat, t0() - Duration::hours(2)),
            abandoned("S-2", id, repeat, t0() - Duration::days(40)),
        ];
        let incoming: Vec<IncomingCall> = stored
            .iter()
            .map(|c| IncomingCall {
                call: c.clone(),
                redactions: 0,
                evaluation: None,
            })
            .collect();
        store.insert_calls(&incoming).await.unwrap();
        store
            .insert_jobs(&[JobRecord {
                account_id: id,
                external_id: "J-1".into(),
                customer_external_id: None,
                phone: Some(known.into()),
                booked_at: t0() - Duration::days(200),
                revenue_cents: 0,
            }])
            .await
            .unwrap();

        let memory = CallerMemory::default();
        let accounts = HashMap::from([(id, account)]);
        let now = t0() + Duration::days(1);
        let mut booked = abandoned("P-4", id, new, t0());
        booked.booked = true;
        let part = vec![
            abandoned("P-1", id, repeat, t0()),
            abandoned("P-2", id, known, t0()),
            abandoned("P-3", id, new, t0()),
            booked,
        ];
        let got = memory
            .contexts(store.as_ref(), &part, &accounts, now)
            .await
            .unwrap();
        assert_eq!(
            got[0].earlier_calls_today, 1,
            "the stored call 2 hours before"
        );
        assert!(got[0].repeat_caller);
        assert_eq!(got[0].known_customer, Some(false));
        assert_eq!(got[1].known_customer, Some(true), "a job in the store");
        assert!(!got[1].repeat_caller);
        assert_eq!(got[2].known_customer, Some(false));
        assert_eq!(
            got[3],
            CallContext {
                zone: got[3].zone,
                ..CallContext::default()
            },
            "booked: not scored"
        );
        assert!(got
            .iter()
            .all(|c| c.zone == Some(chrono_tz::America::Phoenix)));

        // The calls scored count for the next ones, once (the same call again is one), and
        // so does a job read from a file before the store has it.
        memory.remember_calls(&part[..1]);
        memory.remember_job(id, Some(new), t0() - Duration::days(1));
        let later = vec![
            abandoned("P-5", id, repeat, t0() + Duration::hours(1)),
            abandoned("P-6", id, new, t0() + Duration::hours(1)),
        ];
        let got = memory
            .contexts(store.as_ref(), &later, &accounts, now)
            .await
            .unwrap();
        assert_eq!(got[0].earlier_calls_today, 2, "the stored call and P-1");
        assert_eq!(
            got[1].known_customer,
            Some(true),
            "the job read from the file"
        );

        // A call older than what was read reaches back into the store for the rest.
        let old = vec![abandoned("P-7", id, repeat, t0() - Duration::days(39))];
        let got = memory
            .contexts(store.as_ref(), &old, &accounts, now)
            .await
            .unwrap();
        assert!(
            got[0].repeat_caller,
            "the call 40 days before t0 is a day earlier"
        );
        assert_eq!(got[0].earlier_calls_today, 1);
    }
}
