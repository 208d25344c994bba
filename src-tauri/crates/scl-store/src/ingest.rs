//! Writing calls from phone systems and detection's verdicts, the same SQL on both backends.
//! Each write is one transaction: a killed import leaves whole records only, and a re-run
//! skips what is already there (calls are keyed by call id).

use scl_domain::{AccountId, CallKey, CustomerId};

use crate::{CreatedLead, NewLead};

/// Calls per multi-row statement, under both backends' bind-parameter limits.
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

            /// Each call id of `given` once (the first wins). Those stored already are left out
            /// by the insert itself (`ON CONFLICT DO NOTHING`), not by a lookup first.
            fn distinct_calls(given: &[$crate::IncomingCall]) -> Vec<&$crate::IncomingCall> {
                let mut seen = std::collections::HashSet::with_capacity(given.len());
                given
                    .iter()
                    .filter(|ic| seen.insert(ic.call.call_id.as_str()))
                    .collect()
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

            /// Creates leads, or joins a caller's open lead: one open lead per (account, number).
            async fn write_leads(
                conn: &mut <$db as sqlx::Database>::Connection,
                items: Vec<$crate::ingest::LeadItem<'_>>,
            ) -> $crate::Result<$crate::ingest::LeadWrites> {
                use $crate::records::to_ms;
                let mut writes = $crate::ingest::LeadWrites::default();
                if items.is_empty() {
                    return Ok(writes);
                }
                let mut open: std::collections::HashMap<(i64, String), i64> = Default::default();
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    // By the chunk's numbers (leads_by_phone), not every open lead, or an import
                    // slows down as leads pile up. `+stage` keeps SQLite off the rank indexes,
                    // which also start with the stage.
                    "SELECT account_id, phone, id FROM leads WHERE +stage = 0 AND phone IN (",
                );
                let mut list = qb.separated(", ");
                for item in &items {
                    list.push_bind(item.phone.to_string());
                }
                qb.push(")");
                let rows: Vec<(i64, String, i64)> =
                    qb.build_query_as().fetch_all(&mut *conn).await?;
                for (account, phone, lead) in rows {
                    open.insert((account, phone), lead);
                }
                // The first call of a new (account, number) creates the lead; later ones join it.
                let mut seen = std::collections::HashSet::new();
                let (create, join): (Vec<_>, Vec<_>) = items.into_iter().partition(|i| {
                    let key = (i.account_id, i.phone.to_string());
                    !open.contains_key(&key) && seen.insert(key)
                });
                if !create.is_empty() {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO leads (call_key, account_id, status, stage, score, reasons, \
                         summary, flagged_at, phone) ",
                    );
                    qb.push_values(&create, |mut b, i| {
                        b.push_bind(i.call_key)
                            .push_bind(i.account_id)
                            .push_bind(scl_domain::LeadStatus::New.code())
                            .push_bind(0_i64)
                            .push_bind(i64::from(i.lead.score.clamp(0, 100)))
                            .push_bind(serde_json::to_string(&i.lead.reasons).unwrap_or_else(|_| "[]".into()))
                            .push_bind(i.lead.summary.clone())
                            .push_bind(to_ms(i.lead.flagged_at))
                            .push_bind(i.phone.to_string());
                    });
                    let by_call = Self::insert_lead_rows(&mut *conn, qb, &create).await?;
                    let mut history = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO lead_status_history (lead_id, from_status, to_status, actor_id, at) ",
                    );
                    history.push_values(&create, |mut b, i| {
                        b.push_bind(by_call[&i.call_key])
                            .push_bind(None::<String>)
                            .push_bind(scl_domain::LeadStatus::New.code())
                            .push_bind(None::<i64>)
                            .push_bind(to_ms(i.lead.flagged_at));
                    });
                    history.build().execute(&mut *conn).await?;
                    let candidates: Vec<(i64, i64)> = create
                        .iter()
                        .filter(|i| i.customers.len() > 1)
                        .flat_map(|i| i.customers.iter().map(|c| (by_call[&i.call_key], *c)))
                        .collect();
                    for chunk in candidates.chunks($crate::common::CHUNK) {
                        sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO lead_customer_candidates (lead_id, customer_id) ",
                        )
                        .push_values(chunk, |mut b, (lead, customer)| {
                            b.push_bind(*lead).push_bind(*customer);
                        })
                        .build()
                        .execute(&mut *conn)
                        .await?;
                    }
                    for i in &create {
                        let id = by_call[&i.call_key];
                        open.insert((i.account_id, i.phone.to_string()), id);
                        writes.created.push($crate::CreatedLead {
                            id,
                            account_id: i.account_id,
                            score: i.lead.score,
                        });
                    }
                }
                if !join.is_empty() {
                    let mut qb =
                        sqlx::QueryBuilder::<$db>::new("INSERT INTO lead_calls (lead_id, call_key) ");
                    qb.push_values(&join, |mut b, i| {
                        b.push_bind(open[&(i.account_id, i.phone.to_string())])
                            .push_bind(i.call_key);
                    });
                    qb.push(" ON CONFLICT DO NOTHING");
                    writes.joined = qb.build().execute(&mut *conn).await?.rows_affected();
                }
                Ok(writes)
            }
        }
    };
}

pub(crate) use ingest_helpers;
