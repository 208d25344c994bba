import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { BackendError } from "../../lib/ipc/backend";
import { makeLead, MockBackend, MOCK_ACCOUNTS } from "../../lib/ipc/mock";
import { callIds, leadRows, renderApp } from "../../test/render";
import { noFilters, PRIORITY } from "./view";

describe("Second Chance Leads screen", () => {
  it("shows the heading, the columns and the tab counts the backend reports", async () => {
    await renderApp();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Second Chance Leads");
    const headers = screen.getAllByRole("columnheader").map((th) => th.textContent.trim());
    expect(headers).toEqual(["Status", "Notes", "Age", "Account", "Customer", "Type", "Reason", "Agent"]);
    expect(screen.getByTestId("tab-count-open")).toHaveTextContent(/^75$/);
    expect(screen.getByTestId("tab-count-cold")).toHaveTextContent(/^8$/);
    expect(screen.getByTestId("tab-count-done")).toHaveTextContent(/^5$/);
    expect(screen.getByTestId("tab-open")).toHaveTextContent("Open");
    expect(screen.getByTestId("tab-open")).toHaveAttribute("aria-selected", "true");
  });

  it("renders counts exactly as given, without recounting rows", async () => {
    const backend = new MockBackend({ leads: [makeLead(1, "open")] });
    const real = backend.listLeads.bind(backend);
    backend.listLeads = async (q) => ({ ...(await real(q)), counts: { open: 812, cold: 3, done: 0 } });
    await renderApp(backend);
    expect(screen.getByTestId("tab-count-open")).toHaveTextContent(/^812$/);
    expect(screen.getByTestId("tab-count-cold")).toHaveTextContent(/^3$/);
    expect(screen.getByTestId("tab-count-done")).toHaveTextContent(/^0$/);
  });

  it("keeps the backend's row order", async () => {
    const leads = [makeLead(1, "open", { score: 0.1 }), makeLead(2, "open", { score: 0.9 })];
    const backend = new MockBackend({ leads });
    // A backend that ranks low scores first: the UI must not re-sort.
    backend.listLeads = (q) =>
      MockBackend.prototype.listLeads.call(backend, q).then((p) => ({ ...p, rows: [...p.rows].reverse() }));
    await renderApp(backend);
    expect(callIds()).toEqual(["CALL-100001", "CALL-100002"]);
  });

  it("switching tab asks the backend for that tab and shows its rows", async () => {
    const { backend, user } = await renderApp();
    expect(backend.queries.at(-1)).toEqual({ tab: "open", account_id: null, page: 0, page_size: 50, filters: noFilters(), sort: PRIORITY });

    await user.click(screen.getByTestId("tab-cold"));
    await waitFor(() => {
      expect(leadRows()).toHaveLength(8);
    });
    expect(backend.queries.at(-1)).toEqual({ tab: "cold", account_id: null, page: 0, page_size: 50, filters: noFilters(), sort: PRIORITY });
    const coldIds = backend.leads.filter((l) => l.tab === "cold").map((l) => l.call_id);
    expect(callIds().sort()).toEqual(coldIds.sort());
    expect(screen.getByTestId("tab-cold")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("page-info")).toHaveTextContent("1–8 of 8");
  });

  it("shows a friendly empty state for an empty tab", async () => {
    const { user } = await renderApp({ leads: [makeLead(1, "open")] });
    await user.click(screen.getByTestId("tab-done"));
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("Nothing done yet");
    expect(leadRows()).toHaveLength(0);
  });

  it("filters by account through the backend", async () => {
    const { backend } = await renderApp();
    const select = screen.getByTestId("account-filter");
    await waitFor(() => {
      expect(within(select).getAllByRole("option")).toHaveLength(4);
    });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "All accounts",
      ...MOCK_ACCOUNTS.map((a) => a.name),
    ]);

    await fireEvent.change(select, { target: { value: "2" } });
    await waitFor(() => {
      expect(backend.queries.at(-1)).toEqual({ tab: "open", account_id: 2, page: 0, page_size: 50, filters: noFilters(), sort: PRIORITY });
    });
    const expected = backend.leads.filter((l) => l.account_id === 2);
    await waitFor(() => {
      expect(screen.getByTestId("tab-count-open")).toHaveTextContent(
        String(expected.filter((l) => l.tab === "open").length),
      );
    });
    for (const row of leadRows()) expect(row).toHaveTextContent("Rapid Rooter Plumbing");
  });

  it("shows age from the backend's now, with the call date as a tooltip", async () => {
    const lead = makeLead(1, "open", { ended_at: "2026-04-25T08:48:00Z" });
    await renderApp({ leads: [lead], now: "2026-04-25T12:00:00Z" });
    const cell = within(leadRows()[0] as HTMLElement).getByText("3h 12m").closest("td");
    expect(cell).toHaveAttribute("title", expect.stringContaining("2026"));
  });

  it("falls back to the phone number when the customer is unknown", async () => {
    const lead = makeLead(1, "open", { customer: null, phone: "+1 (555) 010-4477" });
    await renderApp({ leads: [lead] });
    expect(screen.getByTestId("lead-customer")).toHaveTextContent(/^\+1 \(555\) 010-4477$/);
  });

  it("pages with Previous and Next", async () => {
    const { backend, user } = await renderApp();
    expect(leadRows()).toHaveLength(50);
    expect(screen.getByTestId("page-info")).toHaveTextContent("1–50 of 75");
    expect(screen.getByTestId("page-prev")).toBeDisabled();

    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toHaveTextContent("51–75 of 75");
    });
    expect(leadRows()).toHaveLength(25);
    expect(backend.queries.at(-1)).toMatchObject({ tab: "open", page: 1, page_size: 50 });
    expect(screen.getByTestId("page-next")).toBeDisabled();

    await user.click(screen.getByTestId("page-prev"));
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toHaveTextContent("1–50 of 75");
    });
    expect(backend.queries.at(-1)).toMatchObject({ page: 0 });
  });

  it("shows the BackendError message and recovers on Retry", async () => {
    const backend = new MockBackend();
    backend.failure = new BackendError("internal", "The lead store is unavailable.");
    const { user } = await renderApp(backend);
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("The lead store is unavailable.");
    expect(leadRows()).toHaveLength(0);

    backend.failure = null;
    await user.click(within(screen.getByTestId("error-banner")).getByRole("button", { name: "Retry" }));
    await waitFor(() => {
      expect(leadRows()).toHaveLength(50);
    });
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
  });

  it("shows a loading state until the first page arrives", async () => {
    const backend = new MockBackend();
    backend.listLeads = () => new Promise(() => undefined);
    render(App, { props: { backend } });
    expect(await screen.findByTestId("loading")).toBeInTheDocument();
  });
});
