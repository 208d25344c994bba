//! A recording's samples, decoded in order, for reading it through once (speech recognition),
//! not for playing. The same checks as playing: a file the player refuses is refused here, by
//! the same name and reason.

use std::path::Path;

use rodio::Source;

use crate::recording::{open, FileDecoder, RecordingInfo, Tracked};
use crate::AudioError;

/// Interleaved samples (`channels` per frame) at `info.sample_rate`, from the first to the
/// last. A decoder that fails part-way ends the stream there (the player does the same).
pub struct Samples {
    inner: Tracked<FileDecoder>,
    pub info: RecordingInfo,
}

impl Iterator for Samples {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.inner.next()
    }
}

/// Opens a recording to read its samples.
pub fn samples(path: &Path) -> Result<Samples, AudioError> {
    let (inner, info) = open(path)?;
    debug_assert_eq!(inner.channels().get(), info.channels);
    Ok(Samples { inner, info })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_frame_of_a_stereo_wav_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.wav");
        // Left rises, right falls: interleaving and order are both visible.
        let interleaved: Vec<f32> = (0..8000)
            .flat_map(|i| {
                let x = i as f32 / 16_000.0;
                [x, -x]
            })
            .collect();
        crate::write_wav(&path, crate::WavEncoding::Pcm16, 8000, 2, &interleaved).unwrap();
        let s = samples(&path).unwrap();
        assert_eq!((s.info.sample_rate, s.info.channels), (8000, 2));
        let got: Vec<f32> = s.collect();
        assert_eq!(got.len(), 16_000);
        for i in [1, 100, 7999] {
            assert!((got[2 * i] - interleaved[2 * i]).abs() < 1e-3, "left {i}");
            assert!(
                (got[2 * i + 1] - interleaved[2 * i + 1]).abs() < 1e-3,
                "right {i}"
            );
        }
    }

    #[test]
    fn refuses_what_the_player_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.wav");
        std::fs::write(&path, b"not audio at all").unwrap();
        assert!(samples(&path).is_err());
    }
}
