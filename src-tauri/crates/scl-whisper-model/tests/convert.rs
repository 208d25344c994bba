//! CTranslate2 -> ggml on a small synthetic Whisper (one encoder and one decoder layer, width
//! 32): every tensor whisper.cpp's loader asks for, with the shapes and types it checks, the
//! fused projections split into the right rows, and the same bytes on every run.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use half::f16;
use scl_whisper_model::ggml::{Q8_0_BLOCK_BYTES, QK8_0};
use scl_whisper_model::{convert, Quant};

const N: usize = 32; // width (n_audio_state = n_text_state)
const VOCAB: usize = 40;
const AUDIO_CTX: usize = 6;
const TEXT_CTX: usize = 5;
const MELS: usize = 4;

/// A CTranslate2 variable: shape, dtype id, bytes.
type Var = (Vec<u32>, u8, Vec<u8>);

fn f16s(shape: &[usize], seed: usize) -> Var {
    let n: usize = shape.iter().product();
    let bytes = (0..n)
        .flat_map(|i| f16::from_f32(((i * 7 + seed * 13) % 97) as f32 / 50.0 - 0.9).to_le_bytes())
        .collect();
    (shape.iter().map(|&d| d as u32).collect(), 4, bytes)
}

fn i16_scalar(v: i16) -> Var {
    (vec![], 2, v.to_le_bytes().to_vec())
}

fn synthetic_variables() -> BTreeMap<String, Var> {
    let mut v = BTreeMap::new();
    let mut seed = 0;
    let mut add = |v: &mut BTreeMap<String, Var>, name: String, shape: &[usize]| {
        seed += 1;
        v.insert(name, f16s(shape, seed));
    };
    add(&mut v, "encoder/conv1/weight".into(), &[N, MELS, 3]);
    add(&mut v, "encoder/conv1/bias".into(), &[N]);
    add(&mut v, "encoder/conv2/weight".into(), &[N, N, 3]);
    add(&mut v, "encoder/conv2/bias".into(), &[N]);
    add(
        &mut v,
        "encoder/position_encodings/encodings".into(),
        &[AUDIO_CTX, N],
    );
    add(
        &mut v,
        "decoder/position_encodings/encodings".into(),
        &[TEXT_CTX, N],
    );
    add(&mut v, "decoder/embeddings/weight".into(), &[VOCAB, N]);
    for side in ["encoder", "decoder"] {
        add(&mut v, format!("{side}/layer_norm/gamma"), &[N]);
        add(&mut v, format!("{side}/layer_norm/beta"), &[N]);
        let l = format!("{side}/layer_0");
        let mut attention = vec!["self_attention"];
        if side == "decoder" {
            attention.push("attention");
        }
        for a in attention {
            add(&mut v, format!("{l}/{a}/layer_norm/gamma"), &[N]);
            add(&mut v, format!("{l}/{a}/layer_norm/beta"), &[N]);
        }
        add(
            &mut v,
            format!("{l}/self_attention/linear_0/weight"),
            &[3 * N, N],
        );
        add(
            &mut v,
            format!("{l}/self_attention/linear_0/bias"),
            &[3 * N],
        );
        add(
            &mut v,
            format!("{l}/self_attention/linear_1/weight"),
            &[N, N],
        );
        add(&mut v, format!("{l}/self_attention/linear_1/bias"), &[N]);
        add(&mut v, format!("{l}/ffn/layer_norm/gamma"), &[N]);
        add(&mut v, format!("{l}/ffn/layer_norm/beta"), &[N]);
        add(&mut v, format!("{l}/ffn/linear_0/weight"), &[4 * N, N]);
        add(&mut v, format!("{l}/ffn/linear_0/bias"), &[4 * N]);
        add(&mut v, format!("{l}/ffn/linear_1/weight"), &[N, 4 * N]);
        add(&mut v, format!("{l}/ffn/linear_1/bias"), &[N]);
        v.insert(format!("{side}/num_heads"), i16_scalar(2));
    }
    add(
        &mut v,
        "decoder/layer_0/attention/linear_0/weight".into(),
        &[N, N],
    );
    add(
        &mut v,
        "decoder/layer_0/attention/linear_0/bias".into(),
        &[N],
    );
    add(
        &mut v,
        "decoder/layer_0/attention/linear_1/weight".into(),
        &[2 * N, N],
    );
    add(
        &mut v,
        "decoder/layer_0/attention/linear_1/bias".into(),
        &[2 * N],
    );
    add(
        &mut v,
        "decoder/layer_0/attention/linear_2/weight".into(),
        &[N, N],
    );
    add(
        &mut v,
        "decoder/layer_0/attention/linear_2/bias".into(),
        &[N],
    );
    v.insert("decoder/scale_embeddings".into(), (vec![], 1, vec![0]));
    v
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u16 + 1).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    out.push(0);
}

fn ct2_bytes(spec: &str, vars: &BTreeMap<String, Var>) -> Vec<u8> {
    let mut out = 6u32.to_le_bytes().to_vec();
    write_string(&mut out, spec);
    out.extend_from_slice(&3u32.to_le_bytes());
    out.extend_from_slice(&(vars.len() as u32).to_le_bytes());
    for (name, (shape, dtype, bytes)) in vars {
        write_string(&mut out, name);
        out.push(shape.len() as u8);
        for d in shape {
            out.extend_from_slice(&d.to_le_bytes());
        }
        out.push(*dtype);
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out.extend_from_slice(&1u32.to_le_bytes());
    write_string(&mut out, "decoder/projection/weight");
    write_string(&mut out, "decoder/embeddings/weight");
    out
}

fn write_assets(dir: &Path) {
    let filters: Vec<u8> = (0..MELS * 3)
        .flat_map(|i| (i as f32).to_le_bytes())
        .collect();
    let header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({MELS}, 3), }}\n");
    let mut npy = b"\x93NUMPY\x01\x00".to_vec();
    npy.extend_from_slice(&(header.len() as u16).to_le_bytes());
    npy.extend_from_slice(header.as_bytes());
    npy.extend_from_slice(&filters);
    let file = std::fs::File::create(dir.join("mel_filters.npz")).expect("npz");
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file(
        format!("mel_{MELS}.npy"),
        zip::write::SimpleFileOptions::default(),
    )
    .expect("member");
    zip.write_all(&npy).expect("write npy");
    zip.finish().expect("finish");
    std::fs::write(dir.join("gpt2.tiktoken"), "IQ== 0\nIg== 1\nIyQ= 2\n").expect("vocab");
}

fn setup(vars: &BTreeMap<String, Var>, spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("ct2")).expect("ct2 dir");
    std::fs::create_dir_all(dir.path().join("assets")).expect("assets dir");
    std::fs::write(dir.path().join("ct2/model.bin"), ct2_bytes(spec, vars)).expect("model.bin");
    write_assets(&dir.path().join("assets"));
    dir
}

/// A ggml file read back: header ints, filters, vocabulary, tensors by name.
struct Ggml {
    ints: Vec<i32>,
    filters: Vec<f32>,
    vocab: Vec<Vec<u8>>,
    tensors: Vec<(String, i32, Vec<i32>, Vec<u8>)>,
}

fn read_ggml(bytes: &[u8]) -> Ggml {
    let mut pos = 0;
    let int = |pos: &mut usize| {
        let v = i32::from_le_bytes(bytes[*pos..*pos + 4].try_into().expect("4 bytes"));
        *pos += 4;
        v
    };
    let ints: Vec<i32> = (0..12).map(|_| int(&mut pos)).collect();
    let (n_mel, n_fft) = (int(&mut pos) as usize, int(&mut pos) as usize);
    let filters = (0..n_mel * n_fft)
        .map(|_| f32::from_bits(int(&mut pos) as u32))
        .collect();
    let n_vocab = int(&mut pos);
    let mut vocab = Vec::new();
    for _ in 0..n_vocab {
        let len = int(&mut pos) as usize;
        vocab.push(bytes[pos..pos + len].to_vec());
        pos += len;
    }
    let mut tensors = Vec::new();
    while pos < bytes.len() {
        let (dims, name_len, ty) = (int(&mut pos), int(&mut pos) as usize, int(&mut pos));
        let ne: Vec<i32> = (0..dims).map(|_| int(&mut pos)).collect();
        let name = String::from_utf8(bytes[pos..pos + name_len].to_vec()).expect("name");
        pos += name_len;
        let elements = ne.iter().product::<i32>() as usize;
        let len = match ty {
            0 => elements * 4,
            1 => elements * 2,
            8 => elements / QK8_0 * Q8_0_BLOCK_BYTES,
            other => panic!("{name}: unexpected type {other}"),
        };
        tensors.push((name, ty, ne, bytes[pos..pos + len].to_vec()));
        pos += len;
    }
    Ggml {
        ints,
        filters,
        vocab,
        tensors,
    }
}

fn convert_to_bytes(
    dir: &Path,
    quant: Quant,
    name: &str,
) -> (Vec<u8>, scl_whisper_model::ConvertReport) {
    let out = dir.join(name);
    let report = convert(&dir.join("ct2"), &dir.join("assets"), quant, &out).expect("converts");
    (std::fs::read(&out).expect("read output"), report)
}

fn tensor<'a>(g: &'a Ggml, name: &str) -> &'a (String, i32, Vec<i32>, Vec<u8>) {
    g.tensors
        .iter()
        .find(|t| t.0 == name)
        .unwrap_or_else(|| panic!("{name} missing from the output"))
}

#[test]
fn f16_output_has_every_tensor_whisper_cpp_loads() {
    let vars = synthetic_variables();
    let dir = setup(&vars, "WhisperSpec");
    let (bytes, report) = convert_to_bytes(dir.path(), Quant::F16, "a.bin");
    let g = read_ggml(&bytes);
    assert_eq!(g.ints[0] as u32, 0x6767_6d6c, "ggml magic");
    assert_eq!(
        g.ints[1..],
        [
            VOCAB as i32,
            AUDIO_CTX as i32,
            N as i32,
            2,
            1,
            TEXT_CTX as i32,
            N as i32,
            2,
            1,
            MELS as i32,
            1
        ],
        "hparams in whisper.cpp's order, ftype 1 (f16)"
    );
    assert_eq!(
        g.filters,
        (0..12).map(|i| i as f32).collect::<Vec<_>>(),
        "mel_4 embedded"
    );
    assert_eq!(
        g.vocab.len(),
        3,
        "gpt2.tiktoken chosen for a vocabulary under 51865"
    );
    // whisper.cpp: 10 fixed + 15 per encoder layer + 24 per decoder layer (- 3 it counts twice).
    assert_eq!(
        g.tensors.len(),
        7 + 15 + 4 + 24,
        "exactly the loader's tensor count"
    );
    assert_eq!(
        report.tensors,
        g.tensors.len(),
        "the report counts what was written"
    );
    assert_eq!(report.bytes as usize, bytes.len(), "and its size");

    for (name, ty, ne, _) in &g.tensors {
        let want = if name.ends_with("conv1.weight") || name.ends_with("conv2.weight") {
            1
        } else if ne.len() == 1 || name.contains("positional") || name.contains("conv") {
            0
        } else {
            1
        };
        assert_eq!(
            *ty, want,
            "{name}: f32 for 1-D, positions and conv biases; f16 otherwise"
        );
    }
    assert_eq!(
        tensor(&g, "encoder.conv1.weight").2,
        vec![3, MELS as i32, N as i32],
        "kernel ne"
    );
    assert_eq!(
        tensor(&g, "encoder.conv1.bias").2,
        vec![1, N as i32],
        "conv bias is [1, n]"
    );
    assert_eq!(
        tensor(&g, "decoder.token_embedding.weight").2,
        vec![N as i32, VOCAB as i32],
        "ne"
    );
    assert!(
        g.tensors.iter().all(|t| !t.0.contains("attn.key.bias")),
        "Whisper has no key bias; whisper.cpp refuses unknown tensors"
    );
}

#[test]
fn fused_projections_are_split_by_rows() {
    let vars = synthetic_variables();
    let dir = setup(&vars, "WhisperSpec");
    let (bytes, _) = convert_to_bytes(dir.path(), Quant::F16, "a.bin");
    let g = read_ggml(&bytes);
    let row = N * 2; // bytes of one f16 row of width N
    let fused = &vars["encoder/layer_0/self_attention/linear_0/weight"].2;
    for (i, part) in ["query", "key", "value"].iter().enumerate() {
        let t = tensor(&g, &format!("encoder.blocks.0.attn.{part}.weight"));
        assert_eq!(t.2, vec![N as i32, N as i32], "{part}: square");
        assert_eq!(
            t.3,
            fused[i * N * row..(i + 1) * N * row],
            "{part} = rows {i}N..{}N",
            i + 1
        );
    }
    let fused_bias = &vars["decoder/layer_0/self_attention/linear_0/bias"].2;
    let vb = tensor(&g, "decoder.blocks.0.attn.value.bias");
    let as_f32: Vec<f32> = fused_bias[2 * N * 2..]
        .chunks_exact(2)
        .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
        .collect();
    let written: Vec<f32> =
        vb.3.chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4")))
            .collect();
    assert_eq!(
        written, as_f32,
        "value bias = last third, widened to f32 exactly"
    );
    let kv = &vars["decoder/layer_0/attention/linear_1/weight"].2;
    assert_eq!(
        tensor(&g, "decoder.blocks.0.cross_attn.key.weight").3,
        kv[..N * row],
        "cross key = first half"
    );
    assert_eq!(
        tensor(&g, "decoder.blocks.0.cross_attn.value.weight").3,
        kv[N * row..],
        "cross value = second half"
    );
}

#[test]
fn conversion_is_byte_for_byte_reproducible() {
    let vars = synthetic_variables();
    let dir = setup(&vars, "WhisperSpec");
    for quant in [Quant::F16, Quant::Q8_0] {
        let (a, ra) = convert_to_bytes(dir.path(), quant, "a.bin");
        let (b, rb) = convert_to_bytes(dir.path(), quant, "b.bin");
        assert!(a == b, "{quant}: two runs must write the same bytes");
        assert_eq!(ra.sha256, rb.sha256, "{quant}: and report the same sha256");
    }
}

#[test]
fn q8_0_quantizes_matrices_only() {
    let vars = synthetic_variables();
    let dir = setup(&vars, "WhisperSpec");
    let (bytes, _) = convert_to_bytes(dir.path(), Quant::Q8_0, "q.bin");
    let g = read_ggml(&bytes);
    assert_eq!(
        g.ints[11], 2007,
        "ftype Q8_0 (7) + 1000 x quantization version 2"
    );
    assert_eq!(
        tensor(&g, "decoder.token_embedding.weight").1,
        8,
        "embedding quantized"
    );
    assert_eq!(
        tensor(&g, "encoder.blocks.0.mlp.2.weight").1,
        8,
        "MLP quantized"
    );
    assert_eq!(
        tensor(&g, "encoder.conv2.weight").1,
        1,
        "conv kernels stay f16"
    );
    assert_eq!(
        tensor(&g, "decoder.positional_embedding").1,
        0,
        "positions stay f32"
    );
}

#[test]
fn other_models_and_integer_weights_are_refused() {
    let vars = synthetic_variables();
    let dir = setup(&vars, "TransformerSpec");
    let err = convert(
        &dir.path().join("ct2"),
        &dir.path().join("assets"),
        Quant::F16,
        &dir.path().join("x.bin"),
    )
    .expect_err("not Whisper");
    assert!(
        err.to_string().contains("WhisperSpec"),
        "says what it wanted: {err}"
    );
    assert!(!dir.path().join("x.bin").exists(), "nothing is left behind");

    let mut int8 = synthetic_variables();
    int8.insert(
        "encoder/conv1/weight".into(),
        (vec![N as u32, MELS as u32, 3], 1, vec![0; N * MELS * 3]),
    );
    let dir = setup(&int8, "WhisperSpec");
    let err = convert(
        &dir.path().join("ct2"),
        &dir.path().join("assets"),
        Quant::F16,
        &dir.path().join("x.bin"),
    )
    .expect_err("int8 weights");
    assert!(
        err.to_string().contains("int8"),
        "int8 models are named as unsupported: {err}"
    );
    assert!(
        !dir.path().join("x.bin").exists() && !dir.path().join("x.bin.partial").exists(),
        "a failed run leaves no output file, complete-looking or partial"
    );
}
