import { afterEach, describe, expect, it, vi } from "vitest";
import { Toaster } from "./toast.svelte";

describe("Toaster", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows a message for about 5 seconds; a new one restarts the clock", () => {
    vi.useFakeTimers();
    const toaster = new Toaster();
    toaster.show("first");
    vi.advanceTimersByTime(4000);
    expect(toaster.message).toBe("first");
    toaster.show("second");
    vi.advanceTimersByTime(4000);
    expect(toaster.message).toBe("second");
    vi.advanceTimersByTime(1000);
    expect(toaster.message).toBeNull();
  });

  it("can be dismissed early", () => {
    const toaster = new Toaster();
    toaster.show("bye");
    toaster.dismiss();
    expect(toaster.message).toBeNull();
  });
});

describe("Toaster actions", () => {
  it("clicking a message runs its action once and dismisses it", () => {
    const toaster = new Toaster();
    const opened: number[] = [];
    toaster.show("New lead", () => opened.push(7));
    toaster.activate();
    expect(opened).toEqual([7]);
    expect(toaster.message).toBeNull();
    toaster.activate();
    expect(opened).toEqual([7]);
  });

  it("a new message drops the old one's action", () => {
    const toaster = new Toaster();
    toaster.show("first", () => undefined);
    toaster.show("second");
    expect(toaster.action).toBeNull();
  });
});
