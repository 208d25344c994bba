//! The part of [`crate::Store`] that is the same SQL on both backends. A macro rather than
//! generics: each expansion is checked against one concrete sqlx driver, with no trait-bound maze.

/// Rows per multi-row INSERT: under SQLite's and PostgreSQL's bind-parameter limits.
pub(crate) const CHUNK: usize = 1000;

macro_rules! shared_store_impl {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::Store for $store {
            #[tracing::instrument(skip_all, err)]
            async fn is_empty(&self) -> $crate::Result<bool> {
                let n: i64 = sqlx::query_scalar($crate::sql::ANY_ACCOUNT)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n == 0)
            }

            #[tracing::instrument(skip_all, err, fields(calls = data.calls.len(), leads = data.leads.len()))]
            async fn import(&self, data: &scl_domain::Dataset) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                import_rows!($db, &mut *tx, data);
                self.after_import(&mut tx).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, err)]
            async fn accounts(&self) -> $crate::Result<Vec<scl_domain::Account>> {
                sqlx::query_as::<_, $crate::records::AccountRecord>($crate::sql::ACCOUNTS)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|r| r.into_domain())
                    .collect()
            }

            #[tracing::instrument(skip_all, err, fields(account))]
            async fn update_settings(
                &self,
                account: scl_domain::AccountId,
                settings: &scl_domain::AccountSettings,
            ) -> $crate::Result<bool> {
                let changed = sqlx::query(
                    "UPDATE accounts SET scl_enabled = $1, acw_minutes = $2, cold_days = $3, \
                     answered_min_seconds = $4, phone_region = $5, time_zone = $6 WHERE id = $7",
                )
                .bind(settings.scl_enabled)
                .bind(i64::from(settings.acw_minutes))
                .bind(i64::from(settings.cold_days))
                .bind(i64::from(settings.answered_min_seconds))
                .bind(&settings.phone_region)
                .bind(&settings.time_zone)
                .bind(account)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(changed == 1)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id))]
            async fn lead(
                &self,
                id: scl_domain::LeadId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Option<scl_domain::LeadRow>> {
                let text = format!("{}{}", $crate::sql::LEAD_ROW_SELECT, $crate::sql::LEAD_BY_ID);
                sqlx::query_as::<_, $crate::records::LeadRowRecord>(sqlx::AssertSqlSafe(text))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|r| r.into_row(now))
                    .transpose()
            }

            #[tracing::instrument(skip_all, err, fields(lead = id, from = %from, to = %to))]
            async fn change_status(
                &self,
                id: scl_domain::LeadId,
                from: scl_domain::LeadStatus,
                to: scl_domain::LeadStatus,
                actor: scl_domain::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<bool> {
                let mut tx = self.pool.begin().await?;
                let changed = sqlx::query($crate::sql::CHANGE_STATUS)
                    .bind(to.code())
                    .bind($crate::sql::stage(to, false))
                    .bind(id)
                    .bind(from.code())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if changed == 0 {
                    return Ok(false);
                }
                let actor_id = match actor {
                    scl_domain::Actor::User(u) => Some(u),
                    scl_domain::Actor::System => None,
                };
                Self::record_history(&mut tx, id, from, to, actor_id, at).await?;
                tx.commit().await?;
                Ok(true)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id))]
            async fn status_history(
                &self,
                id: scl_domain::LeadId,
            ) -> $crate::Result<Vec<scl_domain::StatusChange>> {
                sqlx::query_as::<_, $crate::records::StatusChangeRecord>($crate::sql::HISTORY)
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|r| r.into_domain())
                    .collect()
            }
        }

        $crate::ingest_methods::ingest_methods!($store, $db);
        $crate::queue::queue_methods!($store, $db);
        $crate::ingest::ingest_helpers!($store, $db);
        $crate::work::work_methods!($store, $db);
        $crate::access::access_methods!($store, $db);
        $crate::ingest_methods::transcript_loader!($store, $db);

    };
}

/// Multi-row INSERTs of a whole [`scl_domain::Dataset`], parents before children.
macro_rules! import_rows {
    ($db:ty, $conn:expr, $data:expr) => {{
        use $crate::common::CHUNK;
        use $crate::records::to_ms;
        let data: &scl_domain::Dataset = $data;
        let conn = $conn;
        let opt_ms = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(to_ms);

        for chunk in data.accounts.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO accounts (id, name, scl_enabled, acw_minutes, cold_days, \
                 answered_min_seconds, phone_region, time_zone) ",
            )
            .push_values(chunk, |mut b, a| {
                b.push_bind(a.id)
                    .push_bind(a.name.clone())
                    .push_bind(a.settings.scl_enabled)
                    .push_bind(i64::from(a.settings.acw_minutes))
                    .push_bind(i64::from(a.settings.cold_days))
                    .push_bind(i64::from(a.settings.answered_min_seconds))
                    .push_bind(a.settings.phone_region.clone())
                    .push_bind(a.settings.time_zone.clone());
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        for chunk in data.users.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO users (id, name, email, role, home_account, role_id) ",
            )
            .push_values(chunk, |mut b, u| {
                b.push_bind(u.id)
                    .push_bind(u.name.clone())
                    .push_bind(u.email.clone())
                    .push_bind(u.role.code())
                    .push_bind(u.home_account)
                    .push_bind(scl_domain::BuiltinRole::from(u.role).id());
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        for chunk in data.customers.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new("INSERT INTO customers (id, account_id, name, notes) ")
                .push_values(chunk, |mut b, c| {
                    b.push_bind(c.id)
                        .push_bind(c.account_id)
                        .push_bind(c.name.clone())
                        .push_bind(c.notes.clone());
                })
                .build()
                .execute(&mut *conn)
                .await?;
        }
        let phones: Vec<(i64, &str)> = data
            .customers
            .iter()
            .flat_map(|c| c.phones.iter().map(move |p| (c.id, p.as_str())))
            .collect();
        for chunk in phones.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new("INSERT INTO customer_phones (customer_id, phone) ")
                .push_values(chunk, |mut b, (id, phone)| {
                    b.push_bind(*id).push_bind(phone.to_string());
                })
                .build()
                .execute(&mut *conn)
                .await?;
        }
        for chunk in data.locations.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO locations (id, customer_id, address, zone, notes) ",
            )
            .push_values(chunk, |mut b, l| {
                b.push_bind(l.id)
                    .push_bind(l.customer_id)
                    .push_bind(l.address.clone())
                    .push_bind(l.zone.clone())
                    .push_bind(l.notes.clone());
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        // A dataset is history: its calls were judged already (when their lead was flagged),
        // so the detection loop must not judge them again.
        let judged: std::collections::HashMap<i64, i64> = data
            .leads
            .iter()
            .map(|l| (l.call, to_ms(l.flagged_at)))
            .collect();
        for chunk in data.calls.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO calls (id, call_id, account_id, direction, from_number, to_number, \
                 started_at, answered_at, ended_at, agent_id, call_type, reason, csr_notes, \
                 booked, recording, customer_id, location_id, evaluated_at) ",
            )
            .push_values(chunk, |mut b, c| {
                b.push_bind(c.id)
                    .push_bind(c.call_id.clone())
                    .push_bind(c.account_id)
                    .push_bind(c.direction.code())
                    .push_bind(c.from_number.clone())
                    .push_bind(c.to_number.clone())
                    .push_bind(to_ms(c.started_at))
                    .push_bind(opt_ms(c.answered_at))
                    .push_bind(to_ms(c.ended_at))
                    .push_bind(c.agent_id)
                    .push_bind(c.call_type.code())
                    .push_bind(c.reason.clone())
                    .push_bind(c.csr_notes.clone())
                    .push_bind(c.booked)
                    .push_bind(c.recording.clone())
                    .push_bind(c.customer_id)
                    .push_bind(c.location_id)
                    .push_bind(judged.get(&c.id).copied().unwrap_or(to_ms(c.ended_at)));
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        let segments: Vec<(i64, i64, &scl_domain::TranscriptSegment)> = data
            .calls
            .iter()
            .flat_map(|c| {
                c.transcript
                    .iter()
                    .enumerate()
                    .map(move |(i, s)| (c.id, i as i64, s))
            })
            .collect();
        $crate::common::insert_segments!($db, &mut *conn, &segments);
        for chunk in data.jobs.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO jobs (id, account_id, customer_id, location_id, phone, booked_at, \
                 revenue_cents) ",
            )
            .push_values(chunk, |mut b, j| {
                b.push_bind(j.id)
                    .push_bind(j.account_id)
                    .push_bind(j.customer_id)
                    .push_bind(j.location_id)
                    .push_bind(j.phone.clone())
                    .push_bind(to_ms(j.booked_at))
                    .push_bind(j.revenue_cents);
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        let phones: std::collections::HashMap<i64, &str> = data
            .calls
            .iter()
            .map(|c| (c.id, $crate::ingest_methods::customer_phone(c)))
            .collect();
        for chunk in data.leads.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO leads (id, call_key, account_id, status, stage, score, reasons, \
                 summary, flagged_at, dismissed_at, phone) ",
            )
            .push_values(chunk, |mut b, l| {
                b.push_bind(l.id)
                    .push_bind(l.call)
                    .push_bind(l.account_id)
                    .push_bind(l.status.code())
                    .push_bind($crate::sql::stage(l.status, l.dismissed_at.is_some()))
                    .push_bind(i64::from(l.score))
                    .push_bind(serde_json::to_string(&l.reasons).unwrap_or_else(|_| "[]".into()))
                    .push_bind(l.summary.clone())
                    .push_bind(to_ms(l.flagged_at))
                    .push_bind(opt_ms(l.dismissed_at))
                    .push_bind(phones.get(&l.call).copied().unwrap_or_default().to_string());
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        let history: Vec<(i64, &scl_domain::StatusChange)> = data
            .leads
            .iter()
            .flat_map(|l| l.history.iter().map(move |h| (l.id, h)))
            .collect();
        for chunk in history.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO lead_status_history (lead_id, from_status, to_status, actor_id, at) ",
            )
            .push_values(chunk, |mut b, (lead, h)| {
                b.push_bind(*lead)
                    .push_bind(h.from.map(|s| s.code()))
                    .push_bind(h.to.code())
                    .push_bind(match h.actor {
                        scl_domain::Actor::User(u) => Some(u),
                        scl_domain::Actor::System => None,
                    })
                    .push_bind(to_ms(h.at));
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        let notes: Vec<(i64, &scl_domain::LeadNote)> = data
            .leads
            .iter()
            .flat_map(|l| l.notes.iter().map(move |n| (l.id, n)))
            .collect();
        for chunk in notes.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO lead_notes (lead_id, author_id, at, text) ",
            )
            .push_values(chunk, |mut b, (lead, n)| {
                b.push_bind(*lead)
                    .push_bind(n.author_id)
                    .push_bind(to_ms(n.at))
                    .push_bind(n.text.clone());
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
        let callbacks: Vec<(i64, &scl_domain::CallbackAttempt)> = data
            .leads
            .iter()
            .flat_map(|l| l.callbacks.iter().map(move |c| (l.id, c)))
            .collect();
        for chunk in callbacks.chunks(CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO callback_attempts (lead_id, agent_id, at, phone, outcome) ",
            )
            .push_values(chunk, |mut b, (lead, c)| {
                b.push_bind(*lead)
                    .push_bind(c.agent_id)
                    .push_bind(to_ms(c.at))
                    .push_bind(c.phone.clone())
                    .push_bind(c.outcome.clone());
            })
            .build()
            .execute(&mut *conn)
            .await?;
        }
    }};
}

/// Writes `(call key, position, segment)` rows into `transcript_segments`, a chunk of rows per
/// statement.
macro_rules! insert_segments {
    ($db:ty, $conn:expr, $segments:expr) => {{
        let segments: &[(i64, i64, &scl_domain::TranscriptSegment)] = $segments;
        for chunk in segments.chunks($crate::common::CHUNK) {
            sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO transcript_segments (call_key, seq, start_s, end_s, speaker, text) ",
            )
            .push_values(chunk, |mut b, (call, seq, s)| {
                b.push_bind(*call)
                    .push_bind(*seq)
                    .push_bind(s.start_s)
                    .push_bind(s.end_s)
                    .push_bind(s.speaker.code())
                    .push_bind(s.text.clone());
            })
            .build()
            .execute($conn)
            .await?;
        }
    }};
}

pub(crate) use import_rows;
pub(crate) use insert_segments;
pub(crate) use shared_store_impl;
