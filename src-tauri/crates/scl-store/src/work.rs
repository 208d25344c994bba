//! Working a lead: the flyout's sections, Dismiss, notes and their copies, Change customer, and
//! callback attempts. The same SQL on both backends; each change is one transaction.

use chrono::{DateTime, Utc};
use scl_domain::{
    AttemptView, CallType, CustomerRef, HistoryEntry, LeadStatus, LinkedCall, LocationRef, NoteView,
};

use crate::records::from_ms;
use crate::{Result, StoreError};

/// What Copy to Customer notes / Copy to Location notes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyOutcome {
    Copied,
    NoteNotFound,
    /// The lead's call has no customer (or no location) to copy to.
    NoTarget,
}

/// A name to show for whoever acted: a user's name, else the system.
pub(crate) fn actor_name(name: Option<String>) -> String {
    name.unwrap_or_else(|| "System".to_string())
}

/// The flyout's header row of the customer section and the lead's own facts.
#[derive(sqlx::FromRow)]
pub(crate) struct SectionRecord {
    pub dismissed_at: Option<i64>,
    pub customer_chosen_at: Option<i64>,
    pub phone: String,
    pub account: String,
    pub account_id: i64,
    pub flagged_at: i64,
    pub csr_notes: Option<String>,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub location_id: Option<i64>,
    pub address: Option<String>,
    pub zone: Option<String>,
    pub customer_notes: Option<String>,
    pub location_notes: Option<String>,
}

impl SectionRecord {
    pub fn customer(&self) -> Option<CustomerRef> {
        Some(CustomerRef {
            id: self.customer_id?,
            name: self.customer_name.clone()?,
            address: self.address.clone(),
        })
    }

    pub fn location(&self) -> Option<LocationRef> {
        Some(LocationRef {
            id: self.location_id?,
            address: self.address.clone()?,
        })
    }
}

pub(crate) fn corrupt(table: &'static str, id: i64, detail: String) -> StoreError {
    StoreError::Corrupt { table, id, detail }
}

pub(crate) fn note(
    (id, author, at, text, to_customer, to_location): (
        i64,
        String,
        i64,
        String,
        Option<i64>,
        Option<i64>,
    ),
) -> Result<NoteView> {
    let t = |ms: Option<i64>| ms.map(|m| from_ms("lead_notes", id, m)).transpose();
    Ok(NoteView {
        id,
        author,
        at: from_ms("lead_notes", id, at)?,
        text,
        copied_to_customer_at: t(to_customer)?,
        copied_to_location_at: t(to_location)?,
    })
}

pub(crate) fn history(
    (id, at, actor, from, to, dismissed): (i64, i64, Option<String>, Option<String>, String, i64),
) -> Result<HistoryEntry> {
    let status = |code: &str| {
        LeadStatus::from_code(code).ok_or_else(|| {
            corrupt(
                "lead_status_history",
                id,
                format!("unknown status {code:?}"),
            )
        })
    };
    Ok(HistoryEntry {
        at: from_ms("lead_status_history", id, at)?,
        actor: actor_name(actor),
        from: from.as_deref().map(status).transpose()?,
        to: status(&to)?,
        dismissed: dismissed != 0,
    })
}

pub(crate) fn attempt((id, at, agent, phone): (i64, i64, String, String)) -> Result<AttemptView> {
    Ok(AttemptView {
        at: from_ms("callback_attempts", id, at)?,
        agent,
        phone,
    })
}

pub(crate) fn linked(
    (key, call_id, ended, kind): (i64, String, i64, String),
) -> Result<LinkedCall> {
    Ok(LinkedCall {
        call_type: CallType::from_code(&kind)
            .ok_or_else(|| corrupt("calls", key, format!("unknown call type {kind:?}")))?,
        call_id,
        ended_at: from_ms("calls", key, ended)?,
    })
}

/// Appends a dated note to customer or location notes, keeping what was there.
pub(crate) fn appended(existing: &str, at: DateTime<Utc>, text: &str) -> String {
    let entry = format!(
        "[Second Chance Lead note, {}] {text}",
        at.format("%Y-%m-%d %H:%M UTC")
    );
    if existing.trim().is_empty() {
        entry
    } else {
        format!("{}\n{entry}", existing.trim_end())
    }
}

macro_rules! work_methods {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::Work for $store {
            #[tracing::instrument(skip_all, err)]
            async fn local_owner(&self, name: &str) -> $crate::Result<scl_domain::UserId> {
                const EMAIL: &str = "owner@local.invalid";
                sqlx::query(
                    "INSERT INTO users (name, email, role, role_id) VALUES ($1, $2, 'admin', 1) \
                     ON CONFLICT (email) DO NOTHING",
                )
                .bind(name)
                .bind(EMAIL)
                .execute(&self.pool)
                .await?;
                Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                    .bind(EMAIL)
                    .fetch_one(&self.pool)
                    .await?)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id))]
            async fn lead_sections(
                &self,
                id: scl_domain::LeadId,
            ) -> $crate::Result<Option<scl_domain::LeadSections>> {
                use $crate::work::{attempt, history, linked, note};
                let head: Option<$crate::work::SectionRecord> = sqlx::query_as(
                    "SELECT l.dismissed_at, l.customer_chosen_at, l.phone, a.name AS account, \
                     l.account_id, l.flagged_at, c.csr_notes, cu.id AS customer_id, \
                     cu.name AS customer_name, lo.id AS location_id, lo.address, lo.zone, \
                     cu.notes AS customer_notes, lo.notes AS location_notes \
                     FROM leads l JOIN accounts a ON a.id = l.account_id \
                     JOIN calls c ON c.id = l.call_key \
                     LEFT JOIN customers cu ON cu.id = c.customer_id \
                     LEFT JOIN locations lo ON lo.id = c.location_id WHERE l.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(head) = head else {
                    return Ok(None);
                };
                let candidates: Vec<(i64, String, Option<String>)> = sqlx::query_as(
                    "SELECT cu.id, cu.name, (SELECT lo.address FROM locations lo \
                     WHERE lo.customer_id = cu.id ORDER BY lo.id LIMIT 1) \
                     FROM lead_customer_candidates lc JOIN customers cu ON cu.id = lc.customer_id \
                     WHERE lc.lead_id = $1 ORDER BY cu.name, cu.id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let notes: Vec<(i64, String, i64, String, Option<i64>, Option<i64>)> =
                    sqlx::query_as(
                        "SELECT n.id, u.name, n.at, n.text, n.copied_to_customer_at, \
                         n.copied_to_location_at FROM lead_notes n \
                         JOIN users u ON u.id = n.author_id WHERE n.lead_id = $1 ORDER BY n.at, n.id",
                    )
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
                let steps: Vec<(i64, i64, Option<String>, Option<String>, String, i64)> =
                    sqlx::query_as(
                        "SELECT h.id, h.at, u.name, h.from_status, h.to_status, h.dismissed \
                         FROM lead_status_history h LEFT JOIN users u ON u.id = h.actor_id \
                         WHERE h.lead_id = $1 ORDER BY h.at, h.id",
                    )
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
                let attempts: Vec<(i64, i64, String, String)> = sqlx::query_as(
                    "SELECT ca.id, ca.at, u.name, ca.phone FROM callback_attempts ca \
                     JOIN users u ON u.id = ca.agent_id WHERE ca.lead_id = $1 ORDER BY ca.at, ca.id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                // Calls that joined while the lead was open, and the calls of later leads from
                // the same caller (a Done lead is never reopened, but the agent sees them).
                let later: Vec<(i64, String, i64, String)> = sqlx::query_as(
                    "SELECT c.id, c.call_id, c.ended_at, c.call_type FROM lead_calls lc \
                     JOIN calls c ON c.id = lc.call_key WHERE lc.lead_id = $1 \
                     UNION SELECT c.id, c.call_id, c.ended_at, c.call_type FROM leads l2 \
                     JOIN calls c ON c.id = l2.call_key WHERE l2.phone = $2 \
                     AND l2.account_id = $3 AND l2.id <> $1 AND l2.flagged_at > $4 \
                     ORDER BY 3, 1",
                )
                .bind(id)
                .bind(&head.phone)
                .bind(head.account_id)
                .bind(head.flagged_at)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(scl_domain::LeadSections {
                    dismissed: head.dismissed_at.is_some(),
                    customer: scl_domain::CustomerSection {
                        phone: head.phone.clone(),
                        account: head.account.clone(),
                        customer: head.customer(),
                        location: head.location(),
                        zone: head.zone.clone(),
                        customer_notes: head.customer_notes.clone(),
                        location_notes: head.location_notes.clone(),
                        possible_incorrect_match: candidates.len() > 1
                            && head.customer_chosen_at.is_none(),
                        candidates: candidates
                            .into_iter()
                            .map(|(id, name, address)| scl_domain::CustomerRef { id, name, address })
                            .collect(),
                    },
                    csr_notes: head.csr_notes.clone().filter(|n| !n.trim().is_empty()),
                    notes: notes.into_iter().map(note).collect::<$crate::Result<_>>()?,
                    history: steps.into_iter().map(history).collect::<$crate::Result<_>>()?,
                    attempts: attempts.into_iter().map(attempt).collect::<$crate::Result<_>>()?,
                    later_calls: later.into_iter().map(linked).collect::<$crate::Result<_>>()?,
                }))
            }

            #[tracing::instrument(skip_all, err, fields(lead = id))]
            async fn dismiss(
                &self,
                id: scl_domain::LeadId,
                actor: scl_domain::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<bool> {
                use $crate::records::to_ms;
                let mut tx = self.pool.begin().await?;
                let status: Option<String> = sqlx::query_scalar(
                    "UPDATE leads SET dismissed_at = $1, stage = 1 \
                     WHERE id = $2 AND dismissed_at IS NULL RETURNING status",
                )
                .bind(to_ms(at))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(status) = status else {
                    return Ok(false);
                };
                let actor_id = match actor {
                    scl_domain::Actor::User(u) => Some(u),
                    scl_domain::Actor::System => None,
                };
                sqlx::query(
                    "INSERT INTO lead_status_history (lead_id, from_status, to_status, actor_id, \
                     at, dismissed) VALUES ($1, $2, $2, $3, $4, 1)",
                )
                .bind(id)
                .bind(status)
                .bind(actor_id)
                .bind(to_ms(at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id))]
            async fn add_note(
                &self,
                id: scl_domain::LeadId,
                author: scl_domain::UserId,
                text: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Option<i64>> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO lead_notes (lead_id, author_id, at, text) \
                     SELECT id, $2, $3, $4 FROM leads WHERE id = $1 RETURNING id",
                )
                .bind(id)
                .bind(author)
                .bind($crate::records::to_ms(at))
                .bind(text)
                .fetch_optional(&self.pool)
                .await?)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id, note))]
            async fn copy_note(
                &self,
                id: scl_domain::LeadId,
                note: i64,
                target: scl_domain::NoteTarget,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<$crate::CopyOutcome> {
                use $crate::records::to_ms;
                let mut tx = self.pool.begin().await?;
                let found: Option<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT n.text, c.customer_id, c.location_id FROM lead_notes n \
                     JOIN leads l ON l.id = n.lead_id JOIN calls c ON c.id = l.call_key \
                     WHERE n.id = $1 AND n.lead_id = $2",
                )
                .bind(note)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((text, customer, location)) = found else {
                    return Ok($crate::CopyOutcome::NoteNotFound);
                };
                let (table, column, target_id) = match target {
                    scl_domain::NoteTarget::Customer => ("customers", "copied_to_customer_at", customer),
                    scl_domain::NoteTarget::Location => ("locations", "copied_to_location_at", location),
                };
                let Some(target_id) = target_id else {
                    return Ok($crate::CopyOutcome::NoTarget);
                };
                let existing: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT notes FROM {table} WHERE id = $1"
                )))
                .bind(target_id)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {table} SET notes = $1 WHERE id = $2")))
                    .bind($crate::work::appended(&existing, at, &text))
                    .bind(target_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE lead_notes SET {column} = $1 WHERE id = $2"
                )))
                .bind(to_ms(at))
                .bind(note)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok($crate::CopyOutcome::Copied)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id, customer))]
            async fn choose_customer(
                &self,
                id: scl_domain::LeadId,
                customer: scl_domain::CustomerId,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<bool> {
                let mut tx = self.pool.begin().await?;
                let candidate: Option<i64> = sqlx::query_scalar(
                    "SELECT customer_id FROM lead_customer_candidates \
                     WHERE lead_id = $1 AND customer_id = $2",
                )
                .bind(id)
                .bind(customer)
                .fetch_optional(&mut *tx)
                .await?;
                if candidate.is_none() {
                    return Ok(false);
                }
                // The customer's location when it has just one; otherwise the agent picks later.
                let locations: Vec<i64> =
                    sqlx::query_scalar("SELECT id FROM locations WHERE customer_id = $1 LIMIT 2")
                        .bind(customer)
                        .fetch_all(&mut *tx)
                        .await?;
                let location = (locations.len() == 1).then(|| locations[0]);
                sqlx::query(
                    "UPDATE calls SET customer_id = $1, location_id = $2 \
                     WHERE id = (SELECT call_key FROM leads WHERE id = $3)",
                )
                .bind(customer)
                .bind(location)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE leads SET customer_chosen_at = $1 WHERE id = $2")
                    .bind($crate::records::to_ms(at))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            #[tracing::instrument(skip_all, err, fields(lead = id))]
            async fn record_callback(
                &self,
                id: scl_domain::LeadId,
                agent: scl_domain::UserId,
                phone: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Option<scl_domain::LeadStatus>> {
                use scl_domain::LeadStatus;
                use $crate::records::to_ms;
                let mut tx = self.pool.begin().await?;
                let lead: Option<(String, i64)> =
                    sqlx::query_as("SELECT status, stage FROM leads WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((status, stage)) = lead else {
                    return Ok(None);
                };
                let from = LeadStatus::from_code(&status)
                    .ok_or_else(|| $crate::work::corrupt("leads", id, format!("unknown status {status:?}")))?;
                sqlx::query(
                    "INSERT INTO callback_attempts (lead_id, agent_id, at, phone) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(agent)
                .bind(to_ms(at))
                .bind(phone)
                .execute(&mut *tx)
                .await?;
                // A Done lead keeps its status: calling it back is logged, not reopened.
                let to = LeadStatus::CallBackAttempted;
                if stage == 0 && from != to {
                    sqlx::query("UPDATE leads SET status = $1 WHERE id = $2")
                        .bind(to.code())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    Self::record_history(&mut tx, id, from, to, Some(agent), at).await?;
                }
                tx.commit().await?;
                Ok(Some(if stage == 0 { to } else { from }))
            }
        }
    };
}

pub(crate) use work_methods;
