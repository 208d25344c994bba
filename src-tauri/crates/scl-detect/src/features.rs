//! The named signals a verdict is computed from. Names are stable: they key the weights of a
//! stored [`crate::Model`], so renaming one silently resets what an account has learned.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! features {
    ($($id:ident = $name:literal, $text:literal;)*) => {
        /// One signal. The discriminant indexes [`Features`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FeatureId { $($id),* }

        impl FeatureId {
            pub const ALL: &'static [FeatureId] = &[$(FeatureId::$id),*];

            /// The stable key of this signal's weight.
            pub fn name(self) -> &'static str {
                match self { $(FeatureId::$id => $name),* }
            }

            /// What an agent reads in the reasons list when this signal fired.
            pub fn text(self) -> &'static str {
                match self { $(FeatureId::$id => $text),* }
            }
        }
    };
}

features! {
    // Call metadata.
    TypeAbandoned = "type_abandoned", "Hung up before an agent answered";
    TypeNotALead = "type_not_a_lead", "Answered call shorter than the minimum";
    TypeExcused = "type_excused", "Excused by the agent's reason";
    TypeBooked = "type_booked", "Already booked";
    TalkMinutes = "talk_minutes", "Long conversation";
    LongRing = "abandoned_after_long_ring", "Waited on the line before hanging up";
    QuickHangup = "abandoned_within_seconds", "Hung up within seconds";
    NoTranscript = "no_transcript", "No transcript";
    ReasonPrice = "reason_price", "Agent's reason: price";
    ReasonCallBack = "reason_call_back", "Agent's reason: will call back";
    ReasonDecisionMaker = "reason_decision_maker", "Agent's reason: needs someone's approval";
    ReasonAvailability = "reason_availability", "Agent's reason: no time that worked";
    ReasonShopping = "reason_shopping", "Agent's reason: shopping around";
    ReasonOutOfArea = "reason_out_of_area", "Agent's reason: out of service area";
    ReasonBookedElsewhere = "reason_booked_elsewhere", "Agent's reason: booked elsewhere";
    ReasonHungUp = "reason_hung_up", "Agent's reason: caller hung up";
    ReasonExcuse = "reason_excuse", "Agent's reason is an excuse";
    NotesInterest = "notes_interest", "CSR notes show interest";
    NotesUrgent = "notes_urgent", "CSR notes describe an urgent problem";
    NotesNotALead = "notes_not_a_lead", "CSR notes say it was not a sales call";
    NotesRenter = "notes_renter_needs_approval", "CSR notes: renter needs approval";
    RepeatCaller = "repeat_caller", "Called before";
    AfterHours = "after_hours", "Called after hours";
    // What was said.
    AskedPrice = "asked_price", "Asked for a price";
    PriceObjection = "price_objection", "Balked at the price";
    WillCallBack = "will_call_back", "Said they would call back";
    CheckWithOther = "check_with_decision_maker", "Wants to check with someone first";
    UrgentProblem = "urgent_problem", "Urgent problem";
    ServiceNeed = "service_need", "Described work we do";
    AvailabilityObjection = "availability_objection", "Wanted a sooner appointment";
    ShoppingAround = "shopping_around", "Getting other quotes";
    SpanishSpeaker = "spanish_speaker", "Spoke Spanish";
    RenterMention = "renter_mention", "Mentioned renting";
    WrongNumber = "wrong_number", "Wrong number";
    RenterCannotAuthorize = "renter_cannot_authorize", "Renter who can't authorize the work";
    ExistingJob = "existing_job", "About an existing job, appointment or invoice";
    VendorPitch = "vendor_pitch", "Vendor or sales pitch";
    Robocall = "robocall", "Robocall or spam";
    JobApplicant = "job_applicant", "Job applicant";
    CancelRequest = "cancel_request", "Wanted to cancel";
    OutOfArea = "out_of_service_area", "Outside the service area";
    BookedElsewhere = "booked_elsewhere", "Already booked with someone else";
    // Added for issue 13: the agent's excuse split by what it claims, richer call metadata, the
    // ways a call is cut off, and the learned reading of the customer's words.
    ReasonExistingCustomer = "reason_existing_customer", "Agent's reason: existing job, warranty or billing";
    ReasonNotACustomer = "reason_not_a_customer", "Agent's reason: not a customer";
    RingMinutes = "ring_minutes", "Minutes on the line before hanging up";
    AttemptsToday = "attempts_today", "Called several times today";
    KnownCustomer = "known_customer", "Known customer with past jobs";
    NewCaller = "new_caller", "New caller";
    CutOff = "cut_off", "The call was cut off";
    EndedOnAgentQuestion = "ended_on_agent_question", "Ended while the agent was booking";
    Financing = "financing", "Asked about financing";
    AfterHoursFee = "after_hours_fee", "Asked about after-hours or emergency rates";
    WantsVisit = "wants_visit", "Wants someone to come out";
    NewWorkWhileCalling = "new_work_while_calling", "Asked about new work on a call about something else";
    Declined = "declined", "Said no to the work";
    AsksForCallback = "asks_for_callback", "Asked to be called back";
    ExcuseContradicted = "excuse_contradicted", "Asked for work the agent's reason leaves out";
    ShortCallWithNeed = "short_call_with_need", "Hung up soon after describing work we do";
    EndedMidSentence = "ended_mid_sentence", "The customer was cut off mid-sentence";
    ExcuseWithProblem = "excuse_with_problem", "Described a problem the agent's reason leaves out";
    HungUpMidCall = "hung_up_mid_call", "The line went dead soon after the agent answered";
    LearnedWords = "learned_words", "The customer's words read as a lead";
}

/// How many signals there are.
pub const FEATURE_COUNT: usize = FeatureId::ALL.len();

impl FeatureId {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.name() == name)
    }
}

impl fmt::Display for FeatureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The signal values of one call, dense for speed. Serialized as a map of the non-zero values
/// by name, so the app can store them with a lead and learn from them when an agent sets a
/// status later.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    values: [f64; FEATURE_COUNT],
}

impl Default for Features {
    fn default() -> Self {
        Self {
            values: [0.0; FEATURE_COUNT],
        }
    }
}

impl Features {
    pub fn get(&self, id: FeatureId) -> f64 {
        self.values[id as usize]
    }

    pub fn set(&mut self, id: FeatureId, value: f64) {
        self.values[id as usize] = value;
    }

    /// The signals that fired, with their values.
    pub fn iter(&self) -> impl Iterator<Item = (FeatureId, f64)> + '_ {
        FeatureId::ALL
            .iter()
            .map(|&id| (id, self.get(id)))
            .filter(|&(_, v)| v != 0.0)
    }

    pub(crate) fn values(&self) -> &[f64; FEATURE_COUNT] {
        &self.values
    }

    fn to_map(self) -> BTreeMap<String, f64> {
        self.iter()
            .map(|(id, v)| (id.name().to_string(), v))
            .collect()
    }
}

impl Serialize for Features {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Features {
    /// Unknown names are dropped: features stored by a newer version must not break an older one.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, f64>::deserialize(d)?;
        let mut out = Features::default();
        for (name, v) in map {
            if let Some(id) = FeatureId::from_name(&name) {
                out.set(id, v);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        let mut names: Vec<_> = FeatureId::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            FEATURE_COUNT,
            "a duplicate name would share one weight"
        );
        for &f in FeatureId::ALL {
            assert_eq!(FeatureId::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn serde_keeps_only_fired_signals_and_skips_unknown_names() {
        let mut f = Features::default();
        f.set(FeatureId::AskedPrice, 1.0);
        f.set(FeatureId::TalkMinutes, 0.5);
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"{"asked_price":1.0,"talk_minutes":0.5}"#);
        let back: Features = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        let newer: Features = serde_json::from_str(r#"{"asked_price":1.0,"from_the_future":1.0}"#)
            .expect("unknown names are ignored");
        assert_eq!(newer.iter().count(), 1);
    }
}
