import { render, screen, waitFor, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MockBackend } from "../../lib/ipc/mock";
import { UsersScreen } from "./index";

async function renderUsers(backend = new MockBackend()) {
  const user = userEvent.setup();
  const onSaved = vi.fn();
  render(UsersScreen, { props: { backend, onSaved } });
  await screen.findByTestId("users-table");
  return { backend, user, onSaved };
}

function rowOf(login: string): HTMLElement {
  const row = screen.getAllByTestId("user-row").find((r) => r.dataset["login"] === login);
  if (!row) throw new Error(`no row for ${login}`);
  return row;
}

describe("User Management", () => {
  it("lists users with login, role, accounts and whether they can sign in", async () => {
    await renderUsers();
    const casey = rowOf("casey");
    expect(within(casey).getByTestId("user-row-name")).toHaveTextContent("Casey Agent");
    expect(within(casey).getByTestId("user-row-role")).toHaveTextContent("CSR");
    expect(within(casey).getByTestId("user-row-accounts")).toHaveTextContent("Comfort Air HVAC");
    expect(within(casey).getByTestId("user-row-can-sign-in")).toHaveTextContent("Yes");
    expect(within(rowOf("owner")).getByTestId("user-row-accounts")).toHaveTextContent("All accounts");
    expect(within(rowOf("owner")).getByTestId("user-row-can-sign-in")).toHaveTextContent("No");
    expect(within(rowOf("")).getByTestId("user-row-login")).toHaveTextContent("—");
    expect(screen.getByTestId("save-changes")).toBeDisabled();
  });

  it("Add user, then Save Changes creates them with a password and only some accounts", async () => {
    const { backend, user, onSaved } = await renderUsers();
    await user.click(screen.getByTestId("add-user"));
    const editor = screen.getByTestId("user-editor");
    await user.type(within(editor).getByLabelText("Name"), "Dana Whitfield");
    await user.type(within(editor).getByLabelText("Login"), "dana");
    expect(within(editor).getByLabelText("Role")).toHaveDisplayValue("CSR");
    await user.click(within(editor).getByLabelText("Only these accounts"));
    await user.click(within(editor).getByLabelText("Rapid Rooter Plumbing"));
    await user.type(within(editor).getByLabelText("New password"), "dana-pass-1");
    await user.click(screen.getByTestId("save-changes"));

    expect(await screen.findByTestId("users-result")).toHaveTextContent("1 change saved.");
    expect(backend.access.userSaves).toEqual([
      {
        id: null,
        draft: {
          name: "Dana Whitfield",
          login: "dana",
          role_id: 3,
          accounts: { kind: "only", ids: [2] },
          password: "dana-pass-1",
        },
      },
    ]);
    expect(within(rowOf("dana")).getByTestId("user-row-can-sign-in")).toHaveTextContent("Yes");
    expect(screen.getByTestId("user-password")).toHaveValue("");
    expect(screen.getByTestId("save-changes")).toBeDisabled();
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it("a refusal is shown next to the field it names; the other changes are saved", async () => {
    const { backend, user } = await renderUsers();
    await user.click(within(rowOf("casey")).getByTestId("user-edit"));
    await user.selectOptions(screen.getByLabelText("Role"), "Viewer");
    await user.click(screen.getByTestId("add-user"));
    await user.type(screen.getByLabelText("Name"), "Vic");
    await user.type(screen.getByLabelText("Login"), "vic");
    await user.type(screen.getByLabelText("New password"), "short");
    await user.click(screen.getByTestId("save-changes"));

    expect(await screen.findByTestId("users-result")).toHaveTextContent("1 change saved; 1 refused");
    expect(screen.getByTestId("user-error-password")).toHaveTextContent("Password: must be at least 8 characters");
    expect(screen.getByLabelText("New password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("users-errors")).toHaveTextContent("Vic: Password: must be at least 8 characters");
    expect(backend.access.users.find((u) => u.login === "casey")?.role_id).toBe(4);
    expect(backend.access.users.some((u) => u.login === "vic")).toBe(false);

    await user.type(screen.getByLabelText("New password"), "-and-longer");
    await user.click(screen.getByTestId("save-changes"));
    await waitFor(() => {
      expect(backend.access.users.some((u) => u.login === "vic")).toBe(true);
    });
    expect(screen.queryByTestId("user-error-password")).not.toBeInTheDocument();
  });

  it("a login already taken is refused naming the Login field", async () => {
    const { user } = await renderUsers();
    await user.click(screen.getByTestId("add-user"));
    await user.type(screen.getByLabelText("Name"), "Other Casey");
    await user.type(screen.getByLabelText("Login"), "casey");
    await user.click(screen.getByTestId("save-changes"));
    expect(await screen.findByTestId("user-error-login")).toHaveTextContent("Login: already taken by another user");
  });

  it("roles show their permissions in the seeds' words; built-in ones are read-only; Add role saves a custom one", async () => {
    const { backend, user } = await renderUsers();
    const table = screen.getByTestId("roles-table");
    for (const words of [
      "View Second Chance Leads",
      "Edit Second Chance Leads",
      "View & Edit Feature Management",
      "Edit TI, Follow Up, & Reporting Settings",
      "Manage users and roles",
    ]) {
      expect(within(table).getByRole("columnheader", { name: words })).toBeInTheDocument();
    }
    const csr = within(table).getByLabelText("CSR: Edit Second Chance Leads");
    expect(csr).toBeChecked();
    expect(csr).toBeDisabled();
    expect(within(table).getByLabelText("Viewer: Edit Second Chance Leads")).not.toBeChecked();

    await user.click(screen.getByTestId("add-role"));
    await user.type(screen.getByTestId("role-name"), "Dispatcher");
    await user.click(within(table).getByLabelText("Dispatcher: View Second Chance Leads"));
    await user.click(within(table).getByLabelText("Dispatcher: Edit TI, Follow Up, & Reporting Settings"));
    await user.click(screen.getByTestId("save-changes"));
    expect(await screen.findByTestId("users-result")).toHaveTextContent("1 change saved.");
    expect(backend.access.roleSaves).toEqual([
      { id: null, draft: { name: "Dispatcher", permissions: ["view_leads", "ti_settings"] } },
    ]);
  });

  it("a new user may take a new role saved in the same Save Changes", async () => {
    const { backend, user } = await renderUsers();
    await user.click(screen.getByTestId("add-role"));
    await user.type(screen.getByTestId("role-name"), "Auditor");
    await user.click(screen.getByTestId("add-user"));
    await user.type(screen.getByLabelText("Name"), "Ann");
    await user.selectOptions(screen.getByLabelText("Role"), "Auditor");
    await user.click(screen.getByTestId("save-changes"));
    expect(await screen.findByTestId("users-result")).toHaveTextContent("2 changes saved.");
    const auditor = backend.access.roles.find((r) => r.name === "Auditor");
    expect(backend.access.userSaves[0]?.draft.role_id).toBe(auditor?.id);
  });

  it("hostile names render as text", async () => {
    const backend = new MockBackend();
    backend.access.users.push({
      id: 7, name: `<img src=x onerror=alert(1)>`, login: "evil", role_id: 4, accounts: { kind: "all" }, password: null,
    });
    await renderUsers(backend);
    expect(within(rowOf("evil")).getByTestId("user-row-name")).toHaveTextContent("<img src=x onerror=alert(1)>");
    expect(document.querySelector("img")).toBeNull();
  });

  it("without Manage users and roles the core's refusal is shown", async () => {
    const backend = new MockBackend({ permissions: ["view_leads"] });
    render(UsersScreen, { props: { backend } });
    expect(await screen.findByTestId("users-load-error")).toHaveTextContent(
      "does not have the permission Manage users and roles",
    );
  });
});
