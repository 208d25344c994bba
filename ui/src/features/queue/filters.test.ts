import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { agentId } from "../../lib/ipc/mock-queue";
import { makeLead, MockBackend } from "../../lib/ipc/mock";
import { callIds, leadRows, renderApp } from "../../test/render";
import { noFilters, PRIORITY } from "./view";

/** Opens a column's Filter and returns its panel. */
async function openFilter(user: ReturnType<typeof import("@testing-library/user-event").userEvent.setup>, column: string) {
  await user.click(screen.getByTestId(`filter-${column}`));
  return screen.findByTestId(`filter-panel-${column}`);
}

function option(panel: HTMLElement, value: string): HTMLInputElement {
  const found = within(panel)
    .getAllByTestId("filter-option")
    .find((o) => o.dataset["value"] === value);
  if (!(found instanceof HTMLInputElement)) throw new Error(`no option ${value}`);
  return found;
}

describe("queue filters", () => {
  it("a Status filter asks the core for those statuses; rows and tab counts follow", async () => {
    const { backend, user } = await renderApp();
    const panel = await openFilter(user, "status");
    await user.click(option(panel, "Lead - call back attempted"));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.filters.statuses).toEqual(["Lead - call back attempted"]);
    });
    const expected = backend.leads.filter((l) => l.status === "Lead - call back attempted");
    await waitFor(() => {
      expect(screen.getByTestId("tab-count-open")).toHaveTextContent(String(expected.length));
    });
    expect(screen.getByTestId("tab-count-cold")).toHaveTextContent(/^0$/);
    expect(leadRows()).toHaveLength(expected.length);
    expect(screen.getByTestId("filter-status")).toHaveAttribute("data-active", "1");
    expect(screen.getByTestId("filter-status")).toHaveAccessibleName("Filter Status (1 active)");

    await user.click(screen.getByTestId("clear-filters"));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.filters).toEqual(noFilters());
    });
    expect(screen.getByTestId("tab-count-open")).toHaveTextContent(/^75$/);
  });

  it("Customer, Reason and Agent stay disabled, with the reason shown, until one account is chosen", async () => {
    const { backend, user } = await renderApp();
    for (const column of ["customer", "reason", "agent"]) {
      expect(screen.getByTestId(`filter-${column}`)).toBeDisabled();
      expect(screen.getByTestId(`filter-${column}`)).toHaveAttribute("aria-describedby", "single-account-hint");
    }
    for (const column of ["status", "notes", "age", "account", "type"]) {
      expect(screen.getByTestId(`filter-${column}`)).toBeEnabled();
    }
    expect(screen.getByTestId("single-account-hint")).toHaveTextContent(
      "Customer, Reason, Agent filters need a single account: choose an account first.",
    );

    await fireEvent.change(screen.getByTestId("account-filter"), { target: { value: "2" } });
    await waitFor(() => {
      expect(screen.getByTestId("filter-reason")).toBeEnabled();
    });
    expect(screen.queryByTestId("single-account-hint")).not.toBeInTheDocument();

    // The Reason filter offers the chosen account's reasons.
    const ofAccount = backend.leads.filter((l) => l.account_id === 2);
    const reasons = [...new Set(ofAccount.flatMap((l) => (l.reason ? [l.reason] : [])))].sort();
    const panel = await openFilter(user, "reason");
    expect(within(panel).getAllByTestId("filter-option").map((o) => o.dataset["value"])).toEqual(reasons);
    const reason = reasons[0] ?? "";
    await user.click(option(panel, reason));
    await waitFor(() => {
      expect(backend.queries.at(-1)).toMatchObject({ account_id: 2, filters: { reasons: [reason] } });
    });
    const expected = ofAccount.filter((l) => l.reason === reason && l.tab === "open");
    await waitFor(() => {
      expect(leadRows()).toHaveLength(expected.length);
    });

    // Back to all accounts: the single-account filters are dropped, never sent without one.
    await fireEvent.change(screen.getByTestId("account-filter"), { target: { value: "" } });
    await waitFor(() => {
      expect(backend.queries.at(-1)).toMatchObject({ account_id: null, filters: { reasons: [] } });
    });
    expect(screen.getByTestId("filter-reason")).toBeDisabled();
  });

  it("an Agent filter sends the agents' ids", async () => {
    const { backend, user } = await renderApp();
    await fireEvent.change(screen.getByTestId("account-filter"), { target: { value: "1" } });
    await waitFor(() => {
      expect(screen.getByTestId("filter-agent")).toBeEnabled();
    });
    const panel = await openFilter(user, "agent");
    const name = backend.leads.find((l) => l.account_id === 1 && l.agent)?.agent ?? "";
    await user.click(option(panel, String(agentId(name))));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.filters.agents).toEqual([agentId(name)]);
    });
    await waitFor(() => {
      for (const row of leadRows()) expect(row).toHaveTextContent(name);
    });
  });

  it("Notes and Customer text applies on Apply, and a hostile value is sent as typed", async () => {
    const { backend, user } = await renderApp();
    const panel = await openFilter(user, "notes");
    await user.click(option(panel, "without_notes"));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.filters.notes.presence).toBe("without_notes");
    });
    await user.click(option(panel, "any"));
    await user.type(within(panel).getByTestId("filter-input-notes"), "50% <b>'_");
    await user.click(within(panel).getByTestId("filter-apply-notes"));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.filters.notes).toEqual({ presence: "any", contains: "50% <b>'_" });
    });
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("No leads match these filters");
    expect(document.body.querySelector("b")).toBeNull();
    // The headers stay, so the filter can be cleared from where it was set.
    expect(screen.getByTestId("filter-notes")).toHaveAttribute("data-active", "1");
  });

  it("Age takes whole hours since the call ended and refuses anything else", async () => {
    const { backend, user } = await renderApp();
    const panel = await openFilter(user, "age");
    await user.type(within(panel).getByTestId("filter-input-age-min"), "two");
    await user.click(within(panel).getByTestId("filter-apply-age"));
    expect(within(panel).getByRole("alert")).toHaveTextContent("Hours are whole numbers.");
    await user.clear(within(panel).getByTestId("filter-input-age-min"));
    await user.type(within(panel).getByTestId("filter-input-age-max"), "24");
    await user.click(within(panel).getByTestId("filter-apply-age"));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.filters.age).toEqual({ min_hours: null, max_hours: 24 });
    });
    const expected = backend.leads.filter(
      (l) => l.tab === "open" && Date.parse(backend.now) - Date.parse(l.ended_at) < 24 * 3_600_000,
    );
    await waitFor(() => {
      expect(leadRows()).toHaveLength(expected.length);
    });
  });

  it("Escape closes a filter panel without closing anything else", async () => {
    const { user } = await renderApp();
    await openFilter(user, "type");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("filter-panel-type")).not.toBeInTheDocument();
    expect(screen.getByTestId("filter-type")).toHaveAttribute("aria-expanded", "false");
  });
});

describe("queue sorting", () => {
  it("a header sorts ascending, then descending, then back to priority, with aria-sort", async () => {
    const leads = [
      makeLead(1, "open", { customer: "Zed", score: 90 }),
      makeLead(2, "open", { customer: "amy", score: 10 }),
      makeLead(3, "open", { customer: "Bob", score: 50 }),
    ];
    const { backend, user } = await renderApp({ leads });
    const header = screen.getByTestId("column-customer");
    expect(header).toHaveAttribute("aria-sort", "none");
    expect(callIds()).toEqual(["CALL-100001", "CALL-100003", "CALL-100002"]);

    await user.click(screen.getByRole("button", { name: "Sort by Customer" }));
    await waitFor(() => {
      expect(callIds()).toEqual(["CALL-100002", "CALL-100003", "CALL-100001"]);
    });
    expect(header).toHaveAttribute("aria-sort", "ascending");
    expect(backend.queries.at(-1)?.sort).toEqual({ column: "Customer", direction: "ascending" });

    await user.click(screen.getByTestId("sort-customer"));
    await waitFor(() => {
      expect(callIds()).toEqual(["CALL-100001", "CALL-100003", "CALL-100002"]);
    });
    expect(header).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByTestId("sort-customer"));
    await waitFor(() => {
      expect(backend.queries.at(-1)?.sort).toEqual(PRIORITY);
    });
    expect(header).toHaveAttribute("aria-sort", "none");
  });
});

describe("the queue view", () => {
  it("is restored on start before the first page is asked for", async () => {
    const backend = new MockBackend();
    backend.queueView = {
      tab: "done",
      account_id: 3,
      filters: { ...noFilters(), types: ["Abandoned"] },
      sort: { column: "Age", direction: "descending" },
    };
    await renderApp(backend);
    expect(backend.queries[0]).toEqual({
      tab: "done",
      account_id: 3,
      page: 0,
      page_size: 50,
      filters: { ...noFilters(), types: ["Abandoned"] },
      sort: { column: "Age", direction: "descending" },
    });
    expect(screen.getByTestId("tab-done")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("account-filter")).toHaveValue("3");
    expect(screen.getByTestId("column-age")).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByTestId("filter-type")).toHaveAttribute("data-active", "1");
  });

  it("is saved through the core whenever it changes", async () => {
    const { backend, user } = await renderApp();
    await user.click(screen.getByTestId("tab-cold"));
    await user.click(screen.getByTestId("sort-age"));
    await waitFor(() => {
      expect(backend.savedViews.at(-1)).toEqual({
        tab: "cold",
        account_id: null,
        filters: noFilters(),
        sort: { column: "Age", direction: "ascending" },
      });
    });
  });
});

describe("speed to lead", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the Age column says how fresh each lead is in words, from the core", async () => {
    const leads = [
      makeLead(1, "open", { speed_to_lead: "fresh" }),
      makeLead(2, "open", { speed_to_lead: "aging", score: 1 }),
      makeLead(3, "open", { speed_to_lead: "stale", score: 0 }),
    ];
    await renderApp({ leads });
    const cues = screen.getAllByTestId("speed-to-lead").map((c) => [c.dataset["speed"], c.textContent.trim()]);
    expect(cues).toEqual([
      ["fresh", "● Fresh"],
      ["aging", "◐ Aging"],
      ["stale", "○ Stale"],
    ]);
  });

  it("asks the core again every minute so ages and cues move on", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { backend } = await renderApp();
    const before = backend.queries.length;
    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => {
      expect(backend.queries.length).toBe(before + 1);
    });
    expect(backend.queries.at(-1)).toEqual(backend.queries[before - 1]);
  });
});
