//! Telling formats apart, errors that stop a whole file, and the documented example.

use std::path::{Path, PathBuf};

use scl_ingest::{detect, read_path, Batch, Format, IngestError, Options};

fn testdata(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path)
}

fn messages(batch: &Batch) -> Vec<String> {
    batch.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn formats_are_told_by_extension_then_content() {
    let jsonl = std::fs::read(testdata("jsonl/calls.jsonl")).unwrap();
    let master = std::fs::read(testdata("asterisk/Master.csv")).unwrap();
    let freepbx = std::fs::read(testdata("freepbx/cdr-export.csv")).unwrap();
    let twilio = std::fs::read(testdata("twilio/calls-page.json")).unwrap();
    let cases: [(&str, &[u8], Option<Format>); 10] = [
        ("a.jsonl", &jsonl, Some(Format::Jsonl)),
        ("a.NDJSON", &jsonl, Some(Format::Jsonl)),
        ("a.json", &jsonl, Some(Format::Jsonl)),
        ("a.json", &twilio, Some(Format::TwilioJson)),
        ("a.csv", &master, Some(Format::AsteriskCdr)),
        ("a.csv", &freepbx, Some(Format::FreePbxCdr)),
        ("export.txt", &freepbx, Some(Format::FreePbxCdr)),
        ("Master", &master, Some(Format::AsteriskCdr)),
        ("dump", &jsonl, Some(Format::Jsonl)),
        ("notes.txt", b"dear diary", None),
    ];
    for (name, bytes, expected) in cases {
        assert_eq!(detect(Path::new(name), bytes), expected, "{name}");
    }
}

#[test]
fn file_level_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.jsonl");
    assert!(matches!(
        read_path(&missing, &Options::default()),
        Err(IngestError::Io { .. })
    ));
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "dear diary").unwrap();
    let err = read_path(&notes, &Options::default()).unwrap_err();
    assert!(matches!(err, IngestError::UnknownFormat { .. }));
    assert!(err.to_string().contains("not a known call export"));
    let err = read_path(&testdata("asterisk/Master.csv"), &Options::default()).unwrap_err();
    assert!(matches!(
        err,
        IngestError::MissingAccount {
            format: Format::AsteriskCdr,
            ..
        }
    ));
    let err = read_path(
        &testdata("asterisk/Master.csv"),
        &Options {
            account: Some("Acme".into()),
            recordings_dir: Some(dir.path().join("no-such-folder")),
            ..Options::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, IngestError::Io { .. }), "{err}");
}

#[test]
fn the_documented_example_reads_as_documented() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("FORMATS.md")).unwrap();
    let example = doc
        .split("```jsonl\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let batch = scl_ingest::read_jsonl(
        example,
        &dir.path().join("calls.jsonl"),
        &Options::default(),
    );
    assert_eq!(
        (batch.calls.len(), batch.jobs.len(), batch.customers.len()),
        (2, 1, 1)
    );
    assert_eq!(batch.errors(), 0, "{:?}", messages(&batch));
    // The example's recording and transcript files are not beside this temporary copy.
    let fields: Vec<&str> = batch
        .problems
        .iter()
        .filter_map(|p| p.field.as_deref())
        .collect();
    assert_eq!(fields, vec!["recording", "transcript"]);
    assert_eq!(batch.jobs[0].revenue_cents, Some(140_000));
    assert_eq!(batch.calls[1].transcript.len(), 2);
}
