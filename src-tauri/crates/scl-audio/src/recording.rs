//! Opening a recording as a stream of samples read from disk as they are played.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Duration;

use rodio::{ChannelCount, Decoder, Sample, SampleRate, Source};

use crate::mp3_frames::{survey, Survey};
use crate::sniff::{inspect, Format, Sniffed};
use crate::wav_header::LengthNote;
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
    /// A header and no audio (what Asterisk leaves for a call nobody answered): 0 s, loads and
    /// "plays" to its end at once. Not an error.
    pub empty: bool,
    /// The header's data size was not the file's; what it said, and that the file was read by
    /// its length.
    pub note: Option<LengthNote>,
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
    let mp3 = match format {
        Format::Mp3 => Some(mp3_survey(path, &sniffed)?),
        _ => None,
    };
    if mp3.is_some_and(|survey| survey.whole_frames == 0) {
        return Err(AudioError::truncated(
            path,
            "it ends inside its first MP3 frame",
        ));
    }
    if let Some(survey) = mp3.filter(|survey| survey.audio_frames == 0) {
        // A tag frame and no audio (an encoder's file for a call nobody answered, or one cut
        // right after its first frame). rodio 0.23 must never see it: with no audio packet it
        // builds a sample buffer for 0 channels, and symphonia-core divides by zero (a panic).
        return Ok(empty_mp3(&survey));
    }
    // The decoder's length is right for every format but MP3s whose frame count no tag states.
    let trusted = mp3.is_none_or(|survey| survey.tag_agrees);
    let mut decoder = build_decoder(path, &sniffed, trusted)?;
    let counted = mp3.filter(|survey| !survey.tag_agrees).map(|s| s.duration);
    if let Some(survey) = mp3.filter(|_| trusted && decoder.total_duration().is_none()) {
        // The LAME tag's encoder delay and padding cover every sample its frames hold.
        return Ok(empty_mp3(&survey));
    }
    let duration = counted
        .or_else(|| decoder.total_duration())
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
        decoder = build_decoder(path, &sniffed, trusted)?;
    }
    let empty = sniffed.wav.is_some_and(|wav| wav.frames() == 0);
    let note = match (sniffed.wav, mp3.and_then(|survey| survey.promised)) {
        (Some(wav), _) => wav.note,
        (None, Some(promised)) => Some(LengthNote::CutShort {
            promised_s: promised.as_secs_f64(),
            held_s: duration.as_secs_f64(),
        }),
        (None, None) => None,
    };
    let info = RecordingInfo {
        format,
        duration_s: duration.as_secs_f64(),
        sample_rate: decoder.sample_rate().get(),
        channels: decoder.channels().get(),
        empty,
        note,
    };
    let mut tracked = Tracked::new(decoder);
    tracked.total = Some(duration);
    if format == Format::Flac || !trusted {
        // symphonia 0.5's FLAC reader loses its place on a second seek (it then yields a few
        // blocks and stops); an MP3 decoder opened as unseekable (see `build_decoder`) seeks
        // only forward. A fresh reader for each seek is cheap and always right.
        let path = path.to_path_buf();
        tracked.reopen = Some(Box::new(move || {
            build_decoder(&path, &sniffed, trusted).ok()
        }));
    }
    if !empty && !tracked.prime() {
        return Err(AudioError::corrupt(
            path,
            format!("it holds no decodable {format} audio"),
        ));
    }
    Ok((tracked, info))
}

/// An MP3 with nothing to hear: loads as 0 s and ends as soon as it is played.
fn empty_mp3(survey: &Survey) -> (Tracked<FileDecoder>, RecordingInfo) {
    let nothing = Nothing {
        sample_rate: SampleRate::new(survey.sample_rate).unwrap_or(SampleRate::MIN),
        channels: ChannelCount::new(survey.channels).unwrap_or(ChannelCount::MIN),
    };
    let info = RecordingInfo {
        format: Format::Mp3,
        duration_s: 0.0,
        sample_rate: nothing.sample_rate.get(),
        channels: nothing.channels.get(),
        empty: true,
        note: survey.promised.map(|promised| LengthNote::CutShort {
            promised_s: promised.as_secs_f64(),
            held_s: 0.0,
        }),
    };
    let mut tracked = Tracked::new(Box::new(nothing) as FileDecoder);
    tracked.total = Some(Duration::ZERO);
    (tracked, info)
}

/// A source without a single sample.
struct Nothing {
    sample_rate: SampleRate,
    channels: ChannelCount,
}

impl Iterator for Nothing {
    type Item = Sample;
    fn next(&mut self) -> Option<Sample> {
        None
    }
}

impl Source for Nothing {
    fn current_span_len(&self) -> Option<usize> {
        Some(0)
    }
    fn channels(&self) -> ChannelCount {
        self.channels
    }
    fn sample_rate(&self) -> SampleRate {
        self.sample_rate
    }
    fn total_duration(&self) -> Option<Duration> {
        Some(Duration::ZERO)
    }
    fn try_seek(&mut self, _: Duration) -> Result<(), rodio::source::SeekError> {
        Ok(())
    }
}

fn mp3_survey(path: &Path, sniffed: &Sniffed) -> Result<Survey, AudioError> {
    let mut file = File::open(path).map_err(|e| AudioError::io(path, e))?;
    let len = file.metadata().map_err(|e| AudioError::io(path, e))?.len();
    survey(&mut file, path, sniffed.audio_start, len)
}

/// `trusted`: the decoder's own length is the file's. When it is not (an MP3 whose frames no
/// tag counts), symphonia would trim the audio to a length it estimated from the first frames,
/// and rodio would clamp seeks to it; it is then told the stream is unseekable, so it neither
/// estimates nor trims, and seeks forward from a fresh start (frame headers only).
fn build_decoder(path: &Path, sniffed: &Sniffed, trusted: bool) -> Result<FileDecoder, AudioError> {
    if let Some(layout) = sniffed.wav {
        return Ok(Box::new(WavSource::open(path, layout)?));
    }
    let format = sniffed.format;
    let file = File::open(path).map_err(|e| AudioError::io(path, e))?;
    let len = file.metadata().map_err(|e| AudioError::io(path, e))?.len();
    // An MP3 is handed over from its first frame: the decoder gives up on long runs of padding
    // or junk before it.
    let start = match format {
        Format::Mp3 => sniffed.audio_start,
        _ => 0,
    };
    let data = Window::new(BufReader::new(file), start).map_err(|e| AudioError::io(path, e))?;
    // Decoders are not ours; a malformed file must not take the player thread down with it.
    let built = catch_unwind(AssertUnwindSafe(|| {
        Decoder::builder()
            .with_data(data)
            .with_byte_len(len - start)
            .with_seekable(trusted)
            .with_gapless(trusted)
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

/// A file seen from `start` on, as if it began there.
struct Window<R> {
    inner: R,
    start: u64,
}

impl<R: Seek> Window<R> {
    fn new(mut inner: R, start: u64) -> std::io::Result<Self> {
        inner.seek(SeekFrom::Start(start))?;
        Ok(Window { inner, start })
    }
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for Window<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let pos = match pos {
            SeekFrom::Start(at) => SeekFrom::Start(self.start + at),
            other => other,
        };
        let at = self.inner.seek(pos)?;
        if at < self.start {
            // Before the window: stay at its start, as at the start of a file.
            self.inner.seek(SeekFrom::Start(self.start))?;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start of the audio",
            ));
        }
        Ok(at - self.start)
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
    /// The length when it is known better than the decoder knows it (counted MP3 frames).
    pub total: Option<Duration>,
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
            total: None,
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
        self.total.or_else(|| self.inner.total_duration())
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        if let Some(fresh) = self.reopen.as_mut().and_then(|reopen| reopen()) {
            self.inner = fresh;
        }
        self.inner.try_seek(pos)?;
        self.peeked = None;
        self.start = match self.total_duration() {
            Some(total) => pos.min(total),
            None => pos,
        };
        self.samples = 0;
        Ok(())
    }
}
