import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError } from "./backend";
import type { LeadQuery } from "./bindings/LeadQuery";

const core = vi.hoisted(() => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));
vi.mock("@tauri-apps/api/core", () => core);

const { TauriBackend, toBackendError } = await import("./tauri");

describe("TauriBackend", () => {
  beforeEach(() => {
    core.invoke.mockReset();
    core.isTauri.mockReturnValue(true);
  });

  it("calls the Rust commands with exactly the agreed argument keys", async () => {
    core.invoke.mockResolvedValue("ok");
    const backend = new TauriBackend();
    const query: LeadQuery = { tab: "cold", account_id: 3, page: 2, page_size: 50 };

    await backend.listLeads(query);
    await backend.getLead(41);
    await backend.listAccounts();

    expect(core.invoke.mock.calls).toEqual([
      ["list_leads", { query }],
      ["get_lead", { id: 41 }],
      ["list_accounts", undefined],
    ]);
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
  it("treats anything that is not an IpcError as internal", () => {
    expect(toBackendError("boom")).toMatchObject({ code: "internal", message: "boom" });
    expect(toBackendError({ code: "weird", message: "x" })).toMatchObject({ code: "internal" });
    expect(toBackendError(new Error("lost"))).toMatchObject({ code: "internal", message: "lost" });
    expect(toBackendError(undefined)).toBeInstanceOf(BackendError);
  });
});
