//! Trains the model every account starts from, and writes `model/shipped.json`.
//!
//! `cargo run -p scl-detect --release --example train`
//!
//! Trains only on the tuning sources: the project's own `corpus/labeled.jsonl` and the tuning
//! authors named in `corpus/authors/split.md`. The report authors are never read here. Platt
//! scaling and the threshold come from leave-one-source-out scores (each source scored by a
//! model trained on the others), so they are set on calls the model did not see, from authors
//! it did not see.

use std::path::{Path, PathBuf};

use scl_detect::corpus::{parse_labeled, LabeledCall};
use scl_detect::shipped::Shipped;
use scl_detect::text_model::Terms;
use scl_detect::train::{fit, platt, Example, TrainOptions};
use scl_detect::{classify, eligible, Detector, FeatureId, Model};
use scl_domain::AccountSettings;

/// Tuning sources (the file stem under `corpus/`, or `authors/<stem>`).
const TUNING: &[&str] = &[
    "labeled",
    "authors/author-rosa",
    "authors/author-dwayne",
    "authors/author-priya",
];
/// The precision the threshold must keep on leave-one-source-out scores.
const TARGET_PRECISION: f64 = 0.92;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn load(stem: &str) -> Option<Vec<LabeledCall>> {
    let path = corpus_dir().join(format!("{stem}.jsonl"));
    let text = std::fs::read_to_string(&path).ok()?;
    Some(parse_labeled(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn examples(calls: &[LabeledCall]) -> Vec<Example> {
    let settings = AccountSettings::default();
    let detector = Detector::new(Model::hand_set());
    calls
        .iter()
        .filter_map(|c| {
            let call_type = classify(&c.call, &settings);
            if !eligible(&c.call, call_type, &settings) {
                return None;
            }
            let mut features = detector
                .evaluate_in(&c.call, call_type, &c.context)
                .features;
            features.set(FeatureId::LearnedWords, 0.0);
            Some(Example {
                features,
                terms: Terms::of(&c.call.transcript),
                label: c.label,
            })
        })
        .collect()
}

fn main() {
    let opts = TrainOptions::default();
    let mut sources: Vec<(&str, Vec<Example>)> = Vec::new();
    // The situation of each eligible call, in the order `held` gets its scores.
    let mut situations: Vec<String> = Vec::new();
    for stem in TUNING {
        match load(stem) {
            Some(calls) => {
                println!("{stem}: {} calls", calls.len());
                let settings = AccountSettings::default();
                situations.extend(
                    calls
                        .iter()
                        .filter(|c| eligible(&c.call, classify(&c.call, &settings), &settings))
                        .map(|c| c.situation.clone().unwrap_or_else(|| "(own corpus)".into())),
                );
                sources.push((stem, examples(&calls)));
            }
            None => println!("{stem}: missing, skipped"),
        }
    }
    if std::env::var_os("SCL_TRAIN_SEARCH").is_some() {
        search(&sources);
        return;
    }
    // Leave one source out: scores on authors the model never saw.
    let held = leave_one_source_out(&sources, &opts, true);
    // Platt scaling and the threshold come from the outside authors' calls only: our own corpus
    // was written beside the rules, so its easy calls would make every score look surer.
    let outside: Vec<(f64, bool)> = held
        .iter()
        .filter(|h| sources[h.2].0 != "labeled")
        .map(|h| (h.0, h.1))
        .collect();
    let (a, b) = if outside.is_empty() {
        (1.0, 0.0)
    } else {
        platt(&outside)
    };
    println!("Platt scaling on the outside authors: a = {a:.3}, b = {b:.3}");
    let calibrate = |z: f64| (100.0 / (1.0 + (-(a * z + b)).exp())).round() as u8;
    let (threshold, best_recall) = threshold_for(
        &outside
            .iter()
            .map(|&(z, y)| (calibrate(z), y))
            .collect::<Vec<_>>(),
    );
    println!(
        "threshold {threshold}: leave-one-source-out recall {best_recall:.3} at precision >= {TARGET_PRECISION} (outside authors)"
    );
    let calibrated: Vec<(u8, bool)> = held.iter().map(|h| (calibrate(h.0), h.1)).collect();
    // Where the model is weak, on tuning calls it did not see: what to work on next.
    let mut by_situation: std::collections::BTreeMap<&str, [u32; 4]> = Default::default();
    for ((score, label), situation) in calibrated.iter().zip(&situations) {
        let cell = by_situation.entry(situation.as_str()).or_default();
        let flagged = *score >= threshold;
        cell[usize::from(*label) * 2 + usize::from(flagged)] += 1;
    }
    println!("| situation (tuning, leave-one-source-out) | leads found | leads missed | non-leads flagged | non-leads passed |");
    for (situation, [tn, fp, fn_, tp]) in by_situation {
        println!("| {situation} | {tp} | {fn_} | {fp} | {tn} |");
    }
    let all: Vec<Example> = sources
        .iter()
        .flat_map(|(_, e)| e.iter().cloned())
        .collect();
    let mut model = fit(&all, &opts);
    model.calibrate(a, b);
    model.model.threshold = threshold;
    let names: Vec<String> = sources
        .iter()
        .map(|(s, e)| format!("{s} ({} eligible calls)", e.len()))
        .collect();
    let shipped = Shipped {
        trained_on: format!(
            "{}; signal pull {}, word pull {}, {} Adam iterations; Platt a={a:.4} b={b:.4} and threshold {threshold} from leave-one-source-out scores",
            names.join(", "),
            opts.signal_pull,
            opts.word_pull,
            opts.iterations
        ),
        text: model.sparse_table(),
        model: model.model,
    };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("model/shipped.json");
    let json = serde_json::to_string(&shipped).expect("model serializes");
    std::fs::write(&out, json + "\n").expect("write model/shipped.json");
    println!(
        "wrote {} ({} word weights)",
        out.display(),
        shipped.text.len()
    );
}

/// Each source scored by a model trained on the others: (logit, label, source index).
fn leave_one_source_out(
    sources: &[(&str, Vec<Example>)],
    opts: &TrainOptions,
    verbose: bool,
) -> Vec<(f64, bool, usize)> {
    let mut held = Vec::new();
    for (i, (stem, test)) in sources.iter().enumerate() {
        let train: Vec<Example> = sources
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, (_, e))| e.iter().cloned())
            .collect();
        if train.is_empty() {
            continue;
        }
        let model = fit(&train, opts);
        held.extend(test.iter().map(|e| (model.logit(e), e.label, i)));
        if verbose {
            println!(
                "  scored {stem} with a model of the others ({} calls)",
                test.len()
            );
        }
    }
    held
}

/// The threshold with the best recall at [`TARGET_PRECISION`], and that recall.
fn threshold_for(calibrated: &[(u8, bool)]) -> (u8, f64) {
    let mut threshold = 50u8;
    let mut best_recall = -1.0;
    for t in 1..=99u8 {
        let tp = calibrated.iter().filter(|(s, y)| *s >= t && *y).count() as f64;
        let fp = calibrated.iter().filter(|(s, y)| *s >= t && !*y).count() as f64;
        let pos = calibrated.iter().filter(|(_, y)| *y).count().max(1) as f64;
        let precision = if tp + fp == 0.0 { 1.0 } else { tp / (tp + fp) };
        let recall = tp / pos;
        if precision >= TARGET_PRECISION && recall > best_recall {
            best_recall = recall;
            threshold = t;
        }
    }
    (threshold, best_recall)
}

/// `SCL_TRAIN_SEARCH=1`: the training options compared on the outside tuning authors'
/// leave-one-source-out scores (the report authors are never read). Prints, per setting, the
/// recall at the target precision and the log loss after Platt scaling.
fn search(sources: &[(&str, Vec<Example>)]) {
    println!("| signal pull | word pull | iterations | recall at precision {TARGET_PRECISION} | log loss |");
    for signal_pull in [0.0, 0.0001, 0.0005, 0.002] {
        for word_pull in [0.0, 0.00001, 0.00005, 0.0002] {
            for iterations in [400, 1200] {
                let opts = TrainOptions {
                    signal_pull,
                    word_pull,
                    iterations,
                    ..TrainOptions::default()
                };
                let held = leave_one_source_out(sources, &opts, false);
                let outside: Vec<(f64, bool)> = held
                    .iter()
                    .filter(|h| sources[h.2].0 != "labeled")
                    .map(|h| (h.0, h.1))
                    .collect();
                let (a, b) = platt(&outside);
                let p = |z: f64| 1.0 / (1.0 + (-(a * z + b)).exp());
                let loss = outside
                    .iter()
                    .map(|&(z, y)| {
                        let q = p(z).clamp(1e-6, 1.0 - 1e-6);
                        if y {
                            -q.ln()
                        } else {
                            -(1.0 - q).ln()
                        }
                    })
                    .sum::<f64>()
                    / outside.len() as f64;
                let calibrated: Vec<(u8, bool)> = outside
                    .iter()
                    .map(|&(z, y)| ((p(z) * 100.0).round() as u8, y))
                    .collect();
                let (_, recall) = threshold_for(&calibrated);
                println!(
                    "| {signal_pull} | {word_pull} | {iterations} | {recall:.3} | {loss:.4} |"
                );
            }
        }
    }
}
