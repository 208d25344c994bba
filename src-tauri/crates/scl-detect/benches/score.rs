//! Scoring throughput. Goal: >= 5,000 transcripts of about 2 KB per second on one core, and
//! metadata-only calls (no transcript) in the millions per second.
//!
//! `cargo bench -p scl-detect` prints a plain transcripts/s and calls/s figure from a timed loop,
//! then runs criterion on the same two cases.

use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, Throughput};
use scl_detect::Detector;
use scl_domain::{Call, CallType, Direction, Speaker, TranscriptSegment};

const CUSTOMER: [&str; 12] = [
    "Hi, yeah, my furnace stopped working last night and the house is at fifty eight degrees.",
    "Um, I want to say it's about fifteen years old, it came with the house when we bought it.",
    "Eighty nine just to look at it? That seems like a lot, honestly, is that normal?",
    "Is there anything sooner? I have a little one at home so I really need it fixed soon.",
    "I need to talk to my wife first, she handles the budget. Can you call me back on Friday?",
    "We're getting a couple of quotes, the neighbor used somebody else last year.",
    "It's 4410 Juniper Court, that's off of Elm by the school, the one with the blue door.",
    "Yeah this is my cell, that's the best number, you can text me too if that's easier.",
    "The thermostat says heat on but there's just cold air coming out of the vents upstairs.",
    "Sorry, the dog is going crazy, hold on one second. Okay, sorry about that, I'm back.",
    "Let me think about it and call you back, I'm at work until five today anyway.",
    "I'm not looking for the cheapest, I just want somebody who knows what they're doing.",
];
const AGENT: [&str; 8] = [
    "Thanks for calling Summit Heating and Air, this is Dana. How can I help?",
    "I'm sorry to hear that. How old is the system, do you know?",
    "We can send a technician tomorrow afternoon. The diagnostic fee is eighty nine dollars.",
    "Tomorrow afternoon is the first opening, but I can put you on the cancellation list.",
    "Of course. Do you want me to pencil something in just in case?",
    "Is this the best number to reach you, and can I get the address there?",
    "Our techs take their time and explain everything before any work starts.",
    "Okay, no problem at all. Stay warm, and call us any time.",
];

fn base_call(i: u64) -> Call {
    let started_at =
        Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).unwrap() + Duration::seconds(i as i64);
    Call {
        id: i as i64,
        call_id: format!("CA{i:010}"),
        account_id: 1,
        direction: Direction::Inbound,
        from_number: "+13035550100".into(),
        to_number: "+13035550199".into(),
        started_at,
        answered_at: Some(started_at + Duration::seconds(8)),
        ended_at: started_at + Duration::seconds(260),
        agent_id: Some(7),
        call_type: CallType::Unbooked,
        reason: Some("Price too high".into()),
        csr_notes: Some("Customer asked about financing options.".into()),
        booked: false,
        recording: None,
        customer_id: None,
        location_id: None,
        transcript: Vec::new(),
    }
}

/// A varied transcript of about 2 KB: agent and customer alternate, lines picked by `i`.
fn transcript_call(i: u64) -> Call {
    let mut call = base_call(i);
    let (mut bytes, mut t, mut k) = (0, 0.0, i as usize);
    while bytes < 2_000 {
        let (speaker, text) = if call.transcript.len().is_multiple_of(2) {
            (Speaker::Agent, AGENT[k % AGENT.len()])
        } else {
            (Speaker::Customer, CUSTOMER[(k * 7) % CUSTOMER.len()])
        };
        bytes += text.len();
        call.transcript.push(TranscriptSegment {
            start_s: t,
            end_s: t + 5.0,
            speaker,
            text: text.into(),
        });
        t += 5.5;
        k += 1;
    }
    call
}

fn per_second(calls: &[Call], detector: &Detector, rounds: usize) -> f64 {
    let started = Instant::now();
    for _ in 0..rounds {
        for c in calls {
            black_box(detector.evaluate(black_box(c), CallType::Unbooked));
        }
    }
    (calls.len() * rounds) as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let detector = Detector::default();
    let transcripts: Vec<Call> = (0..1_000).map(transcript_call).collect();
    let avg = transcripts
        .iter()
        .map(|c| c.transcript.iter().map(|s| s.text.len()).sum::<usize>())
        .sum::<usize>()
        / transcripts.len();
    let metadata: Vec<Call> = (0..1_000).map(base_call).collect();
    per_second(&transcripts, &detector, 1); // warm up
    println!(
        "transcripts ({avg} bytes avg): {:.0} per second on one core",
        per_second(&transcripts, &detector, 10)
    );
    println!(
        "metadata-only calls: {:.0} per second on one core",
        per_second(&metadata, &detector, 200)
    );

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("evaluate");
    g.throughput(Throughput::Elements(1));
    let one = &transcripts[17];
    g.bench_function("transcript_2kb", |b| {
        b.iter(|| detector.evaluate(black_box(one), CallType::Unbooked))
    });
    let meta = &metadata[17];
    g.bench_function("metadata_only", |b| {
        b.iter(|| detector.evaluate(black_box(meta), CallType::Unbooked))
    });
    g.finish();
    c.final_summary();
}
