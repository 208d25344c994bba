//! Detection quality on the labeled corpus: precision, recall and F1 on the held-out 40% at the
//! model's threshold, a small precision/recall table, then the same after learning from the
//! tuning 60% (one online pass, as if agents had set a status on each of those calls).
//!
//! `cargo run -p scl-detect --release --example evaluate`; add `--summaries` to read some
//! summaries, `--tuning-errors` to list the tuning calls the model gets wrong. Held-out mistakes
//! are never listed, so nobody tunes on them.

use scl_detect::corpus::{
    confusion, is_held_out, parse_labeled, pr_table, score_all, LabeledCall, Scored,
};
use scl_detect::{classify, Detector, Model};
use scl_domain::AccountSettings;

const CORPUS: &str = include_str!("../corpus/labeled.jsonl");

fn report(title: &str, scored: &[Scored], threshold: u8) {
    let c = confusion(scored);
    println!(
        "{title}: n={} positives={} threshold={threshold}  precision {:.3}  recall {:.3}  F1 {:.3}  (tp {} fp {} fn {} tn {})",
        scored.len(),
        scored.iter().filter(|s| s.label).count(),
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_,
        c.tn
    );
}

fn table(scored: &[Scored]) {
    let triples: Vec<(u8, bool, bool)> = scored
        .iter()
        .map(|s| (s.verdict.score, s.eligible, s.label))
        .collect();
    println!("  threshold  precision  recall  F1");
    for (t, c) in pr_table(&triples, &[20, 30, 40, 45, 50, 55, 60, 70, 80]) {
        println!(
            "  {t:>9}  {:>9.3}  {:>6.3}  {:.3}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
}

fn main() {
    let show_errors = std::env::args().any(|a| a == "--tuning-errors");
    let settings = AccountSettings::default();
    let calls = parse_labeled(CORPUS).expect("corpus parses");
    let (held, tuning): (Vec<LabeledCall>, Vec<LabeledCall>) = calls
        .into_iter()
        .partition(|c| is_held_out(&c.call.call_id));
    println!("corpus: {} tuning, {} held out", tuning.len(), held.len());

    let mut detector = Detector::new(Model::prior());
    let threshold = detector.model().threshold;
    let tuning_scored = score_all(&detector, &tuning, &settings);
    report("tuning   (prior)", &tuning_scored, threshold);
    let before = score_all(&detector, &held, &settings);
    report("held-out (prior)", &before, threshold);
    table(&before);

    if std::env::args().any(|a| a == "--summaries") {
        println!("\nsummaries of the first tuning calls:");
        for (s, c) in tuning_scored.iter().zip(&tuning).take(12) {
            println!("  [{} {}] {}", s.verdict.score, c.label, s.verdict.summary);
        }
    }

    if show_errors {
        println!("\ntuning errors (prior):");
        for (s, c) in tuning_scored.iter().zip(&tuning) {
            if s.flagged() != s.label {
                println!(
                    "  {} label={} score={} type={:?} eligible={} | {}\n     reasons: {:?}",
                    c.call.call_id,
                    s.label,
                    s.verdict.score,
                    s.verdict.call_type,
                    s.eligible,
                    c.note,
                    s.verdict
                        .reasons
                        .iter()
                        .map(|r| r.text.as_str())
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    // Feedback: every eligible tuning call gets the status an agent would have set.
    let mut learned = 0;
    for c in &tuning {
        let call_type = classify(&c.call, &settings);
        if scl_detect::eligible(&c.call, call_type, &settings) {
            let features = detector.evaluate(&c.call, call_type).features;
            detector.learn(&features, c.label);
            learned += 1;
        }
    }
    println!("\nafter learning from {learned} tuning labels (one online pass):");
    let after = score_all(&detector, &held, &settings);
    report("held-out (learned)", &after, threshold);
    table(&after);
    let moved: Vec<i32> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| i32::from(a.verdict.score) - i32::from(b.verdict.score))
        .collect();
    let mean_abs =
        moved.iter().map(|d| f64::from(d.abs())).sum::<f64>() / moved.len().max(1) as f64;
    println!(
        "held-out scores moved by {mean_abs:.1} points on average; {} flags changed",
        before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b.flagged() != a.flagged())
            .count()
    );
}
