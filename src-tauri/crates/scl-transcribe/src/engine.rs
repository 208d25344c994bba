//! The Whisper model, loaded once, and what it hears on one channel of a call.

use std::path::Path;

use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

use crate::audio::WHISPER_RATE;
use crate::chunks::pieces;
use crate::TranscribeError;

/// A line Whisper heard, with its times in seconds from the start of the channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub start_s: f64,
    pub end_s: f64,
    pub text: String,
}

/// A loaded ggml Whisper model. Loading costs a second or two and the model's size in memory,
/// so one engine serves every call.
pub struct Engine {
    context: WhisperContext,
    threads: u16,
    name: String,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("name", &self.name)
            .field("threads", &self.threads)
            .finish()
    }
}

impl Engine {
    /// Loads a ggml model file. `threads` is how many cores Whisper may use (1 is often
    /// fastest on a busy two-core machine: its workers spin while they wait).
    pub fn load(path: &Path, threads: u16) -> Result<Engine, TranscribeError> {
        whisper_rs::install_logging_hooks();
        let model = |reason: String| TranscribeError::Model {
            path: path.display().to_string(),
            reason,
        };
        if !path.is_file() {
            return Err(model("no such file".into()));
        }
        let context = WhisperContext::new_with_params(path, WhisperContextParameters::default())
            .map_err(|e| model(e.to_string()))?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Engine {
            context,
            threads: threads.max(1),
            name,
        })
    }

    /// The model's name, as a transcript records it (the file name without its extension).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What is said on one channel (16 kHz), piece by piece, in order; repeated lines dropped.
    pub fn transcribe(&self, samples: &[f32]) -> Result<Vec<Line>, TranscribeError> {
        let mut lines: Vec<Line> = Vec::new();
        let mut state = self
            .context
            .create_state()
            .map_err(|e| TranscribeError::Whisper(e.to_string()))?;
        for piece in pieces(samples, WHISPER_RATE) {
            let offset = piece.start as f64 / f64::from(WHISPER_RATE);
            let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
            params.set_n_threads(i32::from(self.threads));
            params.set_language(Some("auto"));
            // Each piece on its own: text carried over from the last piece is how Whisper
            // starts repeating itself.
            params.set_no_context(true);
            params.set_suppress_blank(true);
            params.set_print_special(false);
            params.set_print_progress(false);
            params.set_print_realtime(false);
            params.set_print_timestamps(false);
            state
                .full(params, &samples[piece.clone()])
                .map_err(|e| TranscribeError::Whisper(e.to_string()))?;
            let piece_end = piece.end as f64 / f64::from(WHISPER_RATE);
            for segment in state.as_iter() {
                let text = segment
                    .to_str_lossy()
                    .map_err(|e| TranscribeError::Whisper(e.to_string()))?
                    .trim()
                    .to_string();
                let start_s = offset + segment.start_timestamp() as f64 / 100.0;
                let end_s = (offset + segment.end_timestamp() as f64 / 100.0).min(piece_end);
                push_line(
                    &mut lines,
                    Line {
                        start_s,
                        end_s: end_s.max(start_s),
                        text,
                    },
                );
            }
        }
        Ok(lines)
    }
}

/// Adds a line unless it says nothing, only names a sound ("[BLANK_AUDIO]", "(music)"), or
/// repeats one of the two before it (Whisper's loops on hold music and repeated phrases).
fn push_line(lines: &mut Vec<Line>, line: Line) {
    let words = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let text = line.text.trim();
    let annotation = (text.starts_with('[') && text.ends_with(']'))
        || (text.starts_with('(') && text.ends_with(')'));
    let said = words(text);
    if said.is_empty() || annotation {
        return;
    }
    if lines.iter().rev().take(2).any(|l| words(&l.text) == said) {
        return;
    }
    lines.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, at: f64) -> Line {
        Line {
            start_s: at,
            end_s: at + 1.0,
            text: text.into(),
        }
    }

    #[test]
    fn repeated_and_empty_lines_are_dropped() {
        let mut lines = Vec::new();
        for (text, at) in [
            ("How much is a tune-up?", 0.0),
            ("How much is a tune up", 1.0),
            ("[BLANK_AUDIO]", 2.0),
            ("  ", 3.0),
            ("(phone ringing)", 3.5),
            ("Thanks for holding.", 4.0),
            ("Thanks for holding.", 5.0),
            ("Eighty-nine dollars.", 6.0),
            ("How much is a tune-up?", 7.0),
        ] {
            push_line(&mut lines, line(text, at));
        }
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "How much is a tune-up?",
                "Thanks for holding.",
                "Eighty-nine dollars.",
                "How much is a tune-up?"
            ]
        );
    }

    #[test]
    fn a_missing_model_is_refused_by_its_path() {
        let err = Engine::load(Path::new("/nowhere/ggml-base.bin"), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the speech model /nowhere/ggml-base.bin cannot be used: no such file"
        );
    }
}
