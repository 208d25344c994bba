//! PostgreSQL's writes of imported calls and of detection's leads: multi-row statements, each
//! a single round trip to the server.

use sqlx::Postgres;

use super::PgStore;

impl PgStore {
    /// Each (account, call id) of `given` once (the first wins), and the places of the others.
    /// Those stored already are left out by the insert itself (`ON CONFLICT DO NOTHING`), not
    /// by a lookup first.
    fn distinct_calls(
        given: &[crate::IncomingCall],
    ) -> (Vec<(usize, &crate::IncomingCall)>, Vec<usize>) {
        let mut seen = std::collections::HashSet::with_capacity(given.len());
        let (kept, again): (Vec<_>, Vec<_>) = given
            .iter()
            .enumerate()
            .partition(|(_, ic)| seen.insert((ic.call.account_id, ic.call.call_id.as_str())));
        (kept, again.into_iter().map(|(i, _)| i).collect())
    }

    /// Writes calls in one transaction, in multi-row statements; see
    /// [`crate::Ingest::insert_calls`].
    pub(crate) async fn write_calls(
        &self,
        calls: &[crate::IncomingCall],
    ) -> crate::Result<crate::WriteReport> {
        use crate::ingest_methods::customer_phone;
        use crate::records::to_ms;
        let mut report = crate::WriteReport::default();
        // One transaction per call of this method (the app writes a few thousand calls at a
        // time): whole records only after a crash, without paying a commit per statement.
        let mut tx = self.pool.begin().await?;
        let with_customers = Self::any_customer_phone(&mut tx).await?;
        // Calls whose account stores their id already (indexes into `calls`).
        let mut left_out = Vec::new();
        for (n, given) in calls.chunks(crate::ingest::CALL_CHUNK).enumerate() {
            let start = n * crate::ingest::CALL_CHUNK;
            let (kept, again) = Self::distinct_calls(given);
            left_out.extend(again.into_iter().map(|i| start + i));
            let places: Vec<usize> = kept.iter().map(|(i, _)| start + i).collect();
            let chunk: Vec<&crate::IncomingCall> = kept.into_iter().map(|(_, ic)| ic).collect();
            let chunk = chunk.as_slice();
            let matches = if with_customers {
                let phones: Vec<&str> = chunk.iter().map(|c| customer_phone(&c.call)).collect();
                Self::customers_for_phones(&mut tx, &phones).await?
            } else {
                Default::default()
            };
            let matched = |c: &scl_domain::Call| {
                if matches.is_empty() {
                    return Vec::new();
                }
                matches
                    .get(&(c.account_id, customer_phone(c).to_string()))
                    .cloned()
                    .unwrap_or_default()
            };
            let mut qb = sqlx::QueryBuilder::<Postgres>::new(
                "INSERT INTO calls (call_id, account_id, direction, from_number, to_number, \
                 started_at, answered_at, ended_at, agent_id, call_type, reason, csr_notes, \
                 booked, recording, customer_id, location_id, evaluated_at, redactions) ",
            );
            qb.push_values(chunk, |mut b, ic: &&crate::IncomingCall| {
                let c = &ic.call;
                let (customer, call_type, evaluated) = ic.row_facts(&matched(c));
                b.push_bind(c.call_id.clone())
                    .push_bind(c.account_id)
                    .push_bind(c.direction.code())
                    .push_bind(c.from_number.clone())
                    .push_bind(c.to_number.clone())
                    .push_bind(to_ms(c.started_at))
                    .push_bind(c.answered_at.map(to_ms))
                    .push_bind(to_ms(c.ended_at))
                    .push_bind(c.agent_id)
                    .push_bind(call_type.code())
                    .push_bind(c.reason.clone())
                    .push_bind(c.csr_notes.clone())
                    .push_bind(c.booked)
                    .push_bind(c.recording.clone())
                    .push_bind(customer)
                    .push_bind(c.location_id)
                    .push_bind(evaluated)
                    .push_bind(i64::from(ic.redactions));
            });
            let keys = Self::insert_call_rows(&mut tx, qb, chunk).await?;
            report.inserted += keys.iter().flatten().count() as u64;
            left_out.extend(
                places
                    .iter()
                    .zip(&keys)
                    .filter(|(_, key)| key.is_none())
                    .map(|(place, _)| *place),
            );

            let segments: Vec<(i64, i64, &scl_domain::TranscriptSegment)> = chunk
                .iter()
                .zip(&keys)
                .filter_map(|(ic, key)| key.map(|k| (k, ic)))
                .flat_map(|(k, ic)| {
                    ic.call
                        .transcript
                        .iter()
                        .enumerate()
                        .map(move |(i, s)| (k, i as i64, s))
                })
                .collect();
            crate::common::insert_segments!(Postgres, &mut *tx, &segments);

            let mut items = Vec::new();
            for (ic, key) in chunk.iter().zip(&keys) {
                let (Some(key), Some(eval)) = (key, &ic.evaluation) else {
                    continue;
                };
                report.evaluated += 1;
                if let Some(lead) = &eval.lead {
                    items.push(crate::ingest::LeadItem {
                        call_key: *key,
                        account_id: ic.call.account_id,
                        phone: customer_phone(&ic.call),
                        customers: matched(&ic.call),
                        lead,
                    });
                }
            }
            let writes = Self::write_leads(&mut tx, items).await?;
            report.leads_created.extend(writes.created);
            report.leads_joined += writes.joined;
        }
        if !left_out.is_empty() {
            left_out.sort_unstable();
            let stored = Self::stored_facts(&mut tx, calls, &left_out).await?;
            crate::ingest::sort_out_stored(calls, &left_out, &stored, &mut report);
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Creates leads, or joins a caller's open lead: one open lead per (account, number).
    pub(crate) async fn write_leads(
        conn: &mut sqlx::PgConnection,
        items: Vec<crate::ingest::LeadItem<'_>>,
    ) -> crate::Result<crate::ingest::LeadWrites> {
        use crate::records::to_ms;
        let mut writes = crate::ingest::LeadWrites::default();
        if items.is_empty() {
            return Ok(writes);
        }
        let mut open: std::collections::HashMap<(i64, String), i64> = Default::default();
        let mut qb = sqlx::QueryBuilder::<Postgres>::new(
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
        let rows: Vec<(i64, String, i64)> = qb.build_query_as().fetch_all(&mut *conn).await?;
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
            let mut qb = sqlx::QueryBuilder::<Postgres>::new(
                "INSERT INTO leads (call_key, account_id, status, stage, score, reasons, \
                 summary, flagged_at, phone) ",
            );
            qb.push_values(&create, |mut b, i| {
                b.push_bind(i.call_key)
                    .push_bind(i.account_id)
                    .push_bind(scl_domain::LeadStatus::New.code())
                    .push_bind(0_i64)
                    .push_bind(i64::from(i.lead.score.clamp(0, 100)))
                    .push_bind(
                        serde_json::to_string(&i.lead.reasons).unwrap_or_else(|_| "[]".into()),
                    )
                    .push_bind(i.lead.summary.clone())
                    .push_bind(to_ms(i.lead.flagged_at))
                    .push_bind(i.phone.to_string());
            });
            let by_call = Self::insert_lead_rows(&mut *conn, qb, &create).await?;
            let mut history = sqlx::QueryBuilder::<Postgres>::new(
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
            for chunk in candidates.chunks(crate::common::CHUNK) {
                sqlx::QueryBuilder::<Postgres>::new(
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
                writes.created.push(crate::CreatedLead {
                    id,
                    account_id: i.account_id,
                    score: i.lead.score,
                });
            }
        }
        if !join.is_empty() {
            let mut qb =
                sqlx::QueryBuilder::<Postgres>::new("INSERT INTO lead_calls (lead_id, call_key) ");
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
