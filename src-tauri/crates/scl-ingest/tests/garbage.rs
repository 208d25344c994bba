//! No input makes the crate panic: random bytes, random text made of the formats' own
//! punctuation, and the sample exports broken at random. Whatever comes out still holds together.

use std::path::{Path, PathBuf};

use scl_ingest::transcript::{parse_srt, parse_vtt};
use scl_ingest::{
    detect, normalize_phone, read_asterisk_cdr, read_freepbx_cdr, read_jsonl, read_path,
    read_twilio, redact, Batch, Options,
};

/// xorshift64*: the same inputs on every run, so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// Text built from the characters the formats care about.
    fn tokens(&mut self, len: usize) -> Vec<u8> {
        const PIECES: [&str; 28] = [
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "\n",
            "\r\n",
            " ",
            "-->",
            "00:00:01.000",
            "<v Agent>",
            "\"call_id\"",
            "\"kind\"",
            "null",
            "true",
            "4111",
            "one",
            "-",
            "2026-11-20 07:03:12",
            "\"calls\"",
            "\"sid\"",
            "WEBVTT",
            "ANSWERED",
            "\u{FEFF}",
            "é",
            "\\u0000",
        ];
        let mut out = Vec::new();
        while out.len() < len {
            out.extend_from_slice(PIECES[self.below(PIECES.len())].as_bytes());
        }
        out
    }

    /// The sample broken in one of the ways files break.
    fn mutate(&mut self, sample: &[u8]) -> Vec<u8> {
        let mut out = sample.to_vec();
        for _ in 0..=self.below(4) {
            if out.is_empty() {
                break;
            }
            let at = self.below(out.len());
            match self.below(6) {
                0 => out[at] = self.next() as u8,
                1 => out.truncate(at),
                2 => {
                    let end = (at + self.below(64)).min(out.len());
                    out.drain(at..end);
                }
                3 => {
                    let end = (at + self.below(64)).min(out.len());
                    let copy = out[at..end].to_vec();
                    out.splice(at..at, copy);
                }
                4 => {
                    let n = self.below(16);
                    let junk = self.bytes(n);
                    out.splice(at..at, junk);
                }
                _ => out[at] = b"{}[]\",:\n"[self.below(8)],
            }
        }
        out
    }
}

fn testdata(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path)
}

/// What every batch must hold to, however bad the input.
fn sane(batch: &Batch) {
    for call in &batch.calls {
        assert!(call.started_at <= call.ended_at, "{call:?}");
        if let Some(answered) = call.answered_at {
            assert!(
                call.started_at <= answered && answered <= call.ended_at,
                "{call:?}"
            );
        }
        for segment in &call.transcript {
            assert!(0.0 <= segment.start_s && segment.start_s <= segment.end_s);
        }
    }
    for problem in &batch.problems {
        assert!(problem.line >= 1, "{problem}");
        assert!(!problem.message.is_empty());
        assert!(
            problem.message.len() < 1_000,
            "messages quote, never copy: {problem}"
        );
    }
}

fn everything(input: &[u8], file: &Path, opts: &Options) {
    sane(&read_jsonl(input, file, opts));
    for read in [read_asterisk_cdr, read_freepbx_cdr, read_twilio] {
        if let Ok(batch) = read(input, file, opts) {
            sane(&batch);
        }
    }
    let text = String::from_utf8_lossy(input);
    let _ = parse_vtt(&text, Some("Dana Smith"));
    let _ = parse_srt(&text, None);
    let (clean, count) = redact(&text);
    assert!(count == 0 || clean != text);
    for piece in text.split(['\n', ',']).take(8) {
        let _ = normalize_phone(piece, "US");
    }
    let _ = detect(file, input);
}

#[test]
fn random_bytes_and_tokens() {
    let opts = Options {
        account: Some("Acme".into()),
        ..Options::default()
    };
    let file = testdata("jsonl/fuzz.jsonl");
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for round in 0..300 {
        let len = dice.below(if round % 10 == 0 { 20_000 } else { 600 });
        let input = if round % 2 == 0 {
            dice.bytes(len)
        } else {
            dice.tokens(len)
        };
        everything(&input, &file, &opts);
    }
}

#[test]
fn broken_samples() {
    let opts = Options {
        account: Some("Acme".into()),
        recordings_dir: Some(testdata("asterisk/recordings")),
        ..Options::default()
    };
    let samples = [
        "jsonl/calls.jsonl",
        "jsonl/transcripts/c-1001.vtt",
        "jsonl/transcripts/c-1002.srt",
        "asterisk/Master.csv",
        "freepbx/cdr-export.csv",
        "twilio/calls-page.json",
        "bad/calls-bad.jsonl",
    ];
    let mut dice = Dice(0x0123_4567_89ab_cdef);
    for sample in samples {
        let path = testdata(sample);
        let bytes = std::fs::read(&path).unwrap();
        for _ in 0..60 {
            // Next to the sample, so the relative transcript and recording paths resolve.
            everything(&dice.mutate(&bytes), &path, &opts);
        }
    }
}

#[test]
fn read_path_on_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        account: Some("Acme".into()),
        ..Options::default()
    };
    let mut dice = Dice(42);
    let samples = [
        "asterisk/Master.csv",
        "freepbx/cdr-export.csv",
        "twilio/calls-page.json",
    ];
    for (k, sample) in samples.iter().cycle().take(30).enumerate() {
        let bytes = std::fs::read(testdata(sample)).unwrap();
        let name = Path::new(sample).file_name().unwrap();
        let path = dir.path().join(format!("{k}-{}", name.to_string_lossy()));
        std::fs::write(&path, dice.mutate(&bytes)).unwrap();
        if let Ok(batch) = read_path(&path, &opts) {
            sane(&batch);
        }
    }
}

#[test]
fn phone_like_text() {
    const CHARS: &[u8] = b"0123456789+-() ./xXetABC#*";
    let mut dice = Dice(7);
    for _ in 0..3_000 {
        let len = dice.below(24);
        let text: String = (0..len)
            .map(|_| CHARS[dice.below(CHARS.len())] as char)
            .collect();
        for region in ["US", "GB", "JM"] {
            if let Ok(e164) = normalize_phone(&text, region) {
                assert!(
                    e164.starts_with('+') && e164[1..].bytes().all(|b| b.is_ascii_digit()),
                    "{text} -> {e164}"
                );
            }
        }
    }
}
