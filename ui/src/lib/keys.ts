/** Keyboard helpers shared by the screens' shortcuts. */

/** True when a key press is typing into a field, so shortcuts must leave it alone. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

/** True when a plain key press (no modifiers, not typed into a field) may be a shortcut. */
export function isShortcutCandidate(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return !isTextEntry(event.target);
}

/**
 * Two-key "go to" shortcuts: "g" then a letter within `windowMs` (e.g. g l, g i, g s).
 * `press` returns the target of a completed sequence, or null.
 */
export class GoKeys<T> {
  private armedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly targets: Readonly<Record<string, T>>,
    private readonly windowMs = 1500,
  ) {}

  press(event: KeyboardEvent, now: number): T | null {
    if (!isShortcutCandidate(event) || event.shiftKey) {
      this.armedAt = Number.NEGATIVE_INFINITY;
      return null;
    }
    const armed = now - this.armedAt <= this.windowMs;
    this.armedAt = Number.NEGATIVE_INFINITY;
    if (event.key === "g" && !armed) {
      this.armedAt = now;
      return null;
    }
    return armed ? (this.targets[event.key] ?? null) : null;
  }
}
