//! Reading a WAV header, and what to do when its data size is not the file's.
//!
//! Phone systems write the header first, with a data size of 0, and fix the sizes when the call
//! ends (Asterisk's `format_wav` does exactly this). A call nobody answered leaves a 44-byte
//! file: a header and no audio, an empty recording. A recorder that crashed, or a copy that
//! was cut short, leaves a size that is 0, 0xFFFFFFFF ("unknown", from streaming writers) or
//! larger than the file. The samples of PCM and G.711 need no framing, so what the file holds
//! is read by the file's length, and the header's claim is kept as a [`LengthNote`].

use std::fmt;
use std::fs::File;
use std::path::Path;

use crate::sniff::{read_at, unsupported, WavEncoding};
use crate::AudioError;

/// Where a WAV file's samples are, so the waveform can read them without a decoder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WavLayout {
    pub encoding: WavEncoding,
    pub channels: u16,
    pub sample_rate: u32,
    pub data_offset: u64,
    /// Whole frames only: what the file holds when that differs from the header.
    pub data_len: u64,
    pub note: Option<LengthNote>,
}

impl WavLayout {
    pub fn frames(&self) -> u64 {
        self.data_len / self.block()
    }

    pub fn bytes_per_sample(&self) -> u64 {
        match self.encoding {
            WavEncoding::Pcm16 => 2,
            _ => 1,
        }
    }

    fn block(&self) -> u64 {
        u64::from(self.channels) * self.bytes_per_sample()
    }

    fn seconds(&self, bytes: u64) -> f64 {
        (bytes / self.block()) as f64 / f64::from(self.sample_rate)
    }
}

/// A length in a header (a WAV data size, an MP3's Xing tag) that did not match the file; the
/// recording was read by what the file holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LengthNote {
    /// The header says 0 bytes, yet audio follows: the recorder stopped before it wrote the
    /// size (Asterisk fixes it when the call ends).
    SizeNotWritten { held_s: f64 },
    /// The header says 0xFFFFFFFF, the "length not known" of writers that stream.
    SizeUnknown { held_s: f64 },
    /// The header (or an MP3's Xing tag) promises more than the file holds: cut short by a
    /// crash or a copy.
    CutShort { promised_s: f64, held_s: f64 },
}

impl fmt::Display for LengthNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LengthNote::SizeNotWritten { held_s } => write!(
                f,
                "its WAV header gives no data size (0 bytes, as a recorder leaves it when it \
                 stops before finishing the file); the {held_s:.1} s the file holds are played"
            ),
            LengthNote::SizeUnknown { held_s } => write!(
                f,
                "its WAV header gives the data size as unknown (0xFFFFFFFF); the {held_s:.1} s \
                 the file holds are played"
            ),
            LengthNote::CutShort { promised_s, held_s } => write!(
                f,
                "it is cut short: its header promises {promised_s:.1} s of audio, the file \
                 holds {held_s:.1} s, which are played"
            ),
        }
    }
}

/// The sizes a header can give for a data chunk whose length was not known when it was written.
const SIZE_UNKNOWN: u64 = 0xffff_ffff;

pub(crate) fn wav_layout(
    file: &mut File,
    path: &Path,
    start: u64,
    len: u64,
) -> Result<WavLayout, AudioError> {
    let mut at = start + 12;
    let mut fmt: Option<Vec<u8>> = None;
    loop {
        let header = read_at(file, path, at, 8)?;
        if header.len() < 8 {
            let missing = if fmt.is_none() { "fmt" } else { "data" };
            return Err(AudioError::truncated(
                path,
                format!("it ends before its WAV {missing} chunk"),
            ));
        }
        let size = u64::from(u32::from_le_bytes([
            header[4], header[5], header[6], header[7],
        ]));
        match &header[..4] {
            b"fmt " => fmt = Some(read_at(file, path, at + 8, size.min(40) as usize)?),
            b"data" => {
                let fmt = fmt.ok_or_else(|| {
                    AudioError::corrupt(path, "its WAV data chunk comes before the fmt chunk")
                })?;
                let mut layout = wav_format(&fmt, path, at + 8)?;
                let held = len.saturating_sub(at + 8);
                let whole = |bytes: u64| bytes - bytes % layout.block();
                let (data_len, note) = match size {
                    0 if held == 0 || only_chunks_follow(file, path, at + 8, len)? => (0, None),
                    0 => (
                        whole(held),
                        Some(LengthNote::SizeNotWritten {
                            held_s: layout.seconds(held),
                        }),
                    ),
                    SIZE_UNKNOWN if held < SIZE_UNKNOWN => (
                        whole(held),
                        Some(LengthNote::SizeUnknown {
                            held_s: layout.seconds(held),
                        }),
                    ),
                    size if size > held => (
                        whole(held),
                        Some(LengthNote::CutShort {
                            promised_s: layout.seconds(size),
                            held_s: layout.seconds(held),
                        }),
                    ),
                    size => (whole(size), None),
                };
                layout.data_len = data_len;
                layout.note = note;
                return Ok(layout);
            }
            _ => {}
        }
        // Chunks are padded to an even size.
        at += 8 + size + (size & 1);
    }
}

/// Whether the bytes from `at` to the end are whole RIFF chunks (a LIST of tags after an empty
/// data chunk): then a data size of 0 is the truth, not a size left unwritten.
fn only_chunks_follow(file: &mut File, path: &Path, at: u64, len: u64) -> Result<bool, AudioError> {
    let mut at = at;
    for _ in 0..16 {
        if at == len || at + 1 == len {
            return Ok(true);
        }
        let header = read_at(file, path, at, 8)?;
        let named = header.len() == 8
            && header[..4]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b' ');
        if !named {
            return Ok(false);
        }
        let size = u64::from(u32::from_le_bytes([
            header[4], header[5], header[6], header[7],
        ]));
        at += 8 + size + (size & 1);
        if at > len + 1 {
            return Ok(false);
        }
    }
    Ok(false)
}

fn wav_format(fmt: &[u8], path: &Path, data_offset: u64) -> Result<WavLayout, AudioError> {
    if fmt.len() < 16 {
        return Err(AudioError::corrupt(path, "its WAV fmt chunk is too short"));
    }
    let u16_at = |i: usize| u16::from_le_bytes([fmt[i], fmt[i + 1]]);
    let mut code = u16_at(0);
    let channels = u16_at(2);
    let sample_rate = u32::from_le_bytes([fmt[4], fmt[5], fmt[6], fmt[7]]);
    let block_align = u16_at(12);
    let bits = u16_at(14);
    if code == 0xfffe && fmt.len() >= 26 {
        // WAVE_FORMAT_EXTENSIBLE: the real code starts the sub-format GUID.
        code = u16_at(24);
    }
    let encoding = match (code, bits) {
        (1, 8) => WavEncoding::Pcm8,
        (1, 16) => WavEncoding::Pcm16,
        (1, bits) => return Err(unsupported(path, format!("WAV with {bits}-bit PCM"))),
        (6, _) => WavEncoding::ALaw,
        (7, _) => WavEncoding::MuLaw,
        (3, _) => return Err(unsupported(path, "WAV with floating-point samples")),
        (code, _) => {
            let name = match code {
                0x0002 => "Microsoft ADPCM".to_string(),
                0x0011 => "IMA ADPCM".to_string(),
                0x0031 => "GSM 6.10".to_string(),
                0x0040 | 0x0064 => "G.721/G.726 ADPCM".to_string(),
                0x0014 | 0x0042 => "G.723".to_string(),
                0x0055 => "MP3".to_string(),
                0x0133 => "G.729".to_string(),
                other => format!("encoding 0x{other:04x}"),
            };
            return Err(unsupported(path, format!("WAV with {name}")));
        }
    };
    if channels == 0 || sample_rate == 0 {
        return Err(AudioError::corrupt(
            path,
            format!("its WAV header says {channels} channels at {sample_rate} Hz"),
        ));
    }
    let layout = WavLayout {
        encoding,
        channels,
        sample_rate,
        data_offset,
        data_len: 0,
        note: None,
    };
    if u64::from(block_align) != layout.block() {
        return Err(AudioError::corrupt(
            path,
            format!("its WAV block size {block_align} does not fit {channels} channels of {bits}-bit samples"),
        ));
    }
    Ok(layout)
}
