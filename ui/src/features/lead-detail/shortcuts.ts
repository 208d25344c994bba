import { isShortcutCandidate } from "../../lib/keys";
import { shortcutFor, type Shortcut } from "../../lib/shortcuts";

/** What a key press asks the open flyout to do. */
export type FlyoutAction = "call" | "dismiss" | "note" | "status" | "play" | "close";

/** The flyout's keys: [`flyoutActionForKey`] reads this table and the `?` overlay lists it. */
export const FLYOUT_SHORTCUTS: readonly Shortcut<FlyoutAction>[] = [
  { keys: ["c"], label: "c", description: "Call Customer", action: "call" },
  { keys: ["e"], label: "e", description: "edit Status", action: "status" },
  { keys: ["n"], label: "n", description: "Add Notes", action: "note" },
  { keys: ["d"], label: "d", description: "Dismiss", action: "dismiss" },
  { keys: ["p"], label: "p", description: "Play/Pause the recording", action: "play" },
  { keys: ["Escape"], label: "Esc", description: "close the lead", action: "close" },
];

/**
 * Maps a keydown to a flyout action. Esc closes from anywhere in the flyout (also from a field);
 * the letter keys typed into fields and modified keys are not ours.
 */
export function flyoutActionForKey(event: KeyboardEvent): FlyoutAction | null {
  if (event.key === "Escape") return event.defaultPrevented ? null : "close";
  if (!isShortcutCandidate(event) || event.shiftKey) return null;
  return shortcutFor(FLYOUT_SHORTCUTS, event.key)?.action ?? null;
}
