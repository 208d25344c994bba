//! A recording as Whisper reads it: each channel apart, at 16 kHz, f32.

use std::path::Path;

use rubato::{FftFixedIn, Resampler};

use crate::TranscribeError;

/// Whisper's sample rate.
pub const WHISPER_RATE: u32 = 16_000;
/// Input frames per resampling step.
const CHUNK: usize = 1024;

/// A call's audio: one signal per channel (on a stereo recording, usually one per party).
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    pub channels: Vec<Vec<f32>>,
    pub duration_s: f64,
}

/// Decodes a recording (every format the player plays) and brings it to 16 kHz.
pub fn load(path: &Path) -> Result<Speech, TranscribeError> {
    let samples = scl_audio::samples(path)?;
    let info = samples.info;
    let count = usize::from(info.channels.max(1));
    let mut channels = vec![Vec::new(); count];
    for (i, s) in samples.enumerate() {
        channels[i % count].push(s);
    }
    let frames = channels[0].len();
    let channels = channels
        .into_iter()
        .map(|c| resample(&c, info.sample_rate))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Speech {
        channels,
        duration_s: frames as f64 / f64::from(info.sample_rate.max(1)),
    })
}

/// One channel to [`WHISPER_RATE`], same length in time.
pub fn resample(input: &[f32], rate: u32) -> Result<Vec<f32>, TranscribeError> {
    if rate == WHISPER_RATE || input.is_empty() {
        return Ok(input.to_vec());
    }
    let bad = |e: String| TranscribeError::Audio(format!("resampling from {rate} Hz: {e}"));
    let mut r = FftFixedIn::<f32>::new(rate as usize, WHISPER_RATE as usize, CHUNK, 2, 1)
        .map_err(|e| bad(e.to_string()))?;
    let wanted = (input.len() as u64 * u64::from(WHISPER_RATE)).div_ceil(u64::from(rate)) as usize;
    let delay = r.output_delay();
    let mut out = Vec::with_capacity(wanted + delay + CHUNK * 2);
    let mut at = 0;
    while input.len() - at >= r.input_frames_next() {
        let n = r.input_frames_next();
        let got = r
            .process(&[&input[at..at + n]], None)
            .map_err(|e| bad(e.to_string()))?;
        out.extend_from_slice(&got[0]);
        at += n;
    }
    if at < input.len() {
        let got = r
            .process_partial(Some(&[&input[at..]]), None)
            .map_err(|e| bad(e.to_string()))?;
        out.extend_from_slice(&got[0]);
    }
    // The resampler holds `delay` frames back: flush them with empty input.
    while out.len() < wanted + delay {
        let got = r
            .process_partial::<&[f32]>(None, None)
            .map_err(|e| bad(e.to_string()))?;
        if got[0].is_empty() {
            break;
        }
        out.extend_from_slice(&got[0]);
    }
    let end = (delay + wanted).min(out.len());
    Ok(out[delay.min(end)..end].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_audio_doubles_in_samples_and_keeps_its_pitch() {
        // A 440 Hz tone at 8 kHz for 1 s: 16,000 samples at 16 kHz with the same zero
        // crossings per second.
        let rate = 8_000;
        let tone: Vec<f32> = (0..rate)
            .map(|i| (2.0 * std::f32::consts::PI * 440.0 * i as f32 / rate as f32).sin() * 0.5)
            .collect();
        let out = resample(&tone, rate).unwrap();
        assert_eq!(out.len(), 16_000);
        let crossings = out
            .windows(2)
            .skip(200)
            .take(15_600)
            .filter(|w| w[0] < 0.0 && w[1] >= 0.0)
            .count();
        let expected = 440.0 * 15_600.0 / 16_000.0;
        assert!((crossings as f64 - expected).abs() <= 2.0, "{crossings}");
    }

    #[test]
    fn sixteen_kilohertz_passes_through() {
        let x = vec![0.1, -0.2, 0.3];
        assert_eq!(resample(&x, WHISPER_RATE).unwrap(), x);
    }
}
