import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { makeFixtureLeads, makeLead } from "../../lib/ipc/mock";
import { renderApp } from "../../test/render";

const flaggedEvent = (lead_id: number, score: number) =>
  ({ kind: "lead_flagged", lead_id, account_id: 1, score }) as const;

const selectedId = () => screen.getAllByTestId("lead-row").find((r) => r.dataset["selected"] === "true")?.dataset["leadId"];

describe("in-app notifications of new leads", () => {
  it("the badge counts new leads until each is opened; the agent's selection stays", async () => {
    const { backend, user } = await renderApp();
    await user.keyboard("jj");
    const chosen = selectedId();
    expect(screen.queryByTestId("unseen-badge")).toBeNull();

    backend.leads.push(makeLead(700, "open", { score: 10 }), makeLead(701, "open", { score: 12 }));
    backend.emitCoreEvent(flaggedEvent(700, 10));
    backend.emitCoreEvent(flaggedEvent(701, 12));
    const badge = await screen.findByTestId("unseen-badge");
    expect(badge).toHaveTextContent("2 new");
    expect(badge).toHaveAccessibleName("2 new leads not opened yet: open the newest");
    await waitFor(() => {
      expect(screen.getByTestId("tab-count-open")).toHaveTextContent(String(backend.leads.filter((l) => l.tab === "open").length));
    });
    expect(selectedId()).toBe(chosen);

    // The badge opens the newest unseen lead; it is seen, the other still counts.
    await user.click(badge);
    expect(await screen.findByTestId("flyout-status")).toBeInTheDocument();
    expect(screen.getByTestId("unseen-badge")).toHaveTextContent("1 new");
    expect(selectedId()).toBe(chosen);
  });

  it("clicking the toast opens the best lead of the burst in the flyout", async () => {
    const { backend, user } = await renderApp({ leads: makeFixtureLeads() });
    backend.leads.push(makeLead(800, "open", { score: 30, customer: "Low Score" }), makeLead(801, "open", { score: 97, customer: "Top Score" }));
    backend.emitCoreEvent(flaggedEvent(800, 30));
    backend.emitCoreEvent(flaggedEvent(801, 97));
    const toast = await screen.findByTestId("toast");
    await user.click(within(toast).getByTestId("toast-open"));
    expect(screen.queryByTestId("toast")).toBeNull();
    const flyout = await screen.findByTestId("flyout");
    await waitFor(() => {
      expect(within(flyout).getAllByText(/Top Score/)[0]).toBeInTheDocument();
    });
    expect(screen.getByTestId("unseen-badge")).toHaveTextContent("1 new");
  });

  it("a toast clicked on another screen brings the queue back with the lead open", async () => {
    const { backend, user } = await renderApp();
    await user.click(screen.getByTestId("nav-settings"));
    backend.leads.push(makeLead(900, "open", { score: 50, customer: "From Afar" }));
    backend.emitCoreEvent(flaggedEvent(900, 50));
    await user.click(await screen.findByTestId("toast-open"));
    const flyout = await screen.findByTestId("flyout");
    await waitFor(() => {
      expect(within(flyout).getAllByText(/From Afar/)[0]).toBeInTheDocument();
    });
    expect(screen.getByTestId("nav-queue")).toHaveAttribute("aria-current", "page");
    expect(screen.queryByTestId("unseen-badge")).toBeNull();
  });
});
