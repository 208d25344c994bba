//! The detector: signals from a call, a score from the model, reasons with the customer's
//! words, and a summary.

use chrono::{Datelike, Duration, Timelike, Weekday};
use scl_domain::{AccountSettings, Call, CallType, Evidence};
use serde::{Deserialize, Serialize};

use crate::classify::{classify, eligible, is_due, ring_seconds, talk_seconds, EXCUSE_REASONS};
use crate::features::{FeatureId, Features, FEATURE_COUNT};
use crate::matcher::{normalize_into, PhraseSet, Scan, TranscriptMatcher};
use crate::model::{score_of, Model};
use crate::rules::{NOTE_GROUPS, REASON_GROUPS, TRANSCRIPT_RULES};
use crate::summary;

/// Facts about a call that are not on the call record itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallContext {
    /// The number called this account before (the caller is trying again).
    pub repeat_caller: bool,
    /// The account's offset from UTC, to tell business hours; unknown means "not after hours".
    pub utc_offset_minutes: Option<i32>,
}

/// What detection says about one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub call_type: CallType,
    /// 0-100: how likely a quick callback wins the job.
    pub score: u8,
    /// `score >= model.threshold`.
    pub flag: bool,
    /// Why, most important first (see [`Detector::evaluate`]).
    pub reasons: Vec<Evidence>,
    pub summary: String,
    pub features: Features,
}

/// The outcome of [`Detector::check`]: the whole pipeline for one call at one instant.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// After Call Work Time has not passed; ask again later.
    NotYet,
    /// Never scored: SCL off, outbound, booked or excused.
    Ineligible(CallType),
    Scored(Box<Verdict>),
}

/// Which verdicts come with reasons and a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Explain {
    Always,
    /// A call that is not flagged makes no lead, so nobody reads why; most calls of a bulk
    /// import are not flagged, and their reasons and summary were written for nothing.
    FlaggedOnly,
}

/// Signals below this contribution (in log-odds) are left out of the reasons list.
const MIN_REASON_CONTRIBUTION: f64 = 0.05;
/// Quotes are cut to about this many characters.
pub(crate) const QUOTE_CHARS: usize = 140;

/// Phrase matchers compiled once, plus one account's model. Cheap to share across threads;
/// build one per account (or swap models with [`Detector::set_model`]). A clone shares the
/// compiled matchers, so cloning to learn is far cheaper than building a new one.
#[derive(Clone)]
pub struct Detector {
    transcript: TranscriptMatcher,
    reasons: PhraseSet,
    notes: PhraseSet,
    model: Model,
    weights: [f64; FEATURE_COUNT],
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector")
            .field("model", &self.model)
            .finish()
    }
}

impl Default for Detector {
    fn default() -> Self {
        Self::new(Model::prior())
    }
}

impl Detector {
    pub fn new(model: Model) -> Self {
        let mut reasons: Vec<&[&str]> = REASON_GROUPS.iter().map(|(_, p)| *p).collect();
        reasons.push(&EXCUSE_REASONS);
        let notes: Vec<&[&str]> = NOTE_GROUPS.iter().map(|(_, p)| *p).collect();
        let mut d = Self {
            transcript: TranscriptMatcher::new(TRANSCRIPT_RULES),
            reasons: PhraseSet::new(&reasons),
            notes: PhraseSet::new(&notes),
            model: Model::prior(),
            weights: [0.0; FEATURE_COUNT],
        };
        d.set_model(model);
        d
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Swaps the model without recompiling the phrase matchers.
    pub fn set_model(&mut self, model: Model) {
        for &f in FeatureId::ALL {
            self.weights[f as usize] = model.weight(f);
        }
        self.model = model;
    }

    /// Learns from one label and keeps scoring in step with the updated model.
    pub fn learn(&mut self, features: &Features, label: bool) {
        let mut model = self.model.clone();
        model.learn(features, label);
        self.set_model(model);
    }

    /// Classify, wait out After Call Work Time, check eligibility, then score. Only a flagged
    /// call's verdict has reasons and a summary.
    pub fn check(
        &self,
        call: &Call,
        settings: &AccountSettings,
        now: chrono::DateTime<chrono::Utc>,
        ctx: &CallContext,
    ) -> Check {
        if !is_due(call, settings, now) {
            return Check::NotYet;
        }
        let call_type = classify(call, settings);
        if !eligible(call, call_type, settings) {
            return Check::Ineligible(call_type);
        }
        Check::Scored(Box::new(self.judge(
            call,
            call_type,
            ctx,
            Explain::FlaggedOnly,
        )))
    }

    /// Scores a call with no context beyond the record itself.
    pub fn evaluate(&self, call: &Call, call_type: CallType) -> Verdict {
        self.evaluate_in(call, call_type, &CallContext::default())
    }

    /// Scores a call. Reasons are ordered by contribution toward the verdict: for a flagged call
    /// the strongest positive signals first (then any counter-signals); for an unflagged one the
    /// strongest negative signals first.
    pub fn evaluate_in(&self, call: &Call, call_type: CallType, ctx: &CallContext) -> Verdict {
        self.judge(call, call_type, ctx, Explain::Always)
    }

    fn judge(
        &self,
        call: &Call,
        call_type: CallType,
        ctx: &CallContext,
        explain: Explain,
    ) -> Verdict {
        let mut buf = String::new();
        let mut features = Features::default();
        self.metadata_features(call, call_type, ctx, &mut features, &mut buf);
        let scan = (!call.transcript.is_empty()).then(|| {
            let scan = self.transcript.scan(&call.transcript, &mut buf);
            transcript_features(&scan, &mut features);
            scan
        });

        let mut contributions: Vec<(FeatureId, f64)> = Vec::with_capacity(8);
        let mut logit = self.model.bias;
        for (i, &x) in features.values().iter().enumerate() {
            if x != 0.0 {
                let c = self.weights[i] * x;
                logit += c;
                if c.abs() >= MIN_REASON_CONTRIBUTION {
                    contributions.push((FeatureId::ALL[i], c));
                }
            }
        }
        let score = score_of(logit);
        let flag = score >= self.model.threshold;
        if !flag && explain == Explain::FlaggedOnly {
            return Verdict {
                call_type,
                score,
                flag,
                reasons: Vec::new(),
                summary: String::new(),
                features,
            };
        }
        let sign = if flag { -1.0 } else { 1.0 };
        contributions.sort_by(|a, b| (sign * a.1).total_cmp(&(sign * b.1)));

        let mut reasons: Vec<Evidence> = Vec::with_capacity(contributions.len());
        for &(f, _) in &contributions {
            if let Some(e) = evidence(f, call, &features, scan.as_ref(), &mut buf) {
                if !reasons.iter().any(|r| r.text == e.text) {
                    reasons.push(e);
                }
            }
        }
        let summary = summary::write(
            call,
            call_type,
            flag,
            &contributions,
            scan.as_ref(),
            &mut buf,
        );
        Verdict {
            call_type,
            score,
            flag,
            reasons,
            summary,
            features,
        }
    }

    fn metadata_features(
        &self,
        call: &Call,
        call_type: CallType,
        ctx: &CallContext,
        f: &mut Features,
        buf: &mut String,
    ) {
        let type_feature = match call_type {
            CallType::Abandoned => Some(FeatureId::TypeAbandoned),
            CallType::NotALead => Some(FeatureId::TypeNotALead),
            CallType::Excused => Some(FeatureId::TypeExcused),
            CallType::Booked => Some(FeatureId::TypeBooked),
            CallType::Unbooked => None,
        };
        if let Some(t) = type_feature {
            f.set(t, 1.0);
        }
        match talk_seconds(call) {
            // Per five minutes of talk, capped: long calls are engaged callers, to a point.
            Some(talk) => f.set(FeatureId::TalkMinutes, talk.min(900.0) / 300.0),
            None => {
                let ring = ring_seconds(call);
                if ring >= 20.0 {
                    f.set(FeatureId::LongRing, 1.0);
                } else if ring < 8.0 {
                    f.set(FeatureId::QuickHangup, 1.0);
                }
            }
        }
        if call.answered_at.is_some() && call.transcript.is_empty() {
            f.set(FeatureId::NoTranscript, 1.0);
        }
        if let Some(reason) = call.reason.as_deref() {
            normalize_into(reason, buf);
            // The excuse list is the last group, so one pass reads both.
            self.reasons.each_match(buf, false, |g, _, _| {
                let id = REASON_GROUPS
                    .get(usize::from(g))
                    .map_or(FeatureId::ReasonExcuse, |r| r.0);
                f.set(id, 1.0);
            });
        }
        if let Some(notes) = call.csr_notes.as_deref() {
            normalize_into(notes, buf);
            self.notes.each_match(buf, false, |g, _, _| {
                f.set(NOTE_GROUPS[usize::from(g)].0, 1.0);
            });
        }
        if ctx.repeat_caller {
            f.set(FeatureId::RepeatCaller, 1.0);
        }
        if let Some(offset) = ctx.utc_offset_minutes {
            let local = call.started_at + Duration::minutes(i64::from(offset));
            let weekend = matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
            if weekend || local.hour() < 8 || local.hour() >= 18 {
                f.set(FeatureId::AfterHours, 1.0);
            }
        }
    }
}

fn transcript_features(scan: &Scan, f: &mut Features) {
    for &id in FeatureId::ALL {
        if scan.hit(id).is_some() {
            f.set(id, 1.0);
        }
    }
    // One "gracias" is politeness; two markers or more is a Spanish speaker.
    if scan.spanish_markers < 2 {
        f.set(FeatureId::SpanishSpeaker, 0.0);
    }
}

/// The evidence line for one signal: the quote and its time when the transcript shows it, the
/// agent's own words for reason and notes, plain text otherwise.
fn evidence(
    f: FeatureId,
    call: &Call,
    features: &Features,
    scan: Option<&Scan>,
    buf: &mut String,
) -> Option<Evidence> {
    use FeatureId as F;
    if let Some(hit) = scan.and_then(|s| s.hit(f)) {
        let seg = &call.transcript[hit.segment];
        normalize_into(&seg.text, buf);
        return Some(Evidence {
            text: f.text().to_string(),
            quote: Some(summary::quote(&seg.text, buf, hit.start, QUOTE_CHARS)),
            seconds: Some(seg.start_s),
        });
    }
    let text = match f {
        F::NoTranscript => return None,
        F::TalkMinutes => format!("Talked for {} min", (features.get(f) * 5.0).round() as u32),
        F::LongRing | F::QuickHangup => {
            format!("Hung up after {:.0} s of ringing", ring_seconds(call))
        }
        F::ReasonPrice
        | F::ReasonCallBack
        | F::ReasonDecisionMaker
        | F::ReasonAvailability
        | F::ReasonShopping
        | F::ReasonOutOfArea
        | F::ReasonBookedElsewhere
        | F::ReasonHungUp
        | F::ReasonExcuse => format!("Agent's reason: {}", call.reason.as_deref()?.trim()),
        F::NotesInterest | F::NotesUrgent | F::NotesNotALead | F::NotesRenter => {
            let notes = call.csr_notes.as_deref()?;
            format!("CSR notes: {}", summary::clip(notes, QUOTE_CHARS))
        }
        other => other.text().to_string(),
    };
    Some(Evidence::plain(text))
}
