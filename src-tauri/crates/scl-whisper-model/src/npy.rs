//! NumPy's `.npy` format (and `.npz`, a zip of them), read without Python: enough for float
//! arrays in C order, which is what OpenAI's `mel_filters.npz` holds.
//!
//! A `.npy` file is the magic `\x93NUMPY`, a version (1.0: 16-bit header length; 2.0 and 3.0:
//! 32-bit), a header that is a Python dict literal (`{'descr': '<f4', 'fortran_order': False,
//! 'shape': (80, 201), }`) padded with spaces and a newline, then the raw values.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{ModelError, Result};

/// A float array, converted to f32, in C (row-major) order.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

const MAGIC: &[u8] = b"\x93NUMPY";

/// Parses a whole `.npy` file. `what` names it in errors.
pub fn parse_npy(bytes: &[u8], what: &str) -> Result<NpyArray> {
    let bad = |detail: String| ModelError::Npy {
        what: what.to_string(),
        detail,
    };
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(bad("not a .npy file (no \\x93NUMPY magic)".into()));
    }
    let (major, minor) = (bytes[6], bytes[7]);
    let (header_len, start): (usize, usize) = match major {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        _ => return Err(bad(format!("unsupported version {major}.{minor}"))),
    };
    let end = start
        .checked_add(header_len)
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| bad(format!("header of {header_len} bytes runs past the end")))?;
    let header =
        std::str::from_utf8(&bytes[start..end]).map_err(|_| bad("header is not text".into()))?;
    let header = parse_header(header).map_err(bad)?;
    if header.fortran_order {
        return Err(bad("Fortran-ordered arrays are not supported".into()));
    }
    let (size, big_endian) = match header.descr.as_str() {
        "<f2" => (2, false),
        "<f4" | "=f4" => (4, false),
        ">f4" => (4, true),
        "<f8" | "=f8" => (8, false),
        ">f8" => (8, true),
        other => return Err(bad(format!("dtype {other} is not supported (floats only)"))),
    };
    let count = header
        .shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| bad("shape overflows".into()))?;
    let payload = &bytes[end..];
    let expected = count
        .checked_mul(size)
        .ok_or_else(|| bad("shape overflows".into()))?;
    if payload.len() != expected {
        return Err(bad(format!(
            "shape {:?} needs {expected} bytes of data, found {}",
            header.shape,
            payload.len()
        )));
    }
    let data = payload
        .chunks_exact(size)
        .map(|c| match (size, big_endian) {
            (2, _) => half::f16::from_le_bytes([c[0], c[1]]).to_f32(),
            (4, false) => f32::from_le_bytes([c[0], c[1], c[2], c[3]]),
            (4, true) => f32::from_be_bytes([c[0], c[1], c[2], c[3]]),
            (_, false) => {
                f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) as f32
            }
            (_, true) => {
                f64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) as f32
            }
        })
        .collect();
    Ok(NpyArray {
        shape: header.shape,
        data,
    })
}

/// Reads array `name` (the member `name.npy`) from a `.npz` file.
pub fn read_npz(path: &Path, name: &str) -> Result<NpyArray> {
    let file = File::open(path).map_err(|e| ModelError::io("open", path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| ModelError::Archive {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let member = format!("{name}.npy");
    let mut entry = zip
        .by_name(&member)
        .map_err(|_| ModelError::MissingMember {
            archive: path.to_path_buf(),
            member: member.clone(),
        })?;
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| ModelError::Archive {
            path: path.to_path_buf(),
            detail: format!("{member}: {e}"),
        })?;
    parse_npy(&bytes, &format!("{}:{member}", path.display()))
}

#[derive(Debug)]
struct Header {
    descr: String,
    fortran_order: bool,
    shape: Vec<usize>,
}

/// Reads the header dict. Only the three keys NumPy writes are understood; any other key is
/// refused rather than guessed at.
fn parse_header(text: &str) -> std::result::Result<Header, String> {
    let mut p = Cursor {
        s: text.trim_end(),
        i: 0,
    };
    p.expect('{')?;
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    loop {
        p.skip_ws();
        if p.eat('}') {
            break;
        }
        let key = p.string()?;
        p.skip_ws();
        p.expect(':')?;
        p.skip_ws();
        match key.as_str() {
            "descr" => descr = Some(p.string()?),
            "fortran_order" => fortran = Some(p.boolean()?),
            "shape" => shape = Some(p.tuple()?),
            other => return Err(format!("unexpected header key {other:?}")),
        }
        p.skip_ws();
        if !p.eat(',') {
            p.skip_ws();
            p.expect('}')?;
            break;
        }
    }
    if p.i != p.s.len() {
        return Err(format!("text after the header dict: {:?}", &p.s[p.i..]));
    }
    Ok(Header {
        descr: descr.ok_or("header has no 'descr'")?,
        fortran_order: fortran.ok_or("header has no 'fortran_order'")?,
        shape: shape.ok_or("header has no 'shape'")?,
    })
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.s[self.i..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.i = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> std::result::Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {c:?} at byte {} of the header", self.i))
        }
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        let quote = match self.rest().chars().next() {
            Some(q @ ('\'' | '"')) => q,
            _ => return Err(format!("expected a quoted string at byte {}", self.i)),
        };
        self.i += 1;
        let len = self
            .rest()
            .find(quote)
            .ok_or_else(|| "unterminated string in the header".to_string())?;
        let value = self.rest()[..len].to_string();
        self.i += len + 1;
        Ok(value)
    }

    fn boolean(&mut self) -> std::result::Result<bool, String> {
        for (word, value) in [("True", true), ("False", false)] {
            if self.rest().starts_with(word) {
                self.i += word.len();
                return Ok(value);
            }
        }
        Err(format!("expected True or False at byte {}", self.i))
    }

    fn tuple(&mut self) -> std::result::Result<Vec<usize>, String> {
        self.expect('(')?;
        let len = self
            .rest()
            .find(')')
            .ok_or_else(|| "unterminated shape tuple".to_string())?;
        let inner = &self.rest()[..len];
        let dims = inner
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.parse::<usize>()
                    .map_err(|_| format!("bad dimension {d:?}"))
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        self.i += len + 1;
        Ok(dims)
    }
}
