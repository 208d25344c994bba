//! Where a player's sound goes: the default sound device, or a [`Tap`] pulled by hand.

use rodio::{ChannelCount, DeviceSinkBuilder, MixerDeviceSink, Sample, SampleRate, Source};

use crate::deck::{Deck, DeckLink};

/// Where the player's sound goes, chosen when it is spawned.
pub struct Output {
    pub(crate) kind: OutputKind,
}

pub(crate) enum OutputKind {
    DefaultDevice,
    Tap(DeckLink),
}

impl Output {
    /// The system's default sound device. Without one the player still loads recordings and
    /// answers `Play` with an error event.
    pub fn default_device() -> Output {
        Output {
            kind: OutputKind::DefaultDevice,
        }
    }

    /// No device: whoever holds the [`Tap`] pulls the samples, as fast or slow as it likes.
    pub fn tap() -> (Output, Tap) {
        let (deck, link) = Deck::new(None);
        (
            Output {
                kind: OutputKind::Tap(link),
            },
            Tap { deck },
        )
    }
}

/// The sample end of a device-less player. Yields each recording in its own format.
pub struct Tap {
    deck: Deck,
}

impl Tap {
    /// Samples of the recording while it plays, at most `limit`; stops early when playing
    /// pauses or the recording ends. Orders sent to the player before the event that
    /// acknowledged them (`Playing`, `Position`, ...) apply to every sample pulled after.
    pub fn pull_playing(&mut self, limit: usize) -> Vec<Sample> {
        self.deck.pull_playing(limit)
    }

    pub fn channels(&self) -> u16 {
        self.deck.channels().get()
    }

    pub fn sample_rate(&self) -> u32 {
        self.deck.sample_rate().get()
    }
}

/// The device is opened and kept on the player thread: a sound stream may not move threads.
pub(crate) fn open_device() -> Result<(MixerDeviceSink, DeckLink), String> {
    let mut sink = DeviceSinkBuilder::from_default_device()
        .and_then(|builder| {
            builder
                .with_error_callback(stream_error_logger())
                .open_sink_or_fallback()
        })
        // Other devices and configurations, as rodio tries them.
        .or_else(|_| DeviceSinkBuilder::open_default_sink())
        .map_err(|e| e.to_string())?;
    sink.log_on_drop(false);
    let format: (ChannelCount, SampleRate) =
        (sink.config().channel_count(), sink.config().sample_rate());
    let (deck, link) = Deck::new(Some(format));
    sink.mixer().add(deck);
    Ok((sink, link))
}

/// Stream errors (underruns, a sound server's hiccups) go to the log, not stderr: the 1st, 2nd,
/// 4th, 8th... so a stream that keeps failing is visible without flooding the log.
fn stream_error_logger() -> impl FnMut(rodio::CpalError) + Send + Clone + 'static {
    let mut count: u64 = 0;
    move |error| {
        count += 1;
        if count.is_power_of_two() {
            tracing::warn!(%error, count, "audio stream error");
        }
    }
}
