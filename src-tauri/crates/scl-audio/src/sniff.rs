//! Telling a recording's format from its first bytes, before any decoder sees it.
//!
//! Decoders answer "unrecognized format" for anything they do not play; sniffing first lets us
//! name what the file really is ("AAC/M4A is not supported"), and catch files cut short by an
//! interrupted copy, which decoders would otherwise play as silently shorter recordings.

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::container_checks::{
    check_flac, check_mp3_end, check_mp3_start, check_ogg_end, ogg_codec,
};
use crate::AudioError;

/// A format the player plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Wav(WavEncoding),
    Mp3,
    OggVorbis,
    Flac,
}

/// The sample encodings of WAV files that phone systems write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WavEncoding {
    /// Unsigned 8-bit PCM.
    Pcm8,
    /// Signed 16-bit little-endian PCM.
    Pcm16,
    /// G.711 mu-law (North America, Japan).
    MuLaw,
    /// G.711 A-law (Europe, most of the rest).
    ALaw,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Wav(WavEncoding::Pcm8) => "WAV (PCM 8-bit)",
            Format::Wav(WavEncoding::Pcm16) => "WAV (PCM 16-bit)",
            Format::Wav(WavEncoding::MuLaw) => "WAV (G.711 mu-law)",
            Format::Wav(WavEncoding::ALaw) => "WAV (G.711 A-law)",
            Format::Mp3 => "MP3",
            Format::OggVorbis => "Ogg Vorbis",
            Format::Flac => "FLAC",
        })
    }
}

impl Format {
    /// The extension decoders take as a hint; it spares them probing every format in turn.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Wav(_) => "wav",
            Format::Mp3 => "mp3",
            Format::OggVorbis => "ogg",
            Format::Flac => "flac",
        }
    }
}

/// Where a WAV file's samples are, so the waveform can read them without a decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WavLayout {
    pub encoding: WavEncoding,
    pub channels: u16,
    pub sample_rate: u32,
    pub data_offset: u64,
    pub data_len: u64,
}

impl WavLayout {
    pub fn frames(&self) -> u64 {
        self.data_len / u64::from(self.channels) / self.bytes_per_sample()
    }

    pub fn bytes_per_sample(&self) -> u64 {
        match self.encoding {
            WavEncoding::Pcm16 => 2,
            _ => 1,
        }
    }
}

/// What sniffing learned about a file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sniffed {
    pub format: Format,
    pub wav: Option<WavLayout>,
}

/// The recording's format, or why it cannot be played.
#[tracing::instrument(level = "debug")]
pub fn sniff(path: &Path) -> Result<Format, AudioError> {
    inspect(path).map(|s| s.format)
}

/// Bytes read to decide; enough for a WAV header without extras and an Ogg first page.
pub(crate) const HEAD: usize = 512;

pub(crate) fn inspect(path: &Path) -> Result<Sniffed, AudioError> {
    let mut file = File::open(path).map_err(|e| AudioError::io(path, e))?;
    let len = file.metadata().map_err(|e| AudioError::io(path, e))?.len();
    if len == 0 {
        return Err(AudioError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut head = read_at(&mut file, path, 0, HEAD)?;
    let mut start = 0u64;
    if head.starts_with(b"ID3") {
        // An ID3v2 tag (title, artist, cover art) can sit before MP3 and even FLAC data.
        if head.len() < 10 {
            return Err(AudioError::truncated(path, "it ends inside its ID3 tag"));
        }
        let size = head[6..10]
            .iter()
            .fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7f));
        let footer = if head[5] & 0x10 != 0 { 10 } else { 0 };
        start = 10 + size + footer;
        if start >= len {
            return Err(AudioError::truncated(path, "it ends inside its ID3 tag"));
        }
        head = read_at(&mut file, path, start, HEAD)?;
        if mpeg_layer(&head).is_none() && !head.starts_with(b"fLaC") && !is_adts(&head) {
            return Err(AudioError::corrupt(
                path,
                "no MPEG audio frame follows its ID3 tag",
            ));
        }
    }
    let format = match &head[..] {
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => {
            let wav = wav_layout(&mut file, path, start, len)?;
            return Ok(Sniffed {
                format: Format::Wav(wav.encoding),
                wav: Some(wav),
            });
        }
        [b'R', b'I', b'F', b'F', _, _, _, _, kind @ ..] if kind.len() >= 4 => {
            // A RIFF type is four printable characters ("AVI ", "RMID"); anything else is damage.
            let kind = &kind[..4];
            if !kind.iter().all(|b| b.is_ascii_alphanumeric() || *b == b' ') {
                return Err(AudioError::corrupt(path, "its RIFF header is damaged"));
            }
            let kind = String::from_utf8_lossy(kind).trim().to_string();
            return Err(AudioError::unsupported(path, format!("RIFF '{kind}'")));
        }
        [b'R', b'I', b'F', b'X', ..] => return Err(unsupported(path, "big-endian WAV (RIFX)")),
        [b'R', b'F', b'6', b'4', ..] => return Err(unsupported(path, "RF64 (64-bit WAV)")),
        [b'f', b'L', b'a', b'C', ..] => {
            check_flac(&head, path)?;
            Format::Flac
        }
        [b'O', b'g', b'g', b'S', ..] => {
            ogg_codec(&head, path)?;
            check_ogg_end(&mut file, path, len)?;
            Format::OggVorbis
        }
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => {
            return Err(unsupported(path, mp4_kind(&head[8..])));
        }
        [b'#', b'!', b'A', b'M', b'R', ..] => return Err(unsupported(path, "AMR")),
        [0x1a, 0x45, 0xdf, 0xa3, ..] => return Err(unsupported(path, "WebM/Matroska")),
        [b'F', b'O', b'R', b'M', _, _, _, _, b'A', b'I', b'F', _, ..] => {
            return Err(unsupported(path, "AIFF"))
        }
        [b'.', b's', b'n', b'd', ..] => return Err(unsupported(path, "Sun/NeXT AU")),
        [0x30, 0x26, 0xb2, 0x75, ..] => return Err(unsupported(path, "WMA/ASF")),
        [b'M', b'T', b'h', b'd', ..] => return Err(unsupported(path, "MIDI")),
        _ if is_adts(&head) => return Err(unsupported(path, "AAC (ADTS)")),
        _ => match mpeg_layer(&head) {
            Some(3) => {
                check_mp3_start(&mut file, path, start, len)?;
                check_mp3_end(&mut file, path, len)?;
                Format::Mp3
            }
            Some(layer) => {
                return Err(unsupported(
                    path,
                    format!("MPEG audio Layer {}", if layer == 2 { "II" } else { "I" }),
                ))
            }
            None => {
                return Err(AudioError::UnknownFormat {
                    path: path.to_path_buf(),
                    first_bytes: hex(&head[..head.len().min(8)]),
                })
            }
        },
    };
    Ok(Sniffed { format, wav: None })
}

pub(crate) fn unsupported(path: &Path, found: impl Into<String>) -> AudioError {
    AudioError::unsupported(path, found)
}

pub(crate) fn read_at(
    file: &mut File,
    path: &Path,
    at: u64,
    max: usize,
) -> Result<Vec<u8>, AudioError> {
    file.seek(SeekFrom::Start(at))
        .map_err(|e| AudioError::io(path, e))?;
    let mut buf = Vec::with_capacity(max);
    file.take(max as u64)
        .read_to_end(&mut buf)
        .map_err(|e| AudioError::io(path, e))?;
    Ok(buf)
}

fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{} …", parts.join(" "))
}

/// The MPEG audio layer (1, 2 or 3) when `head` starts with a plausible frame header.
pub(crate) fn mpeg_layer(head: &[u8]) -> Option<u8> {
    let [a, b, c, ..] = *head else { return None };
    let sync = a == 0xff && b & 0xe0 == 0xe0;
    let version_ok = (b >> 3) & 3 != 1;
    let layer = match (b >> 1) & 3 {
        1 => 3,
        2 => 2,
        3 => 1,
        _ => return None,
    };
    // Bitrate index 15 and sample-rate index 3 are invalid: such bytes are not a frame.
    let header_ok = c >> 4 != 15 && (c >> 2) & 3 != 3;
    (sync && version_ok && header_ok).then_some(layer)
}

/// AAC in ADTS frames shares MPEG's sync word but has layer bits 00.
fn is_adts(head: &[u8]) -> bool {
    matches!(head, [0xff, b, ..] if b & 0xf6 == 0xf0)
}

fn mp4_kind(brand: &[u8]) -> String {
    let brand = String::from_utf8_lossy(&brand[..brand.len().min(4)]).to_string();
    match brand.as_str() {
        b if b.starts_with("3g") => "3GP (AMR/AAC)".to_string(),
        "qt  " => "QuickTime (MOV)".to_string(),
        _ => "AAC/M4A".to_string(),
    }
}

fn wav_layout(file: &mut File, path: &Path, start: u64, len: u64) -> Result<WavLayout, AudioError> {
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
                let layout = wav_format(&fmt, path, at + 8, size)?;
                let held = len.saturating_sub(at + 8);
                if size > held {
                    let seconds = |bytes: u64| {
                        bytes as f64
                            / (layout.sample_rate as f64
                                * f64::from(layout.channels)
                                * layout.bytes_per_sample() as f64)
                    };
                    return Err(AudioError::truncated(
                        path,
                        format!(
                            "its header promises {:.1} s of audio, the file holds {:.1} s",
                            seconds(size),
                            seconds(held)
                        ),
                    ));
                }
                return Ok(layout);
            }
            _ => {}
        }
        // Chunks are padded to an even size.
        at += 8 + size + (size & 1);
    }
}

fn wav_format(
    fmt: &[u8],
    path: &Path,
    data_offset: u64,
    data_len: u64,
) -> Result<WavLayout, AudioError> {
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
        data_len,
    };
    if u64::from(block_align) != u64::from(channels) * layout.bytes_per_sample() {
        return Err(AudioError::corrupt(
            path,
            format!("its WAV block size {block_align} does not fit {channels} channels of {bits}-bit samples"),
        ));
    }
    Ok(layout)
}
