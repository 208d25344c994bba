import { render, screen } from "@testing-library/svelte";
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
});
