//! Listening to a lead's recording: one player for the app (an agent hears one call at a time),
//! started on first use, fed the file the store holds for the lead, reporting what it plays to
//! whoever shows it. Speed, volume and skip silence are remembered across recordings.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use scl_audio::{Command, Output, Player, PlayerEvent};
use scl_domain::{
    LeadId, PlaybackEvent, PlaybackPrefs, PlayerOrder, PlayerUpdate, RecordingOpened, WaveformView,
};

use crate::{AppError, Leads, Result};

const PREFS_KEY: &str = "playback";

/// Receives every player event, tagged with the lead it is about.
pub type UpdateSink = Arc<dyn Fn(PlayerUpdate) + Send + Sync>;

/// The app's player and what it is playing.
pub struct Playback {
    leads: Leads,
    output: Box<dyn Fn() -> Output + Send + Sync>,
    sink: UpdateSink,
    waveform_cache: PathBuf,
    player: Mutex<Option<Player>>,
    /// The lead each `Stop` sent makes current (0: none), in the order they were sent. The
    /// event thread takes one per `Stopped`, so the events of a recording that was closed are
    /// never reported as the next one's.
    queued: Arc<Mutex<VecDeque<LeadId>>>,
}

impl Playback {
    /// `output` is called once, when the first recording is opened.
    pub fn new(
        leads: Leads,
        output: impl Fn() -> Output + Send + Sync + 'static,
        waveform_cache: PathBuf,
        sink: UpdateSink,
    ) -> Self {
        Self {
            leads,
            output: Box::new(output),
            sink,
            waveform_cache,
            player: Mutex::new(None),
            queued: Arc::default(),
        }
    }

    /// Loads the lead's recording (after checking `who` may see the lead and the file can be
    /// played) with the listener's preferences; nothing plays until [`PlayerOrder::Play`].
    // A missing or broken recording is the listener's news, not an app failure: warn.
    #[tracing::instrument(skip_all, err(level = "warn"), fields(lead = id))]
    pub async fn open(&self, who: &Leads, id: LeadId) -> Result<RecordingOpened> {
        let path = who.recording_path(id).await?;
        let probe_path = path.clone();
        let info = tokio::task::spawn_blocking(move || scl_audio::probe(&probe_path))
            .await
            .map_err(|e| AppError::Internal(format!("probing the recording: {e}")))?
            .map_err(|e| AppError::Recording(e.to_string()))?;
        let prefs = self.prefs().await?;
        let mut player = self.player();
        let player = player.get_or_insert_with(|| self.spawn());
        self.queue(id);
        player.send(Command::Stop);
        player.send(Command::Load(path.clone()));
        player.send(Command::SetSpeed(prefs.speed));
        player.send(Command::SetVolume(prefs.volume));
        player.send(Command::SetSkipSilence(prefs.skip_silence));
        Ok(RecordingOpened {
            lead_id: id,
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            format: info.format.to_string(),
            duration_s: info.duration_s,
            empty: info.empty,
            note: info.note.map(|note| note.to_string()),
            prefs,
            output_problem: player.output_problem().map(str::to_string),
        })
    }

    /// Passes an order to the player; speed, volume and skip silence are remembered.
    #[tracing::instrument(skip_all, err, fields(?order))]
    pub async fn order(&self, who: &Leads, order: PlayerOrder) -> Result<PlaybackPrefs> {
        who.allow(scl_domain::Permission::ViewLeads)?;
        let order = order.validate()?;
        let before = self.prefs().await?;
        let after = order.apply_to(before);
        if after != before {
            let json = serde_json::to_string(&after)
                .map_err(|e| AppError::Internal(format!("saving playback preferences: {e}")))?;
            self.leads
                .store
                .set_app_setting(PREFS_KEY, Some(&json))
                .await?;
        }
        if let Some(player) = self.player().as_ref() {
            player.send(command_of(order));
        }
        Ok(after)
    }

    /// Stops playing and closes the recording (the flyout closed or moved to another lead).
    pub fn close(&self) {
        if let Some(player) = self.player().as_ref() {
            self.queue(0);
            player.send(Command::Stop);
        }
    }

    /// The listener's speed, volume and skip silence; defaults when none are saved or the saved
    /// ones are unreadable.
    pub async fn prefs(&self) -> Result<PlaybackPrefs> {
        let saved = self.leads.store.app_setting(PREFS_KEY).await?;
        Ok(saved
            .and_then(|json| serde_json::from_str::<PlaybackPrefs>(&json).ok())
            .and_then(|p| {
                let valid = PlayerOrder::Speed { value: p.speed }.validate().is_ok()
                    && PlayerOrder::Volume { value: p.volume }.validate().is_ok();
                valid.then_some(p)
            })
            .unwrap_or_default())
    }

    /// Peaks of the lead's recording for the scrubber, from the cache when it is current.
    #[tracing::instrument(skip_all, err(level = "warn"), fields(lead = id, buckets))]
    pub async fn waveform(&self, who: &Leads, id: LeadId, buckets: usize) -> Result<WaveformView> {
        let path = who.recording_path(id).await?;
        let cache = self.waveform_cache.clone();
        let buckets = buckets.clamp(1, 4_000);
        let (waveform, _) =
            tokio::task::spawn_blocking(move || scl_audio::waveform(&path, buckets, &cache))
                .await
                .map_err(|e| AppError::Internal(format!("drawing the waveform: {e}")))?
                .map_err(|e| AppError::Recording(e.to_string()))?;
        Ok(WaveformView {
            duration_s: waveform.duration_s,
            peaks: waveform
                .peaks
                .iter()
                .map(|p| p.max.abs().max(p.min.abs()).clamp(0.0, 1.0))
                .collect(),
        })
    }

    fn player(&self) -> MutexGuard<'_, Option<Player>> {
        // A panic elsewhere while holding the lock leaves the player itself usable.
        self.player.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn queue(&self, id: LeadId) {
        self.queued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(id);
    }

    fn spawn(&self) -> Player {
        let (player, events) = Player::spawn((self.output)());
        let sink = self.sink.clone();
        let queued = self.queued.clone();
        let spawned = std::thread::Builder::new()
            .name("scl-playback-events".into())
            .spawn(move || {
                let mut current: LeadId = 0;
                // Ends when the player is dropped and its event channel closes.
                for event in events {
                    if event == PlayerEvent::Stopped {
                        let next = queued.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
                        let closed = current;
                        current = next.unwrap_or(0);
                        if closed != 0 && closed != current {
                            sink(PlayerUpdate {
                                lead_id: closed,
                                event: PlaybackEvent::Stopped,
                            });
                        }
                        continue;
                    }
                    if current != 0 {
                        sink(PlayerUpdate {
                            lead_id: current,
                            event: event_of(event),
                        });
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start the playback event thread");
        }
        player
    }
}

fn command_of(order: PlayerOrder) -> Command {
    match order {
        PlayerOrder::Play => Command::Play,
        PlayerOrder::Pause => Command::Pause,
        PlayerOrder::Seek { seconds } => Command::Seek(seconds),
        PlayerOrder::Speed { value } => Command::SetSpeed(value),
        PlayerOrder::Volume { value } => Command::SetVolume(value),
        PlayerOrder::SkipBack => Command::SkipBack,
        PlayerOrder::SkipForward => Command::SkipForward,
        PlayerOrder::SkipSilence { on } => Command::SetSkipSilence(on),
    }
}

fn event_of(event: PlayerEvent) -> PlaybackEvent {
    match event {
        PlayerEvent::Loaded {
            duration_s, format, ..
        } => PlaybackEvent::Loaded {
            duration_s,
            format: format.to_string(),
        },
        PlayerEvent::Playing => PlaybackEvent::Playing,
        PlayerEvent::Paused => PlaybackEvent::Paused,
        PlayerEvent::Stopped => PlaybackEvent::Stopped,
        PlayerEvent::Position { seconds } => PlaybackEvent::Position { seconds },
        PlayerEvent::Ended => PlaybackEvent::Ended,
        PlayerEvent::Error { message } => PlaybackEvent::Error { message },
    }
}
