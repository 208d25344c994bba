//! Transcript files as phone systems and transcription services write them, named by a JSON
//! Lines export (testdata/transcripts/calls.jsonl) and read through `read_path`, as the app does.

use std::path::{Path, PathBuf};

use scl_domain::Speaker;
use scl_ingest::{read_path, Batch, Options, Severity};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/transcripts")
}

fn batch() -> Batch {
    read_path(&dir().join("calls.jsonl"), &Options::default()).expect("the export reads")
}

fn turns(batch: &Batch, call: usize) -> Vec<(Speaker, &str)> {
    let call = &batch.calls[call];
    call.transcript
        .iter()
        .map(|s| (s.speaker, s.text.as_str()))
        .collect()
}

#[test]
fn every_call_keeps_its_transcript_and_each_decision_is_reported() {
    let batch = batch();
    assert_eq!(batch.calls.len(), 7);
    let at = |file: &str, line: u64, message: &str| {
        format!(
            "{}:{line}: transcript: {message}",
            dir().join(file).display()
        )
    };
    let messages: Vec<String> = batch.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            at(
                "c-2001.json",
                1,
                "speakers told apart by who introduces themself: spk_0 says the agent's name \
                 \"Dana Smith\" and is read as the agent; spk_1 as the customer"
            ),
            at(
                "c-2002.json",
                1,
                "speakers told apart by who speaks first: on an outbound call the agent is the \
                 second to speak, spk_1; spk_0 read as the customer"
            ),
            at(
                "c-2003.json",
                191, // the first item of ch_1, which speaks first
                "speakers told apart by who introduces themself: ch_1 says the agent's name \
                 \"Priya\" and is read as the agent; ch_0 as the customer"
            ),
            at(
                "c-2004.json",
                52,
                "Transcript[3]: ends (11.000 s) before it starts (11.500 s); cue skipped"
            ),
            at("c-2004.json", 64, "empty cue (no text); cue skipped"),
            at("c-2005.vtt", 8, "empty cue (no text); cue skipped"),
            at(
                "c-2007.srt",
                7,
                "not UTF-8 (and no byte-order mark); read as Windows-1252"
            ),
        ]
    );
    assert!(batch
        .problems
        .iter()
        .all(|p| p.severity == Severity::Warning));
}

#[test]
fn caption_files_with_odd_line_ends_and_encodings() {
    let batch = batch();
    assert_eq!(
        turns(&batch, 4),
        vec![
            (Speaker::Agent, "Acme Heating and Air, Dana speaking."),
            (Speaker::Customer, "Hi, my heat pump is blowing cold air."),
            (Speaker::Agent, "We can be there by 4 today."),
        ],
        "CR-only WebVTT, cues without blank lines between them"
    );
    assert_eq!(
        turns(&batch, 5),
        vec![
            (Speaker::Agent, "Plomberie Acme, bonjour !"),
            (Speaker::Customer, "Bonjour, c'est urgent."),
            (
                Speaker::Customer,
                "Car j'ai 3 urgences: la douche, l'évier et le chauffe-eau."
            ),
            (Speaker::Agent, "D'accord, je note."),
        ],
        "UTF-16 SRT; a colon in a sentence names no speaker: the text stays whole"
    );
    assert_eq!(
        turns(&batch, 6)[1],
        (
            Speaker::Customer,
            "The café on Main needs a new water heater, 50 gallons."
        )
    );
}

#[test]
fn amazon_transcribe_outputs() {
    let batch = batch();
    assert_eq!(
        turns(&batch, 0)[3],
        (Speaker::Customer, "Sure, it's [card number redacted].")
    );
    assert_eq!(turns(&batch, 1)[0], (Speaker::Customer, "Hello?"));
    assert_eq!(
        turns(&batch, 2)[0],
        (Speaker::Agent, "Good morning, Acme, Priya speaking.")
    );
    assert_eq!(
        turns(&batch, 3),
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
    let segment = &batch.calls[3].transcript[2];
    assert_eq!((segment.start_s, segment.end_s), (8.5, 11.02));
}
