import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError } from "./backend";
import type { AccountSettings } from "./bindings/AccountSettings";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { QueueView } from "./bindings/QueueView";

const core = vi.hoisted(() => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));
const events = vi.hoisted(() => ({ listen: vi.fn() }));
const dialog = vi.hoisted(() => ({ open: vi.fn() }));
vi.mock("@tauri-apps/api/core", () => core);
vi.mock("@tauri-apps/api/event", () => events);
vi.mock("@tauri-apps/plugin-dialog", () => dialog);

const { TauriBackend, toBackendError } = await import("./tauri");

describe("TauriBackend", () => {
  beforeEach(() => {
    core.invoke.mockReset();
    events.listen.mockReset();
    dialog.open.mockReset();
    core.isTauri.mockReturnValue(true);
  });

  it("calls the Rust commands with exactly the agreed argument keys", async () => {
    core.invoke.mockResolvedValue("ok");
    const backend = new TauriBackend();
    const query: LeadQuery = {
      tab: "cold",
      account_id: 3,
      page: 2,
      page_size: 50,
      filters: {
        statuses: ["New"],
        notes: { presence: "with_notes", contains: "50% <b>" },
        age: { min_hours: 1, max_hours: null },
        customer: null,
        types: [],
        reasons: [],
        agents: [],
      },
      sort: { column: "Age", direction: "descending" },
    };

    await backend.listLeads(query);
    await backend.getLead(41);
    await backend.listAccounts();

    expect(core.invoke.mock.calls).toEqual([
      ["list_leads", { query }],
      ["get_lead", { id: 41 }],
      ["list_accounts", undefined],
    ]);
  });

  it("calls the queue view commands with camelCase argument keys", async () => {
    core.invoke.mockResolvedValue("ok");
    const backend = new TauriBackend();
    const view: QueueView = {
      tab: "done",
      account_id: 2,
      filters: {
        statuses: [],
        notes: { presence: "any", contains: null },
        age: { min_hours: null, max_hours: null },
        customer: "O'Hara",
        types: ["Abandoned"],
        reasons: ["Price too high"],
        agents: [7],
      },
      sort: { column: "Agent", direction: "ascending" },
    };

    await backend.getFilterOptions(2);
    await backend.getFilterOptions(null);
    await backend.getQueueView();
    await backend.saveQueueView(view);

    expect(core.invoke.mock.calls).toEqual([
      ["get_filter_options", { accountId: 2 }],
      ["get_filter_options", { accountId: null }],
      ["get_queue_view", undefined],
      ["save_queue_view", { view }],
    ]);
  });

  it("calls the settings and import commands with camelCase argument keys", async () => {
    core.invoke.mockResolvedValue("ok");
    const backend = new TauriBackend();
    const settings: AccountSettings = {
      scl_enabled: false,
      acw_minutes: 10,
      cold_days: 7,
      answered_min_seconds: 45,
      phone_region: "CA",
      time_zone: "America/Toronto",
    };

    await backend.listSettings();
    await backend.saveSettings(3, settings);
    await backend.importFiles(["/a.jsonl", "/b.csv"], "Comfort Air HVAC");
    await backend.importFiles(["/a.jsonl"], null);
    await backend.importFiles(["/c.csv"], null, { dateOrder: "dmy", timeZone: "Europe/London" });

    expect(core.invoke.mock.calls).toEqual([
      ["list_settings", undefined],
      ["save_settings", { accountId: 3, settings }],
      ["import_files", { paths: ["/a.jsonl", "/b.csv"], account: "Comfort Air HVAC", dateOrder: null, timeZone: null }],
      ["import_files", { paths: ["/a.jsonl"], account: null, dateOrder: null, timeZone: null }],
      ["import_files", { paths: ["/c.csv"], account: null, dateOrder: "dmy", timeZone: "Europe/London" }],
    ]);
  });

  it("opens a multi-file dialog for call exports and passes its answer on", async () => {
    dialog.open.mockResolvedValueOnce(["/x.jsonl"]).mockResolvedValueOnce(null);
    const backend = new TauriBackend();
    expect(await backend.pickImportFiles()).toEqual(["/x.jsonl"]);
    expect(await backend.pickImportFiles()).toBeNull();
    expect(dialog.open).toHaveBeenCalledWith({
      multiple: true,
      filters: [{ name: "Call exports", extensions: ["jsonl", "ndjson", "csv", "json"] }],
      title: "Import call exports",
    });
  });

  it("listens to the shell's events and hands over their payloads", async () => {
    const unlisten = vi.fn();
    events.listen.mockResolvedValue(unlisten);
    const backend = new TauriBackend();
    const progress = vi.fn();
    const core_ = vi.fn();

    const stopProgress = await backend.onImportProgress(progress);
    await backend.onCoreEvent(core_);
    expect(events.listen.mock.calls.map((c): unknown => c[0])).toEqual(["import-progress", "core-event"]);

    const deliver = (i: number, payload: unknown) =>
      (events.listen.mock.calls[i]?.[1] as (e: { payload: unknown }) => void)({ payload });
    deliver(0, { file: "a", file_index: 0, files: 1, calls_done: 1, calls_total: 2 });
    deliver(1, { kind: "lead_flagged", lead_id: 9, account_id: 1, score: 80 });
    expect(progress).toHaveBeenCalledWith(expect.objectContaining({ calls_done: 1 }));
    expect(core_).toHaveBeenCalledWith({ kind: "lead_flagged", lead_id: 9, account_id: 1, score: 80 });

    stopProgress();
    expect(unlisten).toHaveBeenCalledOnce();
  });

  it("outside the desktop app, events never arrive and the dialog fails clearly", async () => {
    core.isTauri.mockReturnValue(false);
    const backend = new TauriBackend();
    const stop = await backend.onCoreEvent(vi.fn());
    expect(() => {
      stop();
    }).not.toThrow();
    expect(events.listen).not.toHaveBeenCalled();
    await expect(backend.pickImportFiles()).rejects.toMatchObject({ code: "internal" });
    expect(dialog.open).not.toHaveBeenCalled();
  });

  it("wraps a rejected IpcError in a BackendError with the same code and message", async () => {
    core.invoke.mockRejectedValue({ code: "not_found", message: "Lead 41 not found." });
    const error: unknown = await new TauriBackend().getLead(41).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: "not_found", message: "Lead 41 not found." });
  });

  it("fails clearly outside the desktop app instead of calling invoke", async () => {
    core.isTauri.mockReturnValue(false);
    await expect(new TauriBackend().listAccounts()).rejects.toMatchObject({ code: "internal" });
    expect(core.invoke).not.toHaveBeenCalled();
  });
});

describe("toBackendError", () => {
  it("calls the session, user and audit commands with exactly the agreed argument keys", async () => {
    core.isTauri.mockReturnValue(true);
    core.invoke.mockReset();
    core.invoke.mockResolvedValue(null);
    const { access } = new TauriBackend();
    const filter = { user_id: 3, action: "lead", from: null, to: null, limit: 50 };
    const draft = { name: "Dana", login: "dana", role_id: 3, accounts: { kind: "all" as const }, password: "pw-123456" };
    await access.getSession();
    await access.signIn("dana", "pw-123456", true);
    await access.signOut();
    await access.listUsers();
    await access.listRoles();
    await access.saveUser(null, draft);
    await access.saveRole(7, { name: "Dispatcher", permissions: ["view_leads"] });
    await access.auditEntries(filter);
    await access.exportAudit(filter);
    expect(core.invoke.mock.calls).toEqual([
      ["get_session", undefined],
      ["sign_in", { login: "dana", password: "pw-123456", stay: true }],
      ["sign_out", undefined],
      ["list_users", undefined],
      ["list_roles", undefined],
      ["save_user", { id: null, draft }],
      ["save_role", { id: 7, draft: { name: "Dispatcher", permissions: ["view_leads"] } }],
      ["audit_entries", { filter }],
      ["export_audit", { filter }],
    ]);
  });

  it("keeps the forbidden and not_signed_in codes the UI branches on", () => {
    const refused = "Vic (Viewer) does not have the permission Edit Second Chance Leads";
    expect(toBackendError({ code: "forbidden", message: refused })).toMatchObject({ code: "forbidden", message: refused });
    expect(toBackendError({ code: "not_signed_in", message: "sign in" })).toMatchObject({ code: "not_signed_in" });
  });

  it("treats anything that is not an IpcError as internal", () => {
    expect(toBackendError("boom")).toMatchObject({ code: "internal", message: "boom" });
    expect(toBackendError({ code: "weird", message: "x" })).toMatchObject({ code: "internal" });
    expect(toBackendError(new Error("lost"))).toMatchObject({ code: "internal", message: "lost" });
    expect(toBackendError(undefined)).toBeInstanceOf(BackendError);
  });

  it("keeps the core's invalid_input message for the settings screen", () => {
    const message = "After Call Work Time must be between 0 and 60 minutes (got 90)";
    expect(toBackendError({ code: "invalid_input", message })).toMatchObject({ code: "invalid_input", message });
  });
});
