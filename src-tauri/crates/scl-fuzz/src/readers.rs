//! The readers under fuzz: one entry each. A new reader is one more entry: its name, how to
//! feed it bytes, how to generate a document of its format, tokens for the mutator, and where
//! its seed files are.

use std::path::{Path, PathBuf};

use fastrand::Rng;
use scl_ingest::Options;

use crate::gen;

/// One reader of outside input.
#[derive(Debug)]
pub struct Reader {
    /// The name on the command line and the folder under `regressions/`.
    pub name: &'static str,
    /// Feeds the reader one input; its result is dropped (only panics, hangs and memory count).
    pub run: fn(&[u8], &Scratch),
    /// A fresh structure-aware document of the reader's format.
    pub generate: fn(&mut Rng) -> Vec<u8>,
    /// Tokens the byte mutator inserts.
    pub dictionary: &'static [&'static [u8]],
    /// Seed files: (folder relative to `src-tauri/crates`, extensions taken from it).
    pub seeds: &'static [(&'static str, &'static [&'static str])],
}

/// What readers that need a file on disk or options share: a private scratch folder (on
/// tmpfs when there is one) and the options of a run.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
    options: Options,
    /// A path inside the JSON Lines seed folder: relative recording and transcript paths in
    /// generated lines then meet real files sometimes.
    jsonl_file: PathBuf,
}

impl Scratch {
    /// The scratch folder of process `pid`: a process that aborts leaves it behind, and whoever
    /// ran it removes it.
    pub fn dir_of(pid: u32) -> PathBuf {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        base.join(format!("scl-fuzz-{pid}"))
    }

    /// A fresh scratch folder for this process.
    pub fn new() -> std::io::Result<Scratch> {
        let dir = Scratch::dir_of(std::process::id());
        std::fs::create_dir_all(&dir)?;
        let options = Options {
            account: Some("Fuzz Heating & Air".to_string()),
            ..Options::default()
        };
        Ok(Scratch {
            dir,
            options,
            jsonl_file: crates_dir().join("scl-ingest/testdata/jsonl/fuzz.jsonl"),
        })
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.join(name);
        // A scratch write that fails is the machine's problem, not the reader's: stop loudly.
        std::fs::write(&path, bytes).expect("writing the scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `src-tauri/crates`, where seed files are found.
pub fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in src-tauri/crates")
        .to_path_buf()
}

const CSV_TOKENS: &[&[u8]] = &[
    b"NULL",
    b"\\N",
    b"\"\"",
    b"\"",
    b",,,,",
    b"99999999999999999999999",
    b"-1",
    b"0000-00-00 00:00:00",
    b"2026-02-30 25:61:61",
    b"ANSWERED",
    b"NO ANSWER",
    b"calldate",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
];

const JSON_TOKENS: &[&[u8]] = &[
    b"null",
    b"true",
    b"{}",
    b"[]",
    b"\"\"",
    b"1e999",
    b"-0",
    b"18446744073709551616",
    b"\"\\ud800\"",
    b"\"\\u0000\"",
    b"[[[[[[[[[[[[[[[[",
    b"{\"a\":",
    b"\"kind\":\"call\"",
    b"\"transcript\":",
];

const CUE_TOKENS: &[&[u8]] = &[
    b" --> ",
    b"-->",
    b"00:00:00.000",
    b"00:00:00,000",
    b"99:59:59.999",
    b"<v ",
    b"</v>",
    b"WEBVTT",
    b"NOTE",
    b"\n\n",
    b"Agent: ",
    b"4111 1111 1111 1111",
];

const AUDIO_TOKENS: &[&[u8]] = &[
    b"RIFF",
    b"WAVE",
    b"fmt ",
    b"data",
    b"LIST",
    b"ID3",
    b"\xff\xfb",
    b"\xff\xe3",
    b"Xing",
    b"Info",
];

const FLAC_OGG_TOKENS: &[&[u8]] = &[b"fLaC", b"OggS", b"\x01vorbis", b"STREAMINFO", b"\xff\xf8"];

const JSONL_SEEDS: &[(&str, &[&str])] = &[
    ("scl-ingest/testdata/jsonl", &["jsonl"]),
    ("scl-ingest/testdata/bad", &["jsonl"]),
    ("scl-cli/tests/data", &["jsonl"]),
];

/// Every reader under fuzz; `all` on the command line runs them in this order.
pub const READERS: &[Reader] = &[
    Reader {
        name: "asterisk-cdr",
        run: |bytes, s| {
            let _ = scl_ingest::read_asterisk_cdr(bytes, Path::new("Master.csv"), &s.options);
        },
        generate: gen::cdr::asterisk,
        dictionary: CSV_TOKENS,
        seeds: &[("scl-ingest/testdata/asterisk", &["csv"])],
    },
    Reader {
        name: "freepbx-cdr",
        run: |bytes, s| {
            let _ = scl_ingest::read_freepbx_cdr(bytes, Path::new("cdr.csv"), &s.options);
        },
        generate: gen::cdr::freepbx,
        dictionary: CSV_TOKENS,
        seeds: &[("scl-ingest/testdata/freepbx", &["csv"])],
    },
    Reader {
        name: "twilio",
        run: |bytes, s| {
            let _ = scl_ingest::read_twilio(bytes, Path::new("calls.json"), &s.options);
        },
        generate: gen::json::twilio,
        dictionary: JSON_TOKENS,
        seeds: &[("scl-ingest/testdata/twilio", &["json"])],
    },
    Reader {
        name: "jsonl",
        run: |bytes, s| {
            let _ = scl_ingest::read_jsonl(bytes, &s.jsonl_file, &s.options);
        },
        generate: gen::json::jsonl,
        dictionary: JSON_TOKENS,
        seeds: JSONL_SEEDS,
    },
    Reader {
        name: "read-path",
        run: |bytes, s| {
            // The extension is part of the input: detection reads it before the content.
            const NAMES: [&str; 7] = [
                "export.csv",
                "export.json",
                "export.jsonl",
                "export.ndjson",
                "export.CSV",
                "export.txt",
                "export",
            ];
            let name = NAMES[bytes.first().map_or(0, |&b| usize::from(b) % NAMES.len())];
            let path = s.write(name, bytes);
            let _ = scl_ingest::detect(&path, bytes);
            let _ = scl_ingest::read_path(&path, &s.options);
        },
        generate: gen::any_export,
        dictionary: CSV_TOKENS,
        seeds: &[
            ("scl-ingest/testdata/asterisk", &["csv"]),
            ("scl-ingest/testdata/freepbx", &["csv"]),
            ("scl-ingest/testdata/twilio", &["json"]),
            ("scl-ingest/testdata/jsonl", &["jsonl"]),
        ],
    },
    Reader {
        name: "vtt",
        run: |bytes, _| {
            let _ =
                scl_ingest::transcript::parse_vtt(&String::from_utf8_lossy(bytes), Some("Dana"));
        },
        generate: gen::cues::vtt,
        dictionary: CUE_TOKENS,
        seeds: &[
            ("scl-ingest/testdata/jsonl/transcripts", &["vtt"]),
            ("scl-cli/tests/data", &["vtt"]),
        ],
    },
    Reader {
        name: "srt",
        run: |bytes, _| {
            let _ =
                scl_ingest::transcript::parse_srt(&String::from_utf8_lossy(bytes), Some("Dana"));
        },
        generate: gen::cues::srt,
        dictionary: CUE_TOKENS,
        seeds: &[("scl-ingest/testdata/jsonl/transcripts", &["srt"])],
    },
    Reader {
        name: "audio-probe",
        run: |bytes, s| {
            // The probe sniffs content, not the name; one name keeps the scratch file reused.
            let path = s.write("recording.bin", bytes);
            let _ = scl_audio::probe(&path);
        },
        generate: gen::audio::recording,
        dictionary: AUDIO_TOKENS,
        seeds: &[
            ("scl-audio/testdata", &["wav", "mp3"]),
            ("scl-ingest/testdata/jsonl/recordings", &["wav"]),
        ],
    },
    // The same probe on the other formats it plays; apart, so that FLAC's failures (see
    // BENCHMARKS.md) do not slow the WAV/MP3 run to a crawl.
    Reader {
        name: "audio-probe-flac-ogg",
        run: |bytes, s| {
            let path = s.write("recording.bin", bytes);
            let _ = scl_audio::probe(&path);
        },
        generate: gen::audio::flac_or_ogg,
        dictionary: FLAC_OGG_TOKENS,
        seeds: &[("scl-audio/testdata", &["flac", "ogg"])],
    },
];
