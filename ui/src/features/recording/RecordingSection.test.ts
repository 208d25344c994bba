import { render, screen, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockPlayback } from "../../lib/ipc/mock-playback";
import { RecordingSection } from "./index";

async function opened(playback = new MockPlayback(), leadId = 5) {
  const view = render(RecordingSection, { props: { playback, leadId } });
  await screen.findByTestId("player");
  return { playback, view };
}

describe("Recording and Transcript", () => {
  it("opens the lead's recording, plays and pauses as the core reports", async () => {
    const { playback } = await opened();
    expect(playback.opened).toEqual([5]);
    expect(screen.getByTestId("recording-file")).toHaveTextContent("CALL-5.wav · WAV (G.711 mu-law)");
    expect(screen.getByTestId("player-time")).toHaveTextContent("0:00 / 0:20");
    expect(await screen.findByTestId("waveform")).toHaveAttribute("data-peaks", "160");

    await userEvent.click(screen.getByTestId("play-pause"));
    expect(playback.orders).toEqual([{ kind: "play" }]);
    expect(screen.getByTestId("play-pause")).toHaveAccessibleName("Play");
    playback.emit(5, { kind: "playing" });
    expect(await screen.findByRole("button", { name: "Pause" })).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("play-pause"));
    expect(playback.orders.at(-1)).toEqual({ kind: "pause" });
    playback.emit(5, { kind: "paused" });
    expect(await screen.findByRole("button", { name: "Play" })).toBeInTheDocument();
  });

  it("follows the position: time, highlighted segment; another lead's events are ignored", async () => {
    const { playback } = await opened();
    playback.emit(5, { kind: "position", seconds: 5.2 });
    expect(await screen.findByTestId("player-position")).toHaveTextContent("0:05");
    const segments = screen.getAllByTestId("segment");
    expect(segments[1]).toHaveAttribute("aria-current", "true");
    expect(segments[0]).not.toHaveAttribute("aria-current");

    playback.emit(99, { kind: "position", seconds: 15 });
    await Promise.resolve();
    expect(screen.getByTestId("player-position")).toHaveTextContent("0:05");
    expect(segments[1]).toHaveAttribute("aria-current", "true");
  });

  it("a transcript line plays from its start; skips, speed, volume and skip silence go to the core", async () => {
    const { playback } = await opened();
    const lines = screen.getAllByTestId("segment-seek");
    await userEvent.click(lines[2] as HTMLElement);
    expect(playback.orders).toEqual([{ kind: "seek", seconds: 9.5 }, { kind: "play" }]);

    await userEvent.click(screen.getByTestId("skip-back"));
    await userEvent.click(screen.getByTestId("skip-forward"));
    await userEvent.selectOptions(screen.getByTestId("player-speed"), "1.5");
    await userEvent.click(screen.getByTestId("skip-silence"));
    expect(playback.orders.slice(2)).toEqual([
      { kind: "skip_back" },
      { kind: "skip_forward" },
      { kind: "speed", value: 1.5 },
      { kind: "skip_silence", on: true },
    ]);
    expect(screen.getByTestId("player-speed")).toHaveValue("1.5");
    expect(screen.getByTestId("skip-silence")).toBeChecked();
  });

  it("starts with the listener's remembered speed", async () => {
    const playback = new MockPlayback();
    playback.prefs = { speed: 1.25, volume: 0.5, skip_silence: true };
    await opened(playback);
    expect(screen.getByTestId("player-speed")).toHaveValue("1.25");
    expect(screen.getByTestId("skip-silence")).toBeChecked();
  });

  it("a recording that cannot be played says why and keeps the transcript usable", async () => {
    const playback = new MockPlayback();
    playback.openFailure = "/rec/CALL-5.wav is truncated: the data chunk ends early";
    render(RecordingSection, { props: { playback, leadId: 5 } });
    expect(await screen.findByTestId("recording-error")).toHaveTextContent("is truncated");
    expect(screen.queryByTestId("player")).toBeNull();
    expect(screen.getAllByTestId("segment")).toHaveLength(4);
    await userEvent.click(screen.getAllByTestId("segment-seek")[1] as HTMLElement);
    expect(playback.orders).toEqual([]);
    expect(screen.getAllByTestId("segment")[1]).toHaveAttribute("aria-current", "true");
  });

  it("an empty recording (an unanswered call) shows as empty, 0:00, not as an error", async () => {
    const playback = new MockPlayback();
    playback.empty = true;
    render(RecordingSection, { props: { playback, leadId: 5 } });
    expect(await screen.findByTestId("recording-empty")).toHaveTextContent("Empty recording (0:00)");
    expect(screen.getByTestId("recording-file")).toHaveTextContent("CALL-5.wav");
    expect(screen.queryByTestId("recording-error")).toBeNull();
    expect(screen.queryByTestId("player")).toBeNull();
    expect(screen.getAllByTestId("segment")).toHaveLength(4);
  });

  it("a recording whose header was wrong plays and says what was read", async () => {
    const playback = new MockPlayback();
    playback.note = "its WAV header gives no data size (0 bytes); the 12.0 s the file holds are played";
    await opened(playback);
    expect(screen.getByTestId("recording-note")).toHaveTextContent("gives no data size");
    expect(screen.queryByTestId("recording-error")).toBeNull();
    expect(screen.getByTestId("play-pause")).toBeEnabled();
  });

  it("a player error (no sound device) shows in place and the controls stay", async () => {
    const { playback } = await opened();
    playback.emit(5, { kind: "error", message: "no audio output device: no default sink" });
    expect(await screen.findByTestId("recording-error")).toHaveTextContent("no audio output device");
    expect(screen.getByTestId("play-pause")).toBeEnabled();
  });

  it("finds in the transcript, marks matches, counts them, and shows hostile text as text", async () => {
    const { view } = await opened();
    const find = screen.getByTestId("transcript-find");
    await userEvent.type(find, "CHECK");
    expect(screen.getByTestId("find-count")).toHaveTextContent("1 of 1");
    const marks = view.container.querySelectorAll("mark");
    expect([...marks].map((m) => m.textContent)).toEqual(["check"]);
    const hostile = screen.getAllByTestId("segment-text")[3] as HTMLElement;
    expect(hostile).toHaveTextContent("<img src=x onerror=alert(1)> Let me check with my wife.");
    expect(view.container.querySelector("img")).toBeNull();

    await userEvent.clear(find);
    await userEvent.type(find, "a");
    expect(screen.getByTestId("find-count")).toHaveTextContent(/^1 of \d+$/);
    await userEvent.keyboard("{Enter}");
    expect(screen.getByTestId("find-count")).toHaveTextContent(/^2 of \d+$/);
    await userEvent.clear(find);
    await userEvent.type(find, "furnace");
    expect(screen.getByTestId("find-count")).toHaveTextContent("No matches");
  });

  it("downloads each format through the save dialog and says where it went", async () => {
    const { playback } = await opened();
    for (const format of ["txt", "vtt", "srt"] as const) {
      playback.savePath = `/home/agent/t.${format}`;
      await userEvent.click(screen.getByTestId(`download-${format}`));
      expect(await screen.findByTestId("download-result")).toHaveTextContent(`Saved to /home/agent/t.${format}`);
    }
    expect(playback.saved).toEqual([
      { leadId: 5, format: "txt" },
      { leadId: 5, format: "vtt" },
      { leadId: 5, format: "srt" },
    ]);
    playback.savePath = null;
    await userEvent.click(screen.getByTestId("download-vtt"));
    expect(screen.queryByTestId("download-result")).toBeNull();
  });

  it("a call without a recording still shows and downloads its transcript", async () => {
    const playback = new MockPlayback();
    playback.withoutRecording.add(5);
    render(RecordingSection, { props: { playback, leadId: 5 } });
    expect(await screen.findByTestId("no-recording")).toBeInTheDocument();
    expect(playback.opened).toEqual([]);
    expect(within(screen.getByTestId("transcript")).getAllByTestId("segment")).toHaveLength(4);
    await userEvent.click(screen.getByTestId("download-txt"));
    expect(playback.saved).toEqual([{ leadId: 5, format: "txt" }]);
  });

  it("closing stops the recording and unsubscribes", async () => {
    const { playback, view } = await opened();
    expect(playback.listenerCount()).toBe(1);
    view.unmount();
    expect(playback.closed).toBe(1);
    expect(playback.listenerCount()).toBe(0);
  });
});
