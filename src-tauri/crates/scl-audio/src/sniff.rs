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
use crate::flac_blocks::check_flac_blocks;
use crate::mp3_frames::{find_first_frame, SCAN};
use crate::wav_header::wav_layout;
pub(crate) use crate::wav_header::WavLayout;
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

/// What sniffing learned about a file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sniffed {
    pub format: Format,
    pub wav: Option<WavLayout>,
    /// Where the audio starts: past an ID3 tag and any padding or junk before an MP3's first
    /// frame. The decoder is handed the file from here.
    pub audio_start: u64,
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
            // Padding the tag's size leaves out, or junk: the stream starts further on.
            start = find_first_frame(&mut file, path, start, len)?.ok_or_else(|| {
                AudioError::corrupt(
                    path,
                    format!(
                        "no MPEG audio frame within {} KiB after its ID3 tag",
                        SCAN / 1024
                    ),
                )
            })?;
            head = read_at(&mut file, path, start, HEAD)?;
        }
    }
    let format = match &head[..] {
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => {
            let wav = wav_layout(&mut file, path, start, len)?;
            return Ok(Sniffed {
                format: Format::Wav(wav.encoding),
                wav: Some(wav),
                audio_start: wav.data_offset,
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
            check_flac_blocks(&mut file, path, start, len)?;
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
            None => match find_first_frame(&mut file, path, start, len)? {
                // Zeros or junk before the first frame (a recorder's preallocation, a bad
                // splice): the MP3 stream that follows is played.
                Some(first) => {
                    start = first;
                    check_mp3_start(&mut file, path, start, len)?;
                    check_mp3_end(&mut file, path, len)?;
                    Format::Mp3
                }
                None => {
                    return Err(AudioError::UnknownFormat {
                        path: path.to_path_buf(),
                        first_bytes: hex(&head[..head.len().min(8)]),
                    })
                }
            },
        },
    };
    Ok(Sniffed {
        format,
        wav: None,
        audio_start: start,
    })
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
