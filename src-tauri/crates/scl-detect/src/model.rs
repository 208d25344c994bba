//! The scoring model: a logistic regression over [`Features`], with hand-set prior weights and
//! online learning from the statuses agents set.

use std::collections::BTreeMap;

use scl_domain::LeadStatus;
use serde::{Deserialize, Serialize};

use crate::features::{FeatureId, Features};

/// Weights per signal name, a bias, and the score at or above which a call is flagged. Stored
/// as JSON, one per account. Missing weights fall back to the prior, so a model saved before a
/// signal existed still scores it sensibly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub weights: BTreeMap<String, f64>,
    pub bias: f64,
    /// 0-100; a call scoring at or above this is flagged.
    pub threshold: u8,
    /// How many labels this model has learned from.
    pub updates: u32,
    /// What this account's labels taught the learned reading of words, per table slot, on top
    /// of the shipped table (only slots that moved are kept).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub words: BTreeMap<u32, f64>,
}

/// The weight an account starts from: the shipped (trained) model's, else the hand-set one.
pub fn prior_weight(f: FeatureId) -> f64 {
    crate::shipped::shipped()
        .model
        .weights
        .get(f.name())
        .copied()
        .unwrap_or_else(|| hand_set_weight(f))
}

/// The hand-set weight of each signal, in log-odds: what a home-services dispatcher would say
/// each signal is worth before any labeled call. Training starts here and is pulled back here.
pub fn hand_set_weight(f: FeatureId) -> f64 {
    use FeatureId as F;
    match f {
        F::TypeAbandoned => 0.0,
        F::TypeNotALead => -5.0,
        F::TypeExcused => -1.0,
        F::TypeBooked => -8.0,
        F::TalkMinutes => 0.3,
        F::LongRing => 2.8,
        F::QuickHangup => -2.0,
        F::NoTranscript => 0.0,
        F::ReasonPrice => 1.6,
        F::ReasonCallBack => 1.4,
        F::ReasonDecisionMaker => 1.3,
        F::ReasonAvailability => 1.5,
        F::ReasonShopping => 1.4,
        F::ReasonOutOfArea => -3.5,
        F::ReasonBookedElsewhere => -3.5,
        F::ReasonHungUp => 0.3,
        F::ReasonExcuse => -4.0,
        F::NotesInterest => 1.0,
        F::NotesUrgent => 1.2,
        F::NotesNotALead => -3.0,
        F::NotesRenter => -1.5,
        F::RepeatCaller => 0.8,
        F::AfterHours => 0.3,
        F::AskedPrice => 1.8,
        F::PriceObjection => 1.0,
        F::WillCallBack => 1.8,
        F::CheckWithOther => 1.8,
        F::UrgentProblem => 2.0,
        F::ServiceNeed => 1.0,
        F::AvailabilityObjection => 1.4,
        F::ShoppingAround => 1.4,
        F::SpanishSpeaker => 1.5,
        F::RenterMention => -0.3,
        F::WrongNumber => -5.0,
        F::RenterCannotAuthorize => -4.0,
        F::ExistingJob => -2.0,
        F::VendorPitch => -5.0,
        F::Robocall => -6.0,
        F::JobApplicant => -5.0,
        F::CancelRequest => -3.5,
        F::OutOfArea => -4.5,
        F::BookedElsewhere => -5.0,
        F::ReasonExistingCustomer => -2.0,
        F::ReasonNotACustomer => -3.0,
        F::RingMinutes => 0.8,
        F::AttemptsToday => 1.0,
        F::KnownCustomer => 0.3,
        F::NewCaller => 0.2,
        F::CutOff => 1.5,
        F::EndedOnAgentQuestion => 1.2,
        F::Financing => 1.5,
        F::AfterHoursFee => 1.5,
        F::WantsVisit => 1.2,
        F::NewWorkWhileCalling => 2.0,
        F::Declined => -2.0,
        F::AsksForCallback => 1.5,
        F::ExcuseContradicted => 2.0,
        F::ShortCallWithNeed => 1.5,
        F::EndedMidSentence => 1.0,
        F::ExcuseWithProblem => 1.0,
        F::HungUpMidCall => 0.8,
        F::LearnedWords => 1.0,
    }
}

/// The hand-set bias: an unbooked call with no signal at all is probably not worth a callback.
pub const PRIOR_BIAS: f64 = -2.0;
/// The hand-set threshold.
pub const PRIOR_THRESHOLD: u8 = 50;

/// The label an agent's status gives a flagged call: `Reviewed - not a lead` says we were wrong;
/// any `Lead - ...` or a booked job says it was a real lead. `New` says nothing yet.
pub fn label_of(status: LeadStatus) -> Option<bool> {
    match status {
        LeadStatus::New => None,
        LeadStatus::NotALead => Some(false),
        LeadStatus::CallBackAttempted
        | LeadStatus::NotAbleToSave
        | LeadStatus::NotFollowingUp
        | LeadStatus::JobBookedByScl
        | LeadStatus::JobBookedElsewhere => Some(true),
    }
}

impl Model {
    /// Step size of one online update.
    pub const LEARNING_RATE: f64 = 0.25;
    /// L2 pull toward the prior per update, so a handful of labels nudges rather than rewrites.
    pub const PRIOR_PULL: f64 = 0.02;
    /// No weight or bias leaves [-MAX_WEIGHT, MAX_WEIGHT].
    pub const MAX_WEIGHT: f64 = 8.0;

    /// What every account starts from: the shipped model, trained on labeled calls.
    pub fn prior() -> Self {
        let shipped = &crate::shipped::shipped().model;
        Self {
            weights: FeatureId::ALL
                .iter()
                .map(|&f| (f.name().to_string(), prior_weight(f)))
                .collect(),
            bias: shipped.bias,
            threshold: shipped.threshold,
            updates: 0,
            words: BTreeMap::new(),
        }
    }

    /// The hand-set model, before any training: where training starts.
    pub fn hand_set() -> Self {
        Self {
            weights: FeatureId::ALL
                .iter()
                .map(|&f| (f.name().to_string(), hand_set_weight(f)))
                .collect(),
            bias: PRIOR_BIAS,
            threshold: PRIOR_THRESHOLD,
            updates: 0,
            words: BTreeMap::new(),
        }
    }

    pub fn weight(&self, f: FeatureId) -> f64 {
        self.weights
            .get(f.name())
            .copied()
            .unwrap_or_else(|| prior_weight(f))
    }

    /// Log-odds that the call is a lead.
    pub fn logit(&self, features: &Features) -> f64 {
        self.bias
            + features
                .iter()
                .map(|(f, x)| self.weight(f) * x)
                .sum::<f64>()
    }

    /// 0-100.
    pub fn score(&self, features: &Features) -> u8 {
        score_of(self.logit(features))
    }

    /// One online logistic-regression step toward `label` (true = a real lead), with an L2 pull
    /// of every weight toward its prior and bounded weights.
    pub fn learn(&mut self, features: &Features, label: bool) {
        let p = sigmoid(self.logit(features));
        let error = p - if label { 1.0 } else { 0.0 };
        let lr = Self::LEARNING_RATE;
        for &f in FeatureId::ALL {
            let w = self.weight(f);
            let grad = error * features.get(f) + Self::PRIOR_PULL * (w - prior_weight(f));
            let next = stored((w - lr * grad).clamp(-Self::MAX_WEIGHT, Self::MAX_WEIGHT));
            self.weights.insert(f.name().to_string(), next);
        }
        let grad = error + Self::PRIOR_PULL * (self.bias - crate::shipped::shipped().model.bias);
        self.bias = stored((self.bias - lr * grad).clamp(-Self::MAX_WEIGHT, Self::MAX_WEIGHT));
        self.updates = self.updates.saturating_add(1);
    }

    /// Step size of one online update of a word weight. Larger than [`Self::LEARNING_RATE`]:
    /// each word carries only `1/sqrt(words in the call)` of a call's value.
    pub const WORDS_LEARNING_RATE: f64 = 2.0;
    /// At most this many word weights are kept per account (the ones that moved most).
    pub const MAX_WORDS: usize = 50_000;

    /// One online step from a label that also teaches the learned reading of words: the signal
    /// weights as [`Self::learn`], and each word of the call by its share of the error. `logit`
    /// is the call's full log-odds as scored (words included).
    pub fn learn_with_words(
        &mut self,
        features: &Features,
        terms: &crate::text_model::Terms,
        label: bool,
    ) {
        let p = sigmoid(self.logit(features));
        let error = p - if label { 1.0 } else { 0.0 };
        let scale = self.weight(FeatureId::LearnedWords) * terms.value();
        for t in &terms.terms {
            let w = self.words.get(&t.slot).copied().unwrap_or(0.0);
            let grad = error * scale + Self::PRIOR_PULL * w;
            let next = stored(
                (w - Self::WORDS_LEARNING_RATE * grad).clamp(-Self::MAX_WEIGHT, Self::MAX_WEIGHT),
            );
            if next == 0.0 {
                self.words.remove(&t.slot);
            } else {
                self.words.insert(t.slot, next);
            }
        }
        if self.words.len() > Self::MAX_WORDS {
            let mut by_size: Vec<(u32, f64)> = self.words.iter().map(|(&k, &v)| (k, v)).collect();
            by_size.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            self.words = by_size.into_iter().take(Self::MAX_WORDS).collect();
        }
        self.learn(features, label);
    }

    /// Learns from an agent's status; returns whether the status carried a label.
    pub fn learn_status(&mut self, features: &Features, status: LeadStatus) -> bool {
        match label_of(status) {
            Some(label) => {
                self.learn(features, label);
                true
            }
            None => false,
        }
    }
}

impl Default for Model {
    fn default() -> Self {
        Self::prior()
    }
}

/// Rounds to nine decimals: far below anything that moves a score, and short enough that JSON
/// gives back exactly the same number, so a stored model scores exactly as it did in memory.
fn stored(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

pub(crate) fn score_of(logit: f64) -> u8 {
    (100.0 * sigmoid(logit)).round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price_and_renter() -> Features {
        let mut f = Features::default();
        f.set(FeatureId::AskedPrice, 1.0);
        f.set(FeatureId::RenterMention, 1.0);
        f
    }

    #[test]
    fn serde_round_trip() {
        let mut m = Model::prior();
        m.learn(&price_and_renter(), false);
        let json = serde_json::to_string(&m).unwrap();
        let back: Model = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(
            json.contains("\"asked_price\""),
            "weights are keyed by name"
        );
    }

    #[test]
    fn missing_weights_fall_back_to_the_prior() {
        let m: Model =
            serde_json::from_str(r#"{"weights":{},"bias":-2.0,"threshold":50,"updates":0}"#)
                .unwrap();
        assert_eq!(
            m.weight(FeatureId::WrongNumber),
            prior_weight(FeatureId::WrongNumber)
        );
    }

    #[test]
    fn negative_labels_lower_and_positive_labels_raise() {
        let f = price_and_renter();
        let before = Model::prior().score(&f);
        let mut down = Model::prior();
        for _ in 0..8 {
            down.learn(&f, false);
        }
        assert!(down.score(&f) < before, "{} < {before}", down.score(&f));
        assert!(
            down.weight(FeatureId::RenterMention) < prior_weight(FeatureId::RenterMention),
            "the renter signal takes the blame"
        );
        let mut up = Model::prior();
        for _ in 0..8 {
            up.learn(&f, true);
        }
        assert!(up.score(&f) > before);
        assert_eq!(up.updates, 8);
    }

    #[test]
    fn weights_stay_bounded_and_untouched_signals_stay_near_the_prior() {
        let f = price_and_renter();
        let mut m = Model::prior();
        for _ in 0..5_000 {
            m.learn(&f, false);
        }
        for &id in FeatureId::ALL {
            assert!(m.weight(id).abs() <= Model::MAX_WEIGHT, "{id}");
        }
        assert_eq!(
            m.weight(FeatureId::WrongNumber),
            prior_weight(FeatureId::WrongNumber)
        );
    }

    #[test]
    fn statuses_map_to_labels() {
        assert_eq!(label_of(LeadStatus::NotALead), Some(false));
        assert_eq!(label_of(LeadStatus::JobBookedByScl), Some(true));
        assert_eq!(label_of(LeadStatus::CallBackAttempted), Some(true));
        assert_eq!(label_of(LeadStatus::New), None);
        let mut m = Model::prior();
        assert!(!m.learn_status(&price_and_renter(), LeadStatus::New));
        assert_eq!(m.updates, 0);
    }
}
