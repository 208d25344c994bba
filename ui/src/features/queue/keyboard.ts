import type { Tab } from "../../lib/ipc/bindings/Tab";
import { isShortcutCandidate } from "../../lib/keys";

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
  ["g i  g s", "import / settings"],
] as const;

const TAB_KEYS: Record<string, Tab> = { "1": "open", "2": "cold", "3": "done" };

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ["BUTTON", "A", "SUMMARY"].includes(target.tagName);
}

/**
 * Maps a keydown to a queue action, or null when the key is not ours:
 * modified keys, keys typed into inputs/selects, and Enter on a button
 * (which the button handles itself).
 */
export function actionForKey(event: KeyboardEvent): QueueAction | null {
  if (!isShortcutCandidate(event)) return null;

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
