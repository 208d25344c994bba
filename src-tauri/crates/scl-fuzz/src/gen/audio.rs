//! Recordings: WAV files with mutated chunk sizes, format tags, rates and channel counts, and
//! MP3 streams of frame headers with odd bitrates, rates and Xing frame counts.

use fastrand::Rng;

use super::{chance, pick};

pub fn recording(rng: &mut Rng) -> Vec<u8> {
    if chance(rng, 2) {
        wav(rng)
    } else {
        mp3(rng)
    }
}

fn u32_field(sensible: u32, rng: &mut Rng) -> u32 {
    match rng.u8(0..10) {
        0 => 0,
        1 => u32::MAX,
        2 => rng.u32(..),
        3 => sensible.wrapping_add(rng.u32(0..8)).wrapping_sub(4),
        4 => 0x8000_0000,
        _ => sensible,
    }
}

fn u16_field(sensible: u16, rng: &mut Rng) -> u16 {
    match rng.u8(0..10) {
        0 => 0,
        1 => u16::MAX,
        2 => rng.u16(..),
        3 => sensible.wrapping_add(rng.u16(0..4)).wrapping_sub(2),
        _ => sensible,
    }
}

fn wav(rng: &mut Rng) -> Vec<u8> {
    // (format tag, bits): PCM 8/16, float, A-law, mu-law, extensible, ADPCM.
    let (tag, bits) = *pick(
        rng,
        &[
            &(1u16, 16u16),
            &(1, 8),
            &(1, 24),
            &(3, 32),
            &(6, 8),
            &(7, 8),
            &(0xFFFE, 16),
            &(2, 4),
        ],
    );
    let channels = u16_field(*pick(rng, &[&1u16, &2]), rng);
    let rate = u32_field(*pick(rng, &[&8000u32, &16000, &44100, &48000]), rng);
    let bits = u16_field(bits, rng);
    let block = u16_field(channels.wrapping_mul(bits / 8).max(1), rng);
    let byte_rate = u32_field(rate.wrapping_mul(u32::from(block)), rng);
    let mut fmt = Vec::new();
    fmt.extend_from_slice(&tag.to_le_bytes());
    fmt.extend_from_slice(&channels.to_le_bytes());
    fmt.extend_from_slice(&rate.to_le_bytes());
    fmt.extend_from_slice(&byte_rate.to_le_bytes());
    fmt.extend_from_slice(&block.to_le_bytes());
    fmt.extend_from_slice(&bits.to_le_bytes());
    if tag == 0xFFFE || chance(rng, 5) {
        fmt.extend_from_slice(&u16_field(22, rng).to_le_bytes());
        fmt.extend_from_slice(&bits.to_le_bytes());
        fmt.extend_from_slice(&u32_field(4, rng).to_le_bytes());
        let sub = *pick(rng, &[&1u16, &3, &6, &7, &0x55]);
        fmt.extend_from_slice(&sub.to_le_bytes());
        fmt.extend_from_slice(b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71");
    }
    let data_len = *pick(rng, &[&0usize, &1, &2, &7, &160, &1600, &8000]);
    let data: Vec<u8> = if chance(rng, 2) {
        vec![*pick(rng, &[&0u8, &0x80, &0xff, &0x7f]); data_len]
    } else {
        (0..data_len).map(|_| rng.u8(..)).collect()
    };

    let mut body = b"WAVE".to_vec();
    let mut chunks: Vec<(&[u8; 4], Vec<u8>, u32)> = vec![
        (b"fmt ", fmt.clone(), fmt.len() as u32),
        (b"data", data.clone(), data.len() as u32),
    ];
    if chance(rng, 4) {
        let extra = (0..rng.usize(0..40))
            .map(|_| rng.u8(..))
            .collect::<Vec<_>>();
        let len = extra.len() as u32;
        let at = rng.usize(0..=chunks.len());
        chunks.insert(
            at,
            (
                pick(rng, &[b"LIST", b"fact", b"JUNK", b"\0\0\0\0"]),
                extra,
                len,
            ),
        );
    }
    if chance(rng, 8) {
        chunks.swap(0, 1);
    }
    if chance(rng, 12) {
        chunks.remove(rng.usize(0..chunks.len()));
    }
    for (id, bytes, len) in chunks {
        body.extend_from_slice(id);
        body.extend_from_slice(&u32_field(len, rng).to_le_bytes());
        body.extend_from_slice(&bytes);
        if bytes.len() % 2 == 1 && chance(rng, 2) {
            body.push(0);
        }
    }
    let mut doc = pick(rng, &[b"RIFF", b"RIFF", b"RIFF", b"RF64", b"RIFX"]).to_vec();
    doc.extend_from_slice(&u32_field(body.len() as u32, rng).to_le_bytes());
    doc.extend_from_slice(&body);
    doc
}

const BITRATES_V1: [u32; 16] = [
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0,
];
const BITRATES_V2: [u32; 16] = [
    0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0,
];

fn mp3(rng: &mut Rng) -> Vec<u8> {
    let mut doc = Vec::new();
    if chance(rng, 4) {
        // An ID3v2 tag with a syncsafe size that may not match what follows.
        let small = rng.u32(0..4096);
        let size = *pick(rng, &[&0u32, &10, &100, &0x0FFF_FFFF, &small]);
        doc.extend_from_slice(b"ID3\x04\x00");
        doc.push(*pick(rng, &[&0u8, &0x10, &0xff]));
        for shift in [21, 14, 7, 0] {
            doc.push(((size >> shift) & 0x7f) as u8);
        }
        let present = rng.usize(0..=(size as usize).min(512));
        doc.extend((0..present).map(|_| rng.u8(..)));
    }
    // One stream's header, mostly kept for every frame as encoders do.
    let version = *pick(rng, &[&3u8, &3, &2, &0, &1]);
    let layer = *pick(rng, &[&1u8, &1, &1, &2, &3, &0]);
    let mut bitrate_index = rng.u8(0..16);
    let rate_index = *pick(rng, &[&0u8, &0, &1, &2, &3]);
    let mode = rng.u8(0..4);
    let frames = *pick(rng, &[&0usize, &1, &2, &5, &20, &60]);
    for frame in 0..frames {
        if chance(rng, 10) {
            bitrate_index = rng.u8(0..16);
        }
        let padding = rng.u8(0..2);
        let header = [
            0xFF,
            0xE0 | (version << 3) | (layer << 1) | u8::from(chance(rng, 4)),
            (bitrate_index << 4) | (rate_index << 2) | (padding << 1),
            mode << 6,
        ];
        doc.extend_from_slice(&header);
        let len = frame_len(version, bitrate_index, rate_index, padding);
        let len = if chance(rng, 10) {
            rng.usize(0..2000)
        } else {
            len
        };
        let mut body = vec![0u8; len.saturating_sub(4)];
        if frame == 0 && chance(rng, 2) {
            xing(rng, &mut body, version, mode);
        }
        if chance(rng, 3) {
            body.iter_mut().for_each(|b| *b = rng.u8(..));
        }
        doc.extend_from_slice(&body);
    }
    if chance(rng, 6) {
        doc.extend_from_slice(b"TAG");
        doc.extend((0..125).map(|_| rng.u8(..)));
    }
    doc
}

fn frame_len(version: u8, bitrate_index: u8, rate_index: u8, padding: u8) -> usize {
    let base_rate = [44_100u32, 48_000, 32_000, 0][usize::from(rate_index & 3)];
    let (rate, bitrate, factor) = match version {
        3 => (base_rate, BITRATES_V1[usize::from(bitrate_index & 15)], 144),
        2 => (
            base_rate / 2,
            BITRATES_V2[usize::from(bitrate_index & 15)],
            72,
        ),
        _ => (
            base_rate / 4,
            BITRATES_V2[usize::from(bitrate_index & 15)],
            72,
        ),
    };
    if rate == 0 || bitrate == 0 {
        return 417;
    }
    (factor * bitrate * 1000 / rate + u32::from(padding)) as usize
}

/// A Xing/Info header (frame and byte counts that decoders take the length from).
fn xing(rng: &mut Rng, body: &mut Vec<u8>, version: u8, mode: u8) {
    let side_info = match (version == 3, mode == 3) {
        (true, false) => 32,
        (true, true) => 17,
        (false, false) => 17,
        (false, true) => 9,
    };
    let mut tag = pick(rng, &[b"Xing", b"Info"]).to_vec();
    tag.extend_from_slice(&u32_field(0x0F, rng).to_be_bytes());
    tag.extend_from_slice(&u32_field(rng.u32(0..100_000), rng).to_be_bytes());
    tag.extend_from_slice(&u32_field(rng.u32(0..10_000_000), rng).to_be_bytes());
    tag.extend((0..100u8).map(|i| i.wrapping_mul(2)));
    tag.extend_from_slice(&u32_field(50, rng).to_be_bytes());
    if body.len() < side_info + tag.len() {
        body.resize(side_info + tag.len(), 0);
    }
    body[side_info..side_info + tag.len()].copy_from_slice(&tag);
}

/// A FLAC stream header (STREAMINFO with odd block sizes, rates, channels, bit depths and
/// sample counts) or an Ogg page, followed by a few random bytes of frames.
pub fn flac_or_ogg(rng: &mut Rng) -> Vec<u8> {
    let mut doc = Vec::new();
    if chance(rng, 2) {
        doc.extend_from_slice(b"fLaC");
        doc.push(if chance(rng, 4) { rng.u8(..) } else { 0x80 });
        doc.extend_from_slice(&[0, 0, 34]);
        let min_block = u16_field(4096, rng);
        let max_block = u16_field(4096, rng);
        doc.extend_from_slice(&min_block.to_be_bytes());
        doc.extend_from_slice(&max_block.to_be_bytes());
        doc.extend_from_slice(&u32_field(0, rng).to_be_bytes()[1..]);
        doc.extend_from_slice(&u32_field(0, rng).to_be_bytes()[1..]);
        // 20 bits of rate, 3 of channels - 1, 5 of bits - 1, 36 of total samples.
        let rate = u64::from(u32_field(8000, rng) & 0xF_FFFF);
        let channels = u64::from(rng.u8(0..8));
        let odd_bits = rng.u8(0..32);
        let bits = u64::from(*pick(rng, &[&15u8, &7, &23, &31, &0, &odd_bits]));
        let total = u64::from(u32_field(16_000, rng)) & 0xF_FFFF_FFFF;
        let packed = (rate << 44) | (channels << 41) | (bits << 36) | total;
        doc.extend_from_slice(&packed.to_be_bytes());
        doc.extend((0..16).map(|_| rng.u8(..)));
        for _ in 0..rng.usize(0..6) {
            doc.extend_from_slice(&[0xFF, 0xF8 | rng.u8(0..2), rng.u8(..), rng.u8(..)]);
            doc.extend((0..rng.usize(0..600)).map(|_| rng.u8(..)));
        }
    } else {
        for page in 0..rng.usize(1..4) {
            doc.extend_from_slice(b"OggS\0");
            doc.push(if page == 0 { 2 } else { rng.u8(0..8) });
            doc.extend_from_slice(&u32_field(0, rng).to_le_bytes());
            doc.extend_from_slice(&u32_field(0, rng).to_le_bytes());
            doc.extend_from_slice(&u32_field(1, rng).to_le_bytes());
            doc.extend_from_slice(&u32_field(page as u32, rng).to_le_bytes());
            doc.extend_from_slice(&rng.u32(..).to_le_bytes());
            let segments = rng.u8(0..4);
            doc.push(segments);
            let lens: Vec<u8> = (0..segments).map(|_| rng.u8(..)).collect();
            doc.extend_from_slice(&lens);
            if page == 0 {
                doc.extend_from_slice(b"\x01vorbis\0\0\0\0");
                doc.push(rng.u8(0..3));
                doc.extend_from_slice(&u32_field(8000, rng).to_le_bytes());
            }
            for len in lens {
                doc.extend((0..len).map(|_| rng.u8(..)));
            }
        }
    }
    doc
}
