//! The ingestion and detection methods of [`crate::Store`], expanded into each backend's impl.

/// The number that reaches the customer: the caller for inbound calls, the callee for outbound.
pub(crate) fn customer_phone(call: &scl_domain::Call) -> &str {
    match call.direction {
        scl_domain::Direction::Inbound => &call.from_number,
        scl_domain::Direction::Outbound => &call.to_number,
    }
}

/// An email for an agent known only by name from a phone system; stable per name.
pub(crate) fn import_email(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '.'
            }
        })
        .collect();
    // FNV-1a keeps two names with the same slug apart.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "{}.{:08x}@import.invalid",
        slug.trim_matches('.'),
        hash as u32
    )
}

macro_rules! ingest_methods {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::Ingest for $store {
        #[tracing::instrument(skip_all, err, fields(names = names.len()))]
        async fn ensure_accounts(&self, names: &[String]) -> $crate::Result<Vec<scl_domain::Account>> {
            let mut tx = self.pool.begin().await?;
            for name in names {
                sqlx::query("INSERT INTO accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            let wanted: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
            Ok($crate::Store::accounts(self)
                .await?
                .into_iter()
                .filter(|a| wanted.contains(a.name.as_str()))
                .collect())
        }

        #[tracing::instrument(skip_all, err, fields(names = names.len()))]
        async fn ensure_agents(
            &self,
            names: &[String],
        ) -> $crate::Result<std::collections::HashMap<String, scl_domain::UserId>> {
            let mut tx = self.pool.begin().await?;
            for name in names {
                sqlx::query(
                    "INSERT INTO users (name, email, role, role_id) VALUES ($1, $2, 'agent', 3) \
                     ON CONFLICT (email) DO NOTHING",
                )
                .bind(name)
                .bind($crate::ingest_methods::import_email(name))
                .execute(&mut *tx)
                .await?;
            }
            let mut out = std::collections::HashMap::new();
            for name in names {
                let id: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM users WHERE name = $1 ORDER BY id LIMIT 1")
                        .bind(name)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(id) = id {
                    out.insert(name.clone(), id);
                }
            }
            tx.commit().await?;
            Ok(out)
        }

        #[tracing::instrument(skip_all, err, fields(customers = records.len()))]
        async fn upsert_customers(&self, records: &[$crate::CustomerRecord]) -> $crate::Result<u64> {
            let mut tx = self.pool.begin().await?;
            for r in records {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO customers (account_id, external_id, name, notes) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, external_id) \
                     DO UPDATE SET name = excluded.name, notes = excluded.notes RETURNING id",
                )
                .bind(r.account_id)
                .bind(&r.external_id)
                .bind(&r.name)
                .bind(&r.notes)
                .fetch_one(&mut *tx)
                .await?;
                for phone in &r.phones {
                    sqlx::query(
                        "INSERT INTO customer_phones (customer_id, phone) VALUES ($1, $2) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(phone)
                    .execute(&mut *tx)
                    .await?;
                }
                for l in &r.locations {
                    sqlx::query(
                        "INSERT INTO locations (customer_id, external_id, address, zone, notes) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_id, external_id) \
                         DO UPDATE SET address = excluded.address, zone = excluded.zone, \
                         notes = excluded.notes",
                    )
                    .bind(id)
                    .bind(&l.external_id)
                    .bind(&l.address)
                    .bind(&l.zone)
                    .bind(&l.notes)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok(records.len() as u64)
        }

        #[tracing::instrument(skip_all, err, fields(jobs = records.len()))]
        async fn insert_jobs(&self, records: &[$crate::JobRecord]) -> $crate::Result<u64> {
            let mut tx = self.pool.begin().await?;
            let mut inserted = 0;
            for j in records {
                let customer: Option<i64> = match &j.customer_external_id {
                    Some(ext) => sqlx::query_scalar(
                        "SELECT id FROM customers WHERE account_id = $1 AND external_id = $2",
                    )
                    .bind(j.account_id)
                    .bind(ext)
                    .fetch_optional(&mut *tx)
                    .await?,
                    None => None,
                };
                inserted += sqlx::query(
                    "INSERT INTO jobs (account_id, external_id, customer_id, phone, booked_at, \
                     revenue_cents) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (account_id, external_id) DO NOTHING",
                )
                .bind(j.account_id)
                .bind(&j.external_id)
                .bind(customer)
                .bind(&j.phone)
                .bind($crate::records::to_ms(j.booked_at))
                .bind(j.revenue_cents)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
            Ok(inserted)
        }

        #[tracing::instrument(skip_all, err, fields(jobs = jobs.len()))]
        async fn close_leads_booked(
            &self,
            jobs: &[$crate::JobRecord],
        ) -> $crate::Result<Vec<scl_domain::LeadId>> {
            use scl_domain::LeadStatus;
            let mut tx = self.pool.begin().await?;
            let mut closed = Vec::new();
            for job in jobs {
                let booked = $crate::records::to_ms(job.booked_at);
                let open: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT l.id, l.status FROM leads l JOIN calls c ON c.id = l.call_key \
                     LEFT JOIN customers cu ON cu.id = c.customer_id \
                     WHERE l.account_id = $1 AND l.stage = 0 AND l.flagged_at <= $2 \
                     AND (l.phone = $3 OR (cu.external_id IS NOT NULL AND cu.external_id = $4))",
                )
                .bind(job.account_id)
                .bind(booked)
                .bind(job.phone.as_deref().unwrap_or(""))
                .bind(job.customer_external_id.as_deref().unwrap_or(""))
                .fetch_all(&mut *tx)
                .await?;
                for (lead, status) in open {
                    let from = LeadStatus::from_code(&status).unwrap_or(LeadStatus::New);
                    let to = match from {
                        LeadStatus::CallBackAttempted => LeadStatus::JobBookedByScl,
                        _ => LeadStatus::JobBookedElsewhere,
                    };
                    sqlx::query("UPDATE leads SET status = $1, stage = 1 WHERE id = $2 AND stage = 0")
                        .bind(to.code())
                        .bind(lead)
                        .execute(&mut *tx)
                        .await?;
                    Self::record_history(&mut tx, lead, from, to, None, job.booked_at).await?;
                    closed.push(lead);
                }
            }
            tx.commit().await?;
            Ok(closed)
        }

        #[tracing::instrument(skip_all, err, fields(calls = calls.len()))]
        async fn insert_calls(
            &self,
            calls: &[$crate::IncomingCall],
        ) -> $crate::Result<$crate::WriteReport> {
            self.write_calls(calls).await
        }

        #[tracing::instrument(skip_all, err)]
        async fn pending_calls(
            &self,
            now: chrono::DateTime<chrono::Utc>,
            limit: u32,
        ) -> $crate::Result<Vec<scl_domain::Call>> {
            let sql = format!(
                "SELECT {} FROM calls WHERE id IN (SELECT c.id FROM calls c \
                 JOIN accounts a ON a.id = c.account_id WHERE c.evaluated_at IS NULL \
                 AND c.ended_at <= $1 - a.acw_minutes * 60000 ORDER BY c.ended_at, c.id LIMIT $2) \
                 ORDER BY ended_at, id",
                $crate::records::CALL_COLUMNS
            );
            let rows: Vec<$crate::records::CallRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind($crate::records::to_ms(now))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
            self.with_transcripts(rows).await
        }

        #[tracing::instrument(skip_all, err)]
        async fn next_due(
            &self,
        ) -> $crate::Result<Option<chrono::DateTime<chrono::Utc>>> {
            let due: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(c.ended_at + a.acw_minutes * 60000) FROM calls c \
                 JOIN accounts a ON a.id = c.account_id WHERE c.evaluated_at IS NULL",
            )
            .fetch_one(&self.pool)
            .await?;
            due.map(|ms| $crate::records::from_ms("calls", 0, ms)).transpose()
        }

        #[tracing::instrument(skip_all, err, fields(calls = evaluations.len()))]
        async fn record_evaluations(
            &self,
            evaluations: &[(scl_domain::Call, $crate::Evaluation)],
        ) -> $crate::Result<$crate::WriteReport> {
            use $crate::ingest_methods::customer_phone;
            let mut report = $crate::WriteReport::default();
            for chunk in evaluations.chunks($crate::ingest::CALL_CHUNK) {
                let mut tx = self.pool.begin().await?;
                let matches = if Self::any_customer_phone(&mut tx).await? {
                    let phones: Vec<&str> = chunk.iter().map(|(c, _)| customer_phone(c)).collect();
                    Self::customers_for_phones(&mut tx, &phones).await?
                } else {
                    Default::default()
                };
                let mut items = Vec::new();
                for (call, eval) in chunk {
                    let customers = matches
                        .get(&(call.account_id, customer_phone(call).to_string()))
                        .cloned()
                        .unwrap_or_default();
                    let only = (customers.len() == 1).then(|| customers[0]);
                    let updated = sqlx::query(
                        "UPDATE calls SET evaluated_at = $1, call_type = $2, \
                         customer_id = COALESCE(customer_id, $3) \
                         WHERE id = $4 AND evaluated_at IS NULL",
                    )
                    .bind($crate::records::to_ms(eval.at))
                    .bind(eval.call_type.code())
                    .bind(only)
                    .bind(call.id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if updated == 0 {
                        continue; // evaluated already: once only
                    }
                    report.evaluated += 1;
                    if let Some(lead) = &eval.lead {
                        items.push($crate::ingest::LeadItem {
                            call_key: call.id,
                            account_id: call.account_id,
                            phone: customer_phone(call),
                            customers,
                            lead,
                        });
                    }
                }
                let writes = Self::write_leads(&mut tx, items).await?;
                tx.commit().await?;
                report.leads_created.extend(writes.created);
                report.leads_joined += writes.joined;
            }
            Ok(report)
        }

        #[tracing::instrument(skip_all, err, fields(call = key))]
        async fn call(&self, key: scl_domain::CallKey) -> $crate::Result<Option<scl_domain::Call>> {
            let sql = format!("SELECT {} FROM calls WHERE id = $1", $crate::records::CALL_COLUMNS);
            let rows: Vec<$crate::records::CallRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(key)
                .fetch_all(&self.pool)
                .await?;
            Ok(self.with_transcripts(rows).await?.pop())
        }

        #[tracing::instrument(skip_all, err)]
        async fn calls_by_call_id(&self, call_id: &str) -> $crate::Result<Vec<scl_domain::Call>> {
            let sql = format!(
                "SELECT {} FROM calls WHERE call_id = $1 ORDER BY account_id",
                $crate::records::CALL_COLUMNS
            );
            let rows: Vec<$crate::records::CallRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(call_id)
                .fetch_all(&self.pool)
                .await?;
            self.with_transcripts(rows).await
        }

        #[tracing::instrument(skip_all, err)]
        async fn calls_to_transcribe(&self, limit: u32) -> $crate::Result<Vec<scl_domain::Call>> {
            let sql = format!(
                "SELECT {} FROM calls WHERE recording IS NOT NULL AND transcript_origin IS NULL \
                 AND transcription_error IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM transcript_segments s WHERE s.call_key = calls.id) \
                 ORDER BY ended_at, id LIMIT $1",
                $crate::records::CALL_COLUMNS
            );
            let rows: Vec<$crate::records::CallRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
            self.with_transcripts(rows).await
        }

        #[tracing::instrument(skip_all, err, fields(call, segments = segments.len()))]
        async fn save_transcript(
            &self,
            call: scl_domain::CallKey,
            segments: &[scl_domain::TranscriptSegment],
            origin: &str,
        ) -> $crate::Result<bool> {
            let mut tx = self.pool.begin().await?;
            // Claims the call first: of two transcribers, one writes.
            let claimed = sqlx::query(
                "UPDATE calls SET transcript_origin = $1, transcription_error = NULL \
                 WHERE id = $2 AND transcript_origin IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM transcript_segments s WHERE s.call_key = $2)",
            )
            .bind(origin)
            .bind(call)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                return Ok(false);
            }
            let rows: Vec<(i64, i64, &scl_domain::TranscriptSegment)> = segments
                .iter()
                .enumerate()
                .map(|(i, s)| (call, i as i64, s))
                .collect();
            $crate::common::insert_segments!($db, &mut *tx, &rows);
            tx.commit().await?;
            Ok(true)
        }

        #[tracing::instrument(skip_all, err, fields(call))]
        async fn transcription_failed(&self, call: scl_domain::CallKey, reason: &str) -> $crate::Result<()> {
            sqlx::query("UPDATE calls SET transcription_error = $1 WHERE id = $2 AND transcript_origin IS NULL")
                .bind(reason)
                .bind(call)
                .execute(&self.pool)
                .await?;
            Ok(())
        }

        async fn transcription(
            &self,
            call: scl_domain::CallKey,
        ) -> $crate::Result<(Option<String>, Option<String>)> {
            Ok(sqlx::query_as(
                "SELECT transcript_origin, transcription_error FROM calls WHERE id = $1",
            )
            .bind(call)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or((None, None)))
        }

        #[tracing::instrument(skip_all, err)]
        async fn inbound_call_times(
            &self,
            since: chrono::DateTime<chrono::Utc>,
            before: Option<chrono::DateTime<chrono::Utc>>,
        ) -> $crate::Result<Vec<(scl_domain::AccountId, String, chrono::DateTime<chrono::Utc>)>> {
            let before = before.map_or(i64::MAX, $crate::records::to_ms);
            let rows: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT account_id, from_number, started_at FROM calls \
                 WHERE direction = 'inbound' AND started_at >= $1 AND started_at < $2",
            )
            .bind($crate::records::to_ms(since))
            .bind(before)
            .fetch_all(&self.pool)
            .await?;
            rows.into_iter()
                .map(|(account, number, ms)| Ok((account, number, $crate::records::from_ms("calls", 0, ms)?)))
                .collect()
        }

        #[tracing::instrument(skip_all, err)]
        async fn first_jobs(
            &self,
        ) -> $crate::Result<Vec<(scl_domain::AccountId, String, chrono::DateTime<chrono::Utc>)>> {
            let mut rows: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT account_id, phone, MIN(booked_at) FROM jobs WHERE phone IS NOT NULL \
                 GROUP BY account_id, phone",
            )
            .fetch_all(&self.pool)
            .await?;
            rows.extend(
                sqlx::query_as::<_, (i64, String, i64)>(
                    "SELECT j.account_id, cp.phone, MIN(j.booked_at) FROM jobs j \
                     JOIN customer_phones cp ON cp.customer_id = j.customer_id \
                     GROUP BY j.account_id, cp.phone",
                )
                .fetch_all(&self.pool)
                .await?,
            );
            rows.into_iter()
                .map(|(account, phone, ms)| Ok((account, phone, $crate::records::from_ms("jobs", 0, ms)?)))
                .collect()
        }

        #[tracing::instrument(skip_all, err, fields(lead))]
        async fn lead_call(&self, lead: scl_domain::LeadId) -> $crate::Result<Option<scl_domain::Call>> {
            let key: Option<i64> = sqlx::query_scalar("SELECT call_key FROM leads WHERE id = $1")
                .bind(lead)
                .fetch_optional(&self.pool)
                .await?;
            match key {
                Some(key) => $crate::Ingest::call(self, key).await,
                None => Ok(None),
            }
        }

        async fn app_setting(&self, key: &str) -> $crate::Result<Option<String>> {
            Ok(sqlx::query_scalar("SELECT value FROM app_settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?)
        }

        #[tracing::instrument(skip_all, err, fields(key))]
        async fn set_app_setting(&self, key: &str, value: Option<&str>) -> $crate::Result<()> {
            match value {
                Some(v) => sqlx::query(
                    "INSERT INTO app_settings (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(v)
                .execute(&self.pool)
                .await?,
                None => sqlx::query("DELETE FROM app_settings WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?,
            };
            Ok(())
        }

        async fn file_imported(&self, path: &str, size: i64, modified_ms: i64) -> $crate::Result<bool> {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM imported_files WHERE path = $1 AND size = $2 AND modified_ms = $3",
            )
            .bind(path)
            .bind(size)
            .bind(modified_ms)
            .fetch_one(&self.pool)
            .await?;
            Ok(n > 0)
        }

        #[tracing::instrument(skip_all, err)]
        async fn record_file_imported(
            &self,
            path: &str,
            size: i64,
            modified_ms: i64,
            at: chrono::DateTime<chrono::Utc>,
        ) -> $crate::Result<()> {
            sqlx::query(
                "INSERT INTO imported_files (path, size, modified_ms, imported_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(path)
            .bind(size)
            .bind(modified_ms)
            .bind($crate::records::to_ms(at))
            .execute(&self.pool)
            .await?;
            Ok(())
        }

        #[tracing::instrument(skip_all, err)]
        async fn checkpoint(&self) -> $crate::Result<()> {
            self.fold_log().await
        }

        #[tracing::instrument(skip_all, err, fields(account))]
        async fn detector_model(&self, account: scl_domain::AccountId) -> $crate::Result<Option<String>> {
            Ok(sqlx::query_scalar("SELECT model FROM detector_models WHERE account_id = $1")
                .bind(account)
                .fetch_optional(&self.pool)
                .await?)
        }

        #[tracing::instrument(skip_all, err, fields(account))]
        async fn save_detector_model(
            &self,
            account: scl_domain::AccountId,
            model: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> $crate::Result<()> {
            sqlx::query(
                "INSERT INTO detector_models (account_id, model, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (account_id) DO UPDATE SET model = excluded.model, \
                 updated_at = excluded.updated_at",
            )
            .bind(account)
            .bind(model)
            .bind($crate::records::to_ms(at))
            .execute(&self.pool)
            .await?;
            Ok(())
        }
        }
    };
}

/// Loads the transcripts of call rows, per backend.
macro_rules! transcript_loader {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn with_transcripts(
                &self,
                rows: Vec<$crate::records::CallRecord>,
            ) -> $crate::Result<Vec<scl_domain::Call>> {
                let mut segments: std::collections::HashMap<
                    i64,
                    Vec<scl_domain::TranscriptSegment>,
                > = Default::default();
                for part in rows.chunks($crate::common::CHUNK) {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "SELECT call_key, start_s, end_s, speaker, text FROM transcript_segments \
                         WHERE call_key IN (",
                    );
                    let mut list = qb.separated(", ");
                    for r in part {
                        list.push_bind(r.id);
                    }
                    qb.push(") ORDER BY call_key, seq");
                    let found: Vec<$crate::records::SegmentRecord> =
                        qb.build_query_as().fetch_all(&self.pool).await?;
                    for s in found {
                        let key = s.call_key;
                        segments.entry(key).or_default().push(s.into_domain()?);
                    }
                }
                rows.into_iter()
                    .map(|r| {
                        let t = segments.remove(&r.id).unwrap_or_default();
                        r.into_domain(t)
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use ingest_methods;
pub(crate) use transcript_loader;
