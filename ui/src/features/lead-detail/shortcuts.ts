import { isShortcutCandidate } from "../../lib/keys";

/** What a key press asks the open flyout to do. */
export type FlyoutAction = "call" | "dismiss" | "note" | "status" | "play";

export const FLYOUT_KEY_HINTS = [
  ["c", "Call Customer"],
  ["e", "edit Status"],
  ["n", "Add Notes"],
  ["d", "Dismiss"],
  ["p", "Play/Pause recording"],
] as const;

const KEYS: Record<string, FlyoutAction> = { c: "call", d: "dismiss", n: "note", e: "status", p: "play" };

/** Maps a keydown to a flyout action; keys typed into fields and modified keys are not ours. */
export function flyoutActionForKey(event: KeyboardEvent): FlyoutAction | null {
  if (!isShortcutCandidate(event) || event.shiftKey) return null;
  return KEYS[event.key] ?? null;
}
