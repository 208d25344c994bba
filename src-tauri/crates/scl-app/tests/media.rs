//! A lead's recording and transcript through the core, as the flyout and `scl transcript` use
//! them: over a real SQLite file, real WAV files, and the real player thread on a device-less
//! tap that the test pulls samples from.

use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use scl_app::{AppError, Leads, Playback};
use scl_audio::{Output, Tap, WavEncoding};
use scl_domain::{
    Call, CallType, Direction, Evidence, FixedClock, LeadId, PlaybackEvent, PlaybackPrefs,
    PlayerOrder, PlayerUpdate, Speaker, TranscriptFormat, TranscriptSegment,
};
use scl_store::{Evaluation, IncomingCall, NewLead, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

struct World {
    leads: Leads,
    store: Arc<dyn Store>,
    account: i64,
    dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("m.db")))
        .await
        .unwrap();
    let account = store
        .ensure_accounts(&["Blue Ridge Plumbing".into()])
        .await
        .unwrap()[0]
        .id;
    let leads = Leads::new(store.clone(), Arc::new(FixedClock::new(now())));
    World {
        leads,
        store,
        account,
        dir,
    }
}

fn transcript() -> Vec<TranscriptSegment> {
    vec![
        TranscriptSegment {
            start_s: 0.5,
            end_s: 2.0,
            speaker: Speaker::Agent,
            text: "Thanks for calling Blue Ridge, this is Dana.".into(),
        },
        TranscriptSegment {
            start_s: 2.5,
            end_s: 5.25,
            speaker: Speaker::Customer,
            text: "How much is a new water heater? <script>alert(1)</script> --> & more".into(),
        },
    ]
}

/// A flagged call with `recording` and a two-segment transcript; returns its lead.
async fn flag(w: &World, call_id: &str, from: &str, recording: Option<String>) -> LeadId {
    let ended = now() - Duration::hours(2);
    let at = ended + Duration::minutes(5);
    let call = Call {
        id: 0,
        call_id: call_id.into(),
        account_id: w.account,
        direction: Direction::Inbound,
        from_number: from.into(),
        to_number: "+15125550100".into(),
        started_at: ended - Duration::minutes(3),
        answered_at: Some(ended - Duration::minutes(3)),
        ended_at: ended,
        agent_id: None,
        call_type: CallType::Unbooked,
        reason: Some("Price too high".into()),
        csr_notes: None,
        booked: false,
        recording,
        customer_id: None,
        location_id: None,
        transcript: transcript(),
    };
    let report = w
        .store
        .insert_calls(&[IncomingCall {
            call,
            redactions: 0,
            evaluation: Some(Evaluation {
                call_type: CallType::Unbooked,
                at,
                lead: Some(NewLead {
                    score: 80,
                    reasons: vec![Evidence::plain("Asked for a price")],
                    summary: "Wants a price.".into(),
                    flagged_at: at,
                }),
            }),
        }])
        .await
        .unwrap();
    report.leads_created[0].id
}

/// `seconds` of a 440 Hz tone, 8 kHz mu-law, as phone systems record.
fn tone(w: &World, name: &str, seconds: f32) -> String {
    let path = w.dir.path().join(name);
    let samples: Vec<f32> = (0..(8_000.0 * seconds) as usize)
        .map(|i| 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / 8_000.0).sin())
        .collect();
    scl_audio::write_wav(&path, WavEncoding::MuLaw, 8_000, 1, &samples).unwrap();
    path.display().to_string()
}

#[tokio::test]
async fn a_transcript_is_the_same_file_by_lead_and_by_call_id_and_parses_as_vtt_and_srt() {
    let w = world().await;
    let lead = flag(&w, "1700000000.42", "+15125550123", None).await;

    let media = w.leads.call_media(lead).await.unwrap();
    assert_eq!(media.call_id, "1700000000.42");
    assert_eq!(media.recording, None);
    assert_eq!(media.transcript, transcript());

    let vtt = w
        .leads
        .call_transcript("1700000000.42", None, TranscriptFormat::Vtt)
        .await
        .unwrap();
    let by_lead = w
        .leads
        .lead_transcript(lead, TranscriptFormat::Vtt)
        .await
        .unwrap();
    assert_eq!(by_lead.contents, vtt);
    assert_eq!(by_lead.file_name, "transcript-1700000000.42.vtt");
    let parsed = subtp::vtt::WebVtt::parse(&vtt).expect("a valid WebVTT file");
    assert_eq!(parsed.blocks.len(), 2, "{vtt}");

    let srt = w
        .leads
        .call_transcript("1700000000.42", None, TranscriptFormat::Srt)
        .await
        .unwrap();
    let parsed = subtp::srt::SubRip::parse(&srt).expect("a valid SRT file");
    assert_eq!(parsed.subtitles.len(), 2);
    assert_eq!(parsed.subtitles[1].start.seconds, 2);
    assert_eq!(parsed.subtitles[1].start.milliseconds, 500);
    assert!(
        parsed.subtitles[1].text.join(" ").contains("water heater"),
        "{srt}"
    );

    let txt = w
        .leads
        .call_transcript("1700000000.42", None, TranscriptFormat::Txt)
        .await
        .unwrap();
    assert!(txt.starts_with("[00:00:00] Agent: Thanks"), "{txt}");
    assert!(txt.contains("[00:00:02] Customer: How much"), "{txt}");

    let missing = w
        .leads
        .call_transcript("no-such-call", None, TranscriptFormat::Txt)
        .await
        .unwrap_err();
    assert!(matches!(missing, AppError::CallNotFound(_)), "{missing}");
}

#[tokio::test]
async fn saving_writes_the_file_whole_and_a_bad_folder_is_a_clear_error() {
    let w = world().await;
    let lead = flag(&w, "C-9", "+15125550123", None).await;
    let target = w.dir.path().join("out.srt");
    std::fs::write(&target, "old contents").unwrap();
    w.leads
        .save_lead_transcript(lead, TranscriptFormat::Srt, &target)
        .await
        .unwrap();
    let saved = std::fs::read_to_string(&target).unwrap();
    assert!(subtp::srt::SubRip::parse(&saved).is_ok(), "{saved}");
    assert!(saved.contains("How much"));

    let bad = w.dir.path().join("missing-folder").join("out.srt");
    let err = w
        .leads
        .save_lead_transcript(lead, TranscriptFormat::Srt, &bad)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::CannotWrite { .. }), "{err}");
    assert!(err.to_string().contains("missing-folder"), "{err}");
}

/// A playback on a tap, with the updates it reports.
struct Listening {
    playback: Playback,
    tap: Arc<Mutex<Option<Tap>>>,
    updates: mpsc::Receiver<PlayerUpdate>,
}

fn listening(w: &World) -> Listening {
    let tap = Arc::new(Mutex::new(None));
    let (tx, updates) = mpsc::channel();
    let tx = Mutex::new(tx);
    let slot = tap.clone();
    let playback = Playback::new(
        w.leads.clone(),
        move || {
            let (output, tap) = Output::tap();
            *slot.lock().unwrap() = Some(tap);
            output
        },
        w.dir.path().join("peaks"),
        Arc::new(move |update| {
            let _ = tx.lock().unwrap().send(update);
        }),
    );
    Listening {
        playback,
        tap,
        updates,
    }
}

impl Listening {
    /// The next update that matches, within a few seconds.
    fn wait_for(&self, what: &str, matches: impl Fn(&PlayerUpdate) -> bool) -> PlayerUpdate {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.updates.recv_timeout(left) {
                Ok(update) if matches(&update) => return update,
                Ok(_) => continue,
                Err(_) => panic!("no {what} update within 5 s"),
            }
        }
    }

    fn pull(&self, samples: usize) -> usize {
        let mut tap = self.tap.lock().unwrap();
        tap.as_mut()
            .expect("a player was started")
            .pull_playing(samples)
            .len()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_plays_seeks_and_reports_positions_tagged_with_its_lead() {
    let w = world().await;
    let path = tone(&w, "1700000000.42.wav", 3.0);
    let lead = flag(&w, "1700000000.42", "+15125550123", Some(path)).await;
    let l = listening(&w);

    let opened = l.playback.open(&w.leads, lead).await.unwrap();
    assert_eq!(opened.file_name, "1700000000.42.wav");
    assert_eq!(opened.format, "WAV (G.711 mu-law)");
    assert!(
        (opened.duration_s - 3.0).abs() < 0.01,
        "{}",
        opened.duration_s
    );
    assert_eq!(opened.output_problem, None, "a tap is always there");
    l.wait_for("loaded", |u| {
        u.lead_id == lead && matches!(u.event, PlaybackEvent::Loaded { .. })
    });

    l.playback.order(&w.leads, PlayerOrder::Play).await.unwrap();
    l.wait_for("playing", |u| u.event == PlaybackEvent::Playing);
    assert_eq!(l.pull(8_000), 8_000, "a second of samples while playing");
    let at = l.wait_for(
        "position",
        |u| matches!(u.event, PlaybackEvent::Position { seconds } if seconds >= 0.5),
    );
    assert_eq!(at.lead_id, lead);

    l.playback
        .order(&w.leads, PlayerOrder::Seek { seconds: 2.5 })
        .await
        .unwrap();
    l.wait_for(
        "seek position",
        |u| matches!(u.event, PlaybackEvent::Position { seconds } if (seconds - 2.5).abs() < 1e-6),
    );
    l.pull(8_000);
    l.wait_for("end", |u| u.event == PlaybackEvent::Ended);

    l.playback.close();
    let stopped = l.wait_for("stopped", |u| u.event == PlaybackEvent::Stopped);
    assert_eq!(
        stopped.lead_id, lead,
        "the closed lead hears it was stopped"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn speed_volume_and_skip_silence_are_remembered_and_out_of_range_refused() {
    let w = world().await;
    let l = listening(&w);
    assert_eq!(l.playback.prefs().await.unwrap(), PlaybackPrefs::default());
    l.playback
        .order(&w.leads, PlayerOrder::Speed { value: 1.5 })
        .await
        .unwrap();
    l.playback
        .order(&w.leads, PlayerOrder::SkipSilence { on: true })
        .await
        .unwrap();
    let err = l
        .playback
        .order(&w.leads, PlayerOrder::Speed { value: 3.0 })
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::InvalidPlayback(_)), "{err}");

    let path = tone(&w, "a.wav", 1.0);
    let lead = flag(&w, "P-1", "+15125550123", Some(path)).await;
    let again = listening(&w);
    let opened = again.playback.open(&w.leads, lead).await.unwrap();
    assert_eq!(
        opened.prefs,
        PlaybackPrefs {
            speed: 1.5,
            volume: 1.0,
            skip_silence: true
        },
        "a new player (a restart) starts with the listener's preferences"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_corrupt_remote_or_absent_recordings_are_clear_errors_and_nothing_breaks() {
    let w = world().await;
    let l = listening(&w);

    let none = flag(&w, "N-1", "+15125550101", None).await;
    let err = l.playback.open(&w.leads, none).await.unwrap_err();
    assert!(matches!(err, AppError::NoRecording(_)), "{err}");

    let gone = w.dir.path().join("gone.wav").display().to_string();
    let missing = flag(&w, "N-2", "+15125550102", Some(gone)).await;
    let err = l.playback.open(&w.leads, missing).await.unwrap_err();
    assert!(err.to_string().contains("not found"), "{err}");
    assert!(err.to_string().contains("gone.wav"), "{err}");

    let corrupt = w.dir.path().join("corrupt.wav");
    let mut bytes = std::fs::read(tone(&w, "whole.wav", 1.0)).unwrap();
    bytes.truncate(30);
    std::fs::write(&corrupt, bytes).unwrap();
    let broken = flag(
        &w,
        "N-3",
        "+15125550103",
        Some(corrupt.display().to_string()),
    )
    .await;
    let err = l.playback.open(&w.leads, broken).await.unwrap_err();
    assert!(matches!(err, AppError::Recording(_)), "{err}");

    let remote = flag(
        &w,
        "N-4",
        "+15125550104",
        Some("https://api.example.com/rec/RE1.mp3?token=secret".into()),
    )
    .await;
    let err = l.playback.open(&w.leads, remote).await.unwrap_err();
    assert!(
        err.to_string().contains("not a file on this computer"),
        "{err}"
    );
    assert!(!err.to_string().contains("secret"), "{err}");
    assert_eq!(
        w.leads.call_media(remote).await.unwrap().transcript.len(),
        2,
        "the transcript stays readable"
    );

    // The player still works after every refusal.
    let good = flag(&w, "N-5", "+15125550105", Some(tone(&w, "good.wav", 1.0))).await;
    l.playback.open(&w.leads, good).await.unwrap();
    l.wait_for("loaded", |u| {
        u.lead_id == good && matches!(u.event, PlaybackEvent::Loaded { .. })
    });
    let waveform = l.playback.waveform(&w.leads, good, 100).await.unwrap();
    assert_eq!(waveform.peaks.len(), 100);
    assert!(
        waveform.peaks.iter().all(|p| (0.4..=0.6).contains(p)),
        "a 0.5 tone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_leads_never_reports_the_old_recording_as_the_new_one() {
    let w = world().await;
    let first = flag(&w, "S-1", "+15125550111", Some(tone(&w, "s1.wav", 2.0))).await;
    let second = flag(&w, "S-2", "+15125550112", Some(tone(&w, "s2.wav", 1.0))).await;
    let l = listening(&w);
    l.playback.open(&w.leads, first).await.unwrap();
    l.playback.order(&w.leads, PlayerOrder::Play).await.unwrap();
    l.wait_for("playing", |u| u.event == PlaybackEvent::Playing);
    l.pull(4_000);
    l.playback.open(&w.leads, second).await.unwrap();
    let stopped = l.wait_for("first stopped", |u| u.event == PlaybackEvent::Stopped);
    assert_eq!(stopped.lead_id, first);
    // Everything after the stop is the second recording's, and tagged so.
    loop {
        let update = l.wait_for("any", |_| true);
        assert_eq!(update.lead_id, second, "{update:?}");
        if let PlaybackEvent::Loaded { duration_s, .. } = update.event {
            assert!((duration_s - 1.0).abs() < 0.01, "{duration_s}");
            break;
        }
    }
}

/// A recording file of scl-audio's test data, copied into the world as an import would find it.
fn audio_fixture(w: &World, name: &str) -> String {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../scl-audio/testdata")
        .join(name);
    let to = w.dir.path().join(name);
    std::fs::copy(&from, &to).unwrap();
    to.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_calls_empty_recording_opens_as_empty_and_plays_to_its_end() {
    let w = world().await;
    let path = audio_fixture(&w, "asterisk-unanswered.wav");
    let lead = flag(&w, "1700000001.7", "+15125550123", Some(path)).await;
    let l = listening(&w);

    let opened = l.playback.open(&w.leads, lead).await.unwrap();
    assert!(opened.empty);
    assert_eq!(opened.duration_s, 0.0);
    assert_eq!(opened.note, None);
    assert_eq!(opened.format, "WAV (PCM 16-bit)");
    l.wait_for("loaded", |u| {
        u.lead_id == lead
            && matches!(u.event, PlaybackEvent::Loaded { duration_s, .. } if duration_s == 0.0)
    });
    l.playback.order(&w.leads, PlayerOrder::Play).await.unwrap();
    l.wait_for("playing", |u| u.event == PlaybackEvent::Playing);
    // The output asks for samples, as a sound card does; there are none.
    assert_eq!(l.pull(8_000), 0);
    let end = l.wait_for("ended or an error", |u| {
        matches!(u.event, PlaybackEvent::Ended | PlaybackEvent::Error { .. })
    });
    assert_eq!(end.event, PlaybackEvent::Ended);
    let waveform = l.playback.waveform(&w.leads, lead, 20).await.unwrap();
    assert_eq!(waveform.duration_s, 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_whose_header_was_never_finished_plays_with_a_note() {
    let w = world().await;
    let path = audio_fixture(&w, "asterisk-crashed.wav");
    let lead = flag(&w, "1700000002.9", "+15125550123", Some(path)).await;
    let l = listening(&w);

    let opened = l.playback.open(&w.leads, lead).await.unwrap();
    assert!(!opened.empty);
    assert!(
        (opened.duration_s - 1.434).abs() < 0.001,
        "{}",
        opened.duration_s
    );
    let note = opened.note.expect("a note");
    assert!(note.contains("gives no data size"), "{note}");
}
