use scl_domain::{Direction, Speaker, TranscriptSegment};

use super::*;

const DIARIZED: &str = include_str!("../../testdata/transcripts/c-2001.json");
const AUDIO_SEGMENTS: &str = include_str!("../../testdata/transcripts/c-2002.json");
const CHANNELS: &str = include_str!("../../testdata/transcripts/c-2003.json");
const CALL_ANALYTICS: &str = include_str!("../../testdata/transcripts/c-2004.json");

fn hints(agent: &'static str, direction: Direction) -> Hints<'static> {
    Hints {
        agent: Some(agent),
        direction: Some(direction),
    }
}

fn turns(segments: &[TranscriptSegment]) -> Vec<(Speaker, &str)> {
    segments
        .iter()
        .map(|s| (s.speaker, s.text.as_str()))
        .collect()
}

#[test]
fn diarized_items_become_turns_and_the_agent_is_who_introduces_themself() {
    let cues = parse_amazon(DIARIZED, hints("Dana Smith", Direction::Inbound)).unwrap();
    assert_eq!(cues.problems, vec![]);
    assert_eq!(
        turns(&cues.segments),
        vec![
            (
                Speaker::Agent,
                "Thanks for calling Acme Heating and Air, this is Dana. How can I help?"
            ),
            (
                Speaker::Customer,
                "Hi, my furnace stopped working last night and it's cold."
            ),
            (
                Speaker::Agent,
                "I'm sorry to hear that. Can I get your card to hold the visit?"
            ),
            (Speaker::Customer, "Sure, it's [card number redacted]."),
            (Speaker::Agent, "Thank you. A technician can come at 3."),
        ]
    );
    assert_eq!(cues.redactions, 1);
    assert_eq!(
        (cues.segments[0].start_s, cues.segments[0].end_s),
        (0.44, 4.84)
    );
    assert_eq!(
        cues.notices,
        vec![CueProblem::new(
            1,
            "speakers told apart by who introduces themself: spk_0 says the agent's name \
             \"Dana Smith\" and is read as the agent; spk_1 as the customer"
        )]
    );
}

#[test]
fn without_an_introduction_who_speaks_first_decides_by_direction() {
    let outbound = parse_amazon(AUDIO_SEGMENTS, hints("Lee Park", Direction::Outbound)).unwrap();
    assert_eq!(
        turns(&outbound.segments),
        vec![
            (Speaker::Customer, "Hello?"),
            (
                Speaker::Agent,
                "Hi, it's Acme calling about your water heater quote."
            ),
            (Speaker::Customer, "Oh right. Is it still 1400 installed?"),
            (Speaker::Agent, "Yes, and we can book you Friday."),
        ]
    );
    assert_eq!(outbound.segments[1].start_s, 1.38);
    assert_eq!(
        outbound.notices[0].message,
        "speakers told apart by who speaks first: on an outbound call the agent is the second \
         to speak, spk_1; spk_0 read as the customer"
    );
    let unknown = parse_amazon(AUDIO_SEGMENTS, Hints::default()).unwrap();
    assert_eq!(unknown.segments[0].speaker, Speaker::Agent);
    assert!(
        unknown.notices[0]
            .message
            .contains("unknown direction (taken as inbound)"),
        "{:?}",
        unknown.notices
    );
}

#[test]
fn channels_are_merged_in_time_order() {
    let cues = parse_amazon(CHANNELS, hints("Priya", Direction::Inbound)).unwrap();
    assert_eq!(
        turns(&cues.segments),
        vec![
            (Speaker::Agent, "Good morning, Acme, Priya speaking."),
            (Speaker::Customer, "Hi, I need someone to look at my AC."),
            (Speaker::Agent, "Sure, when are you free?"),
            (Speaker::Customer, "Tomorrow morning works."),
        ]
    );
    let first_ch1_item = CHANNELS
        .lines()
        .position(|l| l.contains("\"content\": \"Good\""))
        .unwrap() as u64;
    // The notice points at the first word's item, which opens a few lines above its content.
    assert!(
        (first_ch1_item - 6..=first_ch1_item).contains(&cues.notices[0].line),
        "{:?}",
        cues.notices
    );
    assert!(cues.notices[0]
        .message
        .contains("ch_1 says the agent's name"));
}

#[test]
fn call_analytics_roles_are_taken_as_they_are() {
    let cues = parse_amazon(CALL_ANALYTICS, Hints::default()).unwrap();
    assert_eq!(
        turns(&cues.segments),
        vec![
            (
                Speaker::Agent,
                "Thank you for calling Acme Plumbing, how can I help?"
            ),
            (
                Speaker::Customer,
                "My social is [SSN redacted] and the water heater is leaking."
            ),
            (Speaker::Agent, "Let me get someone out there today."),
        ]
    );
    assert_eq!(
        (cues.segments[1].start_s, cues.segments[1].end_s),
        (3.9, 8.2)
    );
    assert_eq!(cues.notices, vec![], "no rule was needed");
    let line_of = |content: &str| {
        let at = CALL_ANALYTICS.find(content).unwrap();
        // The entry's `{` opens five lines above its Content (LoudnessScores come first).
        CALL_ANALYTICS[..at].matches('\n').count() as u64 + 1 - 5
    };
    assert_eq!(
        cues.problems,
        vec![
            CueProblem::new(
                line_of("\"Content\": \"Backwards"),
                "Transcript[3]: ends (11.000 s) before it starts (11.500 s)"
            ),
            CueProblem::new(line_of("\"Content\": \"  \""), "empty cue (no text)"),
        ]
    );
}

#[test]
fn odd_entries_are_reported_not_guessed() {
    let text = r#"{"Transcript": [
        {"ParticipantRole": "SUPERVISOR", "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Content": "Joining."},
        {"ParticipantId": "AGENT", "BeginOffsetMillis": "1000", "EndOffsetMillis": 2000, "Content": "Contact Lens style."},
        {"ParticipantRole": "CUSTOMER", "Content": "no times"}
    ]}"#;
    let cues = parse_amazon(text, Hints::default()).unwrap();
    assert_eq!(
        turns(&cues.segments),
        vec![
            (Speaker::Customer, "Joining."),
            (Speaker::Agent, "Contact Lens style.")
        ]
    );
    assert_eq!(
        cues.notices,
        vec![CueProblem::new(
            2,
            "Transcript[0]: ParticipantRole \"SUPERVISOR\" is neither AGENT nor CUSTOMER; read \
             as the customer"
        )]
    );
    assert_eq!(
        cues.problems,
        vec![CueProblem::new(
            4,
            "Transcript[2]: no BeginOffsetMillis and EndOffsetMillis"
        )]
    );
}

#[test]
fn items_without_labels_are_split_into_sentences_and_said_to_be_unattributed() {
    let text = r#"{"results": {"transcripts": [{"transcript": "Hi there. Bye."}], "items": [
        {"start_time": "0.1", "end_time": "0.3", "alternatives": [{"content": "Hi"}], "type": "pronunciation"},
        {"start_time": "0.3", "end_time": "0.6", "alternatives": [{"content": "there"}], "type": "pronunciation"},
        {"alternatives": [{"content": "."}], "type": "punctuation"},
        {"start_time": "1.0", "end_time": "1.2", "alternatives": [{"content": "Bye"}], "type": "pronunciation"},
        {"alternatives": [{"content": "."}], "type": "punctuation"}]}}"#;
    let cues = parse_amazon(text, Hints::default()).unwrap();
    assert_eq!(
        turns(&cues.segments),
        vec![
            (Speaker::Customer, "Hi there."),
            (Speaker::Customer, "Bye.")
        ]
    );
    assert_eq!(
        cues.notices,
        vec![CueProblem::new(
            2,
            "no speaker or channel labels: every segment is read as the customer"
        )]
    );
}

#[test]
fn files_that_are_not_transcribe_output() {
    let err = parse_amazon("{\"calls\": []}", Hints::default()).unwrap_err();
    assert!(
        err.message.starts_with("not an Amazon Transcribe output"),
        "{}",
        err.message
    );
    let err = parse_amazon("{\n\"results\": [1,", Hints::default()).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.message.starts_with("not Amazon Transcribe JSON"),
        "{}",
        err.message
    );
}

#[test]
fn words_outside_every_labelled_stretch_are_the_customer() {
    let text = r#"{"results": {"speaker_labels": {"segments": [
        {"start_time": "0.0", "end_time": "1.0", "speaker_label": "spk_1"}]}, "items": [
        {"start_time": "0.1", "end_time": "0.5", "alternatives": [{"content": "Acme"}], "type": "pronunciation"},
        {"start_time": "2.0", "end_time": "2.5", "alternatives": [{"content": "mumble"}], "type": "pronunciation"}]}}"#;
    let cues = parse_amazon(text, Hints::default()).unwrap();
    assert_eq!(
        turns(&cues.segments),
        vec![(Speaker::Agent, "Acme"), (Speaker::Customer, "mumble")]
    );
    assert_eq!(
        cues.notices[0].message,
        "speakers told apart by who speaks first: on a call of unknown direction (taken as \
         inbound) the agent is the first to speak, spk_1; no other label read as the customer"
    );
}
