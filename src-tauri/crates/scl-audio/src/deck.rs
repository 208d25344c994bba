//! The one source an output ever plays: whatever recording is loaded, or silence.
//!
//! The player thread never touches samples. It sends orders to the deck, which applies them on
//! the thread that pulls samples (the sound device's, or a test's), between blocks of 10 ms, so
//! a seek or a pause never races with a half-read block.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use rodio::{ChannelCount, Sample, SampleRate, Source};

use crate::recording::{FileDecoder, Timeline, Tracked};
use crate::silence::SkipSilence;
use crate::stretch::TimeStretch;

/// Decoder, then silence skipping, then speed: silence is judged on the recording as it is.
pub(crate) type Chain = TimeStretch<SkipSilence<Tracked<FileDecoder>>>;

pub(crate) fn chain(decoder: Tracked<FileDecoder>) -> Box<Chain> {
    Box::new(TimeStretch::new(SkipSilence::new(decoder)))
}

/// Orders that change what "the end" means carry an epoch; notes carry the epoch they were
/// sent in, so the player can ignore an `Ended` overtaken by a seek or another recording.
pub(crate) enum DeckOrder {
    /// Replaces the recording, paused at its start.
    Load(Box<Chain>, u64),
    Unload(u64),
    Play,
    Pause,
    Seek(Duration, u64),
    Speed(f32),
    Volume(f32),
    SkipSilence(bool),
}

pub(crate) enum DeckNote {
    Ended(u64),
    Failed(u64, String),
}

/// The ends of the deck's channels that the player thread holds.
pub(crate) struct DeckLink {
    pub orders: Sender<DeckOrder>,
    pub notes: Receiver<DeckNote>,
    pub position: Arc<AtomicU64>,
}

pub(crate) struct Deck {
    orders: Receiver<DeckOrder>,
    notes: Sender<DeckNote>,
    position: Arc<AtomicU64>,
    chain: Option<Box<Chain>>,
    playing: bool,
    /// The recording ran out during the current block; `Ended` goes out at the next one.
    exhausted: bool,
    /// A seek or another recording made the rest of the current block stale.
    stale_block: bool,
    speed: f32,
    volume: f32,
    skip_silence: bool,
    epoch: u64,
    /// Set for a sound device: every block comes out in the device's format.
    conform: Option<Conform>,
    block: Vec<Sample>,
    block_pos: usize,
    block_is_content: bool,
    channels: ChannelCount,
    sample_rate: SampleRate,
}

const IDLE_RATE: SampleRate = SampleRate::new(8000).unwrap();

impl Deck {
    /// A deck and the link to drive it; `device_format` is (channels, rate) of a sound device,
    /// or `None` to yield each recording in its own format.
    pub fn new(device_format: Option<(ChannelCount, SampleRate)>) -> (Deck, DeckLink) {
        let (order_tx, order_rx) = crossbeam_channel::unbounded();
        let (note_tx, note_rx) = crossbeam_channel::unbounded();
        let position = Arc::new(AtomicU64::new(0f64.to_bits()));
        let (channels, sample_rate) = device_format.unwrap_or((ChannelCount::MIN, IDLE_RATE));
        let mut deck = Deck {
            orders: order_rx,
            notes: note_tx,
            position: position.clone(),
            chain: None,
            playing: false,
            exhausted: false,
            stale_block: false,
            speed: 1.0,
            volume: 1.0,
            skip_silence: false,
            epoch: 0,
            conform: device_format.map(|(c, r)| Conform::new(c, r)),
            block: Vec::new(),
            block_pos: 0,
            block_is_content: false,
            channels,
            sample_rate,
        };
        deck.refill();
        let link = DeckLink {
            orders: order_tx,
            notes: note_rx,
            position,
        };
        (deck, link)
    }

    fn apply_orders(&mut self) {
        while let Ok(order) = self.orders.try_recv() {
            match order {
                DeckOrder::Load(mut chain, epoch) => {
                    self.epoch = epoch;
                    chain.set_speed(self.speed);
                    chain.inner_mut().set_enabled(self.skip_silence);
                    if let Some(conform) = &mut self.conform {
                        conform.reset();
                    }
                    self.chain = Some(chain);
                    self.playing = false;
                    self.exhausted = false;
                    self.stale_block = true;
                }
                DeckOrder::Unload(epoch) => {
                    self.epoch = epoch;
                    self.chain = None;
                    self.playing = false;
                    self.stale_block = true;
                }
                DeckOrder::Play => self.playing = self.chain.is_some(),
                DeckOrder::Pause => self.playing = false,
                DeckOrder::Seek(to, epoch) => {
                    self.epoch = epoch;
                    self.seek(to);
                }
                DeckOrder::Speed(speed) => {
                    self.speed = speed;
                    if let Some(chain) = &mut self.chain {
                        chain.set_speed(speed);
                    }
                }
                DeckOrder::Volume(volume) => self.volume = volume,
                DeckOrder::SkipSilence(on) => {
                    self.skip_silence = on;
                    if let Some(chain) = &mut self.chain {
                        chain.inner_mut().set_enabled(on);
                    }
                }
            }
        }
    }

    fn seek(&mut self, to: Duration) {
        let Some(chain) = &mut self.chain else { return };
        match catch_unwind(AssertUnwindSafe(|| chain.try_seek(to))) {
            Ok(Ok(())) => {
                if let Some(conform) = &mut self.conform {
                    conform.reset();
                }
                self.exhausted = false;
                self.stale_block = true;
                self.store_position();
            }
            Ok(Err(e)) => self.fail(format!("seek failed: {e}")),
            Err(_) => self.fail("the decoder failed while seeking".to_string()),
        }
    }

    fn fail(&mut self, message: String) {
        self.chain = None;
        self.playing = false;
        let _ = self.notes.send(DeckNote::Failed(self.epoch, message));
    }

    fn store_position(&self) {
        if let Some(chain) = &self.chain {
            let seconds = chain.playhead().as_secs_f64();
            self.position.store(seconds.to_bits(), Ordering::Relaxed);
        }
    }

    /// Prepares the next block: 10 ms of the recording while playing, else 10 ms of silence.
    fn refill(&mut self) {
        self.apply_orders();
        self.stale_block = false;
        self.block.clear();
        self.block_pos = 0;
        self.block_is_content = false;
        if self.playing && self.exhausted {
            self.playing = false;
            self.exhausted = false;
            let _ = self.notes.send(DeckNote::Ended(self.epoch));
        }
        if let (true, Some(chain)) = (self.playing, self.chain.as_mut()) {
            let pulled = match &mut self.conform {
                None => {
                    self.channels = chain.channels();
                    self.sample_rate = chain.sample_rate();
                    let want =
                        self.sample_rate.get() as usize / 100 * usize::from(self.channels.get());
                    let block = &mut self.block;
                    catch_unwind(AssertUnwindSafe(|| {
                        block.extend(chain.by_ref().take(want));
                        block.len() == want
                    }))
                }
                Some(conform) => {
                    let block = &mut self.block;
                    catch_unwind(AssertUnwindSafe(|| conform.fill(chain.as_mut(), block)))
                }
            };
            match pulled {
                Ok(more) => {
                    self.block.iter_mut().for_each(|s| *s *= self.volume);
                    self.block_is_content = !self.block.is_empty();
                    self.store_position();
                    if !more {
                        self.exhausted = true;
                    }
                    if self.block.is_empty() {
                        return self.refill();
                    }
                }
                Err(_) => {
                    self.block.clear();
                    self.fail("the decoder failed while playing".to_string());
                }
            }
        }
        if self.block.is_empty() {
            let frames = self.sample_rate.get() as usize / 100;
            self.block
                .resize(frames * usize::from(self.channels.get()), 0.0);
        }
    }

    /// Content samples of the recording while it plays, at most `limit`; stops early when it
    /// is paused, ended or unloaded. For pulling without a device: unlike a device, which
    /// finishes the block it holds, this applies orders between any two samples, so a test
    /// knows exactly which samples came after a pause or a seek.
    pub fn pull_playing(&mut self, limit: usize) -> Vec<Sample> {
        let mut out = Vec::new();
        while out.len() < limit {
            self.apply_orders();
            if std::mem::take(&mut self.stale_block) {
                self.block_pos = self.block.len();
            }
            if !self.playing {
                break;
            }
            if self.block_pos >= self.block.len() || !self.block_is_content {
                self.refill();
                if !self.block_is_content {
                    break;
                }
            }
            let take = (limit - out.len()).min(self.block.len() - self.block_pos);
            out.extend_from_slice(&self.block[self.block_pos..self.block_pos + take]);
            self.block_pos += take;
        }
        out
    }
}

impl Iterator for Deck {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        let sample = self.block[self.block_pos];
        self.block_pos += 1;
        if self.block_pos >= self.block.len() {
            self.refill();
        }
        Some(sample)
    }
}

impl Source for Deck {
    fn current_span_len(&self) -> Option<usize> {
        // A device gets one fixed format; without one, the format may change between blocks.
        match self.conform {
            Some(_) => None,
            None => Some(self.block.len() - self.block_pos),
        }
    }
    fn channels(&self) -> ChannelCount {
        self.channels
    }
    fn sample_rate(&self) -> SampleRate {
        self.sample_rate
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// Brings a recording to the device's rate and channels, continuously across blocks (a
/// converter restarted every block would click 100 times a second).
struct Conform {
    channels: usize,
    rate: u32,
    /// Input frames on each side of the output point, and where between them it is.
    before: Vec<Sample>,
    after: Vec<Sample>,
    phase: f64,
    primed: bool,
}

impl Conform {
    fn new(channels: ChannelCount, rate: SampleRate) -> Self {
        Self {
            channels: usize::from(channels.get()),
            rate: rate.get(),
            before: Vec::new(),
            after: Vec::new(),
            phase: 0.0,
            primed: false,
        }
    }

    fn reset(&mut self) {
        self.primed = false;
    }

    /// Reads one input frame into `after`; false at the end of the recording.
    fn advance<S: Source>(&mut self, source: &mut S) -> bool {
        std::mem::swap(&mut self.before, &mut self.after);
        self.after.clear();
        let channels = usize::from(source.channels().get());
        self.after.extend(source.by_ref().take(channels));
        self.after.len() == channels
    }

    /// Appends 10 ms at the device's rate; false once the recording has run out.
    fn fill<S: Source>(&mut self, source: &mut S, block: &mut Vec<Sample>) -> bool {
        let step = f64::from(source.sample_rate().get()) / f64::from(self.rate);
        if !self.primed {
            self.primed = true;
            self.phase = 0.0;
            if !self.advance(source) || !self.advance(source) {
                return false;
            }
        }
        let input_channels = self.before.len();
        for _ in 0..self.rate / 100 {
            while self.phase >= 1.0 {
                if !self.advance(source) {
                    return false;
                }
                self.phase -= 1.0;
            }
            let t = self.phase as f32;
            for c in 0..self.channels {
                let sample = if input_channels == 1 || self.channels == input_channels {
                    let i = c.min(input_channels - 1);
                    self.before[i] + (self.after[i] - self.before[i]) * t
                } else if self.channels == 1 {
                    let mix = |f: &[Sample]| f.iter().sum::<Sample>() / input_channels as f32;
                    mix(&self.before) + (mix(&self.after) - mix(&self.before)) * t
                } else {
                    let i = c % input_channels;
                    self.before[i] + (self.after[i] - self.before[i]) * t
                };
                block.push(sample);
            }
            self.phase += step;
        }
        true
    }
}
