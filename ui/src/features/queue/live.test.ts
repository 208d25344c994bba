import { screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeLead, MockBackend } from "../../lib/ipc/mock";
import { renderApp } from "../../test/render";
import { flaggedText, watchFlaggedLeads } from "./live";
import { noFilters, PRIORITY } from "./view";

const flaggedEvent = (lead_id: number, score: number) =>
  ({ kind: "lead_flagged", lead_id, account_id: 1, score }) as const;

describe("live updates in the queue", () => {
  it("a newly flagged lead refreshes the counts and the page, and shows a toast", async () => {
    const { backend } = await renderApp({ leads: [makeLead(1, "open")] });
    expect(screen.getByTestId("tab-count-open")).toHaveTextContent(/^1$/);
    const before = backend.queries.length;

    backend.leads.push(makeLead(2, "open", { score: 99, customer: "Rosa Diaz" }));
    backend.emitCoreEvent(flaggedEvent(2, 99));

    expect(await screen.findByTestId("toast")).toHaveTextContent("New Second Chance Lead (score 99)");
    await waitFor(() => {
      expect(screen.getByTestId("tab-count-open")).toHaveTextContent(/^2$/);
    });
    expect(screen.getAllByTestId("lead-customer")[0]).toHaveTextContent("Rosa Diaz");
    expect(backend.queries.slice(before)).toEqual([{ tab: "open", account_id: null, page: 0, page_size: 50, filters: noFilters(), sort: PRIORITY }]);
  });

  it("a burst of events asks for one refresh and sums up the toast", async () => {
    const { backend } = await renderApp();
    const before = backend.queries.length;
    backend.emitCoreEvent(flaggedEvent(100, 40));
    backend.emitCoreEvent(flaggedEvent(101, 95));
    backend.emitCoreEvent(flaggedEvent(102, 70));
    expect(await screen.findByTestId("toast")).toHaveTextContent("3 new Second Chance Leads (top score 95)");
    await waitFor(() => {
      expect(backend.queries.length).toBe(before + 1);
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(backend.queries.length).toBe(before + 1);
  });

  it("a refresh keeps the selected lead selected", async () => {
    const { backend, user } = await renderApp();
    await user.keyboard("jj");
    const selectedId = () => screen.getAllByTestId("lead-row").find((r) => r.dataset["selected"] === "true")?.dataset["leadId"];
    const chosen = selectedId();
    // A new top-ranked lead pushes every row down by one.
    backend.leads.push(makeLead(500, "open", { score: 100 }));
    backend.emitCoreEvent(flaggedEvent(500, 100));
    await waitFor(() => {
      expect(screen.getAllByTestId("lead-row")[0]?.dataset["leadId"]).toBe("500");
    });
    expect(selectedId()).toBe(chosen);
  });

  it("unsubscribes when the app goes away", async () => {
    const { backend, unmount } = await renderApp();
    expect(backend.listenerCount().coreEvent).toBe(1);
    unmount();
    expect(backend.listenerCount().coreEvent).toBe(0);
  });
});

describe("watchFlaggedLeads", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refreshes once per 300 ms window and stops cleanly", async () => {
    vi.useFakeTimers();
    const backend = new MockBackend();
    const refresh = vi.fn();
    const onFlagged = vi.fn();
    const stop = watchFlaggedLeads(backend, { refresh, onFlagged });
    await Promise.resolve();

    backend.emitCoreEvent(flaggedEvent(1, 10));
    vi.advanceTimersByTime(200);
    backend.emitCoreEvent(flaggedEvent(2, 20));
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(refresh).toHaveBeenCalledOnce();
    expect(onFlagged.mock.calls).toEqual([
      [1, 10],
      [2, 20],
    ]);

    backend.emitCoreEvent(flaggedEvent(3, 30));
    stop();
    vi.advanceTimersByTime(1000);
    expect(refresh).toHaveBeenCalledOnce();
    expect(backend.listenerCount().coreEvent).toBe(0);
  });

  it("ignores event kinds it does not know", async () => {
    const backend = new MockBackend();
    const onFlagged = vi.fn();
    watchFlaggedLeads(backend, { refresh: vi.fn(), onFlagged });
    await Promise.resolve();
    backend.emitCoreEvent({ kind: "something_else" } as unknown as Parameters<typeof backend.emitCoreEvent>[0]);
    expect(onFlagged).not.toHaveBeenCalled();
  });

  it("words the toast", () => {
    expect(flaggedText(1, 87)).toBe("New Second Chance Lead (score 87)");
    expect(flaggedText(4, 99)).toBe("4 new Second Chance Leads (top score 99)");
  });
});
