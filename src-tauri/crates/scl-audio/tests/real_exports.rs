//! Recordings as phone systems and encoders really write them: Asterisk's empty and unfinished
//! WAV files, MP3s with padding before the first frame, MPEG-2 variable-bit-rate MP3s with and
//! without a Xing tag. Each is probed, then decoded to the end, and the two must agree.

mod common;

use std::fs;
use std::path::Path;

use common::{fixture, pcm16, wav_data, Harness};
use scl_audio::{compute_waveform, probe, AudioError, Format, LengthNote, PlayerEvent};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// The bytes of a file with the RIFF and data sizes of its 44-byte header replaced.
fn with_sizes(name: &str, riff: u32, data: u32) -> Vec<u8> {
    let mut bytes = fs::read(fixture(name)).unwrap();
    assert_eq!(&bytes[36..40], b"data", "{name} has a 44-byte header");
    bytes[4..8].copy_from_slice(&riff.to_le_bytes());
    bytes[40..44].copy_from_slice(&data.to_le_bytes());
    bytes
}

#[test]
fn asterisks_header_only_file_is_an_empty_recording() {
    let path = fixture("asterisk-unanswered.wav");
    assert_eq!(fs::metadata(&path).unwrap().len(), 44);
    let info = probe(&path).unwrap();
    assert!(info.empty);
    assert_eq!(info.duration_s, 0.0);
    assert_eq!(
        info.note, None,
        "a size of 0 with nothing after it is the truth"
    );
    assert_eq!(info.sample_rate, 8000);

    // The player loads it, and playing it ends at once: no error.
    let mut harness = Harness::new();
    assert_eq!(harness.load(&path), 0.0);
    harness.play();
    assert!(harness.pull_all().is_empty());
    harness.wait("Ended", |e| match e {
        PlayerEvent::Ended => Some(()),
        PlayerEvent::Error { message } => panic!("an empty recording failed: {message}"),
        _ => None,
    });

    let waveform = compute_waveform(&path, 10).unwrap();
    assert_eq!(waveform.duration_s, 0.0);
    assert_eq!(waveform.peaks.len(), 10);
}

/// Asterisk writes sizes of 0 first; a crash leaves them, with the header's RIFF size 0 too.
#[test]
fn a_header_asterisk_never_finished_is_read_to_the_end_of_the_file() {
    let path = fixture("asterisk-crashed.wav");
    let info = probe(&path).unwrap();
    assert!(!info.empty);
    let samples = wav_data(&fixture("hello-pcm16.wav")).len() / 2;
    assert_eq!(info.duration_s, samples as f64 / 8000.0);
    assert_eq!(
        info.note,
        Some(LengthNote::SizeNotWritten {
            held_s: samples as f64 / 8000.0
        })
    );
    assert!(info
        .note
        .unwrap()
        .to_string()
        .contains("gives no data size"));
    // Bit-exact: the same samples as the finished file.
    let mut harness = Harness::new();
    let played = harness.load_and_pull(&path);
    common::assert_same(&played, &pcm16(&fixture("hello-pcm16.wav")), "crashed");
}

#[test]
fn wrong_data_sizes_are_read_by_the_files_length_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let full = pcm16(&fixture("hello-pcm16.wav"));
    let held_s = full.len() as f64 / 8000.0;

    let unknown = write(
        dir.path(),
        "unknown.wav",
        &with_sizes("hello-pcm16.wav", u32::MAX, u32::MAX),
    );
    let info = probe(&unknown).unwrap();
    assert_eq!(info.note, Some(LengthNote::SizeUnknown { held_s }));
    assert_eq!(info.duration_s, held_s);

    // Sizes promising ten times the audio: a copy cut short, or a crash after a size update.
    let promised = (full.len() * 2 * 10) as u32;
    let bigger = write(
        dir.path(),
        "bigger.wav",
        &with_sizes("hello-pcm16.wav", promised + 36, promised),
    );
    let info = probe(&bigger).unwrap();
    let Some(LengthNote::CutShort {
        promised_s,
        held_s: held,
    }) = info.note
    else {
        panic!("{:?}", info.note);
    };
    assert!((promised_s - held_s * 10.0).abs() < 1e-9, "{promised_s}");
    assert_eq!(held, held_s);
    assert_eq!(info.duration_s, held_s);
    let message = info.note.unwrap().to_string();
    assert!(
        message.contains("promises 14.3 s of audio, the file holds 1.4 s"),
        "{message}"
    );
    let mut harness = Harness::new();
    common::assert_same(&harness.load_and_pull(&bigger), &full, "cut short");

    // An odd byte count: the half sample at the end is not played.
    let mut odd = fs::read(fixture("hello-pcm16.wav")).unwrap();
    odd.push(0x7f);
    let odd = write(dir.path(), "odd.wav", &with_sizes_of(odd, 0));
    assert_eq!(probe(&odd).unwrap().duration_s, held_s);
}

fn with_sizes_of(mut bytes: Vec<u8>, data: u32) -> Vec<u8> {
    bytes[40..44].copy_from_slice(&data.to_le_bytes());
    bytes
}

/// A data size of 0 followed by whole chunks (tags) is a true empty recording, not a size left
/// unwritten: the tags are not played as audio.
#[test]
fn an_empty_data_chunk_followed_by_tags_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = fs::read(fixture("asterisk-unanswered.wav")).unwrap();
    bytes.extend_from_slice(b"LIST\x0c\0\0\0INFOICMT\0\0\0\0");
    let path = write(dir.path(), "tagged-empty.wav", &bytes);
    let info = probe(&path).unwrap();
    assert!(info.empty);
    assert_eq!(info.note, None);
}

/// The file's frames, counted by ffprobe (`-count_packets`), and what the player must decode.
struct Mp3Case {
    name: &'static str,
    rate: u32,
    channels: u16,
    /// Sample frames decoded, per channel.
    frames: usize,
}

const MP3_CASES: [Mp3Case; 6] = [
    // LAME's Xing/Info tag with its encoder delay and padding: trimmed to the source's
    // 31,626 samples (1.434 s at 22,050 Hz), as ffmpeg decodes it.
    Mp3Case {
        name: "vbr-22k-xing.mp3",
        rate: 22050,
        channels: 1,
        frames: 31_626,
    },
    Mp3Case {
        name: "zeros-before-first-frame.mp3",
        rate: 22050,
        channels: 1,
        frames: 31_626,
    },
    Mp3Case {
        name: "id3-padding-after-tag.mp3",
        rate: 22050,
        channels: 1,
        frames: 31_626,
    },
    // With a CRC the decoder misses the tag: ffprobe's 57 frames and the tag's frame (silent)
    // x 576 samples, untrimmed.
    Mp3Case {
        name: "vbr-22k-crc.mp3",
        rate: 22050,
        channels: 1,
        frames: 58 * 576,
    },
    // No tag at all (lame -t): 62 frames.
    Mp3Case {
        name: "vbr-24k-notag.mp3",
        rate: 24000,
        channels: 1,
        frames: 62 * 576,
    },
    // ffprobe reads that tag and counts 42 frames; the decoder plays the tag's frame too.
    Mp3Case {
        name: "vbr-16k-stereo-crc.mp3",
        rate: 16000,
        channels: 2,
        frames: 43 * 576,
    },
];

#[test]
fn mpeg2_vbr_and_padded_mp3s_play_whole_with_the_right_length() {
    let mut harness = Harness::new();
    for case in MP3_CASES {
        let path = fixture(case.name);
        let info = probe(&path).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(info.format, Format::Mp3, "{}", case.name);
        assert_eq!(info.sample_rate, case.rate, "{}", case.name);
        assert_eq!(info.channels, case.channels, "{}", case.name);
        let expected_s = case.frames as f64 / f64::from(case.rate);
        assert!(
            (info.duration_s - expected_s).abs() < 0.0005,
            "{}: {} s instead of {expected_s} s",
            case.name,
            info.duration_s
        );
        let played = harness.load_and_pull(&path);
        assert_eq!(
            played.len(),
            case.frames * usize::from(case.channels),
            "{}: samples decoded",
            case.name
        );
        // Speech, not silence: the padding was skipped, the voice is there.
        let loud = played.iter().filter(|s| s.abs() > 0.1).count();
        assert!(loud > 1000, "{}: only {loud} loud samples", case.name);
    }
}

/// Seeking near the end of an MP3 the decoder misjudges the length of reaches the real end.
#[test]
fn seeking_in_a_vbr_mp3_without_a_tag_reaches_its_real_end() {
    let mut harness = Harness::new();
    let path = fixture("vbr-24k-notag.mp3");
    let duration = harness.load(&path);
    let at = harness.seek(duration - 0.2);
    assert!((at - (duration - 0.2)).abs() < 0.001, "{at}");
    harness.play();
    let rest = harness.pull_all();
    let expected = (0.2 * 24000.0) as usize;
    assert!(
        rest.len().abs_diff(expected) <= 576,
        "{} samples after the seek, {expected} expected",
        rest.len()
    );
}

#[test]
fn junk_that_is_no_mp3_is_still_an_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    // Bytes that start like frame headers but do not follow each other as frames do.
    let mut bytes = b"junk".to_vec();
    for i in 0..2000u32 {
        bytes.extend_from_slice(&[0xff, 0xfb, 0x90, 0x64, (i % 251) as u8]);
    }
    let path = write(dir.path(), "noise.mp3", &bytes);
    let error = probe(&path).unwrap_err();
    assert!(
        matches!(error, AudioError::UnknownFormat { .. }),
        "{error:?}"
    );
    // Only zeros after an ID3 tag: no stream to play.
    let mut tagged = b"ID3\x03\x00\x00\x00\x00\x00\x0a".to_vec();
    tagged.resize(5000, 0);
    let path = write(dir.path(), "tag-only.mp3", &tagged);
    let message = probe(&path).unwrap_err().to_string();
    assert!(
        message.contains("no MPEG audio frame within 256 KiB after its ID3 tag"),
        "{message}"
    );
}

/// LAME's file for no audio at all: a tag frame whose encoder delay and padding cover the
/// samples of the frames after it.
#[test]
fn an_mp3_of_nothing_is_an_empty_recording() {
    let path = fixture("lame-empty.mp3");
    let info = probe(&path).unwrap();
    assert!(info.empty);
    assert_eq!(info.duration_s, 0.0);
    assert_eq!(info.note, None);
    let mut harness = Harness::new();
    assert_eq!(harness.load(&path), 0.0);
    harness.play();
    assert!(harness.pull_all().is_empty());
}

/// The first frame of a VBR file and nothing else: the tag promises 229 frames, there are none.
/// This input made the decoder panic (`regressions/xing-frame-only.mp3`).
#[test]
fn a_tag_frame_alone_is_an_empty_recording_cut_short() {
    let path = fixture("regressions/xing-frame-only.mp3");
    let info = probe(&path).unwrap();
    assert!(info.empty);
    assert_eq!(info.duration_s, 0.0);
    let Some(LengthNote::CutShort { promised_s, held_s }) = info.note else {
        panic!("{:?}", info.note);
    };
    assert_eq!(held_s, 0.0);
    assert!(
        (promised_s - 229.0 * 576.0 / 22050.0).abs() < 1e-9,
        "{promised_s}"
    );
}
