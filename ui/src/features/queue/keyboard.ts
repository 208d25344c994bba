import type { Tab } from "../../lib/ipc/bindings/Tab";

/** What a key press asks the queue screen to do. */
export type QueueAction =
  | { kind: "tab"; tab: Tab }
  | { kind: "move"; delta: 1 | -1 }
  | { kind: "open" }
  | { kind: "page"; delta: 1 | -1 };

export const KEY_HINTS = [
  ["1 2 3", "Open / Cold / Done"],
  ["j k", "move"],
  ["Enter", "view lead"],
  ["Esc", "close"],
  ["[ ]", "previous / next page"],
] as const;

const TAB_KEYS: Record<string, Tab> = { "1": "open", "2": "cold", "3": "done" };

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ["BUTTON", "A", "SUMMARY"].includes(target.tagName);
}

/**
 * Maps a keydown to a queue action, or null when the key is not ours:
 * modified keys, keys typed into inputs/selects, and Enter on a button
 * (which the button handles itself).
 */
export function actionForKey(event: KeyboardEvent): QueueAction | null {
  if (event.defaultPrevented || event.isComposing) return null;
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTextEntry(event.target)) return null;

  const tab = TAB_KEYS[event.key];
  if (tab) return { kind: "tab", tab };
  switch (event.key) {
    case "j":
    case "ArrowDown":
      return { kind: "move", delta: 1 };
    case "k":
    case "ArrowUp":
      return { kind: "move", delta: -1 };
    case "Enter":
      return isActivatable(event.target) ? null : { kind: "open" };
    case "[":
      return { kind: "page", delta: -1 };
    case "]":
      return { kind: "page", delta: 1 };
    default:
      return null;
  }
}
