//! Byte-level mutations of a document: bit flips, interesting bytes and integers, splices with
//! another seed, truncations, duplications, and the reader's own tokens.

use fastrand::Rng;

/// Inputs are cut to this size: readers are linear in their input, and small inputs keep the
/// run at tens of thousands of inputs a second.
pub const MAX_INPUT: usize = 256 << 10;

const INTERESTING_BYTES: &[u8] = &[
    0, 1, 0x7f, 0x80, 0xff, 0xfe, 0xc3, 0xe2, 0xf0, b'\n', b'\r', b'"', b',', b';', b'\t', b'\\',
    b'{', b'}', b'[', b']', b':', b'-', b'>', b'<', b'.', b' ', b'0', b'9',
];

const INTERESTING_U32: &[u32] = &[
    0,
    1,
    2,
    7,
    8,
    16,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x1_0000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_fffe,
    0xffff_ffff,
];

/// Applies one to eight stacked mutations.
pub fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, seeds: &[Vec<u8>], dictionary: &[&[u8]]) {
    for _ in 0..rng.usize(1..=8) {
        mutate_once(rng, bytes, seeds, dictionary);
    }
}

fn mutate_once(rng: &mut Rng, bytes: &mut Vec<u8>, seeds: &[Vec<u8>], dictionary: &[&[u8]]) {
    let len = bytes.len();
    match rng.u8(0..12) {
        0 if len > 0 => {
            let at = rng.usize(0..len);
            bytes[at] ^= 1 << rng.u8(0..8);
        }
        1 if len > 0 => {
            let at = rng.usize(0..len);
            bytes[at] = INTERESTING_BYTES[rng.usize(0..INTERESTING_BYTES.len())];
        }
        2 if len >= 4 => {
            // Sizes, rates and counts in binary headers.
            let at = rng.usize(0..=len - 4);
            let value = INTERESTING_U32[rng.usize(0..INTERESTING_U32.len())];
            let value = if rng.bool() {
                value
            } else {
                value.wrapping_neg()
            };
            let width = if rng.bool() { 4 } else { 2 };
            bytes[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
        }
        3 if len > 0 => bytes.truncate(rng.usize(0..len)),
        4 if len > 0 => {
            let start = rng.usize(0..len);
            let end = rng.usize(start..=len.min(start + 64));
            bytes.drain(start..end);
        }
        5 if len > 0 => {
            // Duplication: rows, cues and frames repeated, sometimes many times.
            let start = rng.usize(0..len);
            let end = rng.usize(start..=len.min(start + 4096));
            let copies = if rng.u8(0..8) == 0 {
                rng.usize(2..200)
            } else {
                1
            };
            let chunk = bytes[start..end].to_vec();
            let at = rng.usize(0..=len);
            let mut insert = Vec::with_capacity(chunk.len() * copies);
            for _ in 0..copies {
                insert.extend_from_slice(&chunk);
            }
            bytes.splice(at..at, insert);
        }
        6 if !seeds.is_empty() => {
            // Splice: the head of this document, the tail of another.
            let other = &seeds[rng.usize(0..seeds.len())];
            let cut = rng.usize(0..=len);
            let from = rng.usize(0..=other.len());
            bytes.truncate(cut);
            bytes.extend_from_slice(&other[from..]);
        }
        7 if !dictionary.is_empty() => {
            let token = dictionary[rng.usize(0..dictionary.len())];
            let at = rng.usize(0..=len);
            bytes.splice(at..at, token.iter().copied());
        }
        8 => {
            let at = rng.usize(0..=len);
            let random: Vec<u8> = (0..rng.usize(1..32)).map(|_| rng.u8(..)).collect();
            bytes.splice(at..at, random);
        }
        9 if len > 0 => {
            // Line endings: readers split on \n, \r\n and sometimes \r.
            let at = rng.usize(0..len);
            let ending: &[u8] = match rng.u8(0..4) {
                0 => b"\r\n",
                1 => b"\r",
                2 => b"\n\n",
                _ => b"\n",
            };
            bytes.splice(at..at, ending.iter().copied());
        }
        10 if len > 1 => {
            let a = rng.usize(0..len);
            let b = rng.usize(0..len);
            bytes.swap(a, b);
        }
        _ if len > 0 => {
            // A run of one byte: long fields, long digit strings, long nesting.
            let at = rng.usize(0..=len);
            let byte = INTERESTING_BYTES[rng.usize(0..INTERESTING_BYTES.len())];
            let run = rng.usize(1..2048);
            bytes.splice(at..at, std::iter::repeat_n(byte, run));
        }
        _ => bytes.extend((0..rng.usize(1..64)).map(|_| rng.u8(..))),
    }
    bytes.truncate(MAX_INPUT);
}
