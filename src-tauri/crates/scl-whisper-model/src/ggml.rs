//! whisper.cpp's ggml model file, written: the layout its loader (`whisper_model_load`) reads
//! and OpenAI-to-ggml converters produce. All integers are little-endian `i32`.
//!
//! 1. magic `0x67676d6c` ("ggml");
//! 2. hyperparameters: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
//!    n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype (1 = mostly f16;
//!    a quantized file adds 1000 x the quantization version, so Q8_0 is 2007);
//! 3. mel filters: n_mel, n_fft, then n_mel x n_fft f32;
//! 4. vocabulary: count, then each token as length + bytes, in id order;
//! 5. tensors until the end: n_dims, name length, type (0 f32, 1 f16, 8 q8_0), the dimensions
//!    innermost first (a PyTorch `[out, in]` matrix is written `in, out`), the name, the data.

use std::io::Write;

use half::f16;

use crate::pins::Quant;

pub const MAGIC: u32 = 0x6767_6d6c;
/// ggml's `GGML_QNT_VERSION` x `GGML_QNT_VERSION_FACTOR`, added to a quantized file's ftype.
const QNT_VERSION_OFFSET: i32 = 2 * 1000;
/// Values per Q8_0 block.
pub const QK8_0: usize = 32;
/// Bytes per Q8_0 block: an f16 scale and 32 signed bytes.
pub const Q8_0_BLOCK_BYTES: usize = 2 + QK8_0;

/// A tensor's storage type in the file (ggml's `ggml_type` ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorType {
    F32,
    F16,
    Q8_0,
}

impl TensorType {
    pub fn id(self) -> i32 {
        match self {
            TensorType::F32 => 0,
            TensorType::F16 => 1,
            TensorType::Q8_0 => 8,
        }
    }

    /// Bytes the data of `elements` values takes.
    pub fn data_len(self, elements: usize) -> usize {
        match self {
            TensorType::F32 => elements * 4,
            TensorType::F16 => elements * 2,
            TensorType::Q8_0 => elements / QK8_0 * Q8_0_BLOCK_BYTES,
        }
    }
}

/// The file-level `ftype` for a quantization choice.
pub fn file_ftype(quant: Quant) -> i32 {
    match quant {
        Quant::F16 => 1,
        Quant::Q8_0 => QNT_VERSION_OFFSET + 7,
    }
}

/// Whisper's hyperparameters, in the order the file stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
}

fn put(w: &mut impl Write, v: i32) -> std::io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

pub fn write_header(w: &mut impl Write, h: &Hparams, quant: Quant) -> std::io::Result<()> {
    w.write_all(&MAGIC.to_le_bytes())?;
    for v in [
        h.n_vocab,
        h.n_audio_ctx,
        h.n_audio_state,
        h.n_audio_head,
        h.n_audio_layer,
        h.n_text_ctx,
        h.n_text_state,
        h.n_text_head,
        h.n_text_layer,
        h.n_mels,
        file_ftype(quant),
    ] {
        put(w, v)?;
    }
    Ok(())
}

/// The mel filterbank, `n_mel` rows of `n_fft` f32 values.
pub fn write_filters(
    w: &mut impl Write,
    n_mel: usize,
    n_fft: usize,
    data: &[f32],
) -> std::io::Result<()> {
    assert_eq!(data.len(), n_mel * n_fft, "filterbank size");
    put(w, n_mel as i32)?;
    put(w, n_fft as i32)?;
    for v in data {
        w.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// The vocabulary, tokens in id order.
pub fn write_vocab(w: &mut impl Write, tokens: &[Vec<u8>]) -> std::io::Result<()> {
    put(w, tokens.len() as i32)?;
    for t in tokens {
        put(w, t.len() as i32)?;
        w.write_all(t)?;
    }
    Ok(())
}

/// One tensor. `ne` lists the dimensions innermost first; `data` is in row-major order of the
/// reversed dimensions (as PyTorch holds it). Q8_0 needs a multiple of 32 values per row.
pub fn write_tensor(
    w: &mut impl Write,
    name: &str,
    ne: &[usize],
    ty: TensorType,
    data: &[f32],
) -> std::io::Result<()> {
    let elements: usize = ne.iter().product();
    assert_eq!(elements, data.len(), "{name}: shape and data disagree");
    put(w, ne.len() as i32)?;
    put(w, name.len() as i32)?;
    put(w, ty.id())?;
    for &d in ne {
        put(w, d as i32)?;
    }
    w.write_all(name.as_bytes())?;
    match ty {
        TensorType::F32 => {
            for v in data {
                w.write_all(&v.to_le_bytes())?;
            }
        }
        TensorType::F16 => {
            let bytes: Vec<u8> = data
                .iter()
                .flat_map(|&v| f16::from_f32(v).to_le_bytes())
                .collect();
            w.write_all(&bytes)?;
        }
        TensorType::Q8_0 => {
            assert!(
                ne[0].is_multiple_of(QK8_0),
                "{name}: rows must hold whole Q8_0 blocks"
            );
            let mut bytes = vec![0u8; ty.data_len(elements)];
            quantize_q8_0(data, &mut bytes);
            w.write_all(&bytes)?;
        }
    }
    Ok(())
}

/// Quantizes one block of 32 values as ggml's reference `quantize_row_q8_0_ref` does: the
/// scale is the largest magnitude / 127 (stored as f16, rounded to nearest even), each value
/// is `round(x / scale)` with halves away from zero; an all-zero block has scale 0.
pub fn quantize_q8_0_block(x: &[f32; QK8_0]) -> [u8; Q8_0_BLOCK_BYTES] {
    let amax = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let d = amax / 127.0;
    let id = if d != 0.0 { 1.0 / d } else { 0.0 };
    let mut out = [0u8; Q8_0_BLOCK_BYTES];
    out[..2].copy_from_slice(&f16::from_f32(d).to_le_bytes());
    for (o, v) in out[2..].iter_mut().zip(x) {
        *o = ((v * id).round() as i8) as u8;
    }
    out
}

/// Quantizes `x` (a multiple of 32 values) into `out` (34 bytes per 32 values).
pub fn quantize_q8_0(x: &[f32], out: &mut [u8]) {
    assert!(x.len().is_multiple_of(QK8_0), "Q8_0 needs whole blocks");
    assert_eq!(
        out.len(),
        x.len() / QK8_0 * Q8_0_BLOCK_BYTES,
        "Q8_0 output size"
    );
    for (block, dst) in x
        .chunks_exact(QK8_0)
        .zip(out.chunks_exact_mut(Q8_0_BLOCK_BYTES))
    {
        let block: [f32; QK8_0] = std::array::from_fn(|i| block[i]);
        dst.copy_from_slice(&quantize_q8_0_block(&block));
    }
}

/// The values a Q8_0 block stands for (scale x each byte), for checks.
pub fn dequantize_q8_0_block(block: &[u8; Q8_0_BLOCK_BYTES]) -> [f32; QK8_0] {
    let d = f16::from_le_bytes([block[0], block[1]]).to_f32();
    let mut out = [0.0f32; QK8_0];
    for (o, &q) in out.iter_mut().zip(&block[2..]) {
        *o = d * (q as i8) as f32;
    }
    out
}
