//! The FLAC metadata blocks checked before a decoder sees them. symphonia 0.5 believes every
//! length inside a block: a VORBIS_COMMENT entry or a PICTURE field that claims 4 GB is
//! allocated as 4 GB, whatever the block's own length says, and an APPLICATION block shorter
//! than its 4-byte id wraps below zero. A recording damaged there must be refused as damaged,
//! not take the computer's memory; so every length is held to what holds it (the block, and the
//! block to the file) here first.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use crate::AudioError;

const STREAMINFO: u8 = 0;
const APPLICATION: u8 = 2;
const VORBIS_COMMENT: u8 = 4;
const PICTURE: u8 = 6;
/// "Invalid, to avoid confusion with a frame sync code" (RFC 9639, section 8.1).
const FORBIDDEN: u8 = 127;

fn block_name(kind: u8) -> String {
    match kind {
        0 => "STREAMINFO".into(),
        1 => "PADDING".into(),
        2 => "APPLICATION".into(),
        3 => "SEEKTABLE".into(),
        4 => "VORBIS_COMMENT".into(),
        5 => "CUESHEET".into(),
        6 => "PICTURE".into(),
        other => format!("type {other}"),
    }
}

/// Walks the metadata blocks of a FLAC stream that starts (`fLaC`) at `start` in a file of
/// `len` bytes: each block ends inside the file, and each length inside a comment or picture
/// block fits in its block. Reads a few bytes per length, never a whole block.
pub(crate) fn check_flac_blocks(
    file: &mut File,
    path: &Path,
    start: u64,
    len: u64,
) -> Result<(), AudioError> {
    let io = |e| AudioError::io(path, e);
    let mut reader = BufReader::new(file);
    let mut at = start + 4;
    for number in 1u32.. {
        reader.seek(SeekFrom::Start(at)).map_err(io)?;
        let mut header = [0u8; 4];
        if read_exact_or_short(&mut reader, &mut header).map_err(io)? < 4 {
            return Err(AudioError::truncated(
                path,
                format!("it ends inside the header of FLAC metadata block {number}"),
            ));
        }
        let last = header[0] & 0x80 != 0;
        let kind = header[0] & 0x7f;
        let size = u64::from(u32::from_be_bytes([0, header[1], header[2], header[3]]));
        let name = block_name(kind);
        if kind == FORBIDDEN {
            return Err(AudioError::corrupt(
                path,
                format!("its FLAC metadata block {number} has the forbidden type 127"),
            ));
        }
        if kind == STREAMINFO && number > 1 {
            return Err(AudioError::corrupt(
                path,
                format!("its FLAC metadata block {number} is a second STREAMINFO"),
            ));
        }
        let body = at + 4;
        if body + size > len {
            return Err(AudioError::truncated(
                path,
                format!(
                    "its FLAC metadata block {number} ({name}) says {size} bytes, past the file's end \
                     ({} bytes left)",
                    len.saturating_sub(body)
                ),
            ));
        }
        let mut block = Block {
            reader: &mut reader,
            left: size,
        };
        let fits = match kind {
            APPLICATION => size >= 4,
            VORBIS_COMMENT => block.comments_fit().map_err(io)?,
            PICTURE => block.picture_fits().map_err(io)?,
            _ => true,
        };
        if !fits {
            return Err(AudioError::corrupt(
                path,
                format!(
                    "its FLAC metadata block {number} ({name}, {size} bytes) holds a length \
                     longer than the block"
                ),
            ));
        }
        at = body + size;
        if last {
            break;
        }
    }
    Ok(())
}

/// Reads into `buf` until it is full or the source ends; returns how much was read.
fn read_exact_or_short(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The unread rest of one metadata block.
struct Block<'r, R> {
    reader: &'r mut R,
    left: u64,
}

impl<R: Read + Seek> Block<'_, R> {
    /// A 4-byte length from inside the block, or `None` when the block has no 4 bytes left.
    fn length(&mut self, big_endian: bool) -> std::io::Result<Option<u64>> {
        if self.left < 4 {
            return Ok(None);
        }
        let mut bytes = [0u8; 4];
        if read_exact_or_short(self.reader, &mut bytes)? < 4 {
            return Ok(None);
        }
        self.left -= 4;
        let value = if big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        };
        Ok(Some(u64::from(value)))
    }

    /// Skips `n` bytes if the block holds them.
    fn skip(&mut self, n: u64) -> std::io::Result<bool> {
        if n > self.left {
            return Ok(false);
        }
        self.reader.seek_relative(n as i64)?;
        self.left -= n;
        Ok(true)
    }

    /// A length, then that many bytes, inside the block.
    fn sized_field(&mut self, big_endian: bool) -> std::io::Result<bool> {
        match self.length(big_endian)? {
            Some(n) => self.skip(n),
            None => Ok(false),
        }
    }

    /// Vorbis comments (little-endian lengths): the vendor string, a count, then each comment.
    fn comments_fit(&mut self) -> std::io::Result<bool> {
        if !self.sized_field(false)? {
            return Ok(false);
        }
        let Some(count) = self.length(false)? else {
            return Ok(false);
        };
        // Each comment takes at least its 4-byte length, so a count past that is false.
        if count > self.left / 4 {
            return Ok(false);
        }
        for _ in 0..count {
            if !self.sized_field(false)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A picture (big-endian lengths): type, media type, description, four numbers, then data.
    fn picture_fits(&mut self) -> std::io::Result<bool> {
        Ok(self.skip(4)?
            && self.sized_field(true)?
            && self.sized_field(true)?
            && self.skip(16)?
            && self.sized_field(true)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A FLAC head: `fLaC`, a STREAMINFO (44.1 kHz) and then `blocks`, the last one marked.
    fn flac(blocks: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let mut out = b"fLaC".to_vec();
        let mut info = vec![0u8; 34];
        info[10..13].copy_from_slice(&[0x0a, 0xc4, 0x40]);
        let mut all = vec![(STREAMINFO, info)];
        all.extend(blocks.iter().cloned());
        let n = all.len();
        for (i, (kind, body)) in all.into_iter().enumerate() {
            let last = if i + 1 == n { 0x80 } else { 0 };
            out.push(kind | last);
            out.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
            out.extend_from_slice(&body);
        }
        out.extend_from_slice(&[0xff, 0xf8, 0, 0]);
        out
    }

    fn comments(vendor: &[u8], entries: &[&[u8]], count: u32) -> Vec<u8> {
        let mut b = (vendor.len() as u32).to_le_bytes().to_vec();
        b.extend_from_slice(vendor);
        b.extend_from_slice(&count.to_le_bytes());
        for e in entries {
            b.extend_from_slice(&(e.len() as u32).to_le_bytes());
            b.extend_from_slice(e);
        }
        b
    }

    fn check(bytes: &[u8]) -> Result<(), AudioError> {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        let path = Path::new("x.flac");
        check_flac_blocks(&mut file, path, 0, bytes.len() as u64)
    }

    #[test]
    fn well_formed_blocks_pass() {
        let c = comments(
            b"reference libFLAC 1.4.3",
            &[b"TITLE=Call 1001", b"ARTIST=PBX"],
            2,
        );
        let mut pic = 3u32.to_be_bytes().to_vec();
        pic.extend_from_slice(&9u32.to_be_bytes());
        pic.extend_from_slice(b"image/png");
        pic.extend_from_slice(&0u32.to_be_bytes());
        pic.extend_from_slice(&[0; 16]);
        pic.extend_from_slice(&3u32.to_be_bytes());
        pic.extend_from_slice(&[1, 2, 3]);
        let app = b"abcdpayload".to_vec();
        check(&flac(&[
            (VORBIS_COMMENT, c),
            (PICTURE, pic),
            (APPLICATION, app),
            (1, vec![0; 100]),
        ]))
        .unwrap();
    }

    #[test]
    fn a_comment_longer_than_its_block_is_corrupt() {
        let mut c = comments(b"v", &[b"TITLE=x"], 1);
        let at = 4 + 1 + 4;
        c[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = check(&flac(&[(VORBIS_COMMENT, c)]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("block 2 (VORBIS_COMMENT"), "{err}");
        assert!(err.contains("longer than the block"), "{err}");
    }

    #[test]
    fn a_comment_count_past_the_block_is_corrupt() {
        let c = comments(b"v", &[b"A=1"], 4_000_000_000);
        assert!(check(&flac(&[(VORBIS_COMMENT, c)])).is_err());
    }

    #[test]
    fn a_vendor_string_past_the_block_is_corrupt() {
        let mut c = comments(b"vendor", &[], 0);
        c[..4].copy_from_slice(&1_000_000u32.to_le_bytes());
        assert!(check(&flac(&[(VORBIS_COMMENT, c)])).is_err());
    }

    #[test]
    fn picture_data_past_the_block_is_corrupt() {
        let mut pic = 3u32.to_be_bytes().to_vec();
        pic.extend_from_slice(&0u32.to_be_bytes());
        pic.extend_from_slice(&0u32.to_be_bytes());
        pic.extend_from_slice(&[0; 16]);
        pic.extend_from_slice(&u32::MAX.to_be_bytes());
        let err = check(&flac(&[(PICTURE, pic)])).unwrap_err().to_string();
        assert!(err.contains("PICTURE"), "{err}");
    }

    #[test]
    fn an_application_block_shorter_than_its_id_is_corrupt() {
        assert!(check(&flac(&[(APPLICATION, vec![1, 2])])).is_err());
    }

    #[test]
    fn a_block_past_the_file_end_is_truncated() {
        let mut bytes = flac(&[(1, vec![0; 10])]);
        // The padding block now claims 1 MB.
        let at = 4 + 4 + 34 + 1;
        bytes[at..at + 3].copy_from_slice(&[0x10, 0, 0]);
        let err = check(&bytes).unwrap_err();
        assert!(matches!(err, AudioError::Truncated { .. }), "{err}");
        assert!(err.to_string().contains("block 2 (PADDING)"), "{err}");
    }

    #[test]
    fn the_forbidden_type_and_a_second_streaminfo_are_corrupt() {
        assert!(check(&flac(&[(FORBIDDEN, vec![])])).is_err());
        assert!(check(&flac(&[(STREAMINFO, vec![0; 34])])).is_err());
    }
}
