/**
 * The mock player for component tests: records every order, answers like the core does
 * (recording opened, preferences remembered, out-of-range refused), and lets the test emit
 * player events. Never the source of the rules; the real app never imports it.
 */
import { BackendError, type Unsubscribe } from "./backend";
import type { CallMedia } from "./bindings/CallMedia";
import type { PlaybackEvent } from "./bindings/PlaybackEvent";
import type { PlaybackPrefs } from "./bindings/PlaybackPrefs";
import type { PlayerOrder } from "./bindings/PlayerOrder";
import type { PlayerUpdate } from "./bindings/PlayerUpdate";
import type { RecordingOpened } from "./bindings/RecordingOpened";
import type { TranscriptFormat } from "./bindings/TranscriptFormat";
import type { WaveformView } from "./bindings/WaveformView";
import type { PlaybackBackend } from "./playback";

export const MOCK_TRANSCRIPT: CallMedia["transcript"] = [
  { start_s: 0, end_s: 4, speaker: "agent", text: "Comfort Air, this is Sam." },
  { start_s: 4.5, end_s: 9, speaker: "customer", text: "My AC stopped. How much would that be?" },
  { start_s: 9.5, end_s: 14, speaker: "agent", text: "A service call is eighty nine dollars." },
  { start_s: 14.5, end_s: 20, speaker: "customer", text: "<img src=x onerror=alert(1)> Let me check with my wife." },
];

export class MockPlayback implements PlaybackBackend {
  readonly orders: PlayerOrder[] = [];
  readonly opened: number[] = [];
  readonly saved: { leadId: number; format: TranscriptFormat }[] = [];
  closed = 0;
  prefs: PlaybackPrefs = { speed: 1, volume: 1, skip_silence: false };
  /** Leads whose call has no recording; their open is refused as the core does. */
  readonly withoutRecording = new Set<number>();
  /** When set, opening fails with this message (a missing or corrupt file). */
  openFailure: string | null = null;
  /** What the save dialog answers: a path, or null for Cancel. */
  savePath: string | null = "/home/agent/transcript.vtt";
  duration = 20;
  /** The recording has no audio at all (an unanswered call's 44-byte WAV): 0 s. */
  empty = false;
  /** What the core says about a header it did not trust (a size left unwritten). */
  note: string | null = null;
  private readonly listeners = new Set<(u: PlayerUpdate) => void>();

  getCallMedia(leadId: number): Promise<CallMedia> {
    return Promise.resolve({
      call_id: `CALL-${String(leadId)}`,
      recording: this.withoutRecording.has(leadId) ? null : `CALL-${String(leadId)}.wav`,
      transcript: structuredClone(MOCK_TRANSCRIPT),
    });
  }

  openRecording(leadId: number): Promise<RecordingOpened> {
    this.opened.push(leadId);
    if (this.withoutRecording.has(leadId)) {
      return Promise.reject(new BackendError("invalid_input", `the call of lead ${String(leadId)} has no recording`));
    }
    if (this.openFailure !== null) return Promise.reject(new BackendError("invalid_input", this.openFailure));
    return Promise.resolve({
      lead_id: leadId,
      file_name: `CALL-${String(leadId)}.wav`,
      format: "WAV (G.711 mu-law)",
      duration_s: this.empty ? 0 : this.duration,
      empty: this.empty,
      note: this.note,
      prefs: { ...this.prefs },
      output_problem: null,
    });
  }

  order(order: PlayerOrder): Promise<PlaybackPrefs> {
    this.orders.push(order);
    if (order.kind === "speed") {
      if (order.value < 0.5 || order.value > 2) {
        return Promise.reject(new BackendError("invalid_input", "speed must be between 0.5x and 2x"));
      }
      this.prefs = { ...this.prefs, speed: order.value };
    }
    if (order.kind === "volume") this.prefs = { ...this.prefs, volume: order.value };
    if (order.kind === "skip_silence") this.prefs = { ...this.prefs, skip_silence: order.on };
    return Promise.resolve({ ...this.prefs });
  }

  closeRecording(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }

  waveform(_leadId: number, buckets: number): Promise<WaveformView> {
    const peaks = Array.from({ length: buckets }, (_, i) => (i % 10) / 10);
    return Promise.resolve({ duration_s: this.duration, peaks });
  }

  saveTranscript(leadId: number, format: TranscriptFormat): Promise<string | null> {
    this.saved.push({ leadId, format });
    return Promise.resolve(this.savePath);
  }

  onPlayerEvent(cb: (update: PlayerUpdate) => void): Promise<Unsubscribe> {
    this.listeners.add(cb);
    return Promise.resolve(() => {
      this.listeners.delete(cb);
    });
  }

  /** Sends a player event to the UI, as the core's player thread would. */
  emit(leadId: number, event: PlaybackEvent): void {
    for (const cb of [...this.listeners]) cb({ lead_id: leadId, event: structuredClone(event) });
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}
