import { render, screen, waitFor, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockBackend } from "../../lib/ipc/mock";
import { AuditScreen } from "./index";
import { toFilter } from "./filter";

async function renderAudit(backend = new MockBackend()) {
  const user = userEvent.setup();
  render(AuditScreen, { props: { access: backend.access } });
  await screen.findByTestId("audit-table");
  return { backend, user };
}

describe("Audit trail", () => {
  it("lists who changed what, before and after, most recent first", async () => {
    await renderAudit();
    const rows = screen.getAllByTestId("audit-row");
    expect(rows.map((r) => r.dataset["action"])).toEqual(["lead.status", "settings.account", "user.save"]);
    const first = rows[0] as HTMLElement;
    expect(within(first).getByTestId("audit-who")).toHaveTextContent("Casey Agent");
    expect(within(first).getByTestId("audit-entity")).toHaveTextContent("lead 7");
    expect(within(first).getByTestId("audit-change")).toHaveTextContent("New → Lead - not able to save");
    expect(within(rows[2] as HTMLElement).getByTestId("audit-change")).toHaveTextContent("— →");
  });

  it("filters by action prefix and user; the core gets the filter", async () => {
    const { backend, user } = await renderAudit();
    await user.selectOptions(screen.getByLabelText("Action"), "settings");
    await waitFor(() => {
      expect(screen.getAllByTestId("audit-row").map((r) => r.dataset["action"])).toEqual(["settings.account"]);
    });
    expect(backend.access.auditFilters.at(-1)).toEqual({ user_id: null, action: "settings", from: null, to: null, limit: 1000 });

    await user.selectOptions(screen.getByLabelText("Action"), "");
    await user.selectOptions(screen.getByLabelText("User"), "Casey Agent");
    await waitFor(() => {
      expect(screen.getAllByTestId("audit-row")).toHaveLength(1);
    });
    expect(backend.access.auditFilters.at(-1)?.user_id).toBe(2);

    await user.selectOptions(screen.getByLabelText("User"), "");
    await user.selectOptions(screen.getByLabelText("Action"), "import");
    expect(await screen.findByTestId("audit-empty")).toHaveTextContent("No changes match these filters.");
  });

  it("from and to dates read as whole local days", async () => {
    const { backend, user } = await renderAudit();
    await user.type(screen.getByLabelText("From"), "2026-04-24");
    await user.type(screen.getByLabelText("To"), "2026-04-24");
    await waitFor(() => {
      expect(backend.access.auditFilters.at(-1)?.to).not.toBeNull();
    });
    const sent = backend.access.auditFilters.at(-1);
    expect(sent?.from).toBe(new Date(2026, 3, 24).toISOString().replace(".000Z", "Z"));
    expect(sent?.to).toBe(new Date(2026, 3, 25).toISOString().replace(".000Z", "Z"));
  });

  it("Export CSV saves through the dialog and says where; a cancel says nothing", async () => {
    const { backend, user } = await renderAudit();
    await user.selectOptions(screen.getByLabelText("Action"), "lead");
    await user.click(screen.getByTestId("audit-export"));
    expect(await screen.findByTestId("audit-exported")).toHaveTextContent("Saved to /home/owner/audit.csv");
    expect(backend.access.exports).toEqual([{ user_id: null, action: "lead", from: null, to: null, limit: null }]);

    backend.access.exportPath = null;
    await user.click(screen.getByTestId("audit-export"));
    await waitFor(() => {
      expect(screen.queryByTestId("audit-exported")).not.toBeInTheDocument();
    });
    expect(backend.access.exports).toHaveLength(2);
  });

  it("a refusal is shown as the core's message", async () => {
    const backend = new MockBackend({ permissions: ["view_leads"] });
    render(AuditScreen, { props: { access: backend.access } });
    expect(await screen.findByTestId("audit-error")).toHaveTextContent(
      "does not have the permission View & Edit Feature Management",
    );
  });

  it("hostile text in an entry stays text", async () => {
    const backend = new MockBackend();
    backend.access.record("lead.note", "lead", "1", null, `<script>alert(1)</script>`);
    await renderAudit(backend);
    expect(screen.getAllByTestId("audit-change")[0]).toHaveTextContent("<script>alert(1)</script>");
    expect(document.querySelector("td script")).toBeNull();
  });

  it("an unset filter sends nulls", () => {
    expect(toFilter({ userId: "", action: "", from: "", to: "not a date" }, null)).toEqual({
      user_id: null, action: null, from: null, to: null, limit: null,
    });
  });
});
