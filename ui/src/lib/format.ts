/** Pure display helpers. No business rules live here, only presentation. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const MISSING = "—";

function parse(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Elapsed time from `fromIso` to `nowIso`, compact: "<1m", "42m", "3h 12m", "2d 4h".
 * Negative spans (clock skew) read as "<1m".
 */
export function formatAge(fromIso: string, nowIso: string): string {
  const from = parse(fromIso);
  const now = parse(nowIso);
  if (from === null || now === null) return MISSING;
  const span = Math.max(0, now - from);
  if (span < MINUTE) return "<1m";
  if (span < HOUR) return `${String(Math.floor(span / MINUTE))}m`;
  if (span < DAY) {
    const h = Math.floor(span / HOUR);
    const m = Math.floor((span % HOUR) / MINUTE);
    return `${String(h)}h ${String(m)}m`;
  }
  const d = Math.floor(span / DAY);
  const h = Math.floor((span % DAY) / HOUR);
  return `${String(d)}d ${String(h)}h`;
}

/** Call date and time, e.g. "Apr 24, 2026, 3:05 PM". `timeZone` defaults to the user's. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const ms = parse(iso);
  if (ms === null) return MISSING;
  return new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(ms);
}

/** Paging text: "1–50 of 812" (0-based page). */
export function formatRange(page: number, pageSize: number, total: number): string {
  if (total <= 0) return "0 of 0";
  const first = Math.min(page * pageSize + 1, total);
  const last = Math.min((page + 1) * pageSize, total);
  return `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`;
}

/** Lead score as given by the core: integers as-is, fractions to two places. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return MISSING;
  return Number.isInteger(score) ? String(score) : score.toFixed(2);
}

/** Display value for optional text. */
export function orMissing(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === "" ? MISSING : value;
}

/** A position in a recording, m:ss (e.g. 75.4 → "1:15"); minutes keep counting past 59. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return MISSING;
  const whole = Math.floor(seconds);
  return `${String(Math.floor(whole / 60))}:${String(whole % 60).padStart(2, "0")}`;
}

/** A count with thousands separators: 20000 → "20,000". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
