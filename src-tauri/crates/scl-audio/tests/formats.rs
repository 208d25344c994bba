//! Which files play, and how the ones that do not are named.

mod common;

use std::fs;
use std::path::Path;

use common::{fixture, FIXTURES};
use scl_audio::{probe, sniff, AudioError, Format, LengthNote, WavEncoding};

#[test]
fn every_fixture_is_sniffed_and_probed() {
    let expected = [
        Format::Wav(WavEncoding::Pcm16),
        Format::Wav(WavEncoding::Pcm8),
        Format::Wav(WavEncoding::MuLaw),
        Format::Wav(WavEncoding::ALaw),
        Format::Mp3,
        Format::OggVorbis,
        Format::Flac,
    ];
    for ((name, rate), format) in FIXTURES.iter().zip(expected) {
        let path = fixture(name);
        assert_eq!(sniff(&path).unwrap(), format, "{name}");
        let info = probe(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.format, format);
        assert_eq!(info.sample_rate, *rate, "{name}");
        assert_eq!(info.channels, 1, "{name}");
        // espeak said "Hello, Acme Heating." in 1.43 s; MP3 adds encoder padding.
        assert!(
            (1.40..1.55).contains(&info.duration_s),
            "{name}: {} s",
            info.duration_s
        );
    }
}

#[test]
fn format_names_read_well() {
    assert_eq!(
        Format::Wav(WavEncoding::MuLaw).to_string(),
        "WAV (G.711 mu-law)"
    );
    assert_eq!(Format::OggVorbis.to_string(), "Ogg Vorbis");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn riff_wav(code: u16, bits: u16, block_align: u16) -> Vec<u8> {
    let mut b = b"RIFF\x2c\0\0\0WAVEfmt \x10\0\0\0".to_vec();
    b.extend_from_slice(&code.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&8000u32.to_le_bytes());
    b.extend_from_slice(&8000u32.to_le_bytes());
    b.extend_from_slice(&block_align.to_le_bytes());
    b.extend_from_slice(&bits.to_le_bytes());
    b.extend_from_slice(b"data\x04\0\0\0\0\0\0\0");
    b
}

fn ogg_page(payload: &[u8]) -> Vec<u8> {
    let mut b = b"OggS\0\x02".to_vec();
    b.extend_from_slice(&[0; 20]);
    b.push(1);
    b.push(payload.len() as u8);
    b.extend_from_slice(payload);
    b
}

#[test]
fn unsupported_formats_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut adts = vec![0xff, 0xf1, 0x50, 0x80];
    adts.resize(64, 0);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "call.m4a",
            b"\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom".to_vec(),
            "AAC/M4A is not supported",
        ),
        ("call.aac", adts, "AAC (ADTS) is not supported"),
        (
            "call.opus",
            ogg_page(b"OpusHead\x01\x01"),
            "Opus in Ogg is not supported",
        ),
        (
            "call.amr",
            b"#!AMR\n\x3c\x00".to_vec(),
            "AMR is not supported",
        ),
        (
            "call.webm",
            vec![0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0],
            "WebM/Matroska is not supported",
        ),
        (
            "adpcm.wav",
            riff_wav(0x11, 4, 256),
            "WAV with IMA ADPCM is not supported",
        ),
        (
            "gsm.wav",
            riff_wav(0x31, 0, 65),
            "WAV with GSM 6.10 is not supported",
        ),
        (
            "pcm24.wav",
            riff_wav(1, 24, 3),
            "WAV with 24-bit PCM is not supported",
        ),
        (
            "float.wav",
            riff_wav(3, 32, 4),
            "WAV with floating-point samples is not supported",
        ),
        (
            "call.avi",
            b"RIFF\0\0\0\0AVI LIST".to_vec(),
            "RIFF 'AVI' is not supported",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), name, &bytes);
        let error = sniff(&path).unwrap_err();
        assert!(
            matches!(error, AudioError::Unsupported { .. }),
            "{name}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(
            message.contains(name),
            "the message names the file: {message}"
        );
        // The player gives the same answer.
        assert_eq!(probe(&path).unwrap_err().to_string(), message);
    }
}

#[test]
fn unknown_bytes_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notes.wav", b"Hello, this is a text file");
    let message = sniff(&path).unwrap_err().to_string();
    assert!(
        message.ends_with("notes.wav: unknown format (first bytes 48 65 6c 6c 6f 2c 20 74 …)"),
        "{message}"
    );
}

#[test]
fn missing_and_empty_files_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.wav");
    let error = probe(&missing).unwrap_err();
    assert!(matches!(error, AudioError::NotFound { .. }));
    assert_eq!(
        error.to_string(),
        format!("recording not found: {}", missing.display())
    );
    let empty = write(dir.path(), "empty.mp3", b"");
    assert_eq!(
        probe(&empty).unwrap_err().to_string(),
        format!("{} is empty (0 bytes)", empty.display())
    );
}

/// Cut at 60 % of its bytes: the way an interrupted copy leaves a recording. WAV files are
/// read by the file's length instead (see `real_exports.rs`): their samples need no framing.
#[test]
fn truncated_files_of_every_format_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in FIXTURES.iter().filter(|(name, _)| !name.ends_with(".wav")) {
        let bytes = fs::read(fixture(name)).unwrap();
        let path = write(
            dir.path(),
            &format!("cut-{name}"),
            &bytes[..bytes.len() * 6 / 10],
        );
        let error = probe(&path).expect_err(name);
        assert!(
            matches!(error, AudioError::Truncated { .. }),
            "{name}: {error:?}"
        );
        assert!(
            error
                .to_string()
                .contains(&format!("cut-{name} is truncated")),
            "{error}"
        );
    }
}

/// A header cut short is truncated too, whatever the format.
#[test]
fn files_cut_inside_the_header_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in FIXTURES {
        let bytes = fs::read(fixture(name)).unwrap();
        let path = write(dir.path(), &format!("head-{name}"), &bytes[..30]);
        let error = probe(&path).expect_err(name);
        assert!(
            matches!(
                error,
                AudioError::Truncated { .. } | AudioError::Corrupt { .. }
            ),
            "{name}: {error:?}"
        );
        assert!(
            error.to_string().contains(&format!("head-{name}")),
            "{error}"
        );
    }
}

/// The right magic bytes and a header-sized run of garbage after them.
#[test]
fn corrupt_files_of_every_format_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in FIXTURES {
        let mut bytes = fs::read(fixture(name)).unwrap();
        // Keep the first 4 bytes (the magic) and scramble the next ones with a fixed pattern.
        let mut x: u32 = 0x1234_5678;
        for b in bytes.iter_mut().skip(4).take(2000) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        let path = write(dir.path(), &format!("bad-{name}"), &bytes);
        let error = probe(&path).expect_err(name);
        let message = error.to_string();
        assert!(
            matches!(
                error,
                AudioError::Corrupt { .. }
                    | AudioError::Truncated { .. }
                    | AudioError::UnknownFormat { .. }
            ),
            "{name}: {error:?}"
        );
        assert!(message.contains(&format!("bad-{name}")), "{message}");
    }
}

#[test]
fn a_wav_header_with_zero_channels_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = fs::read(fixture("hello-pcm16.wav")).unwrap();
    bytes[22] = 0;
    bytes[23] = 0;
    let path = write(dir.path(), "zero.wav", &bytes);
    let message = probe(&path).unwrap_err().to_string();
    assert!(
        message.contains("zero.wav is corrupt: its WAV header says 0 channels"),
        "{message}"
    );
}

#[test]
fn an_id3_tag_before_mp3_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"ID3\x04\x00\x00\x00\x00\x00\x10".to_vec();
    bytes.extend_from_slice(&[0; 16]);
    bytes.extend_from_slice(&fs::read(fixture("hello.mp3")).unwrap());
    let path = write(dir.path(), "tagged.mp3", &bytes);
    assert_eq!(sniff(&path).unwrap(), Format::Mp3);
    assert!(probe(&path).is_ok());
}

#[test]
fn a_truncated_wav_plays_what_it_holds_and_says_it_is_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    for (name, rate) in FIXTURES.iter().filter(|(name, _)| name.ends_with(".wav")) {
        let bytes = fs::read(fixture(name)).unwrap();
        let cut = &bytes[..bytes.len() * 6 / 10];
        let path = write(dir.path(), &format!("cut-{name}"), cut);
        let info = probe(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(LengthNote::CutShort { promised_s, held_s }) = info.note else {
            panic!("{name}: {:?}", info.note);
        };
        assert!((1.40..1.45).contains(&promised_s), "{name}: {promised_s}");
        assert!((held_s - promised_s * 0.6).abs() < 0.02, "{name}: {held_s}");
        assert_eq!(info.duration_s, held_s, "{name}");
        assert!(held_s * f64::from(*rate) > 1000.0);
    }
}
