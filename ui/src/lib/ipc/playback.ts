import type { Unsubscribe } from "./backend";
import type { CallMedia } from "./bindings/CallMedia";
import type { PlaybackPrefs } from "./bindings/PlaybackPrefs";
import type { PlayerOrder } from "./bindings/PlayerOrder";
import type { PlayerUpdate } from "./bindings/PlayerUpdate";
import type { RecordingOpened } from "./bindings/RecordingOpened";
import type { TranscriptFormat } from "./bindings/TranscriptFormat";
import type { WaveformView } from "./bindings/WaveformView";

/**
 * The flyout's Recording and Transcript section. Playback runs in the core (one player for
 * the app); the UI sends orders and shows the events it reports.
 */
export interface PlaybackBackend {
  /** The call's transcript and whether it has a recording. */
  getCallMedia(leadId: number): Promise<CallMedia>;
  /** Loads the lead's recording; `invalid_input` with a message naming the file when it cannot be played. */
  openRecording(leadId: number): Promise<RecordingOpened>;
  /** Resolves with the listener's preferences after the order; `invalid_input` when out of range. */
  order(order: PlayerOrder): Promise<PlaybackPrefs>;
  /** Stops playing (the flyout closed or moved on). */
  closeRecording(): Promise<void>;
  waveform(leadId: number, buckets: number): Promise<WaveformView>;
  /** The OS save dialog, then the core writes the file; null when cancelled. */
  saveTranscript(leadId: number, format: TranscriptFormat): Promise<string | null>;
  onPlayerEvent(cb: (update: PlayerUpdate) => void): Promise<Unsubscribe>;
}
