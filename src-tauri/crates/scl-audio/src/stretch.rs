//! Playing faster or slower without changing the pitch of voices (WSOLA).
//!
//! Resampling would make a 2x agent sound like a cartoon and a 0.5x customer like a slowed tape.
//! Waveform-similarity overlap-add instead cuts the input into short overlapping frames, takes
//! them at `speed` times the rate they are laid down in the output, and nudges each frame's
//! start (within about one voice period) to where it lines up best with what was laid down
//! before, so the waveform continues smoothly and its period, the pitch, stays as it was.

use std::time::Duration;

use rodio::{ChannelCount, Sample, SampleRate, Source};

use crate::recording::Timeline;

pub(crate) const MIN_SPEED: f32 = 0.5;
pub(crate) const MAX_SPEED: f32 = 2.0;
/// Frames of 30 ms: several voice periods, short enough not to smear syllables.
const FRAME: Duration = Duration::from_millis(30);
/// How far a frame's start may move: one period of a 100 Hz voice.
const TOLERANCE: Duration = Duration::from_millis(10);

enum Mode {
    /// Speed 1: samples go through untouched; `cursor` is the next frame to pass on.
    Bypass { cursor: i64 },
    /// `prev` is where the last frame laid down started, `nominal` where it ideally would have.
    Stretch { prev: i64, nominal: f64 },
}

pub(crate) struct TimeStretch<S> {
    inner: S,
    speed: f32,
    channels: ChannelCount,
    sample_rate: SampleRate,
    /// Frame length N and hop N/2, in frames (one sample per channel).
    frame: usize,
    hop: usize,
    tolerance: usize,
    /// The coarse search looks at every `stride`-th offset: at 48 kHz a voice needs no finer.
    stride: usize,
    window: Vec<f32>,
    mode: Mode,
    /// Input frames from absolute frame `base` on (0 = where playing or the last seek started).
    input: Vec<Sample>,
    base: i64,
    /// Absolute end of the input once the source has run out; zeros are padded after it.
    end: Option<i64>,
    /// Overlap-add accumulator, `frame` frames.
    acc: Vec<Sample>,
    out: Vec<Sample>,
    out_pos: usize,
    /// The input frame the first sample of `out` stands for, and input frames per output frame.
    out_origin: f64,
    out_rate: f64,
    finished: bool,
}

impl<S: Source> TimeStretch<S> {
    pub fn new(inner: S) -> Self {
        let channels = inner.channels();
        let sample_rate = inner.sample_rate();
        let rate = f64::from(sample_rate.get());
        let frames = |d: Duration| ((d.as_secs_f64() * rate).round() as usize).max(2);
        let frame = frames(FRAME) & !1;
        // A periodic Hann window: two of them half a frame apart add up to exactly 1.
        let window = (0..frame)
            .map(|i| {
                let x = std::f64::consts::PI * i as f64 / frame as f64;
                (x.sin() * x.sin()) as f32
            })
            .collect();
        Self {
            inner,
            speed: 1.0,
            channels,
            sample_rate,
            frame,
            hop: frame / 2,
            tolerance: frames(TOLERANCE),
            stride: (sample_rate.get() as usize / 8000).max(1),
            window,
            mode: Mode::Bypass { cursor: 0 },
            input: Vec::new(),
            base: 0,
            end: None,
            acc: vec![0.0; frame * usize::from(channels.get())],
            out: Vec::new(),
            out_pos: 0,
            out_origin: 0.0,
            out_rate: 1.0,
            finished: false,
        }
    }

    /// Takes effect from the next frame laid down (a few milliseconds away).
    pub fn set_speed(&mut self, speed: f32) {
        self.speed = speed.clamp(MIN_SPEED, MAX_SPEED);
    }

    pub fn inner_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    fn ch(&self) -> usize {
        usize::from(self.channels.get())
    }

    fn unity(&self) -> bool {
        (self.speed - 1.0).abs() < 0.005
    }

    /// Makes sure input frames up to `until` (absolute, exclusive) are in `input`, reading the
    /// source or, past its end, padding with silence.
    fn load_until(&mut self, until: i64) {
        let ch = self.ch();
        let have = self.base + (self.input.len() / ch) as i64;
        if until <= have {
            return;
        }
        let want = (until - have) as usize * ch;
        if self.end.is_none() {
            let before = self.input.len();
            self.input.extend(self.inner.by_ref().take(want));
            let got = self.input.len() - before;
            if got < want {
                self.input.truncate(before + got - got % ch);
                self.end = Some(self.base + (self.input.len() / ch) as i64);
            }
        }
        let needed = (until - self.base) as usize * ch;
        if self.input.len() < needed {
            self.input.resize(needed, 0.0);
        }
    }

    /// Forgets input well before `keep_from`; done in large chunks so it costs little.
    fn forget_before(&mut self, keep_from: i64) {
        let ch = self.ch();
        let drop = keep_from - self.base;
        if drop > (8 * self.frame) as i64 {
            let drop = drop as usize;
            self.input.drain(..drop * ch);
            self.base += drop as i64;
        }
    }

    fn at(&self, frame: i64) -> usize {
        (frame - self.base) as usize * self.ch()
    }

    fn mono(&self, frame: i64) -> f32 {
        let i = self.at(frame);
        self.input[i..i + self.ch()].iter().sum()
    }

    /// How alike the `hop` frames at `candidate` are to those at `target`, sampling every
    /// `step`-th frame; normalised so loud candidates do not win for being loud.
    fn similarity(&self, candidate: i64, target: i64, step: usize) -> f32 {
        let (mut dot, mut energy) = (0.0f32, 0.0f32);
        for i in (0..self.hop as i64).step_by(step) {
            let c = self.mono(candidate + i);
            dot += c * self.mono(target + i);
            energy += c * c;
        }
        dot / (energy.sqrt() + 1e-9)
    }

    fn best_start(&self, nominal: i64, natural: i64) -> i64 {
        let lo = (nominal - self.tolerance as i64).max(self.base);
        let hi = nominal + self.tolerance as i64;
        let best_of = |candidates: &mut dyn Iterator<Item = i64>, step: usize| {
            candidates
                .map(|p| (self.similarity(p, natural, step), p))
                .fold(
                    (f32::MIN, lo),
                    |best, c| if c.0 > best.0 { c } else { best },
                )
                .1
        };
        let coarse = best_of(&mut (lo..=hi).step_by(self.stride), self.stride);
        if self.stride == 1 {
            return coarse;
        }
        let from = (coarse - self.stride as i64).max(lo);
        best_of(&mut (from..=(coarse + self.stride as i64).min(hi)), 1)
    }

    /// Adds the windowed input frame starting at `start` into the accumulator.
    fn lay_down(&mut self, start: i64) {
        let ch = self.ch();
        let from = self.at(start);
        for (i, w) in self.window.iter().enumerate() {
            for c in 0..ch {
                self.acc[i * ch + c] += w * self.input[from + i * ch + c];
            }
        }
    }

    /// Moves the first `hop` frames of the accumulator to the output.
    fn emit_hop(&mut self) {
        let n = self.hop * self.ch();
        self.out.clear();
        self.out.extend_from_slice(&self.acc[..n]);
        self.acc.copy_within(n.., 0);
        let len = self.acc.len();
        self.acc[len - n..].fill(0.0);
        self.out_pos = 0;
    }

    /// Fills `out` with the next few milliseconds. False once everything has been played.
    fn step(&mut self) -> bool {
        let hop = self.hop as i64;
        let frame = self.frame as i64;
        match self.mode {
            Mode::Bypass { cursor } if !self.unity() => {
                // Start stretching as if the frame before `cursor` had just been laid down:
                // its fading half is the input just after `cursor`.
                self.load_until(cursor + hop);
                self.acc.fill(0.0);
                let ch = self.ch();
                let from = self.at(cursor);
                for i in 0..self.hop {
                    for c in 0..ch {
                        self.acc[i * ch + c] =
                            self.window[self.hop + i] * self.input[from + i * ch + c];
                    }
                }
                self.mode = Mode::Stretch {
                    prev: cursor - hop,
                    nominal: (cursor - hop) as f64,
                };
                self.step()
            }
            Mode::Bypass { cursor } => {
                self.load_until(cursor + hop);
                let last = self.end.map_or(cursor + hop, |end| end.min(cursor + hop));
                if last <= cursor {
                    return false;
                }
                let (from, to) = (self.at(cursor), self.at(last));
                self.out.clear();
                self.out.extend_from_slice(&self.input[from..to]);
                self.out_pos = 0;
                self.out_origin = cursor as f64;
                self.out_rate = 1.0;
                self.mode = Mode::Bypass { cursor: last };
                self.forget_before(last - frame - self.tolerance as i64);
                true
            }
            Mode::Stretch { prev, .. } if self.unity() => {
                // Back to speed 1: lay down the natural continuation exactly; its fading half
                // plus the untouched input after it is the input itself, so no seam.
                let natural = prev + hop;
                self.load_until(natural + frame);
                self.lay_down(natural);
                self.emit_hop();
                self.out_origin = natural as f64;
                self.out_rate = 1.0;
                self.mode = Mode::Bypass {
                    cursor: natural + hop,
                };
                true
            }
            Mode::Stretch { prev, nominal } => {
                let next = nominal + self.hop as f64 * f64::from(self.speed);
                if self.end.is_some_and(|end| next >= end as f64) {
                    // The last frame's fading half is still in the accumulator.
                    if self.finished {
                        return false;
                    }
                    self.finished = true;
                    self.emit_hop();
                    self.out_origin = next;
                    return true;
                }
                let natural = prev + hop;
                let centre = next.round() as i64;
                self.load_until((centre + self.tolerance as i64).max(natural) + frame);
                let start = self.best_start(centre, natural);
                self.lay_down(start);
                self.emit_hop();
                self.out_origin = next;
                self.out_rate = f64::from(self.speed);
                self.mode = Mode::Stretch {
                    prev: start,
                    nominal: next,
                };
                self.forget_before(start.min(centre) - frame - self.tolerance as i64);
                true
            }
        }
    }
}

impl<S: Source + Timeline> Timeline for TimeStretch<S> {
    fn playhead(&self) -> Duration {
        let ch = self.ch();
        let read = self
            .end
            .unwrap_or(self.base + (self.input.len() / ch) as i64) as f64;
        let heard = self.out_origin + (self.out_pos / ch) as f64 * self.out_rate;
        let ahead = (read - heard).max(0.0) / f64::from(self.sample_rate.get());
        self.inner
            .playhead()
            .saturating_sub(Duration::from_secs_f64(ahead))
    }
}

impl<S: Source> Iterator for TimeStretch<S> {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        if self.out_pos >= self.out.len() && !self.step() {
            return None;
        }
        let sample = self.out[self.out_pos];
        self.out_pos += 1;
        Some(sample)
    }
}

impl<S: Source> Source for TimeStretch<S> {
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
        self.inner.total_duration().map(|d| d.div_f32(self.speed))
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        self.inner.try_seek(pos)?;
        self.input.clear();
        self.base = 0;
        self.end = None;
        self.acc.fill(0.0);
        self.out.clear();
        self.out_pos = 0;
        self.out_origin = 0.0;
        self.finished = false;
        self.mode = Mode::Bypass { cursor: 0 };
        Ok(())
    }
}
