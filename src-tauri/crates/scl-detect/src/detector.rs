//! The detector: signals from a call, a score from the model, reasons with the customer's
//! words, and a summary.

use chrono::{Datelike, Duration, NaiveDateTime, Timelike, Weekday};
use scl_domain::{AccountSettings, Call, CallType, Evidence};
use serde::{Deserialize, Serialize};

use crate::classify::{classify, eligible, is_due, ring_seconds, talk_seconds, EXCUSE_REASONS};
use crate::context::CallContext;
use crate::features::{FeatureId, Features, FEATURE_COUNT};
use crate::matcher::{normalize_into, PhraseSet, Scan, TranscriptMatcher};
use crate::model::{score_of, Model};
use crate::rules::{
    AGENT_BOOKING_PHRASES, AGENT_CLOSING_PHRASES, NOTE_GROUPS, REASON_GROUPS, TRANSCRIPT_RULES,
};
use crate::summary;
use crate::text_model::{shipped_table, Terms};

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
    /// The agent's last words: booking (index 0) or closing (index 1).
    last_words: PhraseSet,
    model: Model,
    weights: [f64; FEATURE_COUNT],
}

/// Excuse reasons that say the caller is a customer with something already under way; the rest
/// say the caller is no customer at all.
const EXISTING_CUSTOMER_EXCUSES: [&str; 5] =
    ["existing", "warranty", "invoice", "billing", "internal"];

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
            last_words: PhraseSet::new(&[AGENT_BOOKING_PHRASES, AGENT_CLOSING_PHRASES]),
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

    /// Learns from one label on a call: the signals, and the words of its transcript.
    pub fn learn_call(&mut self, call: &Call, features: &Features, label: bool) {
        let mut model = self.model.clone();
        model.learn_with_words(features, &Terms::of(&call.transcript), label);
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
        let words = (!call.transcript.is_empty()).then(|| {
            let terms = Terms::of(&call.transcript);
            features.set(FeatureId::LearnedWords, self.words_logit(&terms));
            if self.ended_on_agent_question(call, &mut buf) {
                features.set(FeatureId::EndedOnAgentQuestion, 1.0);
            }
            if ended_mid_sentence(call) {
                features.set(FeatureId::EndedMidSentence, 1.0);
            }
            terms
        });
        combined_features(&mut features);

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

        let mut reasons: Vec<Evidence> = Vec::with_capacity(contributions.len() + 1);
        if flag {
            if let Some(e) =
                self.disagreement(call, &features, &contributions, scan.as_ref(), &mut buf)
            {
                reasons.push(e);
            }
        }
        for &(f, c) in &contributions {
            let found = if f == FeatureId::LearnedWords {
                words
                    .as_ref()
                    .and_then(|t| self.words_evidence(call, t, c > 0.0))
            } else {
                evidence(f, call, &features, scan.as_ref(), &mut buf)
            };
            if let Some(mut e) = found {
                e.against = c < 0.0;
                if !reasons
                    .iter()
                    .any(|r| r.text == e.text && r.quote == e.quote)
                {
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
                // Per minute on the line (ringing or on hold), up to three.
                f.set(FeatureId::RingMinutes, ring.min(180.0) / 60.0);
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
                let id = REASON_GROUPS.get(usize::from(g)).map_or_else(
                    || {
                        if EXISTING_CUSTOMER_EXCUSES.iter().any(|e| buf.contains(e)) {
                            FeatureId::ReasonExistingCustomer
                        } else {
                            FeatureId::ReasonNotACustomer
                        }
                    },
                    |r| r.0,
                );
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
        if ctx.earlier_calls_today > 0 {
            f.set(
                FeatureId::AttemptsToday,
                f64::from(ctx.earlier_calls_today.min(3)),
            );
        }
        match ctx.known_customer {
            Some(true) => f.set(FeatureId::KnownCustomer, 1.0),
            Some(false) if !ctx.repeat_caller => f.set(FeatureId::NewCaller, 1.0),
            _ => {}
        }
        let local: Option<NaiveDateTime> = match (ctx.zone, ctx.utc_offset_minutes) {
            (Some(zone), _) => Some(call.started_at.with_timezone(&zone).naive_local()),
            (None, Some(offset)) => {
                Some((call.started_at + Duration::minutes(i64::from(offset))).naive_utc())
            }
            (None, None) => None,
        };
        if let Some(local) = local {
            let weekend = matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
            if weekend || local.hour() < 8 || local.hour() >= 18 {
                f.set(FeatureId::AfterHours, 1.0);
            }
        }
    }

    /// The learned reading's log-odds: the shipped table plus what this account taught it.
    fn words_logit(&self, terms: &Terms) -> f64 {
        let table = shipped_table();
        let words = &self.model.words;
        let sum: f64 = terms
            .terms
            .iter()
            .map(|t| {
                let own = if words.is_empty() {
                    0.0
                } else {
                    words.get(&t.slot).copied().unwrap_or(0.0)
                };
                f64::from(table[t.slot as usize]) + own
            })
            .sum();
        sum * terms.value()
    }

    /// The customer segment whose words weighed most toward (or against) a lead, quoted.
    fn words_evidence(&self, call: &Call, terms: &Terms, toward: bool) -> Option<Evidence> {
        let table = shipped_table();
        let mut by_segment = vec![0.0f64; call.transcript.len()];
        for t in &terms.terms {
            let own = self.model.words.get(&t.slot).copied().unwrap_or(0.0);
            by_segment[t.segment as usize] += f64::from(table[t.slot as usize]) + own;
        }
        let sign = if toward { 1.0 } else { -1.0 };
        let (i, _) = by_segment
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                call.transcript[*i].speaker == scl_domain::Speaker::Customer && sign * **w > 0.0
            })
            .max_by(|a, b| (sign * a.1).total_cmp(&(sign * b.1)))?;
        let seg = &call.transcript[i];
        Some(Evidence {
            text: if toward {
                FeatureId::LearnedWords.text().to_string()
            } else {
                "The customer's words read as no lead".to_string()
            },
            quote: Some(summary::clip(seg.text.trim(), QUOTE_CHARS)),
            seconds: Some(seg.start_s),
            against: false,
        })
    }

    /// Whether the call ended on the agent's words, mid-booking: the last segment is the
    /// agent's, asks a booking question (or checks the line), and says no goodbye.
    fn ended_on_agent_question(&self, call: &Call, buf: &mut String) -> bool {
        let Some(last) = call.transcript.last() else {
            return false;
        };
        if last.speaker != scl_domain::Speaker::Agent {
            return false;
        }
        normalize_into(&last.text, buf);
        let (mut booking, mut closing) = (false, false);
        self.last_words.each_match(buf, true, |g, _, _| {
            if g == 0 {
                booking = true;
            } else {
                closing = true;
            }
        });
        (booking || last.text.trim_end().ends_with('?')) && !closing
    }

    /// For a flagged call the agent excused: the agent's reason set against the customer's
    /// strongest words, so the disagreement is read first.
    fn disagreement(
        &self,
        call: &Call,
        features: &Features,
        contributions: &[(FeatureId, f64)],
        scan: Option<&Scan>,
        buf: &mut String,
    ) -> Option<Evidence> {
        let excused = features.get(FeatureId::ReasonExistingCustomer) != 0.0
            || features.get(FeatureId::ReasonNotACustomer) != 0.0;
        if !excused {
            return None;
        }
        let reason = call.reason.as_deref()?.trim();
        let (top, _) = contributions
            .iter()
            .filter(|(f, c)| *c > 0.0 && scan.is_some_and(|s| s.hit(*f).is_some()))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        let said = evidence(*top, call, features, scan, buf)?;
        Some(Evidence {
            text: format!(
                "Agent's reason: {reason}; but the customer: {}",
                top.text().to_lowercase()
            ),
            ..said
        })
    }
}

/// Signals that only mean something together, which a weighted sum of each alone cannot say:
/// an excuse the customer's own words contradict, a call too short to count that still named
/// work we do or that the agent says ended with a hang-up (it was cut off, not idle).
fn combined_features(f: &mut Features) {
    use FeatureId as F;
    let any = |f: &Features, ids: &[FeatureId]| ids.iter().any(|&id| f.get(id) != 0.0);
    let excused = any(
        f,
        &[
            F::TypeExcused,
            F::ReasonExistingCustomer,
            F::ReasonNotACustomer,
            F::ReasonOutOfArea,
        ],
    );
    let asked_for_work = any(
        f,
        &[
            F::AskedPrice,
            F::NewWorkWhileCalling,
            F::WantsVisit,
            F::AsksForCallback,
            F::Financing,
        ],
    );
    if excused && asked_for_work {
        f.set(F::ExcuseContradicted, 1.0);
    }
    // "Is this still under warranty? It's leaking": a problem, whoever pays for it.
    if excused && any(f, &[F::UrgentProblem, F::ServiceNeed]) {
        f.set(F::ExcuseWithProblem, 1.0);
    }
    // The agent says the caller hung up, on a call too short to have been finished.
    if f.get(F::TypeNotALead) != 0.0 && f.get(F::ReasonHungUp) != 0.0 {
        f.set(F::HungUpMidCall, 1.0);
    }
    let need = any(
        f,
        &[
            F::ServiceNeed,
            F::UrgentProblem,
            F::WantsVisit,
            F::AskedPrice,
            F::AfterHoursFee,
        ],
    );
    if f.get(F::TypeNotALead) != 0.0 && need {
        f.set(F::ShortCallWithNeed, 1.0);
    }
}

/// The customer's last words trail off ("Eleven...", "Thurs\u{2014}"): the line dropped or
/// they were pulled away while speaking.
fn ended_mid_sentence(call: &Call) -> bool {
    call.transcript.last().is_some_and(|last| {
        let text = last.text.trim_end();
        last.speaker == scl_domain::Speaker::Customer
            && (text.ends_with("...") || text.ends_with(['\u{2026}', '\u{2014}', '\u{2013}', '-']))
    })
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
            against: false,
        });
    }
    let text = match f {
        F::NoTranscript => return None,
        F::TalkMinutes => format!("Talked for {} min", (features.get(f) * 5.0).round() as u32),
        F::AttemptsToday => format!(
            "Called {} more times in the 24 hours before",
            features.get(f) as u32
        ),
        F::RingMinutes => format!("On the line {:.0} s before hanging up", ring_seconds(call)),
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
        | F::ReasonExcuse
        | F::ReasonExistingCustomer
        | F::ReasonNotACustomer => format!("Agent's reason: {}", call.reason.as_deref()?.trim()),
        F::NotesInterest | F::NotesUrgent | F::NotesNotALead | F::NotesRenter => {
            let notes = call.csr_notes.as_deref()?;
            format!("CSR notes: {}", summary::clip(notes, QUOTE_CHARS))
        }
        other => other.text().to_string(),
    };
    Some(Evidence::plain(text))
}
