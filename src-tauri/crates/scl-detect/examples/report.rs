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
    // A kind with no leads has no recall, and nothing flagged has no precision: say so rather
    // than print 0 or 1.
    let ratio = |num: usize, den: usize| {
        if den == 0 {
            "n/a".to_string()
        } else {
            format!("{:.3}", num as f64 / den as f64)
        }
    };
    println!(
        "| {name} | {} | {} | {} | {} | {} |",
        c.tp + c.fn_ + c.fp + c.tn,
        c.tp + c.fn_,
        c.fp,
        ratio(c.tp as usize, (c.tp + c.fp) as usize),
        ratio(c.tp as usize, (c.tp + c.fn_) as usize)
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
        "\n| {title} | calls | leads | non-leads flagged | precision | recall |\n| --- | ---: | ---: | ---: | ---: | ---: |"
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
    // Metadata-only leads must still rank: how many distinct scores they get.
    let mut meta: Vec<u8> = calls
        .iter()
        .zip(&scored)
        .filter(|((_, c), s)| c.call.transcript.is_empty() && s.flagged())
        .map(|(_, s)| s.verdict.score)
        .collect();
    meta.sort_unstable();
    let lowest = meta.first().copied().unwrap_or(0);
    let highest = meta.last().copied().unwrap_or(0);
    meta.dedup();
    println!(
        "calls without a transcript flagged: scores {lowest}-{highest}, {} distinct",
        meta.len()
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

    // Feedback where the prior is weakest: for each kind of call, an account's agents label up
    // to 50 calls of that kind by two report authors (oldest first, as statuses arrive); then
    // the third author's calls of that kind are scored before and after. Rotated over the three
    // authors and summed, so every call of the kind is scored once by a detector that did not
    // learn from it.
    println!(
        "\nfeedback: an account's detector learns from up to 50 labels of one kind (two authors' \
         calls), scored on the third author's calls of that kind; rotated over the three"
    );
    println!(
        "\n| kind | labels per rotation | calls scored | recall before | recall after | precision before | precision after | all other report calls: precision, recall after |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
    );
    let judge = |d: &Detector, list: &mut dyn Iterator<Item = &LabeledCall>| {
        Confusion::from_pairs(list.map(|c| {
            let t = classify(&c.call, &settings);
            (
                eligible(&c.call, t, &settings) && d.evaluate_in(&c.call, t, &c.context).flag,
                c.label,
            )
        }))
    };
    let mut kinds: Vec<String> = calls
        .iter()
        .filter_map(|(_, c)| c.situation.clone())
        .collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let of_kind = |author: &str| -> Vec<&LabeledCall> {
            let mut v: Vec<&LabeledCall> = calls
                .iter()
                .filter(|(a, c)| a == author && c.situation.as_deref() == Some(kind.as_str()))
                .map(|(_, c)| c)
                .collect();
            v.sort_by_key(|c| c.call.started_at);
            v
        };
        let total: usize = REPORT.iter().map(|a| of_kind(a).len()).sum();
        let leads = calls
            .iter()
            .filter(|(_, c)| c.label && c.situation.as_deref() == Some(kind.as_str()))
            .count();
        if total < 30 || leads < 15 {
            continue;
        }
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut others_after = Vec::new();
        let mut labels = Vec::new();
        for held in REPORT {
            let mut teach: Vec<&LabeledCall> = REPORT
                .iter()
                .filter(|a| *a != held)
                .flat_map(|a| of_kind(a))
                .collect();
            teach.sort_by_key(|c| c.call.started_at);
            teach.truncate(50);
            labels.push(teach.len().to_string());
            let mut learner = detector.clone();
            for c in &teach {
                let t = classify(&c.call, &settings);
                if eligible(&c.call, t, &settings) {
                    let f = learner.evaluate_in(&c.call, t, &c.context).features;
                    learner.learn_call(&c.call, &f, c.label);
                }
            }
            let test = of_kind(held);
            for c in &test {
                let t = classify(&c.call, &settings);
                let ok = eligible(&c.call, t, &settings);
                before.push((
                    ok && detector.evaluate_in(&c.call, t, &c.context).flag,
                    c.label,
                ));
                after.push((
                    ok && learner.evaluate_in(&c.call, t, &c.context).flag,
                    c.label,
                ));
            }
            let others = calls
                .iter()
                .map(|(_, c)| c)
                .filter(|c| c.situation.as_deref() != Some(kind.as_str()));
            let o = judge(&learner, &mut others.into_iter());
            others_after.push((o.precision(), o.recall()));
        }
        let (b, a) = (Confusion::from_pairs(before), Confusion::from_pairs(after));
        let n = others_after.len() as f64;
        let (op, or) = others_after
            .iter()
            .fold((0.0, 0.0), |(p, r), (x, y)| (p + x / n, r + y / n));
        println!(
            "| {kind} | {} | {total} | {:.3} | {:.3} | {:.3} | {:.3} | {op:.3}, {or:.3} |",
            labels.join(", "),
            b.recall(),
            a.recall(),
            b.precision(),
            a.precision()
        );
    }
}
