//! Unit tests of the detector: each phrase rule and its negation, evidence, ordering, metadata
//! scoring, summaries, the pipeline and learning.

use chrono::{Duration, TimeZone, Utc};
use scl_domain::{AccountSettings, CallType, Direction, Speaker};

use crate::test_support::{abandoned_call, answered_call, talk};
use crate::{CallContext, Check, Detector, FeatureId};

use Speaker::{Agent, Customer};

fn fires(detector: &Detector, speaker: Speaker, text: &str, f: FeatureId) -> bool {
    let call = talk(&[(speaker, text)]);
    detector.evaluate(&call, CallType::Unbooked).features.get(f) != 0.0
}

/// (signal, a sentence that fires it, the same idea negated or said by the wrong party).
const RULES: &[(FeatureId, &str, &str)] = &[
    (
        FeatureId::AskedPrice,
        "How much would a new water heater cost?",
        "I don't need a quote, just my invoice.",
    ),
    (
        FeatureId::AskedPrice,
        "Can you give me a ballpark?",
        "I'm not looking for a price.",
    ),
    (
        FeatureId::PriceObjection,
        "Eighty-nine just to look at it? That's too expensive.",
        "It's not too expensive.",
    ),
    (
        FeatureId::WillCallBack,
        "Let me think about it and call you back.",
        "I won't call back.",
    ),
    (
        FeatureId::CheckWithOther,
        "I need to check with my wife first.",
        "I don't need to check with my wife.",
    ),
    (
        FeatureId::UrgentProblem,
        "We have no heat and it's freezing.",
        "It's not leaking anymore.",
    ),
    (
        FeatureId::UrgentProblem,
        "A pipe burst and the basement is flooding.",
        "There's no leak, just a drip question.",
    ),
    (
        FeatureId::UrgentProblem,
        "I smell gas near the water heater.",
        "I don't smell gas.",
    ),
    (
        FeatureId::AvailabilityObjection,
        "Thursday is too late, what's the earliest?",
        "No, Thursday is fine.",
    ),
    (
        FeatureId::ShoppingAround,
        "I'm getting a couple of quotes.",
        "I'm not shopping around.",
    ),
    (
        FeatureId::WrongNumber,
        "Oh sorry, wrong number.",
        "Is this Summit Heating?",
    ),
    (
        FeatureId::RenterCannotAuthorize,
        "I'm renting, I can't authorize any work.",
        "I rent, but I can authorize it.",
    ),
    (
        FeatureId::ExistingJob,
        "I have a question about my invoice.",
        "I need a new water heater.",
    ),
    (
        FeatureId::VendorPitch,
        "We help contractors get more leads with SEO.",
        "My furnace is broken.",
    ),
    (
        FeatureId::Robocall,
        "Press one to speak with a specialist.",
        "One of my outlets sparks.",
    ),
    (
        FeatureId::JobApplicant,
        "Are you hiring? I have my resume ready.",
        "Can you send a tech?",
    ),
    (
        FeatureId::CancelRequest,
        "I need to cancel my appointment.",
        "I don't want to cancel my appointment.",
    ),
    (
        FeatureId::BookedElsewhere,
        "We went with another company.",
        "I haven't found anyone else yet.",
    ),
];

#[test]
fn each_phrase_rule_fires_and_its_negation_does_not() {
    let d = Detector::default();
    for &(f, yes, no) in RULES {
        assert!(fires(&d, Customer, yes, f), "{f} should fire on {yes:?}");
        assert!(!fires(&d, Customer, no, f), "{f} must not fire on {no:?}");
    }
}

#[test]
fn out_of_area_listens_to_the_agent_and_price_to_the_customer() {
    let d = Detector::default();
    let f = FeatureId::OutOfArea;
    assert!(fires(
        &d,
        Agent,
        "Sorry, that's outside our service area.",
        f
    ));
    assert!(!fires(
        &d,
        Agent,
        "Our estimate is free and the price is fair.",
        FeatureId::AskedPrice
    ));
}

#[test]
fn renter_alone_is_not_an_authorization_problem() {
    let d = Detector::default();
    let text = "I'm renting this place, how much for a repair?";
    assert!(fires(&d, Customer, text, FeatureId::RenterMention));
    assert!(!fires(&d, Customer, text, FeatureId::RenterCannotAuthorize));
}

#[test]
fn evidence_quotes_the_sentence_at_the_segments_start() {
    let d = Detector::default();
    let call = talk(&[
        (Agent, "Summit Heating, this is Dana."),
        (
            Customer,
            "Hi there. My furnace stopped working and it's freezing in here. Can you help?",
        ),
        (Agent, "Our first opening is Thursday."),
        (Customer, "Thursday is too late. Is there anything sooner?"),
    ]);
    let v = d.evaluate(&call, CallType::Unbooked);
    assert!(v.flag, "{v:?}");
    let urgent = v
        .reasons
        .iter()
        .find(|r| r.text == "Urgent problem")
        .expect("urgent reason");
    assert_eq!(
        urgent.seconds,
        Some(5.0),
        "seconds = start of the segment that said it"
    );
    assert_eq!(
        urgent.quote.as_deref(),
        Some("My furnace stopped working and it's freezing in here.")
    );
    let soon = v
        .reasons
        .iter()
        .find(|r| r.text == "Wanted a sooner appointment")
        .unwrap();
    assert_eq!(soon.seconds, Some(15.0));
    let urgent_at = v
        .reasons
        .iter()
        .position(|r| r.text == "Urgent problem")
        .unwrap();
    let soon_at = v
        .reasons
        .iter()
        .position(|r| r.text == "Wanted a sooner appointment")
        .unwrap();
    assert!(
        urgent_at < soon_at,
        "urgent (2.0) contributes more than availability (1.4)"
    );
}

#[test]
fn unflagged_calls_list_the_reason_against_first() {
    let d = Detector::default();
    let call = talk(&[(
        Customer,
        "How much is a large pizza? Oh, wrong number, sorry.",
    )]);
    let v = d.evaluate(&call, CallType::Unbooked);
    assert!(!v.flag);
    assert_eq!(v.reasons[0].text, "Wrong number", "{:?}", v.reasons);
    assert!(
        v.summary.contains("Likely not a lead: wrong number"),
        "{}",
        v.summary
    );
    assert!(v.summary.ends_with("No callback needed."));
}

#[test]
fn metadata_only_calls_still_score() {
    let d = Detector::default();
    let long_wait = d.evaluate(&abandoned_call(45), CallType::Abandoned);
    assert!(long_wait.flag, "waited 45 s then hung up: {long_wait:?}");
    assert!(long_wait.summary.contains("Hung up after 45 s of ringing"));
    let misdial = d.evaluate(&abandoned_call(3), CallType::Abandoned);
    assert!(!misdial.flag);

    let mut priced = answered_call(5, 240);
    let plain = d.evaluate(&priced, CallType::Unbooked).score;
    priced.reason = Some("Price too high".into());
    priced.csr_notes = Some("Customer asked about financing options.".into());
    let v = d.evaluate(&priced, CallType::Unbooked);
    assert!(v.score > plain && v.flag, "{} vs {plain}", v.score);
    assert!(v
        .reasons
        .iter()
        .any(|r| r.text == "Agent's reason: Price too high"));
    assert!(v.summary.contains("Offer financing"), "{}", v.summary);
}

#[test]
fn short_answered_calls_score_low_even_with_urgent_words() {
    let d = Detector::default();
    let mut call = talk(&[(Customer, "No heat, can you hold on")]);
    call.ended_at = call.answered_at.unwrap() + Duration::seconds(30);
    assert!(!d.evaluate(&call, CallType::NotALead).flag);
}

#[test]
fn summary_says_need_objection_and_next_step_in_the_callers_words() {
    let d = Detector::default();
    let call = talk(&[
        (Agent, "Brightline Electric."),
        (Customer, "We need a panel upgrade for an EV charger."),
        (Agent, "Typically two to three thousand."),
        (
            Customer,
            "I need to talk to my wife first. Can you call me back on Friday?",
        ),
    ]);
    let v = d.evaluate(&call, CallType::Unbooked);
    assert!(v.flag, "{v:?}");
    assert!(
        v.summary
            .starts_with("Needed: \u{201c}We need a panel upgrade for an EV charger.\u{201d}"),
        "{}",
        v.summary
    );
    assert!(
        v.summary.contains("I need to talk to my wife first."),
        "{}",
        v.summary
    );
    assert!(
        v.summary
            .contains("Call back Friday; ask for the spouse's decision."),
        "{}",
        v.summary
    );
}

#[test]
fn availability_step_and_spanish_step() {
    let d = Detector::default();
    let soon = talk(&[(
        Customer,
        "Our AC quit and it's ninety inside. Thursday is too late, anything sooner?",
    )]);
    let v = d.evaluate(&soon, CallType::Unbooked);
    assert!(
        v.summary
            .contains("earliest slot and the cancellation list"),
        "{}",
        v.summary
    );
    let spanish = talk(&[(
        Customer,
        "Hola, mi aire no funciona. Hablo poquito inglés. Gracias.",
    )]);
    let v = d.evaluate(&spanish, CallType::Unbooked);
    assert!(v.flag, "{v:?}");
    assert!(
        v.summary.contains("Spanish-speaking agent"),
        "{}",
        v.summary
    );
}

#[test]
fn check_runs_the_whole_pipeline() {
    let d = Detector::default();
    let s = AccountSettings::default();
    let call = talk(&[(
        Customer,
        "How much for a new furnace? Let me think about it.",
    )]);
    let due = call.ended_at + Duration::minutes(5);
    let ctx = CallContext::default();
    assert_eq!(
        d.check(&call, &s, due - Duration::seconds(1), &ctx),
        Check::NotYet
    );
    assert!(matches!(d.check(&call, &s, due, &ctx), Check::Scored(v) if v.flag));
    let mut outbound = call.clone();
    outbound.direction = Direction::Outbound;
    assert_eq!(
        d.check(&outbound, &s, due, &ctx),
        Check::Ineligible(CallType::Unbooked)
    );
    // An excuse is evidence, not a gate: the excused call is scored, its reason counted against.
    let mut excused = call;
    excused.reason = Some("Vendor".into());
    let Check::Scored(v) = d.check(&excused, &s, due, &ctx) else {
        panic!("an excused call is scored");
    };
    assert_eq!(v.call_type, CallType::Excused);
    assert!(v.features.get(FeatureId::ReasonNotACustomer) > 0.0);
}

#[test]
fn context_adds_repeat_caller_and_after_hours() {
    let d = Detector::default();
    let mut call = answered_call(5, 120);
    // 03:00 UTC on a Monday is 21:00 the evening before at UTC-6.
    call.started_at = Utc.with_ymd_and_hms(2026, 11, 2, 3, 0, 0).unwrap();
    let ctx = CallContext {
        repeat_caller: true,
        utc_offset_minutes: Some(-360),
        ..CallContext::default()
    };
    let f = d.evaluate_in(&call, CallType::Unbooked, &ctx).features;
    assert_eq!(f.get(FeatureId::RepeatCaller), 1.0);
    assert_eq!(f.get(FeatureId::AfterHours), 1.0);
    let f = d.evaluate(&call, CallType::Unbooked).features;
    assert_eq!(
        f.get(FeatureId::AfterHours),
        0.0,
        "unknown offset: no guess"
    );
}

#[test]
fn the_same_kind_of_call_scores_differently_after_feedback() {
    let renter_price = |n: usize| {
        talk(&[
            (Agent, "Blue Ridge Plumbing."),
            (
                Customer,
                "Hi, I'm renting a house on Elm and the faucet drips.",
            ),
            (
                Customer,
                if n.is_multiple_of(2) {
                    "How much would a repair cost?"
                } else {
                    "What do you charge for that?"
                },
            ),
        ])
    };
    let fresh = renter_price(99);
    let mut down = Detector::default();
    let before = down.evaluate(&fresh, CallType::Unbooked).score;
    for n in 0..6 {
        let f = down.evaluate(&renter_price(n), CallType::Unbooked).features;
        down.learn(&f, false); // "Reviewed - not a lead"
    }
    let after_negative = down.evaluate(&fresh, CallType::Unbooked).score;
    assert!(
        after_negative + 10 < before,
        "not-a-lead labels lower it: {before} -> {after_negative}"
    );

    let mut up = Detector::default();
    for n in 0..6 {
        let f = up.evaluate(&renter_price(n), CallType::Unbooked).features;
        up.learn(&f, true); // "Job booked by SCL"
    }
    let after_positive = up.evaluate(&fresh, CallType::Unbooked).score;
    assert!(
        after_positive > before,
        "lead labels raise it: {before} -> {after_positive}"
    );
    assert_eq!(up.model().updates, 6);
}
