//! CTranslate2 Whisper -> ggml: the same weights under OpenAI's names, with the fused
//! projections split apart, plus the hyperparameters, mel filters and vocabulary whisper.cpp
//! reads from the file.
//!
//! CTranslate2 fuses self-attention's query, key and value into one `linear_0` (rows
//! q | k | v) and cross-attention's key and value into `linear_1` (rows k | v). Whisper has no
//! key bias; CTranslate2 stores zeros there, and any value it held would not change the
//! attention (it adds the same amount to every score of a query, which softmax ignores), so
//! it is dropped. Which tensors are stored as f32, f16 or the chosen weight type follows what
//! whisper.cpp's loader expects: 1-D tensors, positional embeddings and conv biases f32;
//! conv kernels f16; every other matrix f16 or Q8_0.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::ct2::Ct2Model;
use crate::error::{ModelError, Result};
use crate::fetch::write_atomically;
use crate::ggml::{self, Hparams, TensorType, QK8_0};
use crate::npy;
use crate::pins::Quant;
use crate::vocab;

/// What a conversion produced.
#[derive(Debug, Clone)]
pub struct ConvertReport {
    pub out: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    pub tensors: usize,
    pub hparams: Hparams,
    pub vocabulary: &'static str,
    pub vocab_tokens: usize,
    /// The largest magnitude among the key biases dropped (0 for these wheels).
    pub dropped_key_bias: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A big matrix: f16 or Q8_0.
    Matrix,
    /// A convolution kernel: always f16.
    Conv,
    /// f32 as it is (1-D tensors, positional embeddings).
    Float,
    /// A conv bias: f32, shaped `[1, n]` as whisper.cpp wants it.
    ConvBias,
}

/// Which rows of a CTranslate2 variable a tensor takes: all, or part `i` of `k` equal parts
/// (the fused projections).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    All,
    Part(usize, usize),
}

/// One tensor of the output: which CTranslate2 variable it comes from, and which rows.
#[derive(Debug, Clone)]
struct Planned {
    name: String,
    source: String,
    rows: Rows,
    kind: Kind,
}

/// A row of the tables below: Whisper's name (after the block's prefix), CTranslate2's
/// (after the layer's prefix), how it is stored, which rows.
type Entry = (&'static str, &'static str, Kind, Rows);

use Kind::{Conv, ConvBias, Float, Matrix};
use Rows::{All, Part};

const TOP_ENCODER: &[Entry] = &[
    (
        "positional_embedding",
        "position_encodings/encodings",
        Float,
        All,
    ),
    ("conv1.weight", "conv1/weight", Conv, All),
    ("conv1.bias", "conv1/bias", ConvBias, All),
    ("conv2.weight", "conv2/weight", Conv, All),
    ("conv2.bias", "conv2/bias", ConvBias, All),
];

/// Self-attention: `linear_0` is query | key | value; Whisper has no key bias.
const SELF_ATTENTION: &[Entry] = &[
    (
        "attn.query.weight",
        "self_attention/linear_0/weight",
        Matrix,
        Part(0, 3),
    ),
    (
        "attn.query.bias",
        "self_attention/linear_0/bias",
        Float,
        Part(0, 3),
    ),
    (
        "attn.key.weight",
        "self_attention/linear_0/weight",
        Matrix,
        Part(1, 3),
    ),
    (
        "attn.value.weight",
        "self_attention/linear_0/weight",
        Matrix,
        Part(2, 3),
    ),
    (
        "attn.value.bias",
        "self_attention/linear_0/bias",
        Float,
        Part(2, 3),
    ),
    (
        "attn.out.weight",
        "self_attention/linear_1/weight",
        Matrix,
        All,
    ),
    ("attn.out.bias", "self_attention/linear_1/bias", Float, All),
    (
        "attn_ln.weight",
        "self_attention/layer_norm/gamma",
        Float,
        All,
    ),
    ("attn_ln.bias", "self_attention/layer_norm/beta", Float, All),
];

/// Cross-attention: `linear_0` is the query, `linear_1` is key | value, `linear_2` the output.
const CROSS_ATTENTION: &[Entry] = &[
    (
        "cross_attn.query.weight",
        "attention/linear_0/weight",
        Matrix,
        All,
    ),
    (
        "cross_attn.query.bias",
        "attention/linear_0/bias",
        Float,
        All,
    ),
    (
        "cross_attn.key.weight",
        "attention/linear_1/weight",
        Matrix,
        Part(0, 2),
    ),
    (
        "cross_attn.value.weight",
        "attention/linear_1/weight",
        Matrix,
        Part(1, 2),
    ),
    (
        "cross_attn.value.bias",
        "attention/linear_1/bias",
        Float,
        Part(1, 2),
    ),
    (
        "cross_attn.out.weight",
        "attention/linear_2/weight",
        Matrix,
        All,
    ),
    ("cross_attn.out.bias", "attention/linear_2/bias", Float, All),
    (
        "cross_attn_ln.weight",
        "attention/layer_norm/gamma",
        Float,
        All,
    ),
    (
        "cross_attn_ln.bias",
        "attention/layer_norm/beta",
        Float,
        All,
    ),
];

const MLP: &[Entry] = &[
    ("mlp.0.weight", "ffn/linear_0/weight", Matrix, All),
    ("mlp.0.bias", "ffn/linear_0/bias", Float, All),
    ("mlp.2.weight", "ffn/linear_1/weight", Matrix, All),
    ("mlp.2.bias", "ffn/linear_1/bias", Float, All),
    ("mlp_ln.weight", "ffn/layer_norm/gamma", Float, All),
    ("mlp_ln.bias", "ffn/layer_norm/beta", Float, All),
];

const END_ENCODER: &[Entry] = &[
    ("ln_post.weight", "layer_norm/gamma", Float, All),
    ("ln_post.bias", "layer_norm/beta", Float, All),
];

const TOP_DECODER: &[Entry] = &[
    (
        "positional_embedding",
        "position_encodings/encodings",
        Float,
        All,
    ),
    ("token_embedding.weight", "embeddings/weight", Matrix, All),
];

const END_DECODER: &[Entry] = &[
    ("ln.weight", "layer_norm/gamma", Float, All),
    ("ln.bias", "layer_norm/beta", Float, All),
];

fn expand(out: &mut Vec<Planned>, name_prefix: &str, source_prefix: &str, table: &[Entry]) {
    out.extend(table.iter().map(|&(name, source, kind, rows)| Planned {
        name: format!("{name_prefix}.{name}"),
        source: format!("{source_prefix}/{source}"),
        rows,
        kind,
    }));
}

fn bad(detail: impl Into<String>) -> ModelError {
    ModelError::Convert {
        detail: detail.into(),
    }
}

/// Reads the hyperparameters off the variables' shapes and the head counts.
pub fn hparams(model: &Ct2Model) -> Result<Hparams> {
    if model.spec_name != "WhisperSpec" {
        return Err(bad(format!(
            "{} holds a {}, not a WhisperSpec",
            model.path().display(),
            model.spec_name
        )));
    }
    let shape = |name: &str| -> Result<Vec<usize>> { Ok(model.variable(name)?.shape.clone()) };
    let count_layers = |prefix: &str| {
        (0..)
            .take_while(|i| model.has(&format!("{prefix}/layer_{i}/ffn/linear_0/weight")))
            .count()
    };
    let emb = shape("decoder/embeddings/weight")?;
    let enc_pos = shape("encoder/position_encodings/encodings")?;
    let dec_pos = shape("decoder/position_encodings/encodings")?;
    let conv1 = shape("encoder/conv1/weight")?;
    if emb.len() != 2 || enc_pos.len() != 2 || dec_pos.len() != 2 || conv1.len() != 3 {
        return Err(bad("unexpected ranks of the embedding or conv tensors"));
    }
    let as_i32 = |v: usize| i32::try_from(v).map_err(|_| bad(format!("{v} is too large")));
    let h = Hparams {
        n_vocab: as_i32(emb[0])?,
        n_audio_ctx: as_i32(enc_pos[0])?,
        n_audio_state: as_i32(enc_pos[1])?,
        n_audio_head: model.int_scalar("encoder/num_heads")? as i32,
        n_audio_layer: as_i32(count_layers("encoder"))?,
        n_text_ctx: as_i32(dec_pos[0])?,
        n_text_state: as_i32(emb[1])?,
        n_text_head: model.int_scalar("decoder/num_heads")? as i32,
        n_text_layer: as_i32(count_layers("decoder"))?,
        n_mels: as_i32(conv1[1])?,
    };
    if h.n_audio_state != h.n_text_state || conv1[0] != enc_pos[1] || dec_pos[1] != emb[1] {
        return Err(bad(format!(
            "encoder and decoder widths differ ({h:?}); whisper.cpp needs them equal"
        )));
    }
    if h.n_audio_layer == 0 || h.n_text_layer == 0 {
        return Err(bad("no encoder or decoder layers found"));
    }
    // whisper.cpp computes the logits with the token embedding itself.
    let projection = "decoder/projection/weight";
    if model.has(projection) && model.alias_of(projection) != Some("decoder/embeddings/weight") {
        return Err(bad("the output projection is not the token embedding"));
    }
    if model.int_scalar("decoder/scale_embeddings").unwrap_or(0) != 0 {
        return Err(bad("the decoder scales its embeddings; Whisper does not"));
    }
    Ok(h)
}

/// Every output tensor, in file order, with its source.
fn tensor_plan(h: &Hparams) -> Vec<Planned> {
    let mut out = Vec::new();
    expand(&mut out, "encoder", "encoder", TOP_ENCODER);
    for i in 0..h.n_audio_layer {
        let (name, source) = (format!("encoder.blocks.{i}"), format!("encoder/layer_{i}"));
        expand(&mut out, &name, &source, SELF_ATTENTION);
        expand(&mut out, &name, &source, MLP);
    }
    expand(&mut out, "encoder", "encoder", END_ENCODER);
    expand(&mut out, "decoder", "decoder", TOP_DECODER);
    for i in 0..h.n_text_layer {
        let (name, source) = (format!("decoder.blocks.{i}"), format!("decoder/layer_{i}"));
        expand(&mut out, &name, &source, SELF_ATTENTION);
        expand(&mut out, &name, &source, CROSS_ATTENTION);
        expand(&mut out, &name, &source, MLP);
    }
    expand(&mut out, "decoder", "decoder", END_DECODER);
    out
}

/// The key biases CTranslate2 stores and Whisper does not have: their largest magnitude.
fn dropped_key_bias(model: &Ct2Model, h: &Hparams) -> Result<f32> {
    let n = h.n_audio_state as usize;
    let mut sources = Vec::new();
    for i in 0..h.n_audio_layer {
        sources.push(format!("encoder/layer_{i}/self_attention/linear_0/bias"));
    }
    for i in 0..h.n_text_layer {
        sources.push(format!("decoder/layer_{i}/self_attention/linear_0/bias"));
    }
    let mut max = 0.0f32;
    for s in &sources {
        let (_, data) = model.floats(s)?;
        max = data[n..2 * n].iter().fold(max, |m, v| m.max(v.abs()));
    }
    for i in 0..h.n_text_layer {
        let (_, data) = model.floats(&format!("decoder/layer_{i}/attention/linear_1/bias"))?;
        max = data[..n].iter().fold(max, |m, v| m.max(v.abs()));
    }
    Ok(max)
}

/// Loads one planned tensor: its dimensions innermost first, its type, its values.
fn load(model: &Ct2Model, p: &Planned, quant: Quant) -> Result<(Vec<usize>, TensorType, Vec<f32>)> {
    let (mut shape, mut data) = model.floats(&p.source)?;
    if let Rows::Part(i, k) = p.rows {
        if shape.is_empty() || shape[0] % k != 0 {
            return Err(bad(format!(
                "{}: {shape:?} does not split into {k} equal row blocks",
                p.source
            )));
        }
        let rows = shape[0] / k;
        let row_len: usize = shape[1..].iter().product();
        data = data[i * rows * row_len..(i + 1) * rows * row_len].to_vec();
        shape[0] = rows;
    }
    let mut ne: Vec<usize> = shape.iter().rev().copied().collect();
    let ty = match p.kind {
        Kind::Matrix => match quant {
            Quant::F16 => TensorType::F16,
            Quant::Q8_0 => TensorType::Q8_0,
        },
        Kind::Conv => TensorType::F16,
        Kind::Float => TensorType::F32,
        Kind::ConvBias => {
            ne = vec![1, data.len()];
            TensorType::F32
        }
    };
    if ty == TensorType::Q8_0 && !ne[0].is_multiple_of(QK8_0) {
        return Err(bad(format!(
            "{}: rows of {} values do not split into Q8_0 blocks of {QK8_0}",
            p.name, ne[0]
        )));
    }
    Ok((ne, ty, data))
}

/// Converts `ctranslate2_dir/model.bin` with the mel filters and vocabulary in `assets_dir`
/// into a ggml file at `out` (written under a temporary name, then renamed).
pub fn convert(
    ctranslate2_dir: &Path,
    assets_dir: &Path,
    quant: Quant,
    out: &Path,
) -> Result<ConvertReport> {
    let model = Ct2Model::open(&ctranslate2_dir.join("model.bin"))?;
    let h = hparams(&model)?;
    let filters = npy::read_npz(
        &assets_dir.join("mel_filters.npz"),
        &format!("mel_{}", h.n_mels),
    )?;
    if filters.shape.len() != 2 || filters.shape[0] != h.n_mels as usize {
        return Err(bad(format!(
            "mel_{} has shape {:?}, expected [{}, n_fft]",
            h.n_mels, filters.shape, h.n_mels
        )));
    }
    // OpenAI's rule: a multilingual model's vocabulary has 51865 or more tokens.
    let vocabulary = if h.n_vocab >= 51865 {
        "multilingual.tiktoken"
    } else {
        "gpt2.tiktoken"
    };
    let tokens = vocab::read_tiktoken(&assets_dir.join(vocabulary))?;
    if tokens.len() > h.n_vocab as usize {
        return Err(bad(format!(
            "{vocabulary} has {} tokens, more than the model's {}",
            tokens.len(),
            h.n_vocab
        )));
    }
    let dropped = dropped_key_bias(&model, &h)?;
    let planned = tensor_plan(&h);

    let write_err = |e: std::io::Error| ModelError::io("write", out, e);
    let mut bytes = 0;
    let sha256 = write_atomically(out, |hashing| {
        let mut w = BufWriter::with_capacity(1 << 20, &mut *hashing);
        ggml::write_header(&mut w, &h, quant).map_err(write_err)?;
        ggml::write_filters(&mut w, filters.shape[0], filters.shape[1], &filters.data)
            .map_err(write_err)?;
        ggml::write_vocab(&mut w, &tokens).map_err(write_err)?;
        for p in &planned {
            let (ne, ty, data) = load(&model, p, quant)?;
            ggml::write_tensor(&mut w, &p.name, &ne, ty, &data).map_err(write_err)?;
        }
        w.flush().map_err(write_err)?;
        drop(w);
        bytes = hashing.written();
        Ok(())
    })?;
    Ok(ConvertReport {
        out: out.to_path_buf(),
        sha256,
        bytes,
        tensors: planned.len(),
        hparams: h,
        vocabulary,
        vocab_tokens: tokens.len(),
        dropped_key_bias: dropped,
    })
}
