import { render, screen, waitFor, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import { BackendError } from "./lib/ipc/backend";
import { makeLead, MockBackend } from "./lib/ipc/mock";
import { renderApp } from "./test/render";

const NEEDS_EDIT = "Needs the Edit Second Chance Leads permission";

function navKeys(): string[] {
  return within(screen.getByRole("navigation", { name: "Second Chance" }))
    .getAllByRole("button")
    .map((b) => b.dataset["testid"] ?? "")
    .filter((id) => id.startsWith("nav-"));
}

async function openTopLead(user: ReturnType<typeof userEvent.setup>) {
  const first = screen.getAllByTestId("view-lead")[0] as HTMLElement;
  await user.click(first);
  return screen.findByTestId("flyout-status");
}

describe("what each role sees", () => {
  it("the Admin owner sees every screen, who is signed in, and may edit a lead", async () => {
    const { user } = await renderApp();
    expect(navKeys()).toEqual(["nav-queue", "nav-import", "nav-settings", "nav-users", "nav-audit"]);
    expect(screen.getByTestId("signed-in-name")).toHaveTextContent("Morgan Owner");
    expect(screen.getByTestId("signed-in-role")).toHaveTextContent("Admin");
    await openTopLead(user);
    expect(screen.getByTestId("status-edit")).toBeEnabled();
    expect(screen.getByTestId("dismiss-lead")).toBeEnabled();
    expect(screen.getByTestId("add-notes")).toBeEnabled();
  });

  it("a Viewer has only the queue; every edit action is disabled naming the permission, its key does nothing", async () => {
    const backend = new MockBackend({ signedInAs: 1, permissions: ["view_leads"] });
    const { user } = await renderApp(backend);
    expect(navKeys()).toEqual(["nav-queue"]);
    await user.keyboard("gi");
    await user.keyboard("gs");
    await user.keyboard("gu");
    await user.keyboard("ga");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Second Chance Leads");

    await openTopLead(user);
    for (const id of ["status-edit", "dismiss-lead", "add-notes", "call-customer"]) {
      expect(screen.getByTestId(id), id).toBeDisabled();
      expect(screen.getByTestId(id), id).toHaveAttribute("title", NEEDS_EDIT);
    }
    for (const button of screen.queryAllByTestId("copy-to-customer")) expect(button).toBeDisabled();
    const before = backend.leads[0]?.status;
    await user.keyboard("e");
    expect(screen.queryByTestId("status-select")).not.toBeInTheDocument();
    await user.keyboard("n");
    expect(screen.queryByTestId("note-text")).not.toBeInTheDocument();
    await user.keyboard("d");
    await user.keyboard("c");
    expect(screen.queryByTestId("dismissed-note")).not.toBeInTheDocument();
    expect(backend.work.dialled).toEqual([]);
    expect(backend.leads[0]?.status).toBe(before);
  });

  it("Change customer and the note copies are disabled too", async () => {
    const lead = makeLead(3, "open", { phone: "+15125550199" });
    const backend = new MockBackend({ leads: [lead], permissions: ["view_leads"] });
    const s = backend.work.sectionsOf(lead);
    s.customer.possible_incorrect_match = true;
    s.customer.candidates = [{ id: 1, name: "Dana Smith", address: "1 Oak St" }];
    s.customer.customer = { id: 1, name: "Dana Smith", address: "1 Oak St" };
    s.customer.location = { id: 4, address: "1 Oak St" };
    s.notes = [
      { id: 1, author: "Sam", at: "2026-04-25T11:00:00Z", text: "Call after five", copied_to_customer_at: null, copied_to_location_at: null },
    ];
    const { user } = await renderApp(backend);
    await openTopLead(user);
    for (const id of ["copy-to-customer", "copy-to-location", "change-customer", "customer-phone"]) {
      expect(screen.getByTestId(id), id).toBeDisabled();
      expect(screen.getByTestId(id), id).toHaveAttribute("title", NEEDS_EDIT);
    }
  });

  it("a refusal from the core (forbidden) is shown as its message, not a crash", async () => {
    const backend = new MockBackend({ signedInAs: 1, permissions: [] });
    render(App, { props: { backend } });
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Morgan Owner (Admin) does not have the permission View Second Chance Leads");
  });

  it("without Edit TI, Follow Up, & Reporting Settings the Settings forms are read-only", async () => {
    const backend = new MockBackend({ signedInAs: 1, permissions: ["view_leads", "feature_management"] });
    const { user } = await renderApp(backend);
    await user.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings-form");
    expect(screen.getByTestId("settings-read-only")).toHaveTextContent(
      "Needs the Edit TI, Follow Up, & Reporting Settings permission",
    );
    expect(screen.getByTestId("setting-acw")).toHaveAttribute("readonly");
    expect(screen.getByTestId("setting-enabled")).toBeDisabled();
    expect(screen.getByTestId("settings-save")).toBeDisabled();
    expect(await screen.findByTestId("dial-save")).toBeDisabled();
    expect(screen.getByTestId("dial-callback-number")).toBeDisabled();
  });

  it("with Edit TI but not Feature Management only the Enable switch is locked", async () => {
    const backend = new MockBackend({ signedInAs: 1, permissions: ["view_leads", "ti_settings"] });
    const { user } = await renderApp(backend);
    expect(screen.queryByTestId("nav-import")).not.toBeInTheDocument();
    expect(screen.queryByTestId("nav-audit")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings-form");
    expect(screen.queryByTestId("settings-read-only")).not.toBeInTheDocument();
    const enabled = screen.getByTestId("setting-enabled");
    expect(enabled).toBeDisabled();
    expect(enabled).toHaveAttribute("title", "Needs the View & Edit Feature Management permission");
    expect(screen.getByTestId("setting-acw")).not.toHaveAttribute("readonly");
    expect(await screen.findByTestId("dial-save")).toBeEnabled();
  });
});

describe("sign-in", () => {
  it("shows the sign-in screen when nobody is signed in; a wrong password is said in place", async () => {
    const backend = new MockBackend({ signedInAs: null });
    const user = userEvent.setup();
    render(App, { props: { backend } });
    const login = await screen.findByLabelText("Login");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("Stay signed in")).toBeEnabled();
    await user.type(login, "casey");
    await user.type(screen.getByLabelText("Password"), "wrong-pass");
    await user.click(screen.getByTestId("sign-in-submit"));
    expect(await screen.findByTestId("sign-in-error")).toHaveTextContent("the login or the password is not right");
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");

    await user.type(screen.getByLabelText("Password"), "casey-pass");
    await user.click(screen.getByLabelText("Stay signed in"));
    await user.click(screen.getByTestId("sign-in-submit"));
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toBeInTheDocument();
    });
    expect(backend.access.stays).toEqual([false, true]);
    expect(screen.getByTestId("signed-in-name")).toHaveTextContent("Casey Agent");
    expect(screen.getByTestId("signed-in-role")).toHaveTextContent("CSR");
  });

  it("an empty form is refused before asking the core", async () => {
    const backend = new MockBackend({ signedInAs: null });
    const user = userEvent.setup();
    render(App, { props: { backend } });
    await user.click(await screen.findByTestId("sign-in-submit"));
    expect(screen.getByTestId("sign-in-error")).toHaveTextContent("Enter your login and your password.");
    expect(backend.access.stays).toEqual([]);
  });

  it("without an OS keychain Stay signed in is disabled and says why", async () => {
    const backend = new MockBackend({ signedInAs: null });
    backend.access.keychainProblem = "No OS keychain: the Secret Service is not running";
    render(App, { props: { backend } });
    expect(await screen.findByLabelText("Stay signed in")).toBeDisabled();
    expect(screen.getByTestId("sign-in-keychain")).toHaveTextContent("No OS keychain: the Secret Service is not running");
  });

  it("Sign out returns to the sign-in screen; it is disabled while nobody has a password", async () => {
    const backend = new MockBackend();
    const { user } = await renderApp(backend);
    expect(screen.getByTestId("sign-out")).toBeEnabled();
    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByTestId("sign-in")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-queue")).not.toBeInTheDocument();

    const lonely = new MockBackend();
    for (const u of lonely.access.users) u.password = null;
    const { unmount } = render(App, { props: { backend: lonely } });
    await waitFor(() => {
      expect(screen.getAllByTestId("sign-out").at(-1)).toBeDisabled();
    });
    unmount();
  });

  it("a call answered not_signed_in returns to the sign-in screen", async () => {
    const backend = new MockBackend();
    const { user } = await renderApp(backend);
    backend.failure = new BackendError("not_signed_in", "the session has ended");
    await user.keyboard("2");
    expect(await screen.findByTestId("sign-in")).toBeInTheDocument();
    expect(screen.getByTestId("sign-in-notice")).toHaveTextContent("Your session ended. Sign in again.");
  });

  it("the next user starts afresh: a Viewer signing in after the owner gets no owner screens", async () => {
    const backend = new MockBackend();
    backend.access.users.push({
      id: 9, name: "Vic <b>Viewer</b>", login: "vic", role_id: 4, accounts: { kind: "all" }, password: "vic-pass-1",
    });
    const { user } = await renderApp(backend);
    await user.click(screen.getByTestId("nav-users"));
    await user.click(screen.getByTestId("sign-out"));
    await user.type(await screen.findByLabelText("Login"), "vic");
    await user.type(screen.getByLabelText("Password"), "vic-pass-1");
    await user.click(screen.getByTestId("sign-in-submit"));
    await screen.findByTestId("page-info");
    expect(navKeys()).toEqual(["nav-queue"]);
    expect(screen.queryByTestId("users-screen")).not.toBeInTheDocument();
    expect(screen.getByTestId("signed-in-name").textContent).toBe("Vic <b>Viewer</b>");
    expect(document.querySelector("nav b")).toBeNull();
  });
});
