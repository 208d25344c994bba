//! SQL text shared by both backends. Parameters are numbered (`$1`), which SQLite and
//! PostgreSQL both accept; every value is bound, only our own constants are spliced in.

use scl_domain::{AccountId, LeadQuery, LeadStatus, Tab};

const DAY_MS: i64 = 86_400_000;

/// A statement and its parameters, all integers.
pub(crate) struct Sql {
    pub text: String,
    pub params: Vec<i64>,
}

impl Sql {
    fn new() -> Self {
        Self {
            text: String::new(),
            params: Vec::new(),
        }
    }

    /// Appends a placeholder bound to `value`.
    fn bind(&mut self, value: i64) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }
}

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

/// The rank of the queue: best score first, then the freshest (speed to lead).
const RANK: &str = " ORDER BY l.score DESC, l.flagged_at DESC, l.id DESC";

/// The SQL form of `scl_domain::tab_of`; the story tests hold the two to the same answers.
fn tab_predicate(tab: Tab, cutoff_expr: &str) -> String {
    let new = LeadStatus::New.code();
    match tab {
        Tab::Done => "l.stage = 1".to_string(),
        Tab::Cold => {
            format!("(l.stage = 0 AND l.status = '{new}' AND l.flagged_at < {cutoff_expr})")
        }
        Tab::Open => {
            format!("(l.stage = 0 AND (l.status <> '{new}' OR l.flagged_at >= {cutoff_expr}))")
        }
    }
}

fn cutoff_expr(now_param: &str) -> String {
    format!("({now_param} - a.cold_days * {DAY_MS})")
}

/// Ranks and pages on `leads` alone (index-only up to the page), then joins just the page's
/// rows, so deep pages do not pay for the joins of every row they skip.
pub(crate) fn queue_page(query: &LeadQuery, now_ms: i64) -> Sql {
    let mut sql = Sql::new();
    let cutoff = match query.tab {
        Tab::Done => String::new(),
        _ => cutoff_expr(&sql.bind(now_ms)),
    };
    let mut ranked = format!(
        "SELECT l.id FROM leads l CROSS JOIN accounts a WHERE a.id = l.account_id AND {}",
        tab_predicate(query.tab, &cutoff)
    );
    if let Some(account) = query.account_id {
        ranked.push_str(&format!(" AND l.account_id = {}", sql.bind(account)));
    }
    let limit = sql.bind(i64::from(query.page_size));
    let offset = sql.bind(i64::try_from(query.offset()).unwrap_or(i64::MAX));
    sql.text = format!(
        "{LEAD_ROW_SELECT}AND l.id IN ({ranked}{RANK} LIMIT {limit} OFFSET {offset}){RANK}"
    );
    sql
}

pub(crate) fn tab_counts(account: Option<AccountId>, now_ms: i64) -> Sql {
    let mut sql = Sql::new();
    let cutoff = cutoff_expr(&sql.bind(now_ms));
    sql.text = format!(
        "SELECT COUNT(*) FILTER (WHERE {open}) AS open, COUNT(*) FILTER (WHERE {cold}) AS cold, \
         COUNT(*) FILTER (WHERE {done}) AS done \
         FROM leads l JOIN accounts a ON a.id = l.account_id",
        open = tab_predicate(Tab::Open, &cutoff),
        cold = tab_predicate(Tab::Cold, &cutoff),
        done = tab_predicate(Tab::Done, &cutoff),
    );
    if let Some(account) = account {
        let p = sql.bind(account);
        sql.text.push_str(&format!(" WHERE l.account_id = {p}"));
    }
    sql
}

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
    "SELECT id, name, scl_enabled, acw_minutes, cold_days, answered_min_seconds, phone_region \
     FROM accounts ORDER BY name, id";

pub(crate) const ANY_ACCOUNT: &str = "SELECT COUNT(*) FROM accounts";

/// The stored stage of a lead: 1 once Done by status or dismissal.
pub(crate) fn stage(status: LeadStatus, dismissed: bool) -> i64 {
    i64::from(dismissed || status.is_closing())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_without_gaps() {
        for tab in Tab::ALL {
            for account in [None, Some(7)] {
                let mut q = LeadQuery::new(tab);
                q.account_id = account;
                let sql = queue_page(&q, 1_000);
                for n in 1..=sql.params.len() {
                    assert!(
                        sql.text.contains(&format!("${n}")),
                        "{tab} {account:?} uses ${n}"
                    );
                }
                assert!(!sql.text.contains(&format!("${}", sql.params.len() + 1)));
            }
        }
    }
}
