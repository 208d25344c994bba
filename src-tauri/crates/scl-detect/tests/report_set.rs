//! The guard on the report set: calls by authors the shipped model was never trained or tuned
//! on (`corpus/authors/split.md`). Fails when precision drops below 0.90 or recall below 0.80
//! at the shipped threshold. The full tables come from `--example report` (BENCHMARKS.md).

use scl_detect::corpus::{confusion, parse_labeled, score_all, LabeledCall};
use scl_detect::Detector;
use scl_domain::AccountSettings;

const REPORT_AUTHORS: [(&str, &str); 3] = [
    (
        "hector",
        include_str!("../corpus/authors/author-hector.jsonl"),
    ),
    (
        "margaret",
        include_str!("../corpus/authors/author-margaret.jsonl"),
    ),
    (
        "jonah",
        include_str!("../corpus/authors/author-jonah.jsonl"),
    ),
];
const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.80;

fn report_set() -> Vec<LabeledCall> {
    REPORT_AUTHORS
        .iter()
        .flat_map(|(name, text)| {
            parse_labeled(text).unwrap_or_else(|e| panic!("author {name}: {e}"))
        })
        .collect()
}

#[test]
fn the_report_set_is_whole_and_kept_apart_from_tuning() {
    let calls = report_set();
    assert!(calls.len() >= 500, "{} calls", calls.len());
    let leads = calls.iter().filter(|c| c.label).count();
    assert!(leads > 150 && calls.len() - leads > 150, "{leads} leads");
    let split = include_str!("../corpus/authors/split.md");
    let train = include_str!("../examples/train.rs");
    for (name, _) in REPORT_AUTHORS {
        assert!(split.contains(name), "{name} is named in split.md");
        assert!(
            !train.contains(&format!("author-{name}")),
            "the trainer never reads report author {name}"
        );
    }
}

#[test]
fn the_shipped_model_holds_on_calls_nobody_here_wrote() {
    let calls = report_set();
    let scored = score_all(&Detector::default(), &calls, &AccountSettings::default());
    let c = confusion(&scored);
    assert!(
        c.precision() >= MIN_PRECISION && c.recall() >= MIN_RECALL,
        "report set: precision {:.3} (at least {MIN_PRECISION}), recall {:.3} (at least {MIN_RECALL}) \
         over {} calls; see `cargo run -p scl-detect --release --example report`",
        c.precision(),
        c.recall(),
        scored.len()
    );
}
