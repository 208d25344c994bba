//! Playing call recordings, without Tauri.
//!
//! Owns: telling a recording's format from its first bytes ([`sniff`]) and refusing, by name,
//! what it does not play; decoding WAV (PCM 8/16-bit, G.711 mu-law and A-law), MP3, Ogg Vorbis
//! and FLAC as a stream read from disk (and, for speech recognition, read through once:
//! [`samples`]); the [`Player`], a thread of its own driven by
//! [`Command`]s and reporting [`PlayerEvent`]s, with speed changes that keep voices' pitch,
//! skipping of long silences, seeking; playing on the default sound device or on a device-less
//! [`Tap`] that tests pull samples from; waveform peaks with an on-disk cache; writing WAV
//! files for generated recordings.
//! Real exports: a WAV header with no audio after it is an empty recording (0 s, loads and
//! ends at once), not an error; a WAV data size of 0, 0xFFFFFFFF or more than the file holds
//! is read by the file's length and reported as a [`LengthNote`]; an MP3's first frame is
//! found past padding or junk, and its frames are counted where no tag the decoder reads
//! states their number (see `mp3_frames`).
//! Must not: depend on Tauri, touch the database, hold a whole recording in memory, or panic on
//! any file or on a machine without sound.

mod container_checks;
mod deck;
mod error;
mod flac_blocks;
mod mp3_frames;
mod output;
mod peak_cache;
mod player;
mod recording;
mod samples;
mod silence;
mod sniff;
mod stretch;
mod wav_header;
mod wav_read;
mod wav_write;
mod waveform;

pub use error::AudioError;
pub use output::{Output, Tap};
pub use peak_cache::{waveform, CacheOutcome};
pub use player::{Command, Player, PlayerEvent, POSITION_EVERY, SKIP};
pub use recording::{probe, RecordingInfo};
pub use samples::{samples, Samples};
pub use sniff::{sniff, Format, WavEncoding};
pub use wav_header::LengthNote;
pub use wav_write::{write_wav, WavWriter};
pub use waveform::{compute_waveform, Peak, Waveform};
