//! SQL text shared by both backends. Parameters are numbered (`$1`), which SQLite and
//! PostgreSQL both accept; every value is bound, only our own constants are spliced in.

use scl_domain::LeadStatus;

/// `CROSS JOIN` keeps `leads` the outer loop in SQLite, so a page walks a rank index in order
/// and stops after 50 rows instead of sorting a whole tab; PostgreSQL plans it as a plain join.
pub(crate) const LEAD_ROW_SELECT: &str = "\
SELECT l.id, c.call_id, l.status, l.score, l.account_id, a.name AS account, a.cold_days, \
l.dismissed_at, cu.name AS customer, \
CASE WHEN c.direction = 'outbound' THEN c.to_number ELSE c.from_number END AS phone, \
c.call_type, c.reason, u.name AS agent, c.csr_notes AS notes, c.ended_at, l.flagged_at, \
l.reasons, l.summary \
FROM leads l \
CROSS JOIN accounts a \
JOIN calls c ON c.id = l.call_key \
LEFT JOIN customers cu ON cu.id = c.customer_id \
LEFT JOIN users u ON u.id = c.agent_id \
WHERE a.id = l.account_id ";

pub(crate) const LEAD_BY_ID: &str = "AND l.id = $1";

pub(crate) const CHANGE_STATUS: &str =
    "UPDATE leads SET status = $1, stage = CASE WHEN dismissed_at IS NULL THEN $2 ELSE 1 END \
     WHERE id = $3 AND status = $4";

pub(crate) const INSERT_HISTORY: &str =
    "INSERT INTO lead_status_history (lead_id, from_status, to_status, actor_id, at) \
     VALUES ($1, $2, $3, $4, $5)";

pub(crate) const HISTORY: &str =
    "SELECT id, from_status, to_status, actor_id, at FROM lead_status_history \
     WHERE lead_id = $1 ORDER BY at, id";

pub(crate) const ACCOUNTS: &str =
    "SELECT id, name, scl_enabled, acw_minutes, cold_days, answered_min_seconds, phone_region, \
     time_zone FROM accounts ORDER BY name, id";

pub(crate) const ANY_ACCOUNT: &str = "SELECT COUNT(*) FROM accounts";

/// The stored stage of a lead: 1 once Done by status or dismissal.
pub(crate) fn stage(status: LeadStatus, dismissed: bool) -> i64 {
    i64::from(dismissed || status.is_closing())
}
