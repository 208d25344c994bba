//! `scl leads` filter and sort flags: the queue's column filters, as the app's Filter menus
//! offer them, turned into the core's [`LeadFilters`] and [`LeadSort`]. The core checks them
//! (single-account filters without `--account` are refused, naming the filter).

use clap::Args;
use scl_domain::{
    AgeFilter, CallType, LeadFilters, LeadSort, LeadStatus, NotesFilter, NotesPresence, SortColumn,
    SortDirection,
};

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Status filter: keep leads with this status (repeat for several), e.g. "New".
    #[arg(long = "status", value_parser = parse_status)]
    statuses: Vec<LeadStatus>,
    /// Notes filter: `with` or `without` notes (CSR notes or Second Chance Lead notes).
    #[arg(long, value_parser = parse_presence)]
    notes: Option<NotesPresence>,
    /// Notes filter: notes containing this text (any case, literally).
    #[arg(long)]
    notes_contain: Option<String>,
    /// Age filter: the call ended at least this many hours ago.
    #[arg(long)]
    min_age_hours: Option<u32>,
    /// Age filter: the call ended less than this many hours ago.
    #[arg(long)]
    max_age_hours: Option<u32>,
    /// Customer filter (needs --account): name containing the text, or number containing its digits.
    #[arg(long)]
    customer: Option<String>,
    /// Type filter: call type (repeat for several): Booked, Unbooked, Abandoned, Excused, "Not a Lead".
    #[arg(long = "type", value_parser = parse_type)]
    types: Vec<CallType>,
    /// Reason filter (needs --account): the reason chosen during classification (repeat for several).
    #[arg(long = "reason")]
    reasons: Vec<String>,
    /// Agent filter (needs --account): the agent's user id (repeat for several).
    #[arg(long = "agent")]
    agents: Vec<i64>,
    /// Sort by a column (priority, status, notes, age, account, customer, type, reason, agent),
    /// optionally `:desc`, e.g. `age:desc`. Default: priority.
    #[arg(long, value_parser = parse_sort, default_value = "priority")]
    sort: LeadSort,
}

impl FilterArgs {
    pub fn filters(&self) -> LeadFilters {
        LeadFilters {
            statuses: self.statuses.clone(),
            notes: NotesFilter {
                presence: self.notes.unwrap_or_default(),
                contains: self.notes_contain.clone(),
            },
            age: AgeFilter {
                min_hours: self.min_age_hours,
                max_hours: self.max_age_hours,
            },
            customer: self.customer.clone(),
            types: self.types.clone(),
            reasons: self.reasons.clone(),
            agents: self.agents.clone(),
        }
    }

    pub fn sort(&self) -> LeadSort {
        self.sort
    }
}

fn parse_status(s: &str) -> Result<LeadStatus, String> {
    s.parse()
        .map_err(|e: scl_domain::StatusParseError| e.to_string())
}

fn parse_presence(s: &str) -> Result<NotesPresence, String> {
    match s {
        "with" => Ok(NotesPresence::WithNotes),
        "without" => Ok(NotesPresence::WithoutNotes),
        "any" => Ok(NotesPresence::Any),
        _ => Err(format!("{s:?}: expected with, without or any")),
    }
}

fn parse_type(s: &str) -> Result<CallType, String> {
    CallType::ALL
        .into_iter()
        .find(|t| t.label().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| {
            let names: Vec<_> = CallType::ALL.iter().map(|t| t.label()).collect();
            format!("{s:?}: expected one of {}", names.join(", "))
        })
}

const COLUMNS: [(&str, SortColumn); 9] = [
    ("priority", SortColumn::Priority),
    ("status", SortColumn::Status),
    ("notes", SortColumn::Notes),
    ("age", SortColumn::Age),
    ("account", SortColumn::Account),
    ("customer", SortColumn::Customer),
    ("type", SortColumn::Type),
    ("reason", SortColumn::Reason),
    ("agent", SortColumn::Agent),
];

fn parse_sort(s: &str) -> Result<LeadSort, String> {
    let (name, direction) = match s.split_once(':') {
        None | Some((_, "asc")) => (s.split(':').next().unwrap_or(s), SortDirection::Ascending),
        Some((name, "desc")) => (name, SortDirection::Descending),
        Some((_, other)) => return Err(format!("{other:?}: expected asc or desc")),
    };
    let column = COLUMNS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, c)| *c)
        .ok_or_else(|| {
            let names: Vec<_> = COLUMNS.iter().map(|(n, _)| *n).collect();
            format!("{name:?}: expected one of {}", names.join(", "))
        })?;
    Ok(LeadSort { column, direction })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_parse_with_an_optional_direction() {
        assert_eq!(
            parse_sort("age:desc"),
            Ok(LeadSort {
                column: SortColumn::Age,
                direction: SortDirection::Descending
            })
        );
        assert_eq!(parse_sort("Customer").unwrap().column, SortColumn::Customer);
        assert_eq!(
            parse_sort("age:asc").unwrap().direction,
            SortDirection::Ascending
        );
        assert!(parse_sort("age:sideways").is_err());
        assert!(parse_sort("score").unwrap_err().contains("priority"));
    }

    #[test]
    fn call_types_are_the_products_words() {
        assert_eq!(parse_type("not a lead"), Ok(CallType::NotALead));
        assert_eq!(parse_type("Unbooked"), Ok(CallType::Unbooked));
        assert!(parse_type("missed").is_err());
    }

    #[test]
    fn notes_presence_is_with_or_without() {
        assert_eq!(parse_presence("with"), Ok(NotesPresence::WithNotes));
        assert_eq!(parse_presence("without"), Ok(NotesPresence::WithoutNotes));
        assert!(parse_presence("some").is_err());
    }
}
