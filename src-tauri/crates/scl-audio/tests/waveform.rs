//! Waveform peaks on known signals, and their cache on disk.

mod common;

use std::fs;
use std::time::Duration;

use common::{fixture, sine, wav_in};
use scl_audio::{compute_waveform, waveform, CacheOutcome, Peak, WavEncoding};

/// Four seconds at rising levels: each bucket of four holds exactly one level.
fn steps() -> Vec<f32> {
    [0.1f32, 0.2, 0.4, 0.8]
        .iter()
        .flat_map(|&a| sine(250.0, 1.0, 8000, a))
        .collect()
}

#[test]
fn peaks_follow_a_known_signal_in_every_wav_encoding() {
    let dir = tempfile::tempdir().unwrap();
    // How far each encoding may round a sample near 0.8 (mu-law and A-law steps grow with it).
    let cases = [
        (WavEncoding::Pcm16, 0.001),
        (WavEncoding::Pcm8, 0.01),
        (WavEncoding::MuLaw, 0.02),
        (WavEncoding::ALaw, 0.02),
    ];
    for (encoding, tolerance) in cases {
        let path = wav_in(
            dir.path(),
            &format!("{encoding:?}.wav"),
            encoding,
            8000,
            &steps(),
        );
        let wave = compute_waveform(&path, 4).unwrap();
        assert!((wave.duration_s - 4.0).abs() < 1e-9);
        for (peak, level) in wave.peaks.iter().zip([0.1f32, 0.2, 0.4, 0.8]) {
            assert!(
                (peak.max - level).abs() < tolerance && (peak.min + level).abs() < tolerance,
                "{encoding:?}: {peak:?} for level {level}"
            );
        }
    }
}

#[test]
fn silence_has_flat_peaks_and_buckets_are_as_many_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut samples = vec![0.0f32; 8000];
    samples.extend(sine(300.0, 1.0, 8000, 0.5));
    let path = wav_in(dir.path(), "half.wav", WavEncoding::Pcm16, 8000, &samples);
    let wave = compute_waveform(&path, 1000).unwrap();
    assert_eq!(wave.peaks.len(), 1000);
    assert!(wave.peaks[..500]
        .iter()
        .all(|p| *p == Peak { min: 0.0, max: 0.0 }));
    // 16 samples a bucket, 0.6 of a 300 Hz period: at least 0.65 of the 1.0 swing.
    assert!(wave.peaks[500..].iter().all(|p| p.max - p.min > 0.6));
    // More buckets than samples still gives as many buckets.
    assert_eq!(compute_waveform(&path, 50_000).unwrap().peaks.len(), 50_000);
}

/// Decoded formats (here FLAC) give the same picture as the WAV made from the same speech.
#[test]
fn decoded_formats_agree_with_wav() {
    let wav = compute_waveform(&fixture("hello-pcm16.wav"), 16).unwrap();
    let flac = compute_waveform(&fixture("hello.flac"), 16).unwrap();
    assert!((wav.duration_s - flac.duration_s).abs() < 0.001);
    for (w, f) in wav.peaks.iter().zip(&flac.peaks) {
        assert!(
            (w.max - f.max).abs() < 0.01 && (w.min - f.min).abs() < 0.01,
            "{w:?} vs {f:?}"
        );
    }
    let loudest = wav.peaks.iter().fold(0.0f32, |m, p| m.max(p.max));
    assert!(loudest > 0.3, "speech is there: {loudest}");
    for name in ["hello.mp3", "hello.ogg"] {
        let wave = compute_waveform(&fixture(name), 16).unwrap();
        assert_eq!(wave.peaks.len(), 16);
        let loud = wave.peaks.iter().fold(0.0f32, |m, p| m.max(p.max));
        assert!(
            (loud - loudest).abs() < 0.1,
            "{name}: loudest {loud} vs {loudest}"
        );
    }
}

#[test]
fn the_cache_hits_misses_and_notices_a_replaced_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let path = wav_in(dir.path(), "call.wav", WavEncoding::MuLaw, 8000, &steps());

    let (first, outcome) = waveform(&path, 100, &cache).unwrap();
    assert_eq!(outcome, CacheOutcome::Miss);
    let (again, outcome) = waveform(&path, 100, &cache).unwrap();
    assert_eq!(outcome, CacheOutcome::Hit);
    assert_eq!(again, first, "the cache returns exactly what was computed");
    let files: Vec<_> = fs::read_dir(&cache).unwrap().collect();
    assert_eq!(files.len(), 1);
    let size = files[0].as_ref().unwrap().metadata().unwrap().len();
    assert!(size < 100 * 4 + 200, "compact: {size} bytes for 100 peaks");

    // Another zoom level is cached beside it.
    assert_eq!(waveform(&path, 10, &cache).unwrap().1, CacheOutcome::Miss);
    assert_eq!(waveform(&path, 10, &cache).unwrap().1, CacheOutcome::Hit);

    // The recording replaced in place (same name, new content and time): recomputed.
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    let quiet: Vec<f32> = steps().iter().map(|s| s * 0.25).collect();
    wav_in(dir.path(), "call.wav", WavEncoding::MuLaw, 8000, &quiet);
    let later = before + Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (fresh, outcome) = waveform(&path, 100, &cache).unwrap();
    assert_eq!(outcome, CacheOutcome::Stale);
    assert!(
        fresh.peaks[99].max < 0.25,
        "new peaks: {:?}",
        fresh.peaks[99]
    );
    assert_eq!(
        waveform(&path, 100, &cache).unwrap(),
        (fresh, CacheOutcome::Hit)
    );
}

#[test]
fn a_damaged_cache_file_is_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let path = wav_in(dir.path(), "call.wav", WavEncoding::Pcm16, 8000, &steps());
    let (good, _) = waveform(&path, 8, &cache).unwrap();
    let file = fs::read_dir(&cache)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let bytes = fs::read(&file).unwrap();
    fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
    assert_eq!(
        waveform(&path, 8, &cache).unwrap(),
        (good.clone(), CacheOutcome::Stale)
    );
    fs::write(&file, b"not a cache").unwrap();
    assert_eq!(
        waveform(&path, 8, &cache).unwrap(),
        (good, CacheOutcome::Stale)
    );
}

#[test]
fn an_unwritable_cache_still_gives_the_waveform() {
    let dir = tempfile::tempdir().unwrap();
    let path = wav_in(dir.path(), "call.wav", WavEncoding::Pcm16, 8000, &steps());
    // A file where the cache directory should be: nothing can be written under it.
    let blocked = dir.path().join("blocked");
    fs::write(&blocked, b"").unwrap();
    let (wave, outcome) = waveform(&path, 4, &blocked).unwrap();
    assert_eq!(outcome, CacheOutcome::Miss);
    assert_eq!(wave.peaks.len(), 4);
}

#[test]
fn waveform_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.wav");
    let message = waveform(&missing, 10, dir.path()).unwrap_err().to_string();
    assert_eq!(
        message,
        format!("recording not found: {}", missing.display())
    );
}
