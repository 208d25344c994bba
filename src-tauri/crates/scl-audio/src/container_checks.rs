//! Whether a file that starts like a format holds together as one: cut short by an
//! interrupted copy, or damaged after its first bytes. Decoders tend to play such files as
//! silently shorter recordings or to skip to the first part they understand.

use std::fs::File;
use std::path::Path;

use crate::mp3_frames::parse_frame;
use crate::sniff::{read_at, unsupported, HEAD};
use crate::AudioError;

pub(crate) fn check_flac(head: &[u8], path: &Path) -> Result<(), AudioError> {
    // "fLaC", then the STREAMINFO block: a 4-byte block header and 34 bytes.
    if head.len() < 42 {
        return Err(AudioError::truncated(
            path,
            "it ends inside its FLAC header",
        ));
    }
    if head[4] & 0x7f != 0 || u32::from_be_bytes([0, head[5], head[6], head[7]]) != 34 {
        return Err(AudioError::corrupt(
            path,
            "its first FLAC metadata block is not a STREAMINFO",
        ));
    }
    let info = &head[8..42];
    let rate = (u32::from(info[10]) << 12) | (u32::from(info[11]) << 4) | u32::from(info[12] >> 4);
    if rate == 0 || rate > 655_350 {
        return Err(AudioError::corrupt(
            path,
            format!("its FLAC header says {rate} Hz"),
        ));
    }
    Ok(())
}

/// Ogg is a container: the codec is named by the first packet of the first page.
pub(crate) fn ogg_codec(head: &[u8], path: &Path) -> Result<(), AudioError> {
    let Some(&segments) = head.get(26) else {
        return Err(AudioError::truncated(
            path,
            "it ends inside its first Ogg page",
        ));
    };
    let payload = head.get(27 + usize::from(segments)..).unwrap_or_default();
    match payload {
        [1, b'v', b'o', b'r', b'b', b'i', b's', ..] => Ok(()),
        [b'O', b'p', b'u', b's', b'H', b'e', b'a', b'd', ..] => {
            Err(unsupported(path, "Opus in Ogg"))
        }
        [b'S', b'p', b'e', b'e', b'x', ..] => Err(unsupported(path, "Speex in Ogg")),
        [0x7f, b'F', b'L', b'A', b'C', ..] => Err(unsupported(path, "FLAC in Ogg")),
        [0x80, b't', b'h', b'e', b'o', b'r', b'a', ..] => {
            Err(unsupported(path, "Ogg Theora video"))
        }
        [] if head.len() < HEAD => Err(AudioError::truncated(
            path,
            "it ends inside its first Ogg page",
        )),
        _ => Err(AudioError::corrupt(
            path,
            "its first Ogg page holds no known codec header",
        )),
    }
}

/// A complete Ogg stream ends exactly at the end of a page marked end-of-stream.
pub(crate) fn check_ogg_end(file: &mut File, path: &Path, len: u64) -> Result<(), AudioError> {
    // A page is at most 27 + 255 + 255 * 255 bytes long.
    const MAX_PAGE: u64 = 27 + 255 + 255 * 255;
    let from = len.saturating_sub(MAX_PAGE);
    let tail = read_at(file, path, from, MAX_PAGE as usize)?;
    let ends_here = |p: usize| -> Option<bool> {
        let page = tail.get(p..)?;
        let segments = usize::from(*page.get(26)?);
        let table = page.get(27..27 + segments)?;
        let body: usize = table.iter().map(|&s| usize::from(s)).sum();
        let page_len = 27 + segments + body;
        (page_len == page.len()).then_some(page[5] & 0x04 != 0)
    };
    let last_page = (0..tail.len().saturating_sub(3))
        .rev()
        .filter(|&p| &tail[p..p + 4] == b"OggS")
        .find_map(ends_here);
    match last_page {
        Some(true) => Ok(()),
        Some(false) => Err(AudioError::truncated(
            path,
            "its last Ogg page is not marked as the end of the stream",
        )),
        None => Err(AudioError::truncated(
            path,
            "it ends in the middle of an Ogg page",
        )),
    }
}

/// The byte length of the MPEG Layer III frame whose header starts `h`, if it is one.
fn mp3_frame_len(h: &[u8]) -> Option<u64> {
    parse_frame(h).map(|frame| frame.len)
}

/// The first frames of an MP3 follow each other back to back; when they do not, what follows
/// the first header is damaged (decoders would skip it silently and start somewhere later).
pub(crate) fn check_mp3_start(
    file: &mut File,
    path: &Path,
    start: u64,
    len: u64,
) -> Result<(), AudioError> {
    let mut at = start;
    for _ in 0..3 {
        let header = read_at(file, path, at, 4)?;
        if at >= len {
            return Ok(());
        }
        match mp3_frame_len(&header) {
            Some(frame) => at += frame,
            None if at > start => {
                return Err(AudioError::corrupt(
                    path,
                    format!("no MP3 frame where one should start (byte {at})"),
                ))
            }
            // Free format: the length is not in the header; leave it to the decoder.
            None => return Ok(()),
        }
    }
    Ok(())
}

/// A whole MP3 ends with a whole frame (maybe followed by tags). One cut short ends inside a
/// frame whose header says it runs past the end of the file. Only the tail is read.
pub(crate) fn check_mp3_end(file: &mut File, path: &Path, len: u64) -> Result<(), AudioError> {
    const TAIL: u64 = 16 * 1024;
    let from = len.saturating_sub(TAIL);
    let tail = read_at(file, path, from, TAIL as usize)?;
    let end = tail.len() as u64;
    let mut cut_short = false;
    for start in 0..tail.len().saturating_sub(4) {
        // Follow the chain of frames from here; two or more linked frames are no accident.
        let (mut at, mut frames) = (start as u64, 0);
        while let Some(frame) = tail.get(at as usize..).and_then(mp3_frame_len) {
            if at + frame > end {
                cut_short |= frames >= 1;
                break;
            }
            at += frame;
            frames += 1;
        }
        if frames >= 2
            && (at == end
                || tail[at as usize..].starts_with(b"TAG")
                || tail[at as usize..].starts_with(b"APETAGEX"))
        {
            return Ok(());
        }
    }
    if cut_short {
        return Err(AudioError::truncated(
            path,
            "it ends in the middle of an MP3 frame",
        ));
    }
    Ok(())
}
