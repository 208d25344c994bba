//! MPEG Layer III frames read by their headers alone: where the first one starts, how many
//! there are, and whether the decoder's own idea of the length can be trusted.
//!
//! symphonia 0.5 (rodio's MP3 decoder) takes the length from a Xing/Info or VBRI tag in the
//! first frame; without one it estimates it from the first 16 frames and then, with gapless
//! playback on, stops decoding at that estimate. A variable-bit-rate file without a tag (or
//! with a tag it misses: it looks for the tag 2 bytes early when the frame carries a CRC) was
//! cut short or refused as truncated. Counting the frames is exact and cheap (4 bytes read per
//! frame, a frame is 100-1,500 bytes).

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;
use std::time::Duration;

use crate::sniff::read_at;
use crate::AudioError;

/// One Layer III frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrameHeader {
    /// 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5.
    pub version: u8,
    pub sample_rate: u32,
    pub mono: bool,
    pub has_crc: bool,
    /// Bytes, header included.
    pub len: u64,
}

impl FrameHeader {
    pub fn samples(&self) -> u64 {
        if self.version == 3 {
            1152
        } else {
            576
        }
    }

    /// Frames of one stream keep their version, rate and channel count.
    fn same_stream(&self, other: &FrameHeader) -> bool {
        self.version == other.version
            && self.sample_rate == other.sample_rate
            && self.mono == other.mono
    }

    /// The side information between the header (and CRC) and the main data.
    fn side_info_len(&self) -> usize {
        match (self.version == 3, self.mono) {
            (true, true) => 17,
            (true, false) => 32,
            (false, true) => 9,
            (false, false) => 17,
        }
    }
}

/// The Layer III frame header at the start of `h`; free-format frames (no bitrate) are not
/// read: their length is not in the header.
pub(crate) fn parse_frame(h: &[u8]) -> Option<FrameHeader> {
    let [a, b, c, d, ..] = *h else { return None };
    if a != 0xff || b & 0xe0 != 0xe0 || (b >> 1) & 3 != 1 {
        return None;
    }
    let version = (b >> 3) & 3;
    let (bitrate_index, rate_index) = (usize::from(c >> 4), usize::from((c >> 2) & 3));
    if version == 1 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    let kbps: [u64; 15] = if version == 3 {
        [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ]
    } else {
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    };
    let rates: [u32; 3] = match version {
        3 => [44100, 48000, 32000],
        2 => [22050, 24000, 16000],
        _ => [11025, 12000, 8000],
    };
    let sample_rate = rates[rate_index];
    let padding = u64::from((c >> 1) & 1);
    let per_frame = if version == 3 { 144 } else { 72 };
    Some(FrameHeader {
        version,
        sample_rate,
        mono: d >> 6 == 3,
        has_crc: b & 1 == 0,
        len: per_frame * kbps[bitrate_index] * 1000 / u64::from(sample_rate) + padding,
    })
}

/// How far past the start (or an ID3 tag) the first frame is looked for.
pub(crate) const SCAN: u64 = 256 * 1024;
/// Frames in a row that make a stream: one header-like pattern can be chance, three are not.
const CHAIN: usize = 3;

/// Where the first frame of an MP3 stream is, from `from` on: the first header that two more
/// frames of the same stream follow back to back (or that frames follow to the file's end).
/// Zeros, junk or an ID3 tag's padding before it are skipped.
pub(crate) fn find_first_frame(
    file: &mut File,
    path: &Path,
    from: u64,
    len: u64,
) -> Result<Option<u64>, AudioError> {
    let window = read_at(file, path, from, (SCAN + 8 * 1024) as usize)?;
    let chained = |p: usize| -> bool {
        let Some(first) = parse_frame(&window[p..]) else {
            return false;
        };
        let (mut at, mut frames) = (p as u64 + first.len, 1);
        while frames < CHAIN {
            if from + at == len {
                return true;
            }
            match window.get(at as usize..).and_then(parse_frame) {
                Some(next) if next.same_stream(&first) => {
                    at += next.len;
                    frames += 1;
                }
                _ => return false,
            }
        }
        true
    };
    let limit = window.len().min(SCAN as usize);
    let found = (0..limit).find(|&p| window[p] == 0xff && chained(p));
    Ok(found.map(|p| from + p as u64))
}

/// What the frames of an MP3 say about its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Survey {
    /// The length of the frames the decoder will decode.
    pub duration: Duration,
    /// A Xing/Info or VBRI tag the decoder reads gives the same frame count as the file holds:
    /// the decoder's length (trimmed of the encoder's delay and padding) is exact.
    pub tag_agrees: bool,
    /// Frames the decoder will decode (a tag's frame is not decoded).
    pub audio_frames: u64,
    /// Whole frames in the file, a tag's included.
    pub whole_frames: u64,
    /// The length a tag promises when the file holds fewer frames: cut short.
    pub promised: Option<Duration>,
    pub sample_rate: u32,
    pub channels: u16,
}

/// Counts the frames from the first one at `start` to the end (or to an ID3v1/APE tag). Junk
/// between frames is skipped the way the decoder skips it: up to the next chain of frames.
pub(crate) fn survey(
    file: &mut File,
    path: &Path,
    start: u64,
    len: u64,
) -> Result<Survey, AudioError> {
    let head = read_at(file, path, start, 2048)?;
    let Some(first) = parse_frame(&head) else {
        return Err(AudioError::corrupt(
            path,
            format!("no MP3 frame at byte {start}"),
        ));
    };
    let tag = decoder_tag(&head[..head.len().min(first.len as usize)], &first);
    let mut reader = BufReader::with_capacity(1 << 16, &mut *file);
    reader
        .seek(std::io::SeekFrom::Start(start))
        .map_err(|e| AudioError::io(path, e))?;
    let (mut at, mut frames) = (start, 0u64);
    let mut header = [0u8; 4];
    while at + 4 <= len {
        reader
            .read_exact(&mut header)
            .map_err(|e| AudioError::io(path, e))?;
        match parse_frame(&header) {
            Some(frame) if frame.same_stream(&first) && at + frame.len <= len => {
                frames += 1;
                at += frame.len;
                reader
                    .seek_relative(frame.len as i64 - 4)
                    .map_err(|e| AudioError::io(path, e))?;
            }
            _ => {
                // An ID3v1 or APE tag ends the audio; anything else is junk to sync past.
                if header[..3] == *b"TAG" || header == *b"APET" {
                    break;
                }
                drop(reader);
                match find_first_frame(file, path, at + 1, len)? {
                    Some(next) => at = next,
                    None => break,
                }
                reader = BufReader::with_capacity(1 << 16, &mut *file);
                reader
                    .seek(std::io::SeekFrom::Start(at))
                    .map_err(|e| AudioError::io(path, e))?;
            }
        }
    }
    let decoded = frames.saturating_sub(u64::from(tag.is_some()));
    let tag_agrees = matches!(tag, Some(Some(count)) if u64::from(count) == decoded);
    let length = |frames: u64| {
        Duration::from_secs_f64((frames * first.samples()) as f64 / f64::from(first.sample_rate))
    };
    Ok(Survey {
        duration: length(decoded),
        tag_agrees,
        audio_frames: decoded,
        whole_frames: frames,
        promised: match tag {
            Some(Some(count)) if u64::from(count) > decoded => Some(length(count.into())),
            _ => None,
        },
        sample_rate: first.sample_rate,
        channels: if first.mono { 1 } else { 2 },
    })
}

/// The tag symphonia 0.5 reads in the first frame, found by its rules: a Xing/Info tag right
/// after the side information as if there were no CRC, or a VBRI tag 32 bytes in, with zeros
/// before it. `Some(count)` when it states a frame count; the frame is then not decoded.
fn decoder_tag(frame: &[u8], header: &FrameHeader) -> Option<Option<u32>> {
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(frame.get(at..at + 4)?.try_into().ok()?))
    };
    let xing_at = 4 + header.side_info_len();
    let zeros_to = |end: usize| frame.get(4..end).is_some_and(|s| s.iter().all(|&b| b == 0));
    if let Some(id) = frame.get(xing_at..xing_at + 4) {
        if (id == b"Xing" || id == b"Info") && zeros_to(xing_at) && frame.len() >= xing_at + 8 {
            let flags = be32(xing_at + 4)?;
            return Some((flags & 1 != 0).then(|| be32(xing_at + 8)).flatten());
        }
    }
    if frame.get(36..40) == Some(b"VBRI") && zeros_to(36) && frame.len() >= 62 {
        let version = u16::from_be_bytes([frame[40], frame[41]]);
        if version == 1 {
            return Some(be32(50));
        }
    }
    None
}
