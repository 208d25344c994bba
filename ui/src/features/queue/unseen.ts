/**
 * New leads the agent has not looked at yet, and what the toast says about a burst of them.
 *
 * The rule: a lead the detector flags while the app runs is **unseen** until the agent opens it
 * in the flyout (from its row, the toast or the badge). Scrolling past a row does not count: a
 * ranked queue can put a new lead anywhere, and a count that drops on its own would be missed.
 * Pure functions, so the rule is tested without a window.
 */

/** Unseen lead ids, oldest first; never the same id twice. */
export type Unseen = readonly number[];

/** A lead was flagged: it is unseen (once). */
export function flagged(unseen: Unseen, leadId: number): Unseen {
  return unseen.includes(leadId) ? unseen : [...unseen, leadId];
}

/** The agent opened a lead: it is seen. */
export function opened(unseen: Unseen, leadId: number): Unseen {
  return unseen.includes(leadId) ? unseen.filter((id) => id !== leadId) : unseen;
}

/** What the badge opens: the newest unseen lead. */
export function newest(unseen: Unseen): number | null {
  return unseen.at(-1) ?? null;
}

/** The badge's text and its accessible name. */
export function badgeText(count: number): { text: string; label: string } {
  const leads = count === 1 ? "1 new lead" : `${String(count)} new leads`;
  return { text: `${String(count)} new`, label: `${leads} not opened yet: open the newest` };
}

/** Leads flagged while one toast is up: how many, the best score and which lead it opens. */
export interface Burst {
  count: number;
  best: number;
  /** The best scoring lead of the burst (the latest among equals): the toast opens it. */
  leadId: number;
}

/** Adds a flagged lead to the toast's burst; `current` is null when no toast is up. */
export function addToBurst(current: Burst | null, leadId: number, score: number): Burst {
  if (current === null) return { count: 1, best: score, leadId };
  const better = score >= current.best;
  return {
    count: current.count + 1,
    best: better ? score : current.best,
    leadId: better ? leadId : current.leadId,
  };
}
