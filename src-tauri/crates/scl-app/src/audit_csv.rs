//! The audit trail as CSV (RFC 4180), for managers to keep or open in a spreadsheet.

use scl_domain::AuditEntry;

const HEADER: &str = "at,user,action,entity,entity_id,before,after";

/// One row an entry; fields quoted when they hold a comma, quote or line break. A field that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\r\n");
    for e in entries {
        let fields = [
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            e.user_name.clone(),
            e.action.clone(),
            e.entity.clone(),
            e.entity_id.clone().unwrap_or_default(),
            e.before.clone().unwrap_or_default(),
            e.after.clone().unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn field(value: &str) -> String {
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{value}"),
        _ => value.to_string(),
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn hostile_fields_stay_inside_their_cell_and_never_run_as_formulas() {
        let entry = AuditEntry {
            id: 1,
            at: chrono::Utc
                .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
                .unwrap(),
            user_id: Some(2),
            user_name: "Dana, \"the\" CSR".into(),
            action: "lead.note".into(),
            entity: "lead".into(),
            entity_id: Some("7".into()),
            before: None,
            after: Some("=HYPERLINK(\"http://x\")\nline two".into()),
        };
        let csv = to_csv(&[entry]);
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(HEADER));
        assert_eq!(
            lines.next(),
            Some(
                "2026-11-21T12:00:00Z,\"Dana, \"\"the\"\" CSR\",lead.note,lead,7,,\
                 \"'=HYPERLINK(\"\"http://x\"\")\nline two\""
            )
        );
    }
}
