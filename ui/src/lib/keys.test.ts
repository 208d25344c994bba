import { describe, expect, it } from "vitest";
import { GoKeys, isShortcutCandidate } from "./keys";

function key(k: string, init: KeyboardEventInit = {}): KeyboardEvent {
  return new KeyboardEvent("keydown", { key: k, ...init });
}

describe("GoKeys", () => {
  const targets = { l: "queue", i: "import", s: "settings" } as const;

  it("maps g then a letter to its target", () => {
    const go = new GoKeys(targets);
    expect(go.press(key("g"), 0)).toBeNull();
    expect(go.press(key("s"), 100)).toBe("settings");
    expect(go.press(key("g"), 200)).toBeNull();
    expect(go.press(key("i"), 300)).toBe("import");
  });

  it("ignores the letter alone, a late letter, and unknown letters", () => {
    const go = new GoKeys(targets, 1000);
    expect(go.press(key("l"), 0)).toBeNull();
    go.press(key("g"), 0);
    expect(go.press(key("l"), 1001)).toBeNull();
    go.press(key("g"), 2000);
    expect(go.press(key("x"), 2001)).toBeNull();
    expect(go.press(key("l"), 2002)).toBeNull();
  });

  it("g g does not count as armed twice", () => {
    const go = new GoKeys(targets);
    go.press(key("g"), 0);
    expect(go.press(key("g"), 1)).toBeNull();
    expect(go.press(key("l"), 2)).toBeNull();
  });

  it("leaves modified keys and typing in fields alone", () => {
    const go = new GoKeys(targets);
    go.press(key("g"), 0);
    expect(go.press(key("l", { ctrlKey: true }), 1)).toBeNull();
    const input = document.createElement("input");
    const typed = new KeyboardEvent("keydown", { key: "g" });
    Object.defineProperty(typed, "target", { value: input });
    expect(isShortcutCandidate(typed)).toBe(false);
  });
});
