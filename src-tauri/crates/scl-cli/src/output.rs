//! How `scl` prints: aligned tables for people, JSON for programs.

use chrono::{DateTime, Utc};
use scl_domain::{Actor, LeadDetail, LeadRow, StatusChange};

pub fn json(rows: &[LeadRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

pub fn age(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let mins = (now - since).num_minutes().max(0);
    match mins {
        m if m < 60 => format!("{m}m"),
        m if m < 24 * 60 => format!("{}h {}m", m / 60, m % 60),
        m => format!("{}d {}h", m / (24 * 60), m % (24 * 60) / 60),
    }
}

/// Strips control characters so hostile data cannot move the cursor or recolor the terminal.
fn clean(s: &str, max: usize) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().count() > max {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    } else {
        s
    }
}

pub fn table(rows: &[LeadRow], now: DateTime<Utc>) -> String {
    let header = [
        "ID", "Status", "Score", "Age", "Account", "Customer", "Type", "Reason", "Agent",
    ];
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                r.status.label().to_string(),
                r.score.to_string(),
                age(r.ended_at, now),
                clean(&r.account, 24),
                clean(r.customer.as_deref().unwrap_or(&r.phone), 24),
                r.call_type.label().to_string(),
                clean(r.reason.as_deref().unwrap_or(""), 28),
                clean(r.agent.as_deref().unwrap_or(""), 20),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: Vec<&str>| {
        cols.iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(header.to_vec())];
    out.extend(
        cells
            .iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out.push(format!("{} leads", rows.len()));
    out.join("\n")
}

pub fn detail(d: &LeadDetail, history: &[StatusChange], as_json: bool) -> String {
    if as_json {
        let s = &d.sections;
        let value = serde_json::json!({
            "lead": d.lead,
            "history": history,
            "dismissed": s.dismissed,
            "customer": s.customer,
            "csr_notes": s.csr_notes,
            "notes": s.notes,
            "attempts": s.attempts,
            "later_calls": s.later_calls,
            "dial": d.dial,
        });
        return serde_json::to_string_pretty(&value).unwrap_or_default();
    }
    let r = &d.lead;
    let mut out = vec![
        format!("Lead {}  ({})", r.id, r.tab),
        format!("Summary:  {}", clean(&r.summary, 500)),
        format!("Status:   {}", r.status),
        format!(
            "Age:      {} (ended {})",
            age(r.ended_at, d.now),
            r.ended_at.to_rfc3339()
        ),
        format!("Call ID:  {}", r.call_id),
        format!("Agent:    {}", clean(r.agent.as_deref().unwrap_or("-"), 80)),
        format!("Type:     {}", r.call_type.label()),
        format!(
            "Reason:   {}",
            clean(r.reason.as_deref().unwrap_or("-"), 80)
        ),
        format!(
            "Customer: {}  {}",
            clean(r.customer.as_deref().unwrap_or("-"), 80),
            r.phone
        ),
        "History:".to_string(),
    ];
    for h in history {
        let who = match h.actor {
            Actor::User(id) => format!("user {id}"),
            Actor::System => "system".to_string(),
        };
        let from = h.from.map_or("-".to_string(), |s| s.to_string());
        out.push(format!(
            "  {}  {from} -> {}  by {who}",
            h.at.to_rfc3339(),
            h.to
        ));
    }
    out.join("\n")
}

pub fn import(report: &scl_app::ImportReport, as_json: bool) -> String {
    if as_json {
        return serde_json::to_string_pretty(report).unwrap_or_default();
    }
    let mut out = Vec::new();
    for f in &report.files {
        let name = &f.path;
        if let Some(e) = &f.error {
            out.push(format!("{name}: not imported: {}", clean(e, 400)));
            continue;
        }
        out.push(format!(
            "{name} ({}): {} calls read, {} imported, {} already there; {} customers, {} new jobs; \
             {} evaluated, {} new leads, {} joined an open lead, {} closed by a booked job; \
             {} redactions",
            f.format.as_deref().unwrap_or("?"),
            f.calls_read,
            f.calls_inserted,
            f.duplicates,
            f.customers,
            f.jobs_inserted,
            f.evaluated,
            f.leads_created,
            f.leads_joined,
            f.leads_closed_by_jobs,
            f.redactions
        ));
        out.extend(accounting(f));
        for p in &f.problems {
            let level = if p.skipped {
                "error (skipped)"
            } else {
                "warning"
            };
            out.push(format!("  {level}: {}", clean(&p.to_string(), 400)));
        }
    }
    out.join("\n")
}

/// Where every row of a file went, and how its times were read.
fn accounting(f: &scl_app::FileReport) -> Vec<String> {
    let mut lines = vec![
        format!(
            "  rows   {:>8} = {} in calls + {} internal + {} skipped + {} other records",
            f.rows, f.rows_in_calls, f.rows_internal, f.rows_skipped, f.rows_other
        ),
        format!(
            "  calls  {:>8} = {} inbound + {} outbound = {} imported + {} already there + {} conflicting; {} internal not imported",
            f.calls_read,
            f.inbound,
            f.outbound,
            f.calls_inserted,
            f.duplicates,
            f.conflicts,
            f.internal
        ),
    ];
    if let Some(zone) = &f.time_zone {
        let why = match f.time_zone_source.as_deref() {
            Some("flag") => "chosen for this import",
            Some("account") => "the account's time zone",
            _ => "this computer's zone: set the account's time zone in Settings",
        };
        let order = match f.date_order.as_deref() {
            Some("dmy") => "; slashed dates day-first",
            Some("mdy") => "; slashed dates month-first",
            Some("ymd") => "; slashed dates year-first",
            _ => "",
        };
        lines.push(format!("  times  local, read in {zone} ({why}){order}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ages_read_like_a_person_would_say_them() {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(age(t, t + chrono::Duration::minutes(59)), "59m");
        assert_eq!(age(t, t + chrono::Duration::minutes(61)), "1h 1m");
        assert_eq!(age(t, t + chrono::Duration::hours(50)), "2d 2h");
        assert_eq!(
            age(t + chrono::Duration::hours(1), t),
            "0m",
            "clock skew never shows negative"
        );
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(clean("a\x1b[31mb\nc", 40), "a [31mb c");
        assert_eq!(clean("abcdef", 4), "abc…");
    }
}
