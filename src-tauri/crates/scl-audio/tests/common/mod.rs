//! Shared by the integration tests: fixtures, generated signals, a device-less player.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use scl_audio::{write_wav, Command, Output, Player, PlayerEvent, Tap, WavEncoding};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

/// Every committed fixture with the sample rate it holds.
pub const FIXTURES: [(&str, u32); 7] = [
    ("hello-pcm16.wav", 8000),
    ("hello-pcm8.wav", 8000),
    ("hello-mulaw.wav", 8000),
    ("hello-alaw.wav", 8000),
    ("hello.mp3", 16000),
    ("hello.ogg", 16000),
    ("hello.flac", 8000),
];

pub fn sine(freq: f64, seconds: f64, rate: u32, amplitude: f32) -> Vec<f32> {
    let n = (seconds * f64::from(rate)).round() as usize;
    (0..n)
        .map(|i| {
            amplitude
                * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(rate)).sin() as f32
        })
        .collect()
}

pub fn silence(seconds: f64, rate: u32) -> Vec<f32> {
    vec![0.0; (seconds * f64::from(rate)).round() as usize]
}

pub fn wav_in(
    dir: &Path,
    name: &str,
    encoding: WavEncoding,
    rate: u32,
    samples: &[f32],
) -> PathBuf {
    let path = dir.join(name);
    write_wav(&path, encoding, rate, 1, samples).expect("write wav");
    path
}

/// Sign changes per second: twice the frequency of a pure tone.
pub fn zero_crossing_hz(samples: &[f32], rate: u32) -> f64 {
    let crossings = samples
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / (samples.len() as f64 / f64::from(rate))
}

/// A player on a [`Tap`], with helpers that wait for the acknowledging events.
pub struct Harness {
    pub player: Player,
    pub events: Receiver<PlayerEvent>,
    pub tap: Tap,
}

impl Harness {
    pub fn new() -> Self {
        let (output, tap) = Output::tap();
        let (player, events) = Player::spawn(output);
        assert_eq!(player.output_problem(), None);
        Harness {
            player,
            events,
            tap,
        }
    }

    pub fn send(&self, command: Command) {
        self.player.send(command);
    }

    /// The first event `pick` accepts, failing after 5 s; events before it are returned too.
    pub fn wait<T>(&self, what: &str, pick: impl Fn(&PlayerEvent) -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    if let Some(found) = pick(&event) {
                        return found;
                    }
                    seen.push(event);
                }
                Err(_) => panic!("no {what} event within 5 s; saw {seen:?}"),
            }
        }
    }

    pub fn load(&self, path: &Path) -> f64 {
        self.send(Command::Load(path.to_path_buf()));
        self.wait("Loaded", |e| match e {
            PlayerEvent::Loaded { duration_s, .. } => Some(*duration_s),
            PlayerEvent::Error { message } => panic!("load failed: {message}"),
            _ => None,
        })
    }

    pub fn load_error(&self, path: &Path) -> String {
        self.send(Command::Load(path.to_path_buf()));
        self.wait("Error", |e| match e {
            PlayerEvent::Error { message } => Some(message.clone()),
            PlayerEvent::Loaded { .. } => panic!("{} loaded, expected an error", path.display()),
            _ => None,
        })
    }

    pub fn play(&self) {
        self.send(Command::Play);
        self.wait("Playing", |e| {
            matches!(e, PlayerEvent::Playing).then_some(())
        });
    }

    pub fn seek(&self, seconds: f64) -> f64 {
        self.send(Command::Seek(seconds));
        self.position()
    }

    pub fn position(&self) -> f64 {
        self.wait("Position", |e| match e {
            PlayerEvent::Position { seconds } => Some(*seconds),
            _ => None,
        })
    }

    pub fn error(&self) -> String {
        self.wait("Error", |e| match e {
            PlayerEvent::Error { message } => Some(message.clone()),
            _ => None,
        })
    }

    /// Everything left of the recording at the current settings.
    pub fn pull_all(&mut self) -> Vec<f32> {
        self.tap.pull_playing(usize::MAX)
    }

    pub fn load_and_pull(&mut self, path: &Path) -> Vec<f32> {
        self.load(path);
        self.play();
        self.pull_all()
    }
}

/// The data chunk of a WAV file as written.
pub fn wav_data(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        if &bytes[at..at + 4] == b"data" {
            return bytes[at + 8..at + 8 + size].to_vec();
        }
        at += 8 + size + (size & 1);
    }
    panic!("no data chunk in {}", path.display());
}

/// Decodes a whole file with rodio's own decoder: the reference the player must match.
pub fn reference_decode(path: &Path) -> Vec<f32> {
    let file = std::fs::File::open(path).unwrap();
    rodio::Decoder::try_from(file).unwrap().collect()
}

/// Equal sample for sample; on failure names the first difference instead of printing both.
#[track_caller]
pub fn assert_same(played: &[f32], expected: &[f32], what: &str) {
    if let Some(i) = played.iter().zip(expected).position(|(a, b)| a != b) {
        panic!(
            "{what}: sample {i} is {} instead of {}",
            played[i], expected[i]
        );
    }
    assert_eq!(played.len(), expected.len(), "{what}: length");
}

pub fn pcm16(path: &Path) -> Vec<f32> {
    wav_data(path)
        .chunks_exact(2)
        .map(|p| f32::from(i16::from_le_bytes([p[0], p[1]])) / 32768.0)
        .collect()
}
