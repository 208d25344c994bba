//! The labeled corpus as a regression guard: held-out precision and recall must stay at the
//! goal, feedback must move scores, and every flag must explain itself.

use scl_detect::corpus::{confusion, is_held_out, parse_labeled, score_all, LabeledCall};
use scl_detect::{classify, eligible, Detector, Model};
use scl_domain::{AccountSettings, CallType, Direction};

const CORPUS: &str = include_str!("../corpus/labeled.jsonl");
/// The goal from the brief; the measured values are above it (see `examples/evaluate.rs`).
const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.80;

fn split() -> (Vec<LabeledCall>, Vec<LabeledCall>) {
    let calls = parse_labeled(CORPUS).expect("the shipped corpus parses");
    calls
        .into_iter()
        .partition(|c| !is_held_out(&c.call.call_id))
}

#[test]
fn corpus_is_big_and_varied_enough_to_mean_something() {
    let (tuning, held) = split();
    let all: Vec<_> = tuning.iter().chain(&held).collect();
    assert!(all.len() >= 200, "{} calls", all.len());
    let positives = all.iter().filter(|c| c.label).count();
    assert!(
        positives > 60 && all.len() - positives > 60,
        "both labels well represented"
    );
    for account in 1..=4 {
        assert!(
            all.iter().any(|c| c.call.account_id == account),
            "trade {account} present"
        );
    }
    let s = AccountSettings::default();
    let types: Vec<CallType> = all.iter().map(|c| classify(&c.call, &s)).collect();
    for t in [
        CallType::Abandoned,
        CallType::NotALead,
        CallType::Excused,
        CallType::Booked,
    ] {
        assert!(types.contains(&t), "{t:?} calls present");
    }
    assert!(all.iter().any(|c| c.call.direction == Direction::Outbound));
    assert!(all
        .iter()
        .any(|c| c.call.transcript.is_empty() && c.call.answered_at.is_some()));
    assert!(
        held.len() * 100 / all.len() >= 30,
        "held-out is roughly 40%"
    );
}

#[test]
fn held_out_precision_and_recall_meet_the_goal() {
    let (_, held) = split();
    let scored = score_all(
        &Detector::new(Model::prior()),
        &held,
        &AccountSettings::default(),
    );
    let c = confusion(&scored);
    assert!(
        c.precision() >= MIN_PRECISION,
        "precision {:.3} ({c:?})",
        c.precision()
    );
    assert!(c.recall() >= MIN_RECALL, "recall {:.3} ({c:?})", c.recall());
}

#[test]
fn feedback_from_tuning_labels_moves_held_out_scores_and_keeps_the_goal() {
    let (tuning, held) = split();
    let settings = AccountSettings::default();
    let mut detector = Detector::new(Model::prior());
    let before = score_all(&detector, &held, &settings);
    for c in &tuning {
        let t = classify(&c.call, &settings);
        if eligible(&c.call, t, &settings) {
            let f = detector.evaluate(&c.call, t).features;
            detector.learn(&f, c.label);
        }
    }
    let after = score_all(&detector, &held, &settings);
    let moved = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.verdict.score != a.verdict.score)
        .count();
    assert!(
        moved * 2 > held.len(),
        "most held-out scores change ({moved} of {})",
        held.len()
    );
    let c = confusion(&after);
    assert!(
        c.precision() >= MIN_PRECISION && c.recall() >= MIN_RECALL,
        "{c:?}"
    );
    let json = serde_json::to_string(detector.model()).unwrap();
    let restored: Model = serde_json::from_str(&json).unwrap();
    assert_eq!(
        &restored,
        detector.model(),
        "the learned model survives storage"
    );
}

#[test]
fn every_flag_explains_itself() {
    let (tuning, held) = split();
    let detector = Detector::default();
    for c in tuning.iter().chain(&held) {
        let v = detector.evaluate(&c.call, classify(&c.call, &AccountSettings::default()));
        if !v.flag {
            continue;
        }
        assert!(!v.reasons.is_empty(), "{}", c.call.call_id);
        let sentences = v.summary.matches(['.', '?', '!', '\u{201d}']).count();
        assert!(
            (1..=6).contains(&sentences),
            "{}: {}",
            c.call.call_id,
            v.summary
        );
        for r in &v.reasons {
            if let Some(at) = r.seconds {
                assert!(
                    c.call.transcript.iter().any(|s| s.start_s == at),
                    "{}: evidence time is a segment start",
                    c.call.call_id
                );
                assert!(r.quote.as_ref().is_some_and(|q| q.chars().count() <= 142));
            }
        }
    }
}

#[test]
fn scoring_is_deterministic() {
    let (_, held) = split();
    let s = AccountSettings::default();
    let a = score_all(&Detector::default(), &held, &s);
    let b = score_all(&Detector::default(), &held, &s);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.verdict, y.verdict);
    }
}
