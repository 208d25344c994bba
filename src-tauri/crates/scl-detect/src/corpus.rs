//! Labeled calls and the measures of how well detection does on them: the JSONL shape of the
//! app's call import plus a `label`, the deterministic tuning / held-out split, and precision,
//! recall and F1. Parses text it is given; reading files is the caller's business.

use chrono::{DateTime, Utc};
use scl_domain::{AccountSettings, Call, CallType, Direction, Speaker, TranscriptSegment};
use serde::Deserialize;

use crate::classify::{classify, eligible};
use crate::context::CallContext;
use crate::detector::{Detector, Verdict};

/// One call of a labeled corpus: the call, whether it is a real Second Chance Lead, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledCall {
    pub call: Call,
    pub label: bool,
    pub note: String,
    /// The author's tag for what the call is mostly about (`cut_off`, `metadata_only`, ...).
    pub situation: Option<String>,
    /// How it is written (`asr`, `long`, `spanish`, ...).
    pub styles: Vec<String>,
    /// What the app would know beside the record: earlier calls from the number, past jobs.
    /// Filled by [`parse_labeled`] from the corpus's own earlier calls and job lines.
    pub context: CallContext,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("line {line}: {source}")]
    Json {
        line: usize,
        source: serde_json::Error,
    },
    #[error("line {line}: expected kind \"call\", found {kind:?}")]
    Kind { line: usize, kind: String },
}

#[derive(Deserialize)]
struct Line {
    kind: String,
    call_id: String,
    account: i64,
    direction: Direction,
    from: String,
    to: String,
    started_at: DateTime<Utc>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: DateTime<Utc>,
    agent: Option<i64>,
    booked: bool,
    reason: Option<String>,
    csr_notes: Option<String>,
    recording: Option<String>,
    #[serde(default)]
    transcript: Vec<Segment>,
    label: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    situation: Option<String>,
    #[serde(default)]
    styles: Vec<String>,
}

/// Only what the corpus needs of a job line: who, and when it was booked.
#[derive(Deserialize)]
struct JobLine {
    account: i64,
    phone: Option<String>,
    booked_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct KindOnly {
    #[serde(default)]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Segment {
    start: f64,
    end: f64,
    speaker: Speaker,
    text: String,
}

/// Parses a labeled JSONL corpus; blank lines are skipped. Call types are classified with
/// default settings so `Call::call_type` is filled in. Job lines (`"kind": "job"`) say which
/// numbers are known customers; each call's context counts the corpus's earlier calls from its
/// number to its account, as the app counts the stored ones.
pub fn parse_labeled(jsonl: &str) -> Result<Vec<LabeledCall>, CorpusError> {
    let settings = AccountSettings::default();
    let mut out = Vec::new();
    let mut jobs: Vec<JobLine> = Vec::new();
    for (i, text) in jsonl.lines().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let json = |source| CorpusError::Json {
            line: i + 1,
            source,
        };
        let kind: KindOnly = serde_json::from_str(text).map_err(json)?;
        if kind.kind.as_deref() == Some("job") {
            jobs.push(serde_json::from_str(text).map_err(json)?);
            continue;
        }
        let line: Line = serde_json::from_str(text).map_err(json)?;
        if line.kind != "call" {
            return Err(CorpusError::Kind {
                line: i + 1,
                kind: line.kind,
            });
        }
        let mut call = Call {
            id: out.len() as i64 + 1,
            call_id: line.call_id,
            account_id: line.account,
            direction: line.direction,
            from_number: line.from,
            to_number: line.to,
            started_at: line.started_at,
            answered_at: line.answered_at,
            ended_at: line.ended_at,
            agent_id: line.agent,
            call_type: CallType::Unbooked,
            reason: line.reason,
            csr_notes: line.csr_notes,
            booked: line.booked,
            recording: line.recording,
            customer_id: None,
            location_id: None,
            transcript: line
                .transcript
                .into_iter()
                .map(|s| TranscriptSegment {
                    start_s: s.start,
                    end_s: s.end,
                    speaker: s.speaker,
                    text: s.text,
                })
                .collect(),
        };
        call.call_type = classify(&call, &settings);
        out.push(LabeledCall {
            call,
            label: line.label,
            note: line.note,
            situation: line.situation,
            styles: line.styles,
            context: CallContext::default(),
        });
    }
    fill_contexts(&mut out, &jobs);
    Ok(out)
}

/// Sets each call's context from the other calls and the jobs, as the app does from its store
/// ([`CallContext::from_history`]). An account without any job line has no job history.
fn fill_contexts(calls: &mut [LabeledCall], jobs: &[JobLine]) {
    // The last ten digits: "+1 303-555-0100" and "303.555.0100" are one number (NANP).
    let digits = |s: &str| -> String {
        let all: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
        all[all.len().saturating_sub(10)..].iter().collect()
    };
    let accounts_with_jobs: std::collections::HashSet<i64> =
        jobs.iter().map(|j| j.account).collect();
    let keys: Vec<(i64, String, DateTime<Utc>)> = calls
        .iter()
        .map(|c| {
            (
                c.call.account_id,
                digits(&c.call.from_number),
                c.call.started_at,
            )
        })
        .collect();
    for (c, (account, from, at)) in calls.iter_mut().zip(&keys) {
        let others = keys
            .iter()
            .filter(|k| k.0 == *account && k.1 == *from)
            .map(|k| k.2);
        let first_job = jobs
            .iter()
            .filter(|j| {
                j.account == *account && j.phone.as_deref().is_some_and(|p| digits(p) == *from)
            })
            .map(|j| j.booked_at)
            .min();
        c.context =
            CallContext::from_history(*at, others, first_job, accounts_with_jobs.contains(account));
    }
}

/// FNV-1a: stable across platforms and Rust versions, unlike `DefaultHasher`.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether a call belongs to the held-out 40% (by a hash of its call id); the other 60% is for
/// tuning. Nothing may be tuned on held-out calls.
pub fn is_held_out(call_id: &str) -> bool {
    fnv1a(call_id) % 10 >= 6
}

/// Counts of a binary decision against labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
    pub tn: u32,
}

impl Confusion {
    /// From (flagged, label) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (bool, bool)>) -> Self {
        let mut c = Self::default();
        for (flag, label) in pairs {
            match (flag, label) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        c
    }

    /// Of the flagged calls, the share that are real leads (1 when nothing was flagged).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp, 1.0)
    }

    /// Of the real leads, the share flagged (1 when there were none).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_, 1.0)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(num: u32, den: u32, empty: f64) -> f64 {
    if den == 0 {
        empty
    } else {
        f64::from(num) / f64::from(den)
    }
}

/// Precision and recall at each threshold, from (score, eligible, label) triples; an ineligible
/// call is never flagged whatever its score.
pub fn pr_table(scored: &[(u8, bool, bool)], thresholds: &[u8]) -> Vec<(u8, Confusion)> {
    thresholds
        .iter()
        .map(|&t| {
            let c = Confusion::from_pairs(scored.iter().map(|&(s, e, l)| (e && s >= t, l)));
            (t, c)
        })
        .collect()
}

/// A labeled call run through detection the way the app runs it.
#[derive(Debug, Clone)]
pub struct Scored {
    pub eligible: bool,
    pub verdict: Verdict,
    pub label: bool,
}

impl Scored {
    /// Flagged as a lead: eligible and at or above the model's threshold.
    pub fn flagged(&self) -> bool {
        self.eligible && self.verdict.flag
    }
}

/// Classifies, checks eligibility and scores each call with `settings`.
pub fn score_all(
    detector: &Detector,
    calls: &[LabeledCall],
    settings: &AccountSettings,
) -> Vec<Scored> {
    calls
        .iter()
        .map(|c| {
            let call_type = classify(&c.call, settings);
            Scored {
                eligible: eligible(&c.call, call_type, settings),
                verdict: detector.evaluate_in(&c.call, call_type, &c.context),
                label: c.label,
            }
        })
        .collect()
}

/// Precision and recall of flagging over scored calls.
pub fn confusion(scored: &[Scored]) -> Confusion {
    Confusion::from_pairs(scored.iter().map(|s| (s.flagged(), s.label)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"kind":"call","call_id":"C1","account":1,"direction":"inbound","from":"+13035550100","to":"+13035550199","started_at":"2026-11-02T15:00:00Z","answered_at":"2026-11-02T15:00:10Z","ended_at":"2026-11-02T15:03:10Z","agent":7,"booked":false,"reason":"Price too high","csr_notes":null,"recording":null,"transcript":[{"start":0.0,"end":2.0,"speaker":"customer","text":"How much?"}],"label":true,"note":"asked a price"}"#;

    #[test]
    fn parses_the_import_shape_with_a_label() {
        let calls = parse_labeled(&format!("{LINE}\n\n")).unwrap();
        assert_eq!(calls.len(), 1);
        let c = &calls[0];
        assert!(c.label);
        assert_eq!(c.call.call_type, CallType::Unbooked);
        assert_eq!(c.call.transcript[0].speaker, Speaker::Customer);
        let err = parse_labeled(&LINE.replace("\"call\"", "\"customer\"")).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn contexts_count_earlier_calls_and_know_customers_by_their_jobs() {
        let at = |id: &str, t: &str| {
            LINE.replace("\"C1\"", &format!("\"{id}\""))
                .replace("2026-11-02T15:00:00Z", t)
                .replace("2026-11-02T15:00:10Z", t)
                .replace("2026-11-02T15:03:10Z", t)
        };
        let job = r#"{"kind":"job","job_id":"J1","account":1,"phone":"303-555-0100","booked_at":"2026-10-01T12:00:00Z"}"#;
        let text = [
            job.to_string(),
            at("A", "2026-10-20T10:00:00Z"),
            at("B", "2026-11-02T09:00:00Z"),
            at("C", "2026-11-02T15:00:00Z"),
            at("D", "2026-09-01T15:00:00Z"),
        ]
        .join("\n");
        let calls = parse_labeled(&text).unwrap();
        let ctx = |id: &str| calls.iter().find(|c| c.call.call_id == id).unwrap().context;
        assert_eq!(ctx("C").earlier_calls_today, 1, "B was 6 hours before");
        assert!(ctx("C").repeat_caller);
        assert_eq!(ctx("A").earlier_calls_today, 0);
        assert!(!ctx("A").repeat_caller, "D was 49 days before");
        assert_eq!(ctx("A").known_customer, Some(true), "job booked 2026-10-01");
        assert_eq!(ctx("D").known_customer, Some(false), "before the job");
        let no_jobs = parse_labeled(&at("A", "2026-10-20T10:00:00Z")).unwrap();
        assert_eq!(
            no_jobs[0].context.known_customer, None,
            "no job history to tell"
        );
    }

    #[test]
    fn split_is_deterministic_and_near_sixty_forty() {
        let ids: Vec<String> = (0..2000).map(|i| format!("CA{i:08}")).collect();
        let held = ids.iter().filter(|id| is_held_out(id)).count();
        assert!((700..900).contains(&held), "{held} of 2000 held out");
        assert_eq!(is_held_out("CA00000001"), is_held_out("CA00000001"));
    }

    #[test]
    fn precision_recall_f1() {
        let c = Confusion::from_pairs([(true, true), (true, false), (false, true), (false, false)]);
        assert_eq!((c.precision(), c.recall(), c.f1()), (0.5, 0.5, 0.5));
        let table = pr_table(
            &[(80, true, true), (60, false, true), (40, true, false)],
            &[30, 70],
        );
        assert_eq!(
            table[0].1,
            Confusion {
                tp: 1,
                fp: 1,
                fn_: 1,
                tn: 0
            },
            "ineligible never flags"
        );
        assert_eq!(table[1].1.precision(), 1.0);
    }
}
