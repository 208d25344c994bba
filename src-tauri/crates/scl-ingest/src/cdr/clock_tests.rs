use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};

use crate::{read_freepbx_cdr, Batch, DateOrder, LocalZone, Options, Severity};

const HEADER: &str =
    "calldate,src,dst,dcontext,channel,dstchannel,lastapp,duration,billsec,disposition,uniqueid\n";

fn row(calldate: &str, uniqueid: &str) -> String {
    format!("{calldate},5125550123,600,ext-queues,PJSIP/trunk-00000001,PJSIP/201-00000002,Queue,60,50,ANSWERED,{uniqueid}\n")
}

fn read(rows: &[String], zone: LocalZone, order: Option<DateOrder>) -> Batch {
    let opts = Options {
        account: Some("Prairie Air".into()),
        local_zone: zone,
        date_order: order,
        ..Options::default()
    };
    let text = format!("{HEADER}{}", rows.concat());
    read_freepbx_cdr(text, Path::new("cdr.csv"), &opts).unwrap()
}

fn chicago() -> LocalZone {
    LocalZone::Iana(chrono_tz::America::Chicago)
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn the_repeated_hour_is_settled_by_the_uniqueid_else_the_first_with_a_warning() {
    // 2026-11-01 01:30 happened at 06:30Z (CDT) and again at 07:30Z (CST).
    let second = Utc
        .with_ymd_and_hms(2026, 11, 1, 7, 30, 0)
        .unwrap()
        .timestamp();
    let batch = read(
        &[
            row("2026-11-01 01:30:00", &format!("{second}.7")),
            row("2026-11-01 01:30:00", "pbx-7"),
        ],
        chicago(),
        None,
    );
    assert_eq!(batch.calls[0].started_at, utc("2026-11-01T07:30:00Z"));
    assert_eq!(batch.calls[1].started_at, utc("2026-11-01T06:30:00Z"));
    let warnings: Vec<_> = batch
        .problems
        .iter()
        .map(|p| (p.line, p.severity))
        .collect();
    assert_eq!(
        warnings,
        vec![(3, Severity::Warning)],
        "{:?}",
        batch.problems
    );
    assert!(batch.problems[0].message.contains("happened twice"));
}

#[test]
fn a_time_the_clocks_skipped_is_refused_and_dst_moves_the_offset() {
    let batch = read(
        &[
            row("2026-03-08 02:30:00", ""),
            row("2026-07-01 09:00:00", ""),
            row("2026-12-01 09:00:00", ""),
        ],
        chicago(),
        None,
    );
    assert_eq!(batch.errors(), 1);
    assert_eq!(batch.problems[0].line, 2);
    assert!(batch.problems[0].message.contains("never happened"));
    assert_eq!(
        batch.calls[0].started_at,
        utc("2026-07-01T14:00:00Z"),
        "CDT"
    );
    assert_eq!(
        batch.calls[1].started_at,
        utc("2026-12-01T15:00:00Z"),
        "CST"
    );
}

#[test]
fn uniqueids_whole_hours_off_get_one_warning_per_file() {
    // The PBX was in New York; the file is read as Chicago: one hour off on every row.
    let rows: Vec<String> = (0..3)
        .map(|i| {
            let start = Utc.with_ymd_and_hms(2026, 7, 1, 13, i * 10, 0).unwrap();
            row(
                &format!("2026-07-01 09:{:02}:00", i * 10),
                &format!("{}.{i}", start.timestamp()),
            )
        })
        .collect();
    let batch = read(&rows, chicago(), None);
    assert_eq!(batch.problems.len(), 1, "{:?}", batch.problems);
    let warning = &batch.problems[0];
    assert_eq!(
        (warning.line, warning.field.as_deref()),
        (2, Some("uniqueid"))
    );
    assert!(warning
        .message
        .starts_with("3 row(s) start 1 hour(s) after"));
    let ny = LocalZone::Iana(chrono_tz::America::New_York);
    assert!(read(&rows, ny, None).problems.is_empty());
}

#[test]
fn slashed_dates_follow_the_order_the_file_proves_or_are_refused() {
    let proven = read(
        &[row("1/9/2017 10:00", ""), row("24/08/17 09:32", "")],
        LocalZone::Iana(chrono_tz::UTC),
        None,
    );
    assert_eq!(proven.date_order, Some(DateOrder::Dmy));
    assert_eq!(proven.calls[0].started_at, utc("2017-09-01T10:00:00Z"));
    assert_eq!(proven.calls[1].started_at, utc("2017-08-24T09:32:00Z"));
    assert_eq!(proven.problems.len(), 1);
    assert_eq!(proven.problems[0].line, 3, "the proving line");

    let unsure = read(
        &[row("1/9/2017 10:00", "")],
        LocalZone::Iana(chrono_tz::UTC),
        None,
    );
    assert_eq!(unsure.errors(), 1);
    assert!(unsure.problems[0]
        .message
        .contains("could be 1 September 2017 or 9 January 2017"));
    assert_eq!(unsure.problems[0].field.as_deref(), Some("calldate"));

    let chosen = read(
        &[row("1/9/2017 10:00", "")],
        LocalZone::Iana(chrono_tz::UTC),
        Some(DateOrder::Mdy),
    );
    assert_eq!(chosen.calls[0].started_at, utc("2017-01-09T10:00:00Z"));
    assert!(chosen.problems.is_empty());
}

#[test]
fn a_file_writing_both_orders_reads_only_what_one_order_can() {
    let batch = read(
        &[
            row("24/08/2017 09:00", ""),
            row("08/25/2017 09:00", ""),
            row("1/9/2017 10:00", ""),
        ],
        LocalZone::Iana(chrono_tz::UTC),
        None,
    );
    assert_eq!(batch.calls.len(), 2);
    assert_eq!(batch.errors(), 1);
    assert!(batch
        .problems
        .iter()
        .any(|p| p.message.contains("both day-first")));
}
