use chrono::{TimeZone, Utc};
use serde_json::json;

use crate::model::{Batch, Options, RawLocation};
use crate::read_jsonl;

fn read(text: &str) -> Batch {
    read_jsonl(
        text,
        std::path::Path::new("calls.jsonl"),
        &Options::default(),
    )
}

fn messages(batch: &Batch) -> Vec<String> {
    batch.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn jobs_in_dollars_become_cents() {
    let text = [
        json!({"kind": "job", "job_id": 9001, "account": "Acme Heating", "phone": "303-555-0123",
               "customer_id": "C-7", "location_id": 12, "booked_at": "2026-11-21T09:00:00-07:00", "revenue": 1400.5}),
        json!({"kind": "JOB", "job_id": "9002", "account": "Acme Heating", "booked_at": "2026-11-21T16:00:00Z",
               "revenue": null, "phone": "not a phone"}),
        json!({"kind": "job", "job_id": "9003", "account": "Acme Heating", "booked_at": "2026-11-21T16:00:00Z", "revenue": "1400"}),
        json!({"kind": "job", "job_id": "9004", "account": "Acme Heating", "booked_at": "2026-11-21T16:00:00Z", "revenue": 19.99}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let batch = read(&text);
    let first = &batch.jobs[0];
    assert_eq!(first.job_id, "9001");
    assert_eq!(first.phone.as_deref(), Some("+13035550123"));
    assert_eq!(first.customer_id.as_deref(), Some("C-7"));
    assert_eq!(first.location_id.as_deref(), Some("12"));
    assert_eq!(
        first.booked_at,
        Utc.with_ymd_and_hms(2026, 11, 21, 16, 0, 0).unwrap()
    );
    assert_eq!(first.revenue_cents, Some(140_050));
    assert_eq!(batch.jobs[1].revenue_cents, None);
    assert_eq!(batch.jobs[1].phone.as_deref(), Some("not a phone"));
    assert_eq!(batch.jobs[2].revenue_cents, Some(1999), "no float drift");
    assert_eq!(batch.jobs.len(), 3);
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:2: phone: not a phone number: \"not a phone\"; kept as written",
            "calls.jsonl:3: revenue: expected a number, found a string (\"1400\")",
        ]
    );
}

#[test]
fn customers_keep_good_phones_and_locations() {
    let line = json!({
        "kind": "customer", "customer_id": "C-7", "account": "Acme Heating", "name": "Pat Jones",
        "phones": ["303.555.0123", "+13035550123", "Restricted", 7205550100u64],
        "notes": "gate code 4411; card 4111-1111-1111-1111",
        "locations": [
            {"location_id": "L-1", "address": "12 Elm St, Denver CO", "zone": "North", "notes": null},
            {"location_id": "L-2"},
            "nope",
            {"location_id": "L-1", "address": "again"},
        ]
    })
    .to_string();
    let batch = read(&line);
    let customer = &batch.customers[0];
    assert_eq!(
        customer.phones,
        vec!["+13035550123"],
        "deduplicated, bad ones dropped"
    );
    assert_eq!(
        customer.notes.as_deref(),
        Some("gate code 4411; card [card number redacted]")
    );
    assert_eq!(customer.redactions, 1);
    assert_eq!(
        customer.locations,
        vec![RawLocation {
            location_id: "L-1".into(),
            address: "12 Elm St, Denver CO".into(),
            zone: Some("North".into()),
            notes: None,
        }]
    );
    assert_eq!(
        messages(&batch),
        vec![
            "calls.jsonl:1: phones[2]: not a phone number: \"Restricted\"; number dropped",
            "calls.jsonl:1: phones[3]: expected a string, found a number (7205550100); number dropped",
            "calls.jsonl:1: locations[1].address: required (missing or null); location dropped",
            "calls.jsonl:1: locations[2]: expected a location object, found a string; location dropped",
            "calls.jsonl:1: locations[3].location_id: \"L-1\" is listed twice; the second is dropped",
        ]
    );
}
