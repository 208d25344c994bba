//! Skipping long silences (hold music gaps, an agent searching a system) while playing.

use std::collections::VecDeque;
use std::time::Duration;

use rodio::{ChannelCount, Sample, SampleRate, Source};

use crate::recording::Timeline;

/// A 20 ms window whose loudest sample stays under this (about -34 dBFS) is quiet. Phone line
/// noise sits well below it; the quietest syllables of speech are above it somewhere in 20 ms.
pub(crate) const QUIET_PEAK: f32 = 0.02;
/// Pauses between words and turns are shorter than this and are kept as they are.
pub(crate) const LONG_SILENCE: Duration = Duration::from_millis(600);
/// A skipped silence still leaves this much at each side, so turns do not run into each other.
const KEPT_EACH_SIDE: Duration = Duration::from_millis(150);
const WINDOW: Duration = Duration::from_millis(20);

/// Passes samples through unchanged while disabled; while enabled, a quiet stretch longer than
/// [`LONG_SILENCE`] is cut down to [`KEPT_EACH_SIDE`] at each end. It looks ahead only as far as
/// it must: at most `LONG_SILENCE` of audio is held back, however long the silence.
pub(crate) struct SkipSilence<S> {
    inner: S,
    enabled: bool,
    channels: ChannelCount,
    sample_rate: SampleRate,
    window_samples: usize,
    long_samples: usize,
    kept_samples: usize,
    /// Samples ready to be yielded.
    ready: VecDeque<Sample>,
    /// The current quiet run, held back until we know whether it is long.
    quiet: VecDeque<Sample>,
    quiet_run: usize,
    dropping: bool,
    inner_done: bool,
    scratch: Vec<Sample>,
}

impl<S: Source> SkipSilence<S> {
    pub fn new(inner: S) -> Self {
        let channels = inner.channels();
        let sample_rate = inner.sample_rate();
        let samples_in = |d: Duration| {
            let frames = (d.as_secs_f64() * f64::from(sample_rate.get())).round() as usize;
            frames.max(1) * usize::from(channels.get())
        };
        Self {
            window_samples: samples_in(WINDOW),
            long_samples: samples_in(LONG_SILENCE),
            kept_samples: samples_in(KEPT_EACH_SIDE),
            inner,
            enabled: false,
            channels,
            sample_rate,
            ready: VecDeque::new(),
            quiet: VecDeque::new(),
            quiet_run: 0,
            dropping: false,
            inner_done: false,
            scratch: Vec::new(),
        }
    }

    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    fn held_back(&self) -> usize {
        self.ready.len() + self.quiet.len()
    }

    fn end_quiet_run(&mut self) {
        self.ready.extend(self.quiet.drain(..));
        self.quiet_run = 0;
        self.dropping = false;
    }

    /// Reads one window and sorts it: loud windows release the held quiet run with them.
    fn read_window(&mut self) {
        self.scratch.clear();
        self.scratch
            .extend(self.inner.by_ref().take(self.window_samples));
        if self.scratch.is_empty() {
            self.inner_done = true;
            return;
        }
        let peak = self.scratch.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        if peak >= QUIET_PEAK {
            self.end_quiet_run();
            self.ready.extend(self.scratch.iter().copied());
            return;
        }
        self.quiet_run += self.scratch.len();
        self.quiet.extend(self.scratch.iter().copied());
        if !self.dropping && self.quiet_run > self.long_samples {
            // Long enough to skip: let the first part go out, forget the middle from now on.
            self.ready.extend(self.quiet.drain(..self.kept_samples));
            self.dropping = true;
        }
        if self.dropping {
            let excess = self.quiet.len().saturating_sub(self.kept_samples);
            self.quiet.drain(..excess);
        }
    }
}

impl<S: Source + Timeline> Timeline for SkipSilence<S> {
    fn playhead(&self) -> Duration {
        let frames = self.held_back() / usize::from(self.channels.get());
        self.inner
            .playhead()
            .saturating_sub(Duration::from_secs_f64(
                frames as f64 / f64::from(self.sample_rate.get()),
            ))
    }
}

impl<S: Source> Iterator for SkipSilence<S> {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        loop {
            if let Some(sample) = self.ready.pop_front() {
                return Some(sample);
            }
            if !self.quiet.is_empty() && (self.inner_done || !self.enabled) {
                self.end_quiet_run();
                continue;
            }
            if self.inner_done {
                return None;
            }
            if !self.enabled {
                return self.inner.next();
            }
            self.read_window();
        }
    }
}

impl<S: Source> Source for SkipSilence<S> {
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
        self.inner.try_seek(pos)?;
        self.ready.clear();
        self.quiet.clear();
        self.quiet_run = 0;
        self.dropping = false;
        self.inner_done = false;
        Ok(())
    }
}
