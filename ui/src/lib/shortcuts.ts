/**
 * The shape of a shortcut table: each screen's key handling reads its table, and the `?`
 * overlay lists the same tables, so what is listed is what works.
 */

export interface Shortcut<A> {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[];
  /** How the keys are written for people, e.g. "j / ↓". */
  label: string;
  /** What it does, e.g. "next lead". */
  description: string;
  action: A;
}

/** A titled group of shortcuts, as the overlay lists them. */
export interface ShortcutGroup {
  title: string;
  items: readonly { label: string; description: string }[];
}

/** The shortcut a key press asks for, by its `key`. */
export function shortcutFor<A>(table: readonly Shortcut<A>[], key: string): Shortcut<A> | null {
  return table.find((s) => s.keys.includes(key)) ?? null;
}

/** A table as the overlay shows it. */
export function groupOf<A>(title: string, table: readonly Shortcut<A>[]): ShortcutGroup {
  return { title, items: table.map(({ label, description }) => ({ label, description })) };
}
