//! Writing calls from phone systems and detection's verdicts, the same SQL on both backends.
//! Each write is one transaction: a killed import leaves whole records only, and a re-run
//! skips what is already there (calls are keyed by account and call id).

use std::collections::HashMap;

use scl_domain::{AccountId, CallKey, CustomerId};

use crate::{CallConflict, CallFacts, CreatedLead, IncomingCall, NewLead, WriteReport};

/// Calls per multi-row statement (PostgreSQL imports) and per transaction of evaluations,
/// under both backends' bind-parameter limits.
pub(crate) const CALL_CHUNK: usize = 500;

/// A lead to create or join, with the call it comes from.
pub(crate) struct LeadItem<'a> {
    pub call_key: CallKey,
    pub account_id: AccountId,
    pub phone: &'a str,
    pub customers: Vec<CustomerId>,
    pub lead: &'a NewLead,
}

/// What writing lead items did.
#[derive(Default)]
pub(crate) struct LeadWrites {
    pub created: Vec<CreatedLead>,
    pub joined: u64,
}

/// Stored calls' facts by (account, call id).
pub(crate) type StoredFacts = HashMap<(AccountId, String), CallFacts>;

/// Sorts the calls a write left out because their account stores their id already (`left_out`:
/// indexes into `calls`) into duplicates (the same facts) and conflicts (other facts; the stored
/// call is kept). Only these calls are looked up, which a fresh import has none or few of.
pub(crate) fn sort_out_stored(
    calls: &[IncomingCall],
    left_out: &[usize],
    stored: &StoredFacts,
    report: &mut WriteReport,
) {
    for &index in left_out {
        let call = &calls[index].call;
        let key = (call.account_id, call.call_id.clone());
        match stored.get(&key) {
            Some(facts) if facts.differences(&CallFacts::of(call)).is_empty() => {
                report.duplicates += 1
            }
            Some(facts) => report.conflicts.push(CallConflict {
                index,
                stored: facts.clone(),
            }),
            // Left out by a key the store does not hold: cannot happen inside the write's
            // transaction; counted as the duplicate it was taken for.
            None => report.duplicates += 1,
        }
    }
}

/// The inherent helpers the ingest methods share, per backend.
macro_rules! ingest_helpers {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Appends one step to a lead's status history (`actor` None: the system).
            async fn record_history(
                conn: &mut <$db as sqlx::Database>::Connection,
                lead: scl_domain::LeadId,
                from: scl_domain::LeadStatus,
                to: scl_domain::LeadStatus,
                actor: Option<scl_domain::UserId>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<()> {
                sqlx::query($crate::sql::INSERT_HISTORY)
                    .bind(lead)
                    .bind(Some(from.code()))
                    .bind(to.code())
                    .bind(actor)
                    .bind($crate::records::to_ms(at))
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            /// Whether any customer has a phone number: if none does, no call can match one
            /// (a bulk import of calls alone skips the lookups).
            async fn any_customer_phone(
                conn: &mut <$db as sqlx::Database>::Connection,
            ) -> $crate::Result<bool> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM customer_phones LIMIT 1) AS any_phone",
                )
                .fetch_one(&mut *conn)
                .await?;
                Ok(n > 0)
            }

            /// The stored facts of the calls a write left out (indexes into `calls`).
            async fn stored_facts(
                conn: &mut <$db as sqlx::Database>::Connection,
                calls: &[$crate::IncomingCall],
                left_out: &[usize],
            ) -> $crate::Result<$crate::ingest::StoredFacts> {
                let mut ids: Vec<&str> =
                    left_out.iter().map(|&i| calls[i].call.call_id.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                let mut out = $crate::ingest::StoredFacts::default();
                for chunk in ids.chunks($crate::ingest::CALL_CHUNK) {
                    let mut qb =
                        sqlx::QueryBuilder::<$db>::new($crate::records::CALL_FACTS_SELECT);
                    let mut list = qb.separated(", ");
                    for id in chunk {
                        list.push_bind(id.to_string());
                    }
                    qb.push(")");
                    let rows: Vec<$crate::records::CallFactsRecord> =
                        qb.build_query_as().fetch_all(&mut *conn).await?;
                    for row in rows {
                        let (key, facts) = row.into_domain()?;
                        out.insert(key, facts);
                    }
                }
                Ok(out)
            }

            /// (account, phone) -> customers with that number, for the given phones.
            async fn customers_for_phones(
                conn: &mut <$db as sqlx::Database>::Connection,
                phones: &[&str],
            ) -> $crate::Result<
                std::collections::HashMap<(scl_domain::AccountId, String), Vec<scl_domain::CustomerId>>,
            > {
                let mut out: std::collections::HashMap<_, Vec<_>> = Default::default();
                if phones.is_empty() {
                    return Ok(out);
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT cu.account_id, cp.phone, cp.customer_id FROM customer_phones cp \
                     CROSS JOIN customers cu WHERE cu.id = cp.customer_id AND cp.phone IN (",
                );
                let mut list = qb.separated(", ");
                for p in phones {
                    list.push_bind(p.to_string());
                }
                qb.push(") ORDER BY cp.customer_id");
                let rows: Vec<(i64, String, i64)> =
                    qb.build_query_as().fetch_all(&mut *conn).await?;
                for (account, phone, customer) in rows {
                    out.entry((account, phone)).or_default().push(customer);
                }
                Ok(out)
            }
        }
    };
}

pub(crate) use ingest_helpers;
