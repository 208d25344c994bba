import { isTauri } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Unsubscribe } from "./backend";
import type { CallMedia } from "./bindings/CallMedia";
import type { PlaybackPrefs } from "./bindings/PlaybackPrefs";
import type { PlayerOrder } from "./bindings/PlayerOrder";
import type { PlayerUpdate } from "./bindings/PlayerUpdate";
import type { RecordingOpened } from "./bindings/RecordingOpened";
import type { TranscriptFormat } from "./bindings/TranscriptFormat";
import type { WaveformView } from "./bindings/WaveformView";
import type { PlaybackBackend } from "./playback";
import { call, toBackendError } from "./tauri";

/** The shell's `player-event`: every player event, tagged with its lead. */
const PLAYER_EVENT = "player-event";

export class TauriPlayback implements PlaybackBackend {
  getCallMedia(leadId: number): Promise<CallMedia> {
    return call<CallMedia>("get_call_media", { id: leadId });
  }

  openRecording(leadId: number): Promise<RecordingOpened> {
    return call<RecordingOpened>("open_recording", { id: leadId });
  }

  order(order: PlayerOrder): Promise<PlaybackPrefs> {
    return call<PlaybackPrefs>("player_order", { order });
  }

  closeRecording(): Promise<void> {
    return call<undefined>("close_recording");
  }

  waveform(leadId: number, buckets: number): Promise<WaveformView> {
    return call<WaveformView>("recording_waveform", { id: leadId, buckets });
  }

  saveTranscript(leadId: number, format: TranscriptFormat): Promise<string | null> {
    return call<string | null>("save_transcript", { id: leadId, format });
  }

  async onPlayerEvent(cb: (update: PlayerUpdate) => void): Promise<Unsubscribe> {
    if (!isTauri()) return () => undefined;
    try {
      return await listen<PlayerUpdate>(PLAYER_EVENT, (e) => {
        cb(e.payload);
      });
    } catch (err) {
      throw toBackendError(err);
    }
  }
}
