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
use std::ops::Range;
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

/// One tensor of the output: which CTranslate2 variable it comes from, and which rows.
#[derive(Debug, Clone)]
struct Planned {
    name: String,
    source: String,
    rows: Option<Range<usize>>,
    kind: Kind,
}

fn plan(name: impl Into<String>, source: impl Into<String>, kind: Kind) -> Planned {
    Planned {
        name: name.into(),
        source: source.into(),
        rows: None,
        kind,
    }
}

fn rows(mut p: Planned, r: Range<usize>) -> Planned {
    p.rows = Some(r);
    p
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
    let n = h.n_audio_state as usize;
    let mut out = vec![
        plan(
            "encoder.positional_embedding",
            "encoder/position_encodings/encodings",
            Kind::Float,
        ),
        plan("encoder.conv1.weight", "encoder/conv1/weight", Kind::Conv),
        plan("encoder.conv1.bias", "encoder/conv1/bias", Kind::ConvBias),
        plan("encoder.conv2.weight", "encoder/conv2/weight", Kind::Conv),
        plan("encoder.conv2.bias", "encoder/conv2/bias", Kind::ConvBias),
    ];
    let block = |out: &mut Vec<Planned>, dst: &str, src: &str| {
        let fused = format!("{src}/self_attention/linear_0");
        out.extend([
            rows(
                plan(
                    format!("{dst}.attn.query.weight"),
                    format!("{fused}/weight"),
                    Kind::Matrix,
                ),
                0..n,
            ),
            rows(
                plan(
                    format!("{dst}.attn.query.bias"),
                    format!("{fused}/bias"),
                    Kind::Float,
                ),
                0..n,
            ),
            rows(
                plan(
                    format!("{dst}.attn.key.weight"),
                    format!("{fused}/weight"),
                    Kind::Matrix,
                ),
                n..2 * n,
            ),
            rows(
                plan(
                    format!("{dst}.attn.value.weight"),
                    format!("{fused}/weight"),
                    Kind::Matrix,
                ),
                2 * n..3 * n,
            ),
            rows(
                plan(
                    format!("{dst}.attn.value.bias"),
                    format!("{fused}/bias"),
                    Kind::Float,
                ),
                2 * n..3 * n,
            ),
            plan(
                format!("{dst}.attn.out.weight"),
                format!("{src}/self_attention/linear_1/weight"),
                Kind::Matrix,
            ),
            plan(
                format!("{dst}.attn.out.bias"),
                format!("{src}/self_attention/linear_1/bias"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.attn_ln.weight"),
                format!("{src}/self_attention/layer_norm/gamma"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.attn_ln.bias"),
                format!("{src}/self_attention/layer_norm/beta"),
                Kind::Float,
            ),
        ]);
    };
    let mlp = |out: &mut Vec<Planned>, dst: &str, src: &str| {
        out.extend([
            plan(
                format!("{dst}.mlp.0.weight"),
                format!("{src}/ffn/linear_0/weight"),
                Kind::Matrix,
            ),
            plan(
                format!("{dst}.mlp.0.bias"),
                format!("{src}/ffn/linear_0/bias"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.mlp.2.weight"),
                format!("{src}/ffn/linear_1/weight"),
                Kind::Matrix,
            ),
            plan(
                format!("{dst}.mlp.2.bias"),
                format!("{src}/ffn/linear_1/bias"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.mlp_ln.weight"),
                format!("{src}/ffn/layer_norm/gamma"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.mlp_ln.bias"),
                format!("{src}/ffn/layer_norm/beta"),
                Kind::Float,
            ),
        ]);
    };
    for i in 0..h.n_audio_layer {
        let (dst, src) = (format!("encoder.blocks.{i}"), format!("encoder/layer_{i}"));
        block(&mut out, &dst, &src);
        mlp(&mut out, &dst, &src);
    }
    out.extend([
        plan(
            "encoder.ln_post.weight",
            "encoder/layer_norm/gamma",
            Kind::Float,
        ),
        plan(
            "encoder.ln_post.bias",
            "encoder/layer_norm/beta",
            Kind::Float,
        ),
        plan(
            "decoder.positional_embedding",
            "decoder/position_encodings/encodings",
            Kind::Float,
        ),
        plan(
            "decoder.token_embedding.weight",
            "decoder/embeddings/weight",
            Kind::Matrix,
        ),
    ]);
    for i in 0..h.n_text_layer {
        let (dst, src) = (format!("decoder.blocks.{i}"), format!("decoder/layer_{i}"));
        block(&mut out, &dst, &src);
        let cross = format!("{src}/attention");
        let x = format!("{dst}.cross_attn");
        out.extend([
            plan(
                format!("{x}.query.weight"),
                format!("{cross}/linear_0/weight"),
                Kind::Matrix,
            ),
            plan(
                format!("{x}.query.bias"),
                format!("{cross}/linear_0/bias"),
                Kind::Float,
            ),
            rows(
                plan(
                    format!("{x}.key.weight"),
                    format!("{cross}/linear_1/weight"),
                    Kind::Matrix,
                ),
                0..n,
            ),
            rows(
                plan(
                    format!("{x}.value.weight"),
                    format!("{cross}/linear_1/weight"),
                    Kind::Matrix,
                ),
                n..2 * n,
            ),
            rows(
                plan(
                    format!("{x}.value.bias"),
                    format!("{cross}/linear_1/bias"),
                    Kind::Float,
                ),
                n..2 * n,
            ),
            plan(
                format!("{x}.out.weight"),
                format!("{cross}/linear_2/weight"),
                Kind::Matrix,
            ),
            plan(
                format!("{x}.out.bias"),
                format!("{cross}/linear_2/bias"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.cross_attn_ln.weight"),
                format!("{cross}/layer_norm/gamma"),
                Kind::Float,
            ),
            plan(
                format!("{dst}.cross_attn_ln.bias"),
                format!("{cross}/layer_norm/beta"),
                Kind::Float,
            ),
        ]);
        mlp(&mut out, &dst, &src);
    }
    out.extend([
        plan("decoder.ln.weight", "decoder/layer_norm/gamma", Kind::Float),
        plan("decoder.ln.bias", "decoder/layer_norm/beta", Kind::Float),
    ]);
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
    if let Some(r) = &p.rows {
        let row_len: usize = shape[1..].iter().product();
        if shape.is_empty() || r.end > shape[0] {
            return Err(bad(format!("{}: rows {r:?} out of {shape:?}", p.source)));
        }
        data = data[r.start * row_len..r.end * row_len].to_vec();
        shape[0] = r.len();
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
