/** The Audit screen's filter as chosen on screen, and the AuditFilter the core reads. Pure. */
import type { AuditFilter } from "../../lib/ipc/bindings/AuditFilter";

/** The action prefixes offered (the core matches entries whose action starts with one). */
export const ACTIONS = [
  { value: "lead", label: "Leads (status, notes, customer, calls)" },
  { value: "settings", label: "Settings" },
  { value: "user", label: "Users" },
  { value: "role", label: "Roles" },
  { value: "import", label: "Imports" },
] as const;

export interface AuditChoice {
  /** "" = everyone */
  userId: string;
  /** "" = every action */
  action: string;
  /** yyyy-mm-dd local dates from the date inputs; "" = open */
  from: string;
  to: string;
}

export const NO_CHOICE: AuditChoice = { userId: "", action: "", from: "", to: "" };

/** Local midnight of a yyyy-mm-dd date, `days` later, as RFC 3339 UTC; null when not a date. */
function localMidnight(date: string, days = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return Number.isNaN(at.getTime()) ? null : at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** From the start of the `from` day to the end of the `to` day, in this computer's time zone. */
export function toFilter(choice: AuditChoice, limit: number | null): AuditFilter {
  const user = Number.parseInt(choice.userId, 10);
  return {
    user_id: Number.isFinite(user) ? user : null,
    action: choice.action || null,
    from: localMidnight(choice.from),
    to: localMidnight(choice.to, 1),
    limit,
  };
}
