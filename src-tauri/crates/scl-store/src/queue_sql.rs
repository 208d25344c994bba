//! The queue's SQL: tabs, the column filters, the sort orders and the counts, the same text on
//! both backends except for two spellings ([`Dialect`]). Parameters are numbered (`$1`); every
//! value a user typed is bound, only our own constants are spliced in.

use scl_domain::{
    CallType, FilterKind, LeadFilters, LeadQuery, LeadSort, LeadStatus, NotesPresence, SortColumn,
    SortDirection, Tab,
};

use crate::sql::LEAD_ROW_SELECT;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// A bound value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    Int(i64),
    Text(String),
}

/// A statement and its parameters.
pub(crate) struct Sql {
    pub text: String,
    pub params: Vec<Param>,
}

impl Sql {
    fn new() -> Self {
        Self {
            text: String::new(),
            params: Vec::new(),
        }
    }

    /// Appends a placeholder bound to `value`.
    fn bind(&mut self, value: impl Into<Param>) -> String {
        self.params.push(value.into());
        format!("${}", self.params.len())
    }

    /// `(p1, p2, ...)` for a non-empty list.
    fn bind_list<T: Into<Param>>(&mut self, values: impl IntoIterator<Item = T>) -> String {
        let placeholders: Vec<String> = values.into_iter().map(|v| self.bind(v)).collect();
        format!("({})", placeholders.join(", "))
    }
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}

impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_string())
    }
}

/// Where the two backends spell the same thing differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// The dialect of an sqlx driver, so the shared store macro can ask for it by type.
pub(crate) trait DialectOf {
    const DIALECT: Dialect;
}

impl DialectOf for sqlx::Sqlite {
    const DIALECT: Dialect = Dialect::Sqlite;
}

impl DialectOf for sqlx::Postgres {
    const DIALECT: Dialect = Dialect::Postgres;
}

impl Dialect {
    /// Lower-cases ASCII letters only. SQLite's `lower()` (without ICU) folds ASCII alone while
    /// PostgreSQL's folds every script; `translate` makes PostgreSQL fold exactly as SQLite
    /// does, so a filter matches the same rows on both.
    fn fold(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("lower({expr})"),
            Dialect::Postgres => format!(
                "translate({expr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
            ),
        }
    }

    /// Text ordered by code point on both (SQLite's BINARY; PostgreSQL's database collation
    /// could be a locale's, which orders punctuation and case differently).
    fn text_order(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => self.fold(expr),
            Dialect::Postgres => format!("{} COLLATE \"C\"", self.fold(expr)),
        }
    }
}

/// A LIKE pattern matching `needle` anywhere, literally: `\`, `%` and `_` are escaped (with
/// `ESCAPE '\'`), ASCII letters folded as [`Dialect::fold`] folds the column.
fn contains_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in needle.trim().chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c.to_ascii_lowercase());
    }
    p.push('%');
    p
}

/// The queue's own order: best score first, then the freshest (speed to lead).
const RANK: &str = "l.score DESC, l.flagged_at DESC, l.id DESC";
const RANK_REVERSED: &str = "l.score ASC, l.flagged_at ASC, l.id ASC";

/// The joins a call-side filter or a column sort needs, with the aliases of
/// [`LEAD_ROW_SELECT`] so one ORDER BY serves the ranking and the page. Only what is read is
/// joined: each join is a lookup per ranked or counted lead.
fn joins(filters: &LeadFilters, sort: Option<&LeadSort>) -> String {
    let column = sort.map(|s| s.column);
    let by = |c: SortColumn| column == Some(c);
    let customers = filters.in_use().contains(&FilterKind::Customer) || by(SortColumn::Customer);
    let users = by(SortColumn::Agent);
    let calls = customers
        || users
        || filters.in_use().iter().any(|k| *k != FilterKind::Status)
        || [
            SortColumn::Notes,
            SortColumn::Age,
            SortColumn::Type,
            SortColumn::Reason,
        ]
        .into_iter()
        .any(by);
    let mut out = String::new();
    if calls {
        out.push_str(" JOIN calls c ON c.id = l.call_key");
    }
    if customers {
        out.push_str(" LEFT JOIN customers cu ON cu.id = c.customer_id");
    }
    if users {
        out.push_str(" LEFT JOIN users u ON u.id = c.agent_id");
    }
    out
}

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

/// `AND ...` for every filter in use. Blank text filters nothing (as `LeadFilters::in_use`).
fn filter_clause(sql: &mut Sql, f: &LeadFilters, now_ms: i64, d: Dialect) -> String {
    let mut out = String::new();
    let text = |t: &Option<String>| {
        t.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if !f.statuses.is_empty() {
        let list = sql.bind_list(f.statuses.iter().map(|s| s.code()));
        out.push_str(&format!(" AND l.status IN {list}"));
    }
    let has_notes = "(NULLIF(c.csr_notes, '') IS NOT NULL \
        OR EXISTS (SELECT 1 FROM lead_notes n WHERE n.lead_id = l.id))";
    match f.notes.presence {
        NotesPresence::Any => {}
        NotesPresence::WithNotes => out.push_str(&format!(" AND {has_notes}")),
        NotesPresence::WithoutNotes => out.push_str(&format!(" AND NOT {has_notes}")),
    }
    if let Some(needle) = text(&f.notes.contains) {
        let p = sql.bind(contains_pattern(&needle));
        out.push_str(&format!(
            " AND ({csr} LIKE {p} ESCAPE '\\' OR EXISTS (SELECT 1 FROM lead_notes n \
             WHERE n.lead_id = l.id AND {note} LIKE {p} ESCAPE '\\'))",
            csr = d.fold("c.csr_notes"),
            note = d.fold("n.text"),
        ));
    }
    // Age is measured from when the call ended: min included, max excluded.
    if let Some(min) = f.age.min_hours {
        let p = sql.bind(now_ms - i64::from(min) * HOUR_MS);
        out.push_str(&format!(" AND c.ended_at <= {p}"));
    }
    if let Some(max) = f.age.max_hours {
        let p = sql.bind(now_ms - i64::from(max) * HOUR_MS);
        out.push_str(&format!(" AND c.ended_at > {p}"));
    }
    if let Some(needle) = text(&f.customer) {
        let p = sql.bind(contains_pattern(&needle));
        let by_name = format!("{} LIKE {p} ESCAPE '\\'", d.fold("cu.name"));
        // Input that looks like a phone number (digits and punctuation, no letters) also
        // matches the caller's number by its digits.
        let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() && !needle.chars().any(char::is_alphabetic) {
            let q = sql.bind(format!("%{digits}%"));
            out.push_str(&format!(" AND ({by_name} OR l.phone LIKE {q})"));
        } else {
            out.push_str(&format!(" AND {by_name}"));
        }
    }
    if !f.types.is_empty() {
        let list = sql.bind_list(f.types.iter().map(|t| t.code()));
        out.push_str(&format!(" AND c.call_type IN {list}"));
    }
    if !f.reasons.is_empty() {
        let list = sql.bind_list(f.reasons.iter().map(String::as_str));
        out.push_str(&format!(" AND c.reason IN {list}"));
    }
    if !f.agents.is_empty() {
        let list = sql.bind_list(f.agents.iter().copied());
        out.push_str(&format!(" AND c.agent_id IN {list}"));
    }
    out
}

/// `CASE expr WHEN 'code' THEN 0 ... END` ranking codes in the given order.
fn ordinal<'a>(expr: &str, codes: impl IntoIterator<Item = &'a str>) -> String {
    let whens: String = codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| format!(" WHEN '{code}' THEN {i}"))
        .collect();
    format!("CASE {expr}{whens} END")
}

/// The ORDER BY of a sort: the column's value (rows without one last in either direction),
/// then the priority rank for ties.
fn order_by(sort: &LeadSort, d: Dialect) -> String {
    let asc = sort.direction == SortDirection::Ascending;
    let dir = if asc { "ASC" } else { "DESC" };
    // (value expression, whether it can be missing)
    let (value, nullable) = match sort.column {
        SortColumn::Priority => {
            return format!(" ORDER BY {}", if asc { RANK } else { RANK_REVERSED });
        }
        // Ascending age is the youngest first: the latest end.
        SortColumn::Age => {
            let dir = if asc { "DESC" } else { "ASC" };
            return format!(" ORDER BY c.ended_at {dir}, {RANK}");
        }
        // Statuses in their lifecycle order, types by their label, as the pickers list them.
        SortColumn::Status => (
            ordinal("l.status", LeadStatus::ALL.iter().map(|s| s.code())),
            false,
        ),
        SortColumn::Type => {
            let mut types = CallType::ALL;
            types.sort_by_key(|t| t.label());
            (
                ordinal("c.call_type", types.iter().map(|t| t.code())),
                false,
            )
        }
        SortColumn::Notes => ("NULLIF(c.csr_notes, '')".to_string(), true),
        SortColumn::Account => ("a.name".to_string(), false),
        SortColumn::Customer => ("COALESCE(cu.name, l.phone)".to_string(), false),
        SortColumn::Reason => ("NULLIF(c.reason, '')".to_string(), true),
        SortColumn::Agent => ("u.name".to_string(), true),
    };
    let key = match sort.column {
        SortColumn::Status | SortColumn::Type => value.clone(),
        _ => d.text_order(&value),
    };
    let missing_last = if nullable {
        format!("({value} IS NULL), ")
    } else {
        String::new()
    };
    format!(" ORDER BY {missing_last}{key} {dir}, {RANK}")
}

/// One page of a tab. The default view (priority order, no filter beyond status) ranks and
/// pages on `leads` alone, index-only up to the page, then joins just the page's rows, so deep
/// pages do not pay for the joins of every row they skip; `CROSS JOIN` keeps `leads` the outer
/// loop in SQLite so a page walks a rank index in order and stops after 50 rows. Other sorts
/// and filters join the call, customer and agent in the ranking.
pub(crate) fn queue_page(query: &LeadQuery, now_ms: i64, d: Dialect) -> Sql {
    let mut sql = Sql::new();
    let cutoff = match query.tab {
        Tab::Done => String::new(),
        _ => cutoff_expr(&sql.bind(now_ms)),
    };
    // Empty for the default view: priority order and at most a status filter.
    let joins = joins(&query.filters, Some(&query.sort));
    let mut ranked = format!(
        "SELECT l.id FROM leads l CROSS JOIN accounts a{joins} WHERE a.id = l.account_id AND {}",
        tab_predicate(query.tab, &cutoff)
    );
    if let Some(account) = query.account_id {
        ranked.push_str(&format!(" AND l.account_id = {}", sql.bind(account)));
    }
    ranked.push_str(&within_clause(&mut sql, query.within.as_deref()));
    ranked.push_str(&filter_clause(&mut sql, &query.filters, now_ms, d));
    let order = order_by(&query.sort, d);
    let limit = sql.bind(i64::from(query.page_size));
    let offset = sql.bind(i64::try_from(query.offset()).unwrap_or(i64::MAX));
    sql.text = format!(
        "{LEAD_ROW_SELECT}AND l.id IN ({ranked}{order} LIMIT {limit} OFFSET {offset}){order}"
    );
    sql
}

/// Only the accounts the acting user may see; none at all when they may see no account.
fn within_clause(sql: &mut Sql, within: Option<&[i64]>) -> String {
    match within {
        None => String::new(),
        Some([]) => " AND 1 = 0".into(),
        Some(ids) => format!(
            " AND l.account_id IN {}",
            sql.bind_list(ids.iter().copied())
        ),
    }
}

/// How many leads each tab holds under the query's account and filters (tab and page ignored).
pub(crate) fn tab_counts(query: &LeadQuery, now_ms: i64, d: Dialect) -> Sql {
    let mut sql = Sql::new();
    let cutoff = cutoff_expr(&sql.bind(now_ms));
    let joins = joins(&query.filters, None);
    let mut text = format!(
        "SELECT COUNT(*) FILTER (WHERE {open}) AS open, COUNT(*) FILTER (WHERE {cold}) AS cold, \
         COUNT(*) FILTER (WHERE {done}) AS done \
         FROM leads l JOIN accounts a ON a.id = l.account_id{joins} WHERE 1 = 1",
        open = tab_predicate(Tab::Open, &cutoff),
        cold = tab_predicate(Tab::Cold, &cutoff),
        done = tab_predicate(Tab::Done, &cutoff),
    );
    if let Some(account) = query.account_id {
        text.push_str(&format!(" AND l.account_id = {}", sql.bind(account)));
    }
    text.push_str(&within_clause(&mut sql, query.within.as_deref()));
    text.push_str(&filter_clause(&mut sql, &query.filters, now_ms, d));
    sql.text = text;
    sql
}

/// The reasons chosen on an account's leads, for the Reason filter.
pub(crate) const ACCOUNT_REASONS: &str = "SELECT DISTINCT c.reason FROM leads l \
    JOIN calls c ON c.id = l.call_key \
    WHERE l.account_id = $1 AND c.reason IS NOT NULL AND c.reason <> '' ORDER BY c.reason";

/// The agents who handled an account's leads, for the Agent filter.
pub(crate) const ACCOUNT_AGENTS: &str = "SELECT DISTINCT u.id, u.name FROM leads l \
    JOIN calls c ON c.id = l.call_key JOIN users u ON u.id = c.agent_id \
    WHERE l.account_id = $1 ORDER BY u.name, u.id";

#[cfg(test)]
mod tests {
    use super::*;
    use scl_domain::{AgeFilter, NotesFilter};

    fn every_filter() -> LeadFilters {
        LeadFilters {
            statuses: vec![LeadStatus::New, LeadStatus::NotALead],
            notes: NotesFilter {
                presence: NotesPresence::WithNotes,
                contains: Some("50% off_".into()),
            },
            age: AgeFilter {
                min_hours: Some(1),
                max_hours: Some(48),
            },
            customer: Some("(303) 555".into()),
            types: vec![CallType::Unbooked],
            reasons: vec!["Price".into(), "O'Brien".into()],
            agents: vec![3, 4],
        }
    }

    fn assert_numbered_without_gaps(sql: &Sql, what: &str) {
        for n in 1..=sql.params.len() {
            assert!(sql.text.contains(&format!("${n}")), "{what} uses ${n}");
        }
        assert!(
            !sql.text.contains(&format!("${}", sql.params.len() + 1)),
            "{what} has no unbound placeholder"
        );
    }

    #[test]
    fn placeholders_are_numbered_without_gaps() {
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            for tab in Tab::ALL {
                for account in [None, Some(7)] {
                    for filters in [LeadFilters::default(), every_filter()] {
                        let q = LeadQuery {
                            account_id: account,
                            filters,
                            ..LeadQuery::new(tab)
                        };
                        assert_numbered_without_gaps(&queue_page(&q, 1_000, d), "page");
                        assert_numbered_without_gaps(&tab_counts(&q, 1_000, d), "counts");
                    }
                }
            }
        }
    }

    #[test]
    fn typed_text_is_bound_never_spliced() {
        let q = LeadQuery {
            account_id: Some(1),
            filters: every_filter(),
            ..LeadQuery::new(Tab::Open)
        };
        let sql = queue_page(&q, 1_000, Dialect::Sqlite);
        assert!(!sql.text.contains("O'Brien") && !sql.text.contains("50%"));
        assert!(sql.params.contains(&Param::Text("O'Brien".into())));
        assert!(sql.params.contains(&Param::Text("%50\\% off\\_%".into())));
        assert!(
            sql.params.contains(&Param::Text("%303555%".into())),
            "a number matches by its digits"
        );
    }

    #[test]
    fn the_default_view_ranks_on_leads_alone() {
        let q = LeadQuery {
            filters: LeadFilters {
                statuses: vec![LeadStatus::New],
                ..LeadFilters::default()
            },
            ..LeadQuery::new(Tab::Open)
        };
        let sql = queue_page(&q, 1_000, Dialect::Sqlite);
        let ranked = &sql.text[sql.text.find("l.id IN (").unwrap()..];
        assert!(
            !ranked.contains("JOIN calls"),
            "a status filter keeps the fast path: {ranked}"
        );
        let by_age = LeadQuery {
            sort: LeadSort {
                column: SortColumn::Age,
                direction: SortDirection::Ascending,
            },
            ..q
        };
        let sql = queue_page(&by_age, 1_000, Dialect::Sqlite);
        let ranked = &sql.text[sql.text.find("l.id IN (").unwrap()..];
        assert!(ranked.contains("JOIN calls"));
    }

    #[test]
    fn contains_patterns_escape_like_wildcards() {
        assert_eq!(contains_pattern(" A_b%C\\ "), "%a\\_b\\%c\\\\%");
        assert_eq!(
            contains_pattern("Ünï"),
            "%Ünï%",
            "non-ASCII letters are kept as typed"
        );
    }
}
