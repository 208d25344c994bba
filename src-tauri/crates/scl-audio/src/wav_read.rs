//! Reading WAV samples ourselves: PCM and G.711 are a table lookup per byte.
//!
//! symphonia refuses G.711 WAV files whose fmt chunk is 16 bytes long (it wants 18), and some
//! recorders write exactly that. Reading the data chunk directly also makes seeking exact and
//! instant: a byte offset.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::Duration;

use rodio::source::SeekError;
use rodio::{ChannelCount, Sample, SampleRate, Source};

use crate::sniff::{WavEncoding, WavLayout};
use crate::AudioError;

/// A table from each byte to its sample, for the one-byte encodings.
pub(crate) fn byte_table(encoding: WavEncoding) -> Option<Box<[f32; 256]>> {
    let decode: fn(u8) -> i16 = match encoding {
        WavEncoding::MuLaw => mu_law,
        WavEncoding::ALaw => a_law,
        WavEncoding::Pcm8 => |b| (i16::from(b) - 128) << 8,
        WavEncoding::Pcm16 => return None,
    };
    let mut table = Box::new([0.0f32; 256]);
    for (b, slot) in table.iter_mut().enumerate() {
        *slot = f32::from(decode(b as u8)) / 32768.0;
    }
    Some(table)
}

/// G.711 mu-law to 16-bit linear (ITU-T G.711, as every telephony stack decodes it).
pub(crate) fn mu_law(byte: u8) -> i16 {
    let u = !byte;
    let exponent = (u >> 4) & 7;
    let magnitude = ((i16::from(u & 0x0f) << 3) + 0x84) << exponent;
    let value = magnitude - 0x84;
    if u & 0x80 != 0 {
        -value
    } else {
        value
    }
}

/// G.711 A-law to 16-bit linear.
pub(crate) fn a_law(byte: u8) -> i16 {
    let a = byte ^ 0x55;
    let exponent = (a >> 4) & 7;
    let mantissa = i16::from(a & 0x0f);
    let magnitude = match exponent {
        0 => (mantissa << 4) + 8,
        e => ((mantissa << 4) + 0x108) << (e - 1),
    };
    if a & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// The samples of a WAV file's data chunk, read from disk in 16 KiB steps.
pub(crate) struct WavSource {
    reader: BufReader<File>,
    layout: WavLayout,
    table: Option<Box<[f32; 256]>>,
    /// Bytes of the data chunk not yet read.
    left: u64,
    bytes: Vec<u8>,
    samples: Vec<Sample>,
    pos: usize,
}

impl WavSource {
    pub fn open(path: &Path, layout: WavLayout) -> Result<WavSource, AudioError> {
        let file = File::open(path).map_err(|e| AudioError::io(path, e))?;
        let mut source = WavSource {
            reader: BufReader::with_capacity(1 << 14, file),
            layout,
            table: byte_table(layout.encoding),
            left: 0,
            bytes: vec![0; 1 << 14],
            samples: Vec::new(),
            pos: 0,
        };
        source
            .jump_to_frame(0)
            .map_err(|e| AudioError::io(path, e))?;
        Ok(source)
    }

    fn jump_to_frame(&mut self, frame: u64) -> std::io::Result<()> {
        let block = u64::from(self.layout.channels) * self.layout.bytes_per_sample();
        let offset = frame.min(self.layout.frames()) * block;
        self.reader
            .seek(SeekFrom::Start(self.layout.data_offset + offset))?;
        self.left = self.layout.frames() * block - offset;
        self.samples.clear();
        self.pos = 0;
        Ok(())
    }

    /// Decodes the next step of bytes; false at the end of the data (or of a file that
    /// shrank since it was opened: the player then simply ends early).
    fn refill(&mut self) -> bool {
        let want = (self.bytes.len() as u64).min(self.left) as usize;
        if want == 0 {
            return false;
        }
        if self.reader.read_exact(&mut self.bytes[..want]).is_err() {
            self.left = 0;
            return false;
        }
        self.left -= want as u64;
        self.samples.clear();
        self.pos = 0;
        let bytes = &self.bytes[..want];
        match &self.table {
            Some(table) => self
                .samples
                .extend(bytes.iter().map(|&b| table[usize::from(b)])),
            None => self.samples.extend(
                bytes
                    .chunks_exact(2)
                    .map(|p| f32::from(i16::from_le_bytes([p[0], p[1]])) / 32768.0),
            ),
        }
        true
    }
}

impl Iterator for WavSource {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        if self.pos >= self.samples.len() && !self.refill() {
            return None;
        }
        let sample = self.samples[self.pos];
        self.pos += 1;
        Some(sample)
    }
}

impl Source for WavSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> ChannelCount {
        ChannelCount::new(self.layout.channels).unwrap_or(ChannelCount::MIN)
    }
    fn sample_rate(&self) -> SampleRate {
        SampleRate::new(self.layout.sample_rate).unwrap_or(SampleRate::MIN)
    }
    fn total_duration(&self) -> Option<Duration> {
        Some(Duration::from_secs_f64(
            self.layout.frames() as f64 / f64::from(self.layout.sample_rate),
        ))
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), SeekError> {
        let frame = (pos.as_secs_f64() * f64::from(self.layout.sample_rate)).round() as u64;
        self.jump_to_frame(frame)
            .map_err(|e| SeekError::Other(std::sync::Arc::new(e)))
    }
}
