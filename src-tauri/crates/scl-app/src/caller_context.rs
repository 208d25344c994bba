//! What detection needs to know beyond a call's own record (the number's earlier calls, whether
//! it belongs to a customer with jobs, the account's time zone), gathered for a batch of calls
//! with one store read per account instead of one per call.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use scl_detect::{classify, eligible, is_due, CallContext, REPEAT_WINDOW_DAYS};
use scl_domain::{Account, AccountId, Call, Direction};
use scl_store::Store;

use crate::Result;

/// Calls and jobs an import has read but the store may not hold yet (the part being written,
/// the jobs written after the calls). Their times merge with the store's: a call the store
/// already holds has the same start time and is counted once.
#[derive(Debug, Default)]
pub(crate) struct Unstored {
    calls: HashMap<(AccountId, String), Vec<DateTime<Utc>>>,
    first_job: HashMap<(AccountId, String), DateTime<Utc>>,
    accounts_with_jobs: std::collections::HashSet<AccountId>,
}

impl Unstored {
    pub(crate) fn add_call(&mut self, call: &Call) {
        if call.direction == Direction::Inbound {
            self.calls
                .entry((call.account_id, call.from_number.clone()))
                .or_default()
                .push(call.started_at);
        }
    }

    pub(crate) fn add_job(&mut self, account: AccountId, phone: Option<&str>, at: DateTime<Utc>) {
        self.accounts_with_jobs.insert(account);
        if let Some(phone) = phone {
            self.first_job
                .entry((account, phone.to_string()))
                .and_modify(|t| *t = (*t).min(at))
                .or_insert(at);
        }
    }

    fn merge_calls(&mut self, other: &Unstored) {
        for (key, times) in &other.calls {
            self.calls
                .entry(key.clone())
                .or_default()
                .extend(times.iter().copied());
        }
    }
}

/// The context of each call, in order; calls detection will not score (not due, not eligible)
/// get the empty context without a store read.
pub(crate) async fn contexts(
    store: &dyn Store,
    calls: &[Call],
    accounts: &HashMap<AccountId, Account>,
    now: DateTime<Utc>,
    unstored: &[&Unstored],
) -> Result<Vec<CallContext>> {
    let mut out = vec![CallContext::default(); calls.len()];
    let mut wanted: HashMap<AccountId, Vec<usize>> = HashMap::new();
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
            wanted.entry(call.account_id).or_default().push(i);
        }
    }
    let mut extra = Unstored::default();
    for u in unstored {
        extra.merge_calls(u);
        for (key, at) in &u.first_job {
            extra.add_job(key.0, Some(&key.1), *at);
        }
        extra.accounts_with_jobs.extend(&u.accounts_with_jobs);
    }
    for (account, indexes) in wanted {
        let numbers: Vec<String> = indexes
            .iter()
            .map(|&i| calls[i].from_number.clone())
            .collect();
        let earliest = indexes
            .iter()
            .map(|&i| calls[i].started_at)
            .min()
            .unwrap_or(now);
        let since = earliest - Duration::days(REPEAT_WINDOW_DAYS);
        let history = store.caller_history(account, &numbers, since).await?;
        let has_jobs = history.account_has_jobs || extra.accounts_with_jobs.contains(&account);
        for i in indexes {
            let call = &calls[i];
            let key = (account, call.from_number.clone());
            let mut times: Vec<DateTime<Utc>> = history
                .calls
                .get(&call.from_number)
                .into_iter()
                .chain(extra.calls.get(&key))
                .flatten()
                .map(|&t| to_ms(t))
                .collect();
            times.sort_unstable();
            times.dedup();
            let first_job = [
                history.first_job.get(&call.from_number),
                extra.first_job.get(&key),
            ]
            .into_iter()
            .flatten()
            .min()
            .copied();
            let zone = out[i].zone;
            out[i] = CallContext {
                zone,
                ..CallContext::from_history(to_ms(call.started_at), times, first_job, has_jobs)
            };
        }
    }
    Ok(out)
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
    use scl_store::IncomingCall;

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
    async fn contexts_join_the_store_the_part_in_flight_and_the_jobs_read() {
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
        // Stored: the repeat caller two hours ago; the part in flight holds the same call
        // (not yet known to be written) and one an hour ago.
        let stored = abandoned("S-1", id, repeat, t0() - Duration::hours(2));
        store
            .insert_calls(&[IncomingCall {
                call: stored.clone(),
                redactions: 0,
                evaluation: None,
            }])
            .await
            .unwrap();
        let mut in_flight = Unstored::default();
        in_flight.add_call(&stored);
        in_flight.add_call(&abandoned("F-1", id, repeat, t0() - Duration::hours(1)));
        let mut jobs = Unstored::default();
        jobs.add_job(id, Some(known), t0() - Duration::days(200));

        let mut booked = abandoned("P-4", id, new, t0());
        booked.booked = true;
        booked.answered_at = Some(t0() + Duration::seconds(5));
        booked.ended_at = t0() + Duration::minutes(4);
        let part = vec![
            abandoned("P-1", id, repeat, t0()),
            abandoned("P-2", id, known, t0()),
            abandoned("P-3", id, new, t0()),
            booked,
        ];
        let mut this_part = Unstored::default();
        part.iter().for_each(|c| this_part.add_call(c));
        let accounts = HashMap::from([(id, account)]);
        let now = t0() + Duration::days(1);
        let got = contexts(
            store.as_ref(),
            &part,
            &accounts,
            now,
            &[&this_part, &in_flight, &jobs],
        )
        .await
        .unwrap();

        assert_eq!(
            got[0].earlier_calls_today, 2,
            "the stored call once, the one in flight"
        );
        assert!(got[0].repeat_caller);
        assert_eq!(got[0].known_customer, Some(false));
        assert_eq!(
            got[1].known_customer,
            Some(true),
            "a job read from the file"
        );
        assert!(!got[1].repeat_caller);
        assert_eq!(got[2].known_customer, Some(false));
        assert_eq!(
            got[3].earlier_calls_today, 0,
            "booked: never scored, never looked up"
        );
        assert!(got
            .iter()
            .all(|c| c.zone == Some(chrono_tz::America::Phoenix)));

        // Without job history anywhere, nobody is known or new.
        let bare = contexts(store.as_ref(), &part[..1], &accounts, now, &[&in_flight])
            .await
            .unwrap();
        assert_eq!(bare[0].known_customer, None);
        assert_eq!(bare[0].earlier_calls_today, 2);
    }
}
