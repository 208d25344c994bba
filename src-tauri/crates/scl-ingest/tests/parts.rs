//! Reading an export a part at a time (`read_path_parts`): the parts joined are the whole read,
//! and lines, problems and duplicates stay right across the parts' edges.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use scl_ingest::{read_path, read_path_parts, Batch, IngestError, Options};

fn testdata(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path)
}

fn pbx(account: &str) -> Options {
    Options {
        account: Some(account.into()),
        local_zone: scl_ingest::LocalZone::Fixed(FixedOffset::west_opt(7 * 3600).unwrap()),
        ..Options::default()
    }
}

fn parts(path: &Path, opts: &Options, size: usize) -> Result<Vec<Batch>, IngestError> {
    let mut out = Vec::new();
    read_path_parts(path, opts, size, &mut |part| {
        assert!(part.calls_expected >= part.batch.calls.len());
        out.push(part.batch);
        ControlFlow::Continue(())
    })?;
    Ok(out)
}

fn joined(parts: Vec<Batch>) -> Batch {
    let mut parts = parts.into_iter();
    let mut whole = parts.next().expect("there is always a part");
    for part in parts {
        whole.append(part);
    }
    whole
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn call(id: &str, extra: &str) -> String {
    format!(
        r#"{{"call_id":"{id}","account":"Acme","direction":"inbound","from":"+13035550123","to":"+17205550100","started_at":"2026-11-20T14:00:00Z","answered_at":null,"ended_at":"2026-11-20T14:01:00Z","booked":false{extra}}}"#
    )
}

fn lines_of(batch: &Batch) -> Vec<(u64, String)> {
    batch
        .problems
        .iter()
        .map(|p| (p.line, p.field.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn every_sample_read_in_parts_joins_to_the_whole_read() {
    let samples = [
        ("jsonl/calls.jsonl", Options::default()),
        ("bad/calls-bad.jsonl", Options::default()),
        ("asterisk/Master.csv", pbx("Acme Heating & Air")),
        ("freepbx/cdr-export.csv", pbx("Acme Heating & Air")),
        ("twilio/calls-page.json", pbx("Acme Plumbing")),
    ];
    for (sample, opts) in samples {
        let file = testdata(sample);
        let whole = read_path(&file, &opts).unwrap();
        assert!(!whole.calls.is_empty(), "{sample} has calls");
        for size in [1, 2, 3, 5, 1000] {
            let parts = parts(&file, &opts, size).unwrap();
            assert!(
                parts.iter().all(|p| p.calls.len() <= size),
                "{sample}: parts of at most {size} calls"
            );
            assert!(
                parts[1..]
                    .iter()
                    .all(|p| p.customers.is_empty() && p.jobs.is_empty()),
                "{sample}: customers and jobs come in the first part"
            );
            assert_eq!(joined(parts), whole, "{sample} in parts of {size}");
        }
    }
}

#[test]
fn customers_and_jobs_at_the_end_come_in_the_first_part_with_problems_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = [
        call("c-1", ""),
        call("c-2", r#","agent":5"#),
        call("c-3", ""),
        r#"{"kind":"job","job_id":"J-1","account":"Acme","booked_at":"yesterday"}"#.to_string(),
        call("c-4", ""),
        r#"{"kind": "customer","customer_id":"C-1","account":"Acme","name":"Sam","phones":["303-555-0123","x"]}"#.to_string(),
        r#"{"kind":"job","job_id":"J-2","account":"Acme","booked_at":"2026-11-21T09:00:00Z"}"#.to_string(),
        call("c-5", r#","reason":7"#),
    ]
    .join("\n");
    let file = write(dir.path(), "calls.jsonl", &text);
    let parts = parts(&file, &Options::default(), 2).unwrap();
    assert_eq!(parts[0].customers.len(), 1, "the customer of line 6");
    assert_eq!(parts[0].jobs.len(), 1, "the good job of line 7");
    let ids: Vec<Vec<&str>> = parts
        .iter()
        .map(|p| p.calls.iter().map(|c| c.call_id.as_str()).collect())
        .collect();
    assert_eq!(ids, vec![vec!["c-1", "c-3"], vec!["c-4"]]);
    let whole = joined(parts);
    assert_eq!(
        lines_of(&whole),
        vec![
            (2, "agent".to_string()),
            (4, "booked_at".to_string()),
            (6, "phones[1]".to_string()),
            (8, "reason".to_string()),
        ],
        "problems in file order although jobs and customers were read first"
    );
    assert_eq!(whole, read_path(&file, &Options::default()).unwrap());
}

#[test]
fn lines_stay_right_across_parts_and_a_cut_off_last_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (1..=6).map(|i| call(&format!("c-{i}"), "")).collect();
    lines.insert(2, String::new()); // a blank line 3
    lines.insert(4, "{not json".to_string()); // line 5
    lines.push(call("c-1", "")); // line 9: a repeat of line 1, several parts later
    let cut = call("c-9", "");
    lines.push(cut[..cut.len() / 2].to_string()); // line 10, no newline after it
    let file = write(dir.path(), "calls.jsonl", &lines.join("\n"));
    let parts = parts(&file, &Options::default(), 2).unwrap();
    let starts: Vec<Vec<u64>> = parts
        .iter()
        .map(|p| p.calls.iter().map(|c| c.source.line).collect())
        .collect();
    assert_eq!(starts, vec![vec![1, 2], vec![4, 6], vec![7, 8], vec![]]);
    let problems: Vec<String> = parts
        .iter()
        .flat_map(|p| p.problems.iter().map(ToString::to_string))
        .collect();
    let name = file.display();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with(&format!("{name}:5: invalid JSON")));
    assert_eq!(
        problems[1],
        format!("{name}:9: call_id: \"c-1\" was already read on line 1; skipped")
    );
    assert_eq!(
        problems[2],
        format!("{name}:10: the file ends in the middle of this record (was it cut off?)")
    );
    assert_eq!(
        parts.last().unwrap().problems.len(),
        2,
        "the repeat and the cut-off line come with the last part"
    );
}

#[test]
fn a_file_that_cannot_be_read_gives_no_part() {
    let mut called = false;
    let result = read_path_parts(
        &testdata("asterisk/Master.csv"),
        &Options::default(), // no account: a Master.csv names none
        10,
        &mut |_| {
            called = true;
            ControlFlow::Continue(())
        },
    );
    assert!(matches!(result, Err(IngestError::MissingAccount { .. })));
    assert!(!called);
}

#[test]
fn breaking_stops_the_read() {
    for (sample, opts) in [
        ("jsonl/calls.jsonl", Options::default()),
        ("asterisk/Master.csv", pbx("Acme")),
        ("twilio/calls-page.json", pbx("Acme")),
    ] {
        let mut seen = 0;
        read_path_parts(&testdata(sample), &opts, 1, &mut |part| {
            seen += 1;
            assert_eq!(part.batch.calls.len(), 1);
            ControlFlow::Break(())
        })
        .unwrap();
        assert_eq!(seen, 1, "{sample}");
    }
}

/// A named pipe cannot be read twice: a `.jsonl` pipe is read whole, like other exports.
#[cfg(unix)]
#[test]
fn a_jsonl_pipe_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("from-pbx.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let text = format!("{}\n{}\n", call("P-1", ""), call("P-2", ""));
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::write(pipe, text).unwrap())
    };
    let batch = joined(parts(&pipe, &Options::default(), 1).unwrap());
    writer.join().unwrap();
    let ids: Vec<&str> = batch.calls.iter().map(|c| c.call_id.as_str()).collect();
    assert_eq!(ids, ["P-1", "P-2"]);
    assert!(batch.problems.is_empty(), "{:?}", batch.problems);
}
