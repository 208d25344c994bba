//! SQLite's writes of imported calls and of detection's leads: one prepared statement per kind
//! of row, run row by row on the handle sqlx lends (`scl-sqlite-bulk`). A million-call import
//! spent most of its time boxing multi-row statements' values for sqlx's worker and preparing
//! lead statements whose row count changed every time (BENCHMARKS.md, issue 3).
//!
//! Each lock is held for one chunk of calls (a few milliseconds), so the runtime thread is not
//! kept from its other tasks for long.
//!
//! A write of calls does not fold the log into the database file itself when it commits (SQLite's
//! automatic checkpoint): another connection does it in the background, on another thread, while
//! the caller goes on with the next part of the import.

use scl_domain::{LeadStatus, TranscriptSegment};
use scl_sqlite_bulk::{Connection, Statement, Value};
use sqlx::{Connection as _, SqliteConnection};

use super::SqliteStore;
use crate::ingest::{LeadItem, LeadWrites};
use crate::ingest_methods::customer_phone;
use crate::records::to_ms;
use crate::{CreatedLead, IncomingCall, Result, WriteReport};

/// Calls written per lock of the handle: a few milliseconds of work, after which the runtime
/// thread may run other tasks (and the statements are prepared again, which is cheap).
const CALLS_PER_LOCK: usize = 2_000;

const INSERT_CALL: &str = "INSERT INTO calls (call_id, account_id, direction, from_number, \
    to_number, started_at, answered_at, ended_at, agent_id, call_type, reason, csr_notes, \
    booked, recording, customer_id, location_id, evaluated_at, redactions) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) \
    ON CONFLICT (call_id, account_id) DO NOTHING";

const INSERT_SEGMENT: &str = "INSERT INTO transcript_segments \
    (call_key, seq, start_s, end_s, speaker, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// The caller's open lead in the account; the newest if an old import left two.
const OPEN_LEAD: &str = "SELECT id FROM leads \
    WHERE phone = ?1 AND account_id = ?2 AND stage = 0 ORDER BY id DESC LIMIT 1";

const INSERT_LEAD: &str = "INSERT INTO leads (call_key, account_id, status, stage, score, \
    reasons, summary, flagged_at, phone) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8)";

const INSERT_NEW_HISTORY: &str = "INSERT INTO lead_status_history \
    (lead_id, from_status, to_status, actor_id, at) VALUES (?1, NULL, ?2, NULL, ?3)";

const INSERT_CANDIDATE: &str =
    "INSERT INTO lead_customer_candidates (lead_id, customer_id) VALUES (?1, ?2)";

const JOIN_LEAD: &str =
    "INSERT INTO lead_calls (lead_id, call_key) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

impl SqliteStore {
    /// Writes calls in one transaction; see [`crate::Ingest::insert_calls`].
    ///
    /// Foreign keys are not checked row by row here: every reference written is to a row the
    /// import made or found just before (accounts, agents) or in this transaction (customers,
    /// the call, the lead), and none of the rows referred to is ever deleted. Checking each again cost 12-15% of a
    /// bulk import (measured: BENCHMARKS.md). Debug builds, which every test runs, check the
    /// whole database before committing.
    pub(crate) async fn write_calls(&self, calls: &[IncomingCall]) -> Result<WriteReport> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA wal_autocheckpoint = 0")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await?;
        let written = Self::write_calls_on(&mut conn, calls).await;
        // Back to SQLite's defaults before the connection returns to the pool; one that cannot
        // be set back is closed instead.
        let restored = async {
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA wal_autocheckpoint = 1000")
                .execute(&mut *conn)
                .await
        }
        .await;
        if let Err(e) = restored {
            let _ = conn.close().await;
            return Err(e.into());
        }
        drop(conn);
        if written.as_ref().is_ok_and(|r| r.inserted > 0) {
            self.fold_in_background();
        }
        written
    }

    /// Starts a checkpoint on another connection unless one is still running. PASSIVE: it
    /// copies what no reader needs and waits for nobody.
    fn fold_in_background(&self) {
        let Ok(mut folding) = self.folding.lock() else {
            return;
        };
        if folding.as_ref().is_some_and(|f| !f.is_finished()) {
            return;
        }
        let pool = self.pool.clone();
        *folding = Some(tokio::spawn(async move {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::warn!("background checkpoint: {e}");
            }
        }));
    }

    async fn write_calls_on(
        conn: &mut SqliteConnection,
        calls: &[IncomingCall],
    ) -> Result<WriteReport> {
        let mut report = WriteReport::default();
        let mut writes = LeadWrites::default();
        let mut tx = conn.begin().await?;
        let with_customers = Self::any_customer_phone(&mut tx).await?;
        // Calls whose account stores their id already (indexes into `calls`).
        let mut left_out = Vec::new();
        for (n, chunk) in calls.chunks(CALLS_PER_LOCK).enumerate() {
            let matches = if with_customers {
                let phones: Vec<&str> = chunk.iter().map(|c| customer_phone(&c.call)).collect();
                Self::customers_for_phones(&mut tx, &phones).await?
            } else {
                Default::default()
            };
            let matched = |ic: &IncomingCall| {
                if matches.is_empty() {
                    return Vec::new();
                }
                let key = (ic.call.account_id, customer_phone(&ic.call).to_string());
                matches.get(&key).cloned().unwrap_or_default()
            };
            let mut lock = tx.lock_handle().await?;
            let db = Connection::new(&mut lock);
            let mut insert = db.prepare(INSERT_CALL)?;
            let mut segment = db.prepare(INSERT_SEGMENT)?;
            let mut leads = LeadStatements::prepare(&db)?;
            for (i, ic) in chunk.iter().enumerate() {
                let customers = matched(ic);
                let Some(key) = insert_call(&db, &mut insert, ic, &customers)? else {
                    left_out.push(n * CALLS_PER_LOCK + i);
                    continue;
                };
                report.inserted += 1;
                insert_segments(&mut segment, key, &ic.call.transcript)?;
                let Some(evaluation) = &ic.evaluation else {
                    continue;
                };
                report.evaluated += 1;
                if let Some(lead) = &evaluation.lead {
                    let item = LeadItem {
                        call_key: key,
                        account_id: ic.call.account_id,
                        phone: customer_phone(&ic.call),
                        customers,
                        lead,
                    };
                    leads.write(&db, &item, &mut writes)?;
                }
            }
        }
        report.leads_created = writes.created;
        report.leads_joined = writes.joined;
        if !left_out.is_empty() {
            let stored = Self::stored_facts(&mut tx, calls, &left_out).await?;
            crate::ingest::sort_out_stored(calls, &left_out, &stored, &mut report);
        }
        #[cfg(debug_assertions)]
        Self::check_references(&mut tx).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Every reference in the database points at a row: what the foreign keys left off during
    /// [`Self::write_calls`] would have enforced.
    #[cfg(debug_assertions)]
    async fn check_references(conn: &mut SqliteConnection) -> Result<()> {
        let broken: Vec<(String, Option<i64>, String, i64)> =
            sqlx::query_as("PRAGMA foreign_key_check")
                .fetch_all(&mut *conn)
                .await?;
        match broken.first() {
            None => Ok(()),
            Some((table, row, parent, _)) => Err(crate::StoreError::Corrupt {
                table: "written by an import",
                id: row.unwrap_or_default(),
                detail: format!("{table} row {row:?} refers to a {parent} row that is not there"),
            }),
        }
    }

    /// Creates leads, or joins a caller's open lead: one open lead per (account, number). The
    /// first call of a new number creates the lead and the calls after it find it.
    pub(crate) async fn write_leads(
        conn: &mut SqliteConnection,
        items: Vec<LeadItem<'_>>,
    ) -> Result<LeadWrites> {
        let mut writes = LeadWrites::default();
        if items.is_empty() {
            return Ok(writes);
        }
        let mut lock = conn.lock_handle().await?;
        let db = Connection::new(&mut lock);
        let mut leads = LeadStatements::prepare(&db)?;
        for item in &items {
            leads.write(&db, item, &mut writes)?;
        }
        Ok(writes)
    }
}

/// Inserts one call; its key, or None when its account stores a call with its id already.
fn insert_call(
    db: &Connection<'_>,
    insert: &mut Statement<'_>,
    ic: &IncomingCall,
    customers: &[i64],
) -> Result<Option<i64>> {
    let c = &ic.call;
    let (customer, call_type, evaluated) = ic.row_facts(customers);
    let changed = insert.execute(&[
        Value::from(&c.call_id),
        c.account_id.into(),
        c.direction.code().into(),
        (&c.from_number).into(),
        (&c.to_number).into(),
        to_ms(c.started_at).into(),
        c.answered_at.map(to_ms).into(),
        to_ms(c.ended_at).into(),
        c.agent_id.into(),
        call_type.code().into(),
        c.reason.as_ref().into(),
        c.csr_notes.as_ref().into(),
        c.booked.into(),
        c.recording.as_ref().into(),
        customer.into(),
        c.location_id.into(),
        evaluated.into(),
        ic.redactions.into(),
    ])?;
    Ok((changed == 1).then(|| db.last_insert_rowid()))
}

fn insert_segments(
    insert: &mut Statement<'_>,
    call_key: i64,
    segments: &[TranscriptSegment],
) -> Result<()> {
    for (seq, s) in segments.iter().enumerate() {
        insert.execute(&[
            call_key.into(),
            Value::Int(seq as i64),
            s.start_s.into(),
            s.end_s.into(),
            s.speaker.code().into(),
            (&s.text).into(),
        ])?;
    }
    Ok(())
}

/// The statements that find a caller's open lead, join it, or make a new one.
struct LeadStatements<'c> {
    open: Statement<'c>,
    join: Statement<'c>,
    lead: Statement<'c>,
    history: Statement<'c>,
    candidate: Statement<'c>,
}

impl<'c> LeadStatements<'c> {
    fn prepare(db: &'c Connection<'_>) -> Result<Self> {
        Ok(Self {
            open: db.prepare(OPEN_LEAD)?,
            join: db.prepare(JOIN_LEAD)?,
            lead: db.prepare(INSERT_LEAD)?,
            history: db.prepare(INSERT_NEW_HISTORY)?,
            candidate: db.prepare(INSERT_CANDIDATE)?,
        })
    }

    /// Joins the caller's open lead in the account, or creates one.
    fn write(
        &mut self,
        db: &Connection<'_>,
        item: &LeadItem<'_>,
        writes: &mut LeadWrites,
    ) -> Result<()> {
        let caller = [item.phone.into(), item.account_id.into()];
        match self.open.query_i64(&caller)? {
            Some(lead) => {
                writes.joined += self.join.execute(&[lead.into(), item.call_key.into()])?;
            }
            None => {
                let id = self.create(db, item)?;
                writes.created.push(CreatedLead {
                    id,
                    account_id: item.account_id,
                    score: item.lead.score,
                });
            }
        }
        Ok(())
    }

    /// The lead, its first status step, and the customers it may belong to when the number
    /// matched several; the new lead's id.
    fn create(&mut self, db: &Connection<'_>, item: &LeadItem<'_>) -> Result<i64> {
        let lead = item.lead;
        let reasons = serde_json::to_string(&lead.reasons).unwrap_or_else(|_| "[]".into());
        let flagged = to_ms(lead.flagged_at);
        self.lead.execute(&[
            item.call_key.into(),
            item.account_id.into(),
            LeadStatus::New.code().into(),
            i64::from(lead.score.clamp(0, 100)).into(),
            reasons.as_str().into(),
            lead.summary.as_str().into(),
            flagged.into(),
            item.phone.into(),
        ])?;
        let id = db.last_insert_rowid();
        self.history
            .execute(&[id.into(), LeadStatus::New.code().into(), flagged.into()])?;
        if item.customers.len() > 1 {
            for customer in &item.customers {
                self.candidate.execute(&[id.into(), (*customer).into()])?;
            }
        }
        Ok(id)
    }
}
