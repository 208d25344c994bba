import { describe, expect, it } from "vitest";
import { actionForKey } from "./keyboard";

function press(key: string, target: HTMLElement = document.body, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(event, "target", { value: target });
  return actionForKey(event);
}

describe("actionForKey", () => {
  it("maps 1/2/3 to the Open/Cold/Done tabs", () => {
    expect(press("1")).toEqual({ kind: "tab", tab: "open" });
    expect(press("2")).toEqual({ kind: "tab", tab: "cold" });
    expect(press("3")).toEqual({ kind: "tab", tab: "done" });
  });

  it("maps j/k and arrows to moving the selection", () => {
    expect(press("j")).toEqual({ kind: "move", delta: 1 });
    expect(press("ArrowDown")).toEqual({ kind: "move", delta: 1 });
    expect(press("k")).toEqual({ kind: "move", delta: -1 });
    expect(press("ArrowUp")).toEqual({ kind: "move", delta: -1 });
  });

  it("maps Enter to open and brackets to paging", () => {
    expect(press("Enter")).toEqual({ kind: "open" });
    expect(press("[")).toEqual({ kind: "page", delta: -1 });
    expect(press("]")).toEqual({ kind: "page", delta: 1 });
  });

  it("ignores keys typed into inputs, selects and textareas", () => {
    for (const tag of ["input", "select", "textarea"]) {
      expect(press("j", document.createElement(tag))).toBeNull();
      expect(press("1", document.createElement(tag))).toBeNull();
    }
  });

  it("leaves Enter on a button to the button", () => {
    expect(press("Enter", document.createElement("button"))).toBeNull();
    expect(press("j", document.createElement("button"))).toEqual({ kind: "move", delta: 1 });
  });

  it("ignores modified keys and unknown keys", () => {
    expect(press("1", document.body, { ctrlKey: true })).toBeNull();
    expect(press("j", document.body, { metaKey: true })).toBeNull();
    expect(press("x")).toBeNull();
    expect(press("Escape")).toBeNull();
  });
});
