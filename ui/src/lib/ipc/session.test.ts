import { describe, expect, it, vi } from "vitest";
import { BackendError } from "./backend";
import { MockBackend } from "./mock";
import { watchSession } from "./session";

describe("watchSession", () => {
  it("tells the App when a call says nobody is signed in, and still rejects", async () => {
    const raw = new MockBackend();
    const ended = vi.fn();
    const backend = watchSession(raw, ended);
    await expect(backend.listAccounts()).resolves.toHaveLength(3);
    expect(ended).not.toHaveBeenCalled();

    raw.failure = new BackendError("forbidden", "no");
    await expect(backend.listAccounts()).rejects.toThrow("no");
    expect(ended).not.toHaveBeenCalled();

    await raw.access.signOut();
    await expect(backend.access.listUsers()).rejects.toMatchObject({ code: "not_signed_in" });
    expect(ended).toHaveBeenCalledOnce();
    expect(backend.playback).toBe(backend.playback);
  });
});
