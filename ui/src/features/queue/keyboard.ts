import type { Tab } from "../../lib/ipc/bindings/Tab";
import { isShortcutCandidate } from "../../lib/keys";
import { shortcutFor, type Shortcut } from "../../lib/shortcuts";

/** What a key press asks the queue screen to do. */
export type QueueAction =
  | { kind: "tab"; tab: Tab }
  | { kind: "move"; delta: 1 | -1 }
  | { kind: "open" }
  | { kind: "page"; delta: 1 | -1 };

/** The queue's keys: [`actionForKey`] reads this table and the `?` overlay lists it. */
export const QUEUE_SHORTCUTS: readonly Shortcut<QueueAction>[] = [
  { keys: ["1"], label: "1", description: "Open tab", action: { kind: "tab", tab: "open" } },
  { keys: ["2"], label: "2", description: "Cold tab", action: { kind: "tab", tab: "cold" } },
  { keys: ["3"], label: "3", description: "Done tab", action: { kind: "tab", tab: "done" } },
  { keys: ["j", "ArrowDown"], label: "j / ↓", description: "next lead", action: { kind: "move", delta: 1 } },
  { keys: ["k", "ArrowUp"], label: "k / ↑", description: "previous lead", action: { kind: "move", delta: -1 } },
  { keys: ["Enter"], label: "Enter", description: "view the selected lead", action: { kind: "open" } },
  { keys: ["["], label: "[", description: "previous page", action: { kind: "page", delta: -1 } },
  { keys: ["]"], label: "]", description: "next page", action: { kind: "page", delta: 1 } },
];

/** The short reminder under the queue; `?` lists everything. */
export const KEY_HINTS = [
  ["1 2 3", "Open / Cold / Done"],
  ["j k", "move"],
  ["Enter", "view lead"],
  ["Esc", "close"],
  ["[ ]", "previous / next page"],
  ["?", "all shortcuts"],
] as const;

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
  if (event.key === "Enter" && isActivatable(event.target)) return null;
  return shortcutFor(QUEUE_SHORTCUTS, event.key)?.action ?? null;
}
