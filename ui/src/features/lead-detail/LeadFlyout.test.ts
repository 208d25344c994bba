import { render, screen, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { BackendError } from "../../lib/ipc/backend";
import { makeLead, MockBackend } from "../../lib/ipc/mock";
import { LeadFlyout } from "./index";

describe("Second Chance Lead Details flyout", () => {
  it("shows the Overview of the lead from getLead", async () => {
    const lead = makeLead(7, "open", {
      call_id: "CALL-777",
      customer: null,
      phone: "+1 (555) 010-0007",
      agent: "Sam Rivera",
      type: "Abandoned",
      reason: "Price shopping",
      score: 0.8749,
      status: "Lead - call back attempted",
      ended_at: "2026-04-23T08:00:00Z",
    });
    const backend = new MockBackend({
      leads: [lead],
      now: "2026-04-25T12:00:00Z",
      summaries: { 7: "Caller asked for a furnace tune-up quote." },
    });
    render(LeadFlyout, { props: { backend, leadId: 7, onClose: vi.fn() } });

    expect(await screen.findByTestId("flyout-summary")).toHaveTextContent(
      "Caller asked for a furnace tune-up quote.",
    );
    expect(screen.getByTestId("flyout-call-id").textContent).toBe("CALL-777");
    expect(screen.getByTestId("flyout-age")).toHaveTextContent("2d 4h ago");
    expect(screen.getByTestId("flyout-score")).toHaveTextContent("0.87");
    expect(screen.getByTestId("flyout-customer")).toHaveTextContent("—");
    expect(screen.getByTestId("flyout-phone")).toHaveTextContent("+1 (555) 010-0007");
    const flyout = screen.getByTestId("flyout");
    for (const text of ["Summary", "Status", "Lead - call back attempted", "Agent", "Sam Rivera", "Type", "Abandoned", "Reason", "Price shopping"]) {
      expect(flyout).toHaveTextContent(text);
    }
  });

  it("shows the error message when the lead cannot be loaded", async () => {
    const backend = new MockBackend({ leads: [] });
    render(LeadFlyout, { props: { backend, leadId: 42, onClose: vi.fn() } });
    expect(await screen.findByTestId("flyout-error")).toHaveTextContent("Lead 42 not found.");
  });

  it("calls onClose on Escape", async () => {
    const backend = new MockBackend();
    backend.failure = new BackendError("internal", "offline");
    const onClose = vi.fn();
    render(LeadFlyout, { props: { backend, leadId: 1, onClose } });
    await screen.findByTestId("flyout-error");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  describe("Why this lead", () => {
    const reasons = [
      { text: "Asked for a price", quote: "how much would a tune-up be?", seconds: 75.4, against: false },
      { text: "Said they would call back", quote: null, seconds: null, against: false },
      { text: "Wanted a weekend visit", quote: "can you come Saturday", seconds: 3725, against: false },
    ];

    function renderWith(recording = true): MockBackend {
      const backend = new MockBackend({ leads: [makeLead(3, "open", { reasons, score: 87 })] });
      if (!recording) backend.playback.withoutRecording.add(3);
      render(LeadFlyout, { props: { backend, leadId: 3, onClose: vi.fn() } });
      return backend;
    }

    it("shows evidence against the lead apart, with its quote and time", async () => {
      const backend = new MockBackend({
        leads: [
          makeLead(5, "open", {
            reasons: [
              { text: "Agent's reason: Warranty; but the customer: asked for a price", quote: "how much to come out?", seconds: 42, against: false },
              { text: "Agent's reason: Warranty", quote: null, seconds: null, against: true },
            ],
          }),
        ],
      });
      render(LeadFlyout, { props: { backend, leadId: 5, onClose: vi.fn() } });
      const forIt = await screen.findByTestId("flyout-reasons");
      expect(within(forIt).getAllByTestId("reason")).toHaveLength(1);
      expect(forIt).toHaveTextContent("but the customer: asked for a price");
      const against = screen.getByTestId("flyout-reasons-against");
      expect(within(against).getAllByTestId("reason")).toHaveLength(1);
      expect(against).toHaveTextContent("Agent's reason: Warranty");
    });

    it("lists the reasons, quotes in quotation marks and times as m:ss", async () => {
      renderWith();
      const list = await screen.findByTestId("flyout-reasons");
      const items = within(list).getAllByTestId("reason");
      expect(items).toHaveLength(3);

      const [first, second, third] = items as [HTMLElement, HTMLElement, HTMLElement];
      expect(first).toHaveTextContent("Asked for a price");
      expect(first).toHaveTextContent("“how much would a tune-up be?”");
      expect(within(first).getByTestId("reason-time").textContent).toBe("1:15");
      expect(second).toHaveTextContent(/^Said they would call back$/);
      expect(within(second).queryByTestId("reason-seek")).toBeNull();
      expect(within(third).getByTestId("reason-time").textContent).toBe("62:05");
      expect(screen.getByTestId("flyout-score")).toHaveTextContent(/^87$/);
      expect(screen.getByTestId("flyout-score-meter")).toHaveAttribute("value", "87");
    });

    it("a reason's time plays the recording from that moment", async () => {
      const backend = renderWith();
      await screen.findByTestId("player");
      const buttons = await screen.findAllByTestId("reason-seek");
      await userEvent.click(buttons[1] as HTMLElement);
      expect(backend.playback.orders).toEqual([{ kind: "seek", seconds: 3725 }, { kind: "play" }]);
      await userEvent.click(buttons[0] as HTMLElement);
      expect(backend.playback.orders.at(-2)).toEqual({ kind: "seek", seconds: 75.4 });
    });

    it("p plays and pauses the recording from the keyboard", async () => {
      const backend = renderWith();
      await screen.findByTestId("player");
      await userEvent.keyboard("p");
      expect(backend.playback.orders).toEqual([{ kind: "play" }]);
      backend.playback.emit(3, { kind: "playing" });
      await screen.findByRole("button", { name: "Pause" });
      await userEvent.keyboard("p");
      expect(backend.playback.orders.at(-1)).toEqual({ kind: "pause" });
    });

    it("without a recording a reason's time sends nothing to the player", async () => {
      const backend = renderWith(false);
      expect(await screen.findByTestId("no-recording")).toHaveTextContent("No recording for this call.");
      const [button] = await screen.findAllByTestId("reason-seek");
      await userEvent.click(button as HTMLElement);
      expect(backend.playback.orders).toEqual([]);
      expect(screen.getByTestId("flyout")).toBeInTheDocument();
    });

    it("renders hostile reason text and quotes literally", async () => {
      const backend = new MockBackend({
        leads: [makeLead(4, "open", { reasons: [{ text: "<b>bold</b>", quote: "<img src=x onerror=alert(1)>", seconds: 1, against: false }] })],
      });
      render(LeadFlyout, { props: { backend, leadId: 4, onClose: vi.fn() } });
      const item = await screen.findByTestId("reason");
      expect(item).toHaveTextContent("<b>bold</b>");
      expect(item).toHaveTextContent("“<img src=x onerror=alert(1)>”");
      expect(item.querySelector("b, img")).toBeNull();
    });
  });
});
