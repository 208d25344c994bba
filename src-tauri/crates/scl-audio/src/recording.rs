//! Opening a recording as a stream of samples read from disk as they are played.

use std::fs::File;
use std::io::BufReader;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Duration;

use rodio::{ChannelCount, Decoder, Sample, SampleRate, Source};

use crate::sniff::{inspect, Format, Sniffed};
use crate::wav_read::WavSource;
use crate::AudioError;

/// A recording as samples read through a buffer straight from the file: a 60-minute recording
/// is never held in memory whole. WAV files are read by [`WavSource`], the rest by rodio's
/// decoders.
pub(crate) type FileDecoder = Box<dyn Source + Send>;

/// What the player reports when a recording is loaded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordingInfo {
    pub format: Format,
    pub duration_s: f64,
    pub sample_rate: u32,
    pub channels: u16,
}

/// The place in the recording of the next sample a source will yield. Wrappers that hold
/// samples back (to look ahead for silence, to overlap frames) subtract what they hold, so the
/// position shown is what is being heard, not what was last read from disk.
pub(crate) trait Timeline {
    fn playhead(&self) -> Duration;
}

/// Checks and opens a recording for playing.
#[tracing::instrument(level = "debug")]
pub fn probe(path: &Path) -> Result<RecordingInfo, AudioError> {
    open(path).map(|(_, info)| info)
}

pub(crate) fn open(path: &Path) -> Result<(Tracked<FileDecoder>, RecordingInfo), AudioError> {
    let sniffed = inspect(path)?;
    let format = sniffed.format;
    let mut decoder = build_decoder(path, &sniffed)?;
    let duration = decoder
        .total_duration()
        .or_else(|| {
            let wav = sniffed.wav?;
            Some(Duration::from_secs_f64(
                wav.frames() as f64 / f64::from(wav.sample_rate),
            ))
        })
        .ok_or_else(|| AudioError::corrupt(path, "its length cannot be told"))?;
    if matches!(format, Format::Mp3 | Format::Flac) {
        check_end(&mut decoder, duration, path)?;
        // Start over rather than seek back: see `reopen` below.
        decoder = build_decoder(path, &sniffed)?;
    }
    let info = RecordingInfo {
        format,
        duration_s: duration.as_secs_f64(),
        sample_rate: decoder.sample_rate().get(),
        channels: decoder.channels().get(),
    };
    let mut tracked = Tracked::new(decoder);
    if format == Format::Flac {
        // symphonia 0.5's FLAC reader loses its place on a second seek (it then yields a few
        // blocks and stops); a fresh reader for each seek is cheap and always right.
        let path = path.to_path_buf();
        tracked.reopen = Some(Box::new(move || build_decoder(&path, &sniffed).ok()));
    }
    if !tracked.prime() {
        return Err(AudioError::corrupt(
            path,
            format!("it holds no decodable {format} audio"),
        ));
    }
    Ok((tracked, info))
}

fn build_decoder(path: &Path, sniffed: &Sniffed) -> Result<FileDecoder, AudioError> {
    if let Some(layout) = sniffed.wav {
        return Ok(Box::new(WavSource::open(path, layout)?));
    }
    let format = sniffed.format;
    let file = File::open(path).map_err(|e| AudioError::io(path, e))?;
    let len = file.metadata().map_err(|e| AudioError::io(path, e))?.len();
    // Decoders are not ours; a malformed file must not take the player thread down with it.
    let built = catch_unwind(AssertUnwindSafe(|| {
        Decoder::builder()
            .with_data(BufReader::new(file))
            .with_byte_len(len)
            .with_seekable(true)
            .with_hint(format.extension())
            .build()
    }));
    match built {
        Ok(Ok(decoder)) => Ok(Box::new(decoder)),
        Ok(Err(e)) => Err(AudioError::corrupt(
            path,
            format!("it does not decode as {format}: {e}"),
        )),
        Err(_) => Err(AudioError::corrupt(
            path,
            format!("the {format} decoder failed on it"),
        )),
    }
}

/// MP3 (with a Xing header) and FLAC announce their length up front; a file cut short still
/// announces the whole length. Reading just before the announced end tells.
fn check_end(decoder: &mut FileDecoder, duration: Duration, path: &Path) -> Result<(), AudioError> {
    let near_end = duration.saturating_sub(Duration::from_millis(300));
    let probe = catch_unwind(AssertUnwindSafe(|| {
        decoder.try_seek(near_end).ok()?;
        decoder.next()
    }));
    match probe {
        Ok(Some(_)) => Ok(()),
        _ => Err(AudioError::truncated(
            path,
            format!(
                "its header announces {:.1} s but the audio stops before that",
                duration.as_secs_f64()
            ),
        )),
    }
}

/// Counts what a source yields, so its position is known without asking the decoder.
pub(crate) struct Tracked<S> {
    inner: S,
    channels: ChannelCount,
    sample_rate: SampleRate,
    start: Duration,
    samples: u64,
    /// A sample read ahead to prove the stream decodes; yielded first.
    peeked: Option<Sample>,
    /// Opens the source anew, for decoders that cannot seek twice.
    reopen: Option<Reopen<S>>,
}

type Reopen<S> = Box<dyn FnMut() -> Option<S> + Send>;

impl<S: Source> Tracked<S> {
    pub fn new(inner: S) -> Self {
        Self {
            channels: inner.channels(),
            sample_rate: inner.sample_rate(),
            inner,
            start: Duration::ZERO,
            samples: 0,
            peeked: None,
            reopen: None,
        }
    }

    /// Reads the first sample ahead; false when there is none.
    pub fn prime(&mut self) -> bool {
        if self.peeked.is_none() {
            self.peeked = catch_unwind(AssertUnwindSafe(|| self.inner.next()))
                .ok()
                .flatten();
        }
        self.peeked.is_some()
    }
}

impl<S: Source> Timeline for Tracked<S> {
    fn playhead(&self) -> Duration {
        let frames = self.samples / u64::from(self.channels.get());
        self.start + Duration::from_secs_f64(frames as f64 / f64::from(self.sample_rate.get()))
    }
}

impl<S: Source> Iterator for Tracked<S> {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        let sample = match self.peeked.take() {
            Some(sample) => sample,
            None => self.inner.next()?,
        };
        self.samples += 1;
        Some(sample)
    }
}

impl<S: Source> Source for Tracked<S> {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> ChannelCount {
        self.channels
    }
    fn sample_rate(&self) -> SampleRate {
        self.sample_rate
    }
    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        if let Some(fresh) = self.reopen.as_mut().and_then(|reopen| reopen()) {
            self.inner = fresh;
        }
        self.inner.try_seek(pos)?;
        self.peeked = None;
        self.start = match self.inner.total_duration() {
            Some(total) => pos.min(total),
            None => pos,
        };
        self.samples = 0;
        Ok(())
    }
}
