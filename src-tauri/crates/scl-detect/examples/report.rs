//! Detection quality on the report set: calls by authors the model was never trained or tuned
//! on (`corpus/authors/split.md`). Prints precision and recall at the shipped threshold, a
//! table per situation, per style and per author, a reliability table (is a score of 70 a lead
//! about 70% of the time?), and the feedback experiment. Never lists a report call's mistakes,
//! so nobody tunes on them.
//!
//! `cargo run -p scl-detect --release --example report`

use std::collections::BTreeMap;
use std::path::Path;

use scl_detect::corpus::{confusion, parse_labeled, score_all, Confusion, LabeledCall, Scored};
use scl_detect::{classify, eligible, Detector};
use scl_domain::AccountSettings;

pub const REPORT: &[&str] = &["author-hector", "author-margaret", "author-jonah"];

fn load(stem: &str) -> Option<Vec<LabeledCall>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("corpus/authors/{stem}.jsonl"));
    let text = std::fs::read_to_string(&path).ok()?;
    Some(parse_labeled(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn line(name: &str, c: &Confusion) {
    println!(
        "| {name} | {} | {} | {:.3} | {:.3} |",
        c.tp + c.fn_ + c.fp + c.tn,
        c.tp + c.fn_,
        c.precision(),
        c.recall()
    );
}

fn grouped(title: &str, rows: &[(Vec<String>, &Scored)]) {
    let mut groups: BTreeMap<&str, Vec<&Scored>> = BTreeMap::new();
    for (keys, s) in rows {
        for k in keys {
            groups.entry(k.as_str()).or_default().push(s);
        }
    }
    println!(
        "\n| {title} | calls | leads | precision | recall |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for (k, v) in groups {
        let c = Confusion::from_pairs(v.iter().map(|s| (s.flagged(), s.label)));
        line(k, &c);
    }
}

fn main() {
    let settings = AccountSettings::default();
    let detector = Detector::default();
    let mut calls: Vec<(String, LabeledCall)> = Vec::new();
    for stem in REPORT {
        match load(stem) {
            Some(c) => calls.extend(c.into_iter().map(|c| (stem.to_string(), c))),
            None => println!("{stem}: missing"),
        }
    }
    let only: Vec<LabeledCall> = calls.iter().map(|(_, c)| c.clone()).collect();
    let scored = score_all(&detector, &only, &settings);
    let c = confusion(&scored);
    println!(
        "report set: {} calls, {} leads; threshold {}: precision {:.3} recall {:.3} F1 {:.3}",
        scored.len(),
        c.tp + c.fn_,
        detector.model().threshold,
        c.precision(),
        c.recall(),
        c.f1()
    );
    let rows = |key: &dyn Fn(&str, &LabeledCall) -> Vec<String>| -> Vec<(Vec<String>, &Scored)> {
        calls
            .iter()
            .zip(&scored)
            .map(|((a, c), s)| (key(a, c), s))
            .collect()
    };
    grouped(
        "situation",
        &rows(&|_, c| vec![c.situation.clone().unwrap_or_else(|| "(none)".into())]),
    );
    grouped(
        "style",
        &rows(&|_, c| {
            if c.styles.is_empty() {
                vec!["(plain)".into()]
            } else {
                c.styles.clone()
            }
        }),
    );
    grouped("author", &rows(&|a, _| vec![a.to_string()]));

    println!("\n| score | calls | mean score | leads (observed) |\n| --- | ---: | ---: | ---: |");
    for lo in (0..100).step_by(10) {
        let bin: Vec<&Scored> = scored
            .iter()
            .filter(|s| {
                s.eligible
                    && (s.verdict.score as u32 >= lo)
                    && (s.verdict.score as u32) < lo + 10 + u32::from(lo == 90)
            })
            .collect();
        if bin.is_empty() {
            continue;
        }
        let mean = bin.iter().map(|s| f64::from(s.verdict.score)).sum::<f64>() / bin.len() as f64;
        let rate = bin.iter().filter(|s| s.label).count() as f64 / bin.len() as f64;
        println!(
            "| {lo}-{} | {} | {mean:.1} | {:.0}% |",
            lo + 9 + u32::from(lo == 90),
            bin.len(),
            rate * 100.0
        );
    }

    // Feedback: an account's agents label its first 50 calls of one kind (as statuses do);
    // recall on the later calls of that kind, and on every other report call, before and after.
    println!(
        "\nfeedback: one account's detector learns from 50 labels of a kind (oldest first); \
         the later calls of that kind, and all other report calls, before and after"
    );
    let mut by_kind: BTreeMap<String, Vec<&LabeledCall>> = BTreeMap::new();
    for (_, c) in &calls {
        if let Some(s) = &c.situation {
            by_kind.entry(s.clone()).or_default().push(c);
        }
    }
    let judge = |d: &Detector, list: &mut dyn Iterator<Item = &LabeledCall>| {
        Confusion::from_pairs(list.map(|c| {
            let t = classify(&c.call, &settings);
            (
                eligible(&c.call, t, &settings) && d.evaluate_in(&c.call, t, &c.context).flag,
                c.label,
            )
        }))
    };
    println!(
        "\n| kind | labels | later calls of the kind | recall before | recall after | precision before | precision after | other calls: precision, recall before | after |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    );
    for (kind, mut list) in by_kind {
        if list.len() < 60 {
            continue;
        }
        list.sort_by_key(|c| c.call.started_at);
        let (teach, test) = list.split_at(50);
        let before = judge(&detector, &mut test.iter().copied());
        let mut learner = detector.clone();
        for c in teach {
            let t = classify(&c.call, &settings);
            if eligible(&c.call, t, &settings) {
                let f = learner.evaluate_in(&c.call, t, &c.context).features;
                learner.learn_call(&c.call, &f, c.label);
            }
        }
        let after = judge(&learner, &mut test.iter().copied());
        let others = || {
            calls
                .iter()
                .map(|(_, c)| c)
                .filter(|c| c.situation.as_deref() != Some(kind.as_str()))
        };
        let others_before = judge(&detector, &mut others());
        let others_after = judge(&learner, &mut others());
        println!(
            "| {kind} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3}, {:.3} | {:.3}, {:.3} |",
            teach.len(),
            test.len(),
            before.recall(),
            after.recall(),
            before.precision(),
            after.precision(),
            others_before.precision(),
            others_before.recall(),
            others_after.precision(),
            others_after.recall()
        );
    }
}
