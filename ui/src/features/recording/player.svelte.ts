/**
 * What the Recording and Transcript section shows of the core's player: the recording opened
 * for this lead, where it is, whether it plays. Every change comes back from the core as an
 * event; this only keeps the latest and forwards the listener's orders.
 */
import { errorMessage, hold, type Unsubscribe } from "../../lib/ipc/backend";
import type { CallMedia } from "../../lib/ipc/bindings/CallMedia";
import type { PlaybackPrefs } from "../../lib/ipc/bindings/PlaybackPrefs";
import type { PlayerOrder } from "../../lib/ipc/bindings/PlayerOrder";
import type { PlayerUpdate } from "../../lib/ipc/bindings/PlayerUpdate";
import type { RecordingOpened } from "../../lib/ipc/bindings/RecordingOpened";
import type { PlaybackBackend } from "../../lib/ipc/playback";

/** `empty`: the recording opened but holds no audio (0 s), as a call nobody answered leaves it. */
export type PlayerStatus = "loading" | "none" | "unplayable" | "empty" | "paused" | "playing" | "ended";

/** Peaks drawn under the scrubber. */
export const WAVEFORM_BUCKETS = 160;

export class PlayerState {
  media = $state.raw<CallMedia | null>(null);
  mediaError = $state<string | null>(null);
  recording = $state.raw<RecordingOpened | null>(null);
  status = $state<PlayerStatus>("loading");
  /** Why the recording cannot be played, or what the player last reported going wrong. */
  error = $state<string | null>(null);
  /** The recording plays, but its header was wrong; what was read instead. */
  note = $state<string | null>(null);
  position = $state(0);
  duration = $state(0);
  prefs = $state.raw<PlaybackPrefs>({ speed: 1, volume: 1, skip_silence: false });
  peaks = $state.raw<number[]>([]);

  private readonly stop: Unsubscribe;
  private closed = false;

  constructor(
    private readonly backend: PlaybackBackend,
    readonly leadId: number,
  ) {
    this.stop = hold(backend.onPlayerEvent((u) => this.onUpdate(u)));
  }

  /** Reads the transcript, then opens the recording (if any) and its waveform. */
  async start(): Promise<void> {
    try {
      this.media = await this.backend.getCallMedia(this.leadId);
    } catch (err) {
      this.mediaError = errorMessage(err);
      this.status = "none";
      return;
    }
    if (this.isClosed()) return;
    if (this.media.recording === null) {
      this.status = "none";
      return;
    }
    try {
      const opened = await this.backend.openRecording(this.leadId);
      if (this.isClosed()) return;
      this.recording = opened;
      this.duration = opened.duration_s;
      this.prefs = opened.prefs;
      this.note = opened.note;
      if (opened.empty) {
        // Nothing to hear, so no player and no sound device needed: not an error.
        this.status = "empty";
        return;
      }
      this.status = "paused";
      this.error = opened.output_problem;
    } catch (err) {
      this.status = "unplayable";
      this.error = errorMessage(err);
      return;
    }
    try {
      const waveform = await this.backend.waveform(this.leadId, WAVEFORM_BUCKETS);
      if (!this.isClosed()) this.peaks = waveform.peaks;
    } catch {
      // The player works without its waveform; the scrubber stays plain.
    }
  }

  get playable(): boolean {
    return this.status === "paused" || this.status === "playing" || this.status === "ended";
  }

  toggle(): Promise<void> {
    return this.send(this.status === "playing" ? { kind: "pause" } : { kind: "play" });
  }

  /** Seeks there; without a playable recording only the transcript follows. */
  seek(seconds: number): Promise<void> {
    if (!this.playable) {
      this.position = seconds;
      return Promise.resolve();
    }
    return this.send({ kind: "seek", seconds: Math.max(0, seconds) });
  }

  /** An evidence quote or a transcript line: hear it from there. */
  async playFrom(seconds: number): Promise<void> {
    await this.seek(seconds);
    if (this.playable && this.status !== "playing") await this.send({ kind: "play" });
  }

  skip(forward: boolean): Promise<void> {
    return this.send({ kind: forward ? "skip_forward" : "skip_back" });
  }

  setSpeed(value: number): Promise<void> {
    return this.send({ kind: "speed", value });
  }

  setVolume(value: number): Promise<void> {
    return this.send({ kind: "volume", value });
  }

  setSkipSilence(on: boolean): Promise<void> {
    return this.send({ kind: "skip_silence", on });
  }

  /** Read through a call: the flyout may close while an answer is awaited. */
  private isClosed(): boolean {
    return this.closed;
  }

  /** Stops listening to this lead's recording. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop();
    if (this.recording !== null) void this.backend.closeRecording().catch(() => undefined);
  }

  private async send(order: PlayerOrder): Promise<void> {
    if (!this.playable) return;
    try {
      this.prefs = await this.backend.order(order);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private onUpdate(update: PlayerUpdate): void {
    if (update.lead_id !== this.leadId || this.closed) return;
    const event = update.event;
    switch (event.kind) {
      case "loaded":
        this.duration = event.duration_s;
        break;
      case "playing":
        this.status = "playing";
        this.error = null;
        break;
      case "paused":
        this.status = "paused";
        break;
      case "position":
        this.position = event.seconds;
        break;
      case "ended":
        this.status = "ended";
        break;
      case "stopped":
        if (this.playable) this.status = "paused";
        break;
      case "error":
        this.error = event.message;
        if (this.status === "playing") this.status = "paused";
        break;
    }
  }
}
