//! The flyout's Recording and Transcript section as the app sees it: what a call has to play and
//! read, the orders a listener gives the player, what the player reports back, the listener's
//! preferences, and the formats a transcript is saved in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{LeadId, TranscriptSegment};

/// The slowest and fastest playing speed; voices keep their pitch in between.
pub const MIN_SPEED: f32 = 0.5;
pub const MAX_SPEED: f32 = 2.0;

/// What a lead's call has to listen to and read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CallMedia {
    /// The phone system's identifier of the call (what `scl transcript` takes).
    pub call_id: String,
    /// The recording's file name, when the call has one; the path itself stays in the core.
    pub recording: Option<String>,
    /// Oldest first, as redacted at import.
    pub transcript: Vec<TranscriptSegment>,
}

/// An order to the player, from the Recording section's controls or shortcuts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PlayerOrder {
    Play,
    Pause,
    /// Seconds from the start; the player clamps it to the recording.
    Seek {
        seconds: f64,
    },
    /// [`MIN_SPEED`] to [`MAX_SPEED`].
    Speed {
        value: f32,
    },
    /// 0 to 1.
    Volume {
        value: f32,
    },
    SkipBack,
    SkipForward,
    SkipSilence {
        on: bool,
    },
}

/// How the listener likes to listen: kept across recordings and restarts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlaybackPrefs {
    pub speed: f32,
    pub volume: f32,
    pub skip_silence: bool,
}

impl Default for PlaybackPrefs {
    fn default() -> Self {
        Self {
            speed: 1.0,
            volume: 1.0,
            skip_silence: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaybackError {
    #[error("speed must be between {MIN_SPEED}x and {MAX_SPEED}x (got {0})")]
    Speed(f32),
    #[error("volume must be between 0 and 1 (got {0})")]
    Volume(f32),
    #[error("seek position must be a number of seconds from 0 (got {0})")]
    Seek(f64),
}

impl PlayerOrder {
    /// Refuses values outside the player's range instead of clamping them silently.
    pub fn validate(self) -> Result<Self, PlaybackError> {
        match self {
            PlayerOrder::Speed { value } if !(MIN_SPEED..=MAX_SPEED).contains(&value) => {
                Err(PlaybackError::Speed(value))
            }
            PlayerOrder::Volume { value } if !(0.0..=1.0).contains(&value) => {
                Err(PlaybackError::Volume(value))
            }
            PlayerOrder::Seek { seconds } if !seconds.is_finite() || seconds < 0.0 => {
                Err(PlaybackError::Seek(seconds))
            }
            order => Ok(order),
        }
    }

    /// The preferences after this order (speed, volume and skip silence are remembered).
    pub fn apply_to(self, prefs: PlaybackPrefs) -> PlaybackPrefs {
        match self {
            PlayerOrder::Speed { value } => PlaybackPrefs {
                speed: value,
                ..prefs
            },
            PlayerOrder::Volume { value } => PlaybackPrefs {
                volume: value,
                ..prefs
            },
            PlayerOrder::SkipSilence { on } => PlaybackPrefs {
                skip_silence: on,
                ..prefs
            },
            _ => prefs,
        }
    }
}

/// What the player reports; `Position` about ten times a second while playing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PlaybackEvent {
    Loaded { duration_s: f64, format: String },
    Playing,
    Paused,
    Stopped,
    Position { seconds: f64 },
    Ended,
    Error { message: String },
}

/// A player event and the lead whose recording it is about, so a late event of a recording
/// that was closed is not taken for the one now open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlayerUpdate {
    #[ts(type = "number")]
    pub lead_id: LeadId,
    pub event: PlaybackEvent,
}

/// A recording ready to play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordingOpened {
    #[ts(type = "number")]
    pub lead_id: LeadId,
    pub file_name: String,
    pub format: String,
    pub duration_s: f64,
    /// A recording with no audio at all (0 s): what phone systems leave for a call nobody
    /// answered (Asterisk: a 44-byte WAV header). Shown as such, not as an error.
    pub empty: bool,
    /// The recording plays, but its header was wrong (a size left unwritten, or promising more
    /// than the file holds); says what was read instead.
    pub note: Option<String>,
    pub prefs: PlaybackPrefs,
    /// Why nothing will be heard (no sound device), while the rest still works.
    pub output_problem: Option<String>,
}

/// Peaks under the scrubber: one value per bucket, 0 (silence) to 1 (full scale).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WaveformView {
    pub duration_s: f64,
    pub peaks: Vec<f32>,
}

/// The files a transcript can be saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum TranscriptFormat {
    Txt,
    Vtt,
    Srt,
}

impl TranscriptFormat {
    pub const ALL: [TranscriptFormat; 3] = [Self::Txt, Self::Vtt, Self::Srt];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Vtt => "vtt",
            Self::Srt => "srt",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(code))
    }

    /// Human name for dialogs and buttons.
    pub fn label(self) -> &'static str {
        match self {
            Self::Txt => "Text",
            Self::Vtt => "WebVTT",
            Self::Srt => "SubRip (SRT)",
        }
    }
}

/// A transcript file's name from the call id: letters, digits, `-`, `_` and `.` kept, the rest
/// `_`, so a phone system's id (`1700000000.42`, `CA9f...`) makes a safe file name anywhere.
pub fn transcript_file_name(call_id: &str, format: TranscriptFormat) -> String {
    let stem: String = call_id
        .chars()
        .take(80)
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '_',
        })
        .collect();
    let stem = stem.trim_matches('.');
    let stem = if stem.is_empty() { "call" } else { stem };
    format!("transcript-{stem}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_out_of_range_are_refused_not_clamped() {
        assert!(PlayerOrder::Speed { value: 0.4 }.validate().is_err());
        assert!(PlayerOrder::Speed { value: 2.5 }.validate().is_err());
        assert!(PlayerOrder::Speed { value: f32::NAN }.validate().is_err());
        assert!(PlayerOrder::Volume { value: 1.1 }.validate().is_err());
        assert!(PlayerOrder::Seek { seconds: -1.0 }.validate().is_err());
        assert!(PlayerOrder::Seek {
            seconds: f64::INFINITY
        }
        .validate()
        .is_err());
        assert_eq!(
            PlayerOrder::Speed { value: 1.5 }.validate(),
            Ok(PlayerOrder::Speed { value: 1.5 })
        );
        let message = PlayerOrder::Speed { value: 3.0 }
            .validate()
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("0.5x") && message.contains("2x"),
            "{message}"
        );
    }

    #[test]
    fn speed_volume_and_skip_silence_are_remembered_the_rest_is_not() {
        let prefs = PlaybackPrefs::default();
        let prefs = PlayerOrder::Speed { value: 1.5 }.apply_to(prefs);
        let prefs = PlayerOrder::SkipSilence { on: true }.apply_to(prefs);
        let prefs = PlayerOrder::Seek { seconds: 3.0 }.apply_to(prefs);
        assert_eq!(
            prefs,
            PlaybackPrefs {
                speed: 1.5,
                volume: 1.0,
                skip_silence: true
            }
        );
    }

    #[test]
    fn orders_cross_ipc_tagged_by_kind() {
        let json = serde_json::to_value(PlayerOrder::Seek { seconds: 2.5 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "seek", "seconds": 2.5}));
        let back: PlayerOrder = serde_json::from_str(r#"{"kind":"skip_back"}"#).unwrap();
        assert_eq!(back, PlayerOrder::SkipBack);
    }

    #[test]
    fn file_names_are_safe_whatever_the_call_id() {
        assert_eq!(
            transcript_file_name("1700000000.42", TranscriptFormat::Vtt),
            "transcript-1700000000.42.vtt"
        );
        assert_eq!(
            transcript_file_name("../../etc/passwd", TranscriptFormat::Txt),
            "transcript-_.._etc_passwd.txt"
        );
        assert_eq!(
            transcript_file_name("<script>", TranscriptFormat::Srt),
            "transcript-_script_.srt"
        );
        assert_eq!(
            transcript_file_name("...", TranscriptFormat::Srt),
            "transcript-call.srt"
        );
        assert_eq!(
            TranscriptFormat::from_code("VTT"),
            Some(TranscriptFormat::Vtt)
        );
        assert_eq!(TranscriptFormat::from_code("mp3"), None);
    }
}
