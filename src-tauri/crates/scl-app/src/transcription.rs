//! Transcribing recorded calls on this computer: the calls with a recording and no words, one
//! at a time, with a Whisper model the caller loaded. The words are redacted as an import's are
//! (card and social security numbers) before anything is stored, and the transcript is marked
//! with what made it. Nothing leaves the machine.
//!
//! Speakers, by rules we can name (FORMATS.md has the same for imports): on a stereo recording
//! each party has a channel, and the channel heard first is the agent's (an inbound call is
//! answered by the agent's greeting); a mono recording cannot tell them apart, so every line is
//! read as the customer's, as an export without speaker labels is.

use std::path::Path;
use std::time::Instant;

use scl_domain::{Call, Permission, Speaker, TranscriptSegment};
use scl_transcribe::{Engine, Line};
use serde::Serialize;

use crate::{Leads, Result};

/// What transcribing one call did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallTranscribed {
    pub call_id: String,
    pub account_id: scl_domain::AccountId,
    /// Lines stored (0 when the call got nothing or already had words).
    pub segments: u32,
    pub audio_s: f64,
    pub took_s: f64,
    /// Card or social security numbers taken out of the words.
    pub redactions: u32,
    /// Why it could not be transcribed (it leaves the queue), or None.
    pub error: Option<String>,
}

impl Leads {
    /// Transcribes up to `limit` calls of the queue, oldest first, reporting each as it ends.
    pub async fn transcribe_pending(
        &self,
        engine: &Engine,
        limit: u32,
        each: &(dyn Fn(&CallTranscribed) + Send + Sync),
    ) -> Result<Vec<CallTranscribed>> {
        self.allow(Permission::FeatureManagement)?;
        let calls = self.store.calls_to_transcribe(limit).await?;
        let mut done = Vec::with_capacity(calls.len());
        for call in calls {
            let outcome = self.transcribe(&call, engine).await?;
            each(&outcome);
            done.push(outcome);
        }
        Ok(done)
    }

    /// Transcribes one call by its phone system's id (and account name when several accounts
    /// have it), whether or not it is queued; a call with words keeps them.
    pub async fn transcribe_call(
        &self,
        call_id: &str,
        account: Option<&str>,
        engine: &Engine,
    ) -> Result<CallTranscribed> {
        self.allow(Permission::FeatureManagement)?;
        let call = self.call_by_id(call_id, account).await?;
        self.transcribe(&call, engine).await
    }

    async fn transcribe(&self, call: &Call, engine: &Engine) -> Result<CallTranscribed> {
        let mut outcome = CallTranscribed {
            call_id: call.call_id.clone(),
            account_id: call.account_id,
            segments: 0,
            audio_s: 0.0,
            took_s: 0.0,
            redactions: 0,
            error: None,
        };
        let started = Instant::now();
        let heard = match call.recording.as_deref().map(crate::media::local_path) {
            Some(Some(path)) => tokio::task::block_in_place(|| words_of(engine, &path)),
            Some(None) => Err("its recording is not a file on this computer".to_string()),
            None => Err("it has no recording".to_string()),
        };
        outcome.took_s = started.elapsed().as_secs_f64();
        match heard {
            Ok((segments, audio_s, redactions)) => {
                outcome.audio_s = audio_s;
                let origin = format!("whisper {}", engine.name());
                if self
                    .store
                    .save_transcript(call.id, &segments, &origin)
                    .await?
                {
                    outcome.segments = segments.len() as u32;
                    outcome.redactions = redactions;
                }
            }
            Err(reason) => {
                self.store.transcription_failed(call.id, &reason).await?;
                outcome.error = Some(reason);
            }
        }
        tracing::info!(call = %outcome.call_id, segments = outcome.segments, error = ?outcome.error, "transcribed");
        Ok(outcome)
    }
}

/// The words of a recording as transcript segments in time order, redacted; with the audio's
/// length and the count of redactions.
fn words_of(engine: &Engine, path: &Path) -> Result<(Vec<TranscriptSegment>, f64, u32), String> {
    let speech = scl_transcribe::load(path).map_err(|e| e.to_string())?;
    let mut channels: Vec<Vec<Line>> = Vec::with_capacity(speech.channels.len());
    for channel in speech.channels.iter().take(2) {
        channels.push(engine.transcribe(channel).map_err(|e| e.to_string())?);
    }
    let speakers: Vec<Speaker> = match channels.as_slice() {
        [a, b] => {
            let first = |lines: &[Line]| lines.first().map_or(f64::INFINITY, |l| l.start_s);
            if first(a) <= first(b) {
                vec![Speaker::Agent, Speaker::Customer]
            } else {
                vec![Speaker::Customer, Speaker::Agent]
            }
        }
        _ => vec![Speaker::Customer],
    };
    let mut segments = Vec::new();
    let mut redactions = 0;
    for (lines, speaker) in channels.into_iter().zip(speakers) {
        for line in lines {
            let (text, n) = scl_ingest::redact(&line.text);
            redactions += n;
            segments.push(TranscriptSegment {
                start_s: line.start_s,
                end_s: line.end_s,
                speaker,
                text,
            });
        }
    }
    segments.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    Ok((segments, speech.duration_s, redactions))
}
