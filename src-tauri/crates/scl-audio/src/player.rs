//! The player: a thread of its own, driven by [`Command`]s, reporting [`PlayerEvent`]s.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{never, select, tick, Receiver, Sender};

use crate::deck::{chain, DeckLink, DeckNote, DeckOrder};
use crate::output::{open_device, Output, OutputKind};
use crate::recording::{open, RecordingInfo};
use crate::sniff::Format;
use crate::stretch::{MAX_SPEED, MIN_SPEED};
use crate::AudioError;

/// How far the skip buttons jump.
pub const SKIP: Duration = Duration::from_secs(10);
/// How often the position is reported while playing.
pub const POSITION_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Load(PathBuf),
    Play,
    Pause,
    /// Seconds from the start; clamped to the recording.
    Seek(f64),
    /// 0.5 to 2.0; voices keep their pitch.
    SetSpeed(f32),
    /// 0.0 to 1.0.
    SetVolume(f32),
    SkipBack,
    SkipForward,
    SetSkipSilence(bool),
    /// Stops playing and closes the recording.
    Stop,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    Loaded {
        duration_s: f64,
        format: Format,
        sample_rate: u32,
        channels: u16,
    },
    /// Acknowledges `Play`: from here on the recording is being played.
    Playing,
    Paused,
    Stopped,
    /// Sent every [`POSITION_EVERY`] while playing, and at once after a seek or a pause.
    Position {
        seconds: f64,
    },
    /// The end of the recording was played; `Play` starts it again from the top.
    Ended,
    Error {
        message: String,
    },
}

/// The handle the rest of the app keeps. Dropping it stops the thread.
pub struct Player {
    commands: Sender<Command>,
    output_problem: Option<String>,
    thread: Option<JoinHandle<()>>,
}

impl Player {
    /// Starts the player thread. Events come out of the receiver until the player is dropped.
    pub fn spawn(output: Output) -> (Player, Receiver<PlayerEvent>) {
        let (command_tx, command_rx) = crossbeam_channel::unbounded();
        let (event_tx, event_rx) = crossbeam_channel::unbounded();
        let (ready_tx, ready_rx) = crossbeam_channel::bounded(1);
        let thread = std::thread::Builder::new()
            .name("scl-audio-player".into())
            .spawn(move || run(output, command_rx, event_tx, ready_tx));
        let (thread, output_problem) = match thread {
            Ok(thread) => {
                let problem = ready_rx.recv().unwrap_or_else(|_| {
                    Some("the player thread stopped while opening the output".into())
                });
                (Some(thread), problem)
            }
            Err(e) => (None, Some(format!("cannot start the player thread: {e}"))),
        };
        let player = Player {
            commands: command_tx,
            output_problem,
            thread,
        };
        (player, event_rx)
    }

    pub fn send(&self, command: Command) {
        // The thread only stops when this handle is dropped, so the send cannot fail before.
        let _ = self.commands.send(command);
    }

    /// Why there is no sound output (no sound card, no sound server), if there is none.
    pub fn output_problem(&self) -> Option<&str> {
        self.output_problem.as_deref()
    }

    /// The output problem as an error, for callers that need sound.
    pub fn require_output(&self) -> Result<(), AudioError> {
        match &self.output_problem {
            None => Ok(()),
            Some(detail) => Err(AudioError::NoOutputDevice {
                detail: detail.clone(),
            }),
        }
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        // Closing the command channel ends the thread's loop.
        let (closed, _) = crossbeam_channel::bounded(0);
        self.commands = closed;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Loaded {
    path: PathBuf,
    info: RecordingInfo,
    ended: bool,
}

struct State {
    events: Sender<PlayerEvent>,
    link: Option<DeckLink>,
    output_problem: Option<String>,
    loaded: Option<Loaded>,
    playing: bool,
    epoch: u64,
}

fn run(
    output: Output,
    commands: Receiver<Command>,
    events: Sender<PlayerEvent>,
    ready: Sender<Option<String>>,
) {
    let (_device, link, output_problem) = match output.kind {
        OutputKind::Tap(link) => (None, Some(link), None),
        OutputKind::DefaultDevice => match open_device() {
            Ok((sink, link)) => (Some(sink), Some(link), None),
            Err(detail) => {
                tracing::warn!(%detail, "no audio output device");
                (None, None, Some(detail))
            }
        },
    };
    let _ = ready.send(output_problem.clone());
    let mut state = State {
        events,
        link,
        output_problem,
        loaded: None,
        playing: false,
        epoch: 0,
    };
    if let Some(detail) = &state.output_problem {
        let message = AudioError::NoOutputDevice {
            detail: detail.clone(),
        }
        .to_string();
        state.emit(PlayerEvent::Error { message });
    }
    let notes = state
        .link
        .as_ref()
        .map_or_else(never, |link| link.notes.clone());
    let ticker = tick(POSITION_EVERY);
    loop {
        let ticks = if state.playing { &ticker } else { &never() };
        select! {
            recv(commands) -> command => match command {
                Ok(command) => state.handle(command),
                Err(_) => break,
            },
            recv(notes) -> note => {
                if let Ok(note) = note {
                    state.note(note);
                }
            }
            recv(ticks) -> _ => {
                let seconds = state.position();
                state.emit(PlayerEvent::Position { seconds });
            }
        }
    }
}

impl State {
    fn emit(&self, event: PlayerEvent) {
        let _ = self.events.send(event);
    }

    fn error(&self, error: AudioError) {
        tracing::warn!(%error, "player");
        self.emit(PlayerEvent::Error {
            message: error.to_string(),
        });
    }

    fn order(&self, order: DeckOrder) {
        if let Some(link) = &self.link {
            let _ = link.orders.send(order);
        }
    }

    fn position(&self) -> f64 {
        self.link.as_ref().map_or(0.0, |link| {
            f64::from_bits(link.position.load(Ordering::Relaxed))
        })
    }

    fn set_position(&self, seconds: f64) {
        if let Some(link) = &self.link {
            link.position.store(seconds.to_bits(), Ordering::Relaxed);
        }
    }

    fn handle(&mut self, command: Command) {
        let span = tracing::debug_span!("player", ?command);
        let _entered = span.enter();
        match command {
            Command::Load(path) => self.load(path),
            Command::Play => match (&self.output_problem, &mut self.loaded) {
                (Some(detail), _) => self.error(AudioError::NoOutputDevice {
                    detail: detail.clone(),
                }),
                (None, None) => self.error(AudioError::NothingLoaded),
                (None, Some(loaded)) => {
                    if std::mem::take(&mut loaded.ended) {
                        self.epoch += 1;
                        self.order(DeckOrder::Seek(Duration::ZERO, self.epoch));
                        self.set_position(0.0);
                    }
                    self.order(DeckOrder::Play);
                    self.playing = true;
                    self.emit(PlayerEvent::Playing);
                }
            },
            Command::Pause => {
                self.order(DeckOrder::Pause);
                self.playing = false;
                self.emit(PlayerEvent::Paused);
                self.emit(PlayerEvent::Position {
                    seconds: self.position(),
                });
            }
            Command::Seek(seconds) => self.seek(seconds),
            Command::SkipBack => self.seek(self.position() - SKIP.as_secs_f64()),
            Command::SkipForward => self.seek(self.position() + SKIP.as_secs_f64()),
            Command::SetSpeed(speed) if (MIN_SPEED..=MAX_SPEED).contains(&speed) => {
                self.order(DeckOrder::Speed(speed));
            }
            Command::SetSpeed(speed) => self.emit(PlayerEvent::Error {
                message: format!("speed {speed} is out of range ({MIN_SPEED} to {MAX_SPEED})"),
            }),
            Command::SetVolume(volume) if (0.0..=1.0).contains(&volume) => {
                self.order(DeckOrder::Volume(volume));
            }
            Command::SetVolume(volume) => self.emit(PlayerEvent::Error {
                message: format!("volume {volume} is out of range (0 to 1)"),
            }),
            Command::SetSkipSilence(on) => self.order(DeckOrder::SkipSilence(on)),
            Command::Stop => {
                self.epoch += 1;
                self.order(DeckOrder::Unload(self.epoch));
                self.loaded = None;
                self.playing = false;
                self.set_position(0.0);
                self.emit(PlayerEvent::Stopped);
            }
        }
    }

    fn load(&mut self, path: PathBuf) {
        self.playing = false;
        self.set_position(0.0);
        match open(&path) {
            Ok((decoder, info)) => {
                self.epoch += 1;
                self.order(DeckOrder::Load(chain(decoder), self.epoch));
                tracing::info!(path = %path.display(), format = %info.format, duration_s = info.duration_s, "loaded");
                self.loaded = Some(Loaded {
                    path,
                    info,
                    ended: false,
                });
                self.emit(PlayerEvent::Loaded {
                    duration_s: info.duration_s,
                    format: info.format,
                    sample_rate: info.sample_rate,
                    channels: info.channels,
                });
            }
            Err(error) => {
                // Keeping the previous recording would play something other than what was asked.
                self.epoch += 1;
                self.order(DeckOrder::Unload(self.epoch));
                self.loaded = None;
                self.error(error);
            }
        }
    }

    fn seek(&mut self, seconds: f64) {
        let Some(loaded) = &mut self.loaded else {
            return self.error(AudioError::NothingLoaded);
        };
        if seconds.is_nan() {
            return self.emit(PlayerEvent::Error {
                message: "cannot seek to a position that is not a number".into(),
            });
        }
        let seconds = seconds.clamp(0.0, loaded.info.duration_s);
        loaded.ended = false;
        self.epoch += 1;
        self.order(DeckOrder::Seek(
            Duration::from_secs_f64(seconds),
            self.epoch,
        ));
        self.set_position(seconds);
        self.emit(PlayerEvent::Position { seconds });
    }

    fn note(&mut self, note: DeckNote) {
        match note {
            DeckNote::Ended(epoch) | DeckNote::Failed(epoch, _) if epoch != self.epoch => {}
            DeckNote::Ended(_) => {
                self.playing = false;
                if let Some(loaded) = &mut self.loaded {
                    loaded.ended = true;
                    let seconds = loaded.info.duration_s;
                    self.set_position(seconds);
                    self.emit(PlayerEvent::Position { seconds });
                }
                self.emit(PlayerEvent::Ended);
            }
            DeckNote::Failed(_, detail) => {
                self.playing = false;
                let path = self.loaded.take().map(|l| l.path).unwrap_or_default();
                self.error(AudioError::Corrupt { path, detail });
            }
        }
    }
}
