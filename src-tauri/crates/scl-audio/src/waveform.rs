//! Waveform peaks for drawing a recording, cached on disk next to nothing but themselves.
//!
//! WAV files (nearly every phone system's) are read as raw bytes through lookup tables: a
//! 60-minute mu-law call is 29 MB and takes tens of milliseconds. Other formats go through the
//! decoder. Either way the file is streamed, never held whole.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use rodio::Source;

use crate::recording::open;
use crate::sniff::{inspect, WavLayout};
use crate::wav_read::byte_table;
use crate::AudioError;

/// The quietest and loudest sample in one stretch of the recording, -1.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peak {
    pub min: f32,
    pub max: f32,
}

impl Peak {
    const EMPTY: Peak = Peak {
        min: f32::MAX,
        max: f32::MIN,
    };

    fn take(&mut self, sample: f32) {
        self.min = self.min.min(sample);
        self.max = self.max.max(sample);
    }

    fn merge(&mut self, other: Peak) {
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Peaks are kept on a 16-bit grid, so a cached waveform equals a freshly computed one.
    fn quantized(self) -> Peak {
        if self.min > self.max {
            return Peak { min: 0.0, max: 0.0 };
        }
        let q = |x: f32| f32::from(to_i16(x)) / 32767.0;
        Peak {
            min: q(self.min),
            max: q(self.max),
        }
    }
}

pub(crate) fn to_i16(x: f32) -> i16 {
    (x.clamp(-1.0, 1.0) * 32767.0).round() as i16
}

/// `peaks` split the recording into equal stretches, first to last.
#[derive(Debug, Clone, PartialEq)]
pub struct Waveform {
    pub duration_s: f64,
    pub peaks: Vec<Peak>,
}

/// Computes `buckets` peaks without any cache.
#[tracing::instrument(level = "debug")]
pub fn compute_waveform(path: &Path, buckets: usize) -> Result<Waveform, AudioError> {
    let buckets = buckets.max(1);
    let sniffed = inspect(path)?;
    let (fine, duration_s) = match sniffed.wav {
        Some(wav) => (
            wav_peaks(path, &wav, buckets)?,
            wav.frames() as f64 / f64::from(wav.sample_rate),
        ),
        None => decoded_peaks(path, buckets)?,
    };
    Ok(Waveform {
        duration_s,
        peaks: reduce(&fine, buckets),
    })
}

/// Fine peaks are gathered over chunks of about an eighth of a bucket, then merged into
/// buckets: that way the bucket edges fall right even when the length is only estimated.
fn chunk_frames(total_frames: u64, buckets: usize) -> usize {
    (total_frames / (buckets as u64 * 8)).clamp(1, 4096) as usize
}

struct Gatherer {
    chunk_samples: usize,
    in_chunk: usize,
    current: Peak,
    fine: Vec<Peak>,
}

impl Gatherer {
    fn new(chunk_frames: usize, channels: u16) -> Self {
        Self {
            chunk_samples: chunk_frames * usize::from(channels),
            in_chunk: 0,
            current: Peak::EMPTY,
            fine: Vec::new(),
        }
    }

    fn feed(&mut self, samples: impl IntoIterator<Item = f32>) {
        for sample in samples {
            self.current.take(sample);
            self.in_chunk += 1;
            if self.in_chunk == self.chunk_samples {
                self.fine.push(self.current);
                self.current = Peak::EMPTY;
                self.in_chunk = 0;
            }
        }
    }

    fn finish(mut self) -> Vec<Peak> {
        if self.in_chunk > 0 {
            self.fine.push(self.current);
        }
        self.fine
    }
}

fn reduce(fine: &[Peak], buckets: usize) -> Vec<Peak> {
    if fine.is_empty() {
        return vec![Peak { min: 0.0, max: 0.0 }; buckets];
    }
    (0..buckets)
        .map(|b| {
            let from = b * fine.len() / buckets;
            let to = ((b + 1) * fine.len() / buckets).max(from + 1);
            let mut peak = Peak::EMPTY;
            fine[from..to].iter().for_each(|p| peak.merge(*p));
            peak.quantized()
        })
        .collect()
}

fn wav_peaks(path: &Path, wav: &WavLayout, buckets: usize) -> Result<Vec<Peak>, AudioError> {
    let mut file = File::open(path).map_err(|e| AudioError::io(path, e))?;
    file.seek(SeekFrom::Start(wav.data_offset))
        .map_err(|e| AudioError::io(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 16, file).take(wav.data_len);
    let table = byte_table(wav.encoding);
    let mut gatherer = Gatherer::new(chunk_frames(wav.frames(), buckets), wav.channels);
    let mut bytes = vec![0u8; 1 << 16];
    let mut carry: Option<u8> = None;
    loop {
        let n = reader
            .read(&mut bytes)
            .map_err(|e| AudioError::io(path, e))?;
        if n == 0 {
            break;
        }
        match &table {
            Some(table) => gatherer.feed(bytes[..n].iter().map(|&b| table[usize::from(b)])),
            None => {
                // 16-bit samples may straddle two reads.
                let mut chunk = &bytes[..n];
                if let Some(low) = carry.take() {
                    gatherer.feed([f32::from(i16::from_le_bytes([low, chunk[0]])) / 32768.0]);
                    chunk = &chunk[1..];
                }
                let pairs = chunk.chunks_exact(2);
                carry = pairs.remainder().first().copied();
                gatherer.feed(pairs.map(|p| f32::from(i16::from_le_bytes([p[0], p[1]])) / 32768.0));
            }
        }
    }
    Ok(gatherer.finish())
}

fn decoded_peaks(path: &Path, buckets: usize) -> Result<(Vec<Peak>, f64), AudioError> {
    let (decoder, info) = open(path)?;
    let total = (info.duration_s * f64::from(info.sample_rate)) as u64;
    let mut gatherer = Gatherer::new(chunk_frames(total, buckets), decoder.channels().get());
    gatherer.feed(decoder);
    Ok((gatherer.finish(), info.duration_s))
}
