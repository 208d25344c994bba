/**
 * The queue half of the MockBackend: the core's filters, sorts and filter options over
 * in-memory rows, so screen tests see what the app would. Tests only (eslint keeps the app
 * from importing mocks); the real rules live in the Rust core.
 */
import { BackendError } from "./backend";
import type { AccountSummary } from "./bindings/AccountSummary";
import type { CallType } from "./bindings/CallType";
import type { FilterKind } from "./bindings/FilterKind";
import type { FilterOptions } from "./bindings/FilterOptions";
import type { LeadFilters } from "./bindings/LeadFilters";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { LeadRow } from "./bindings/LeadRow";
import type { LeadSort } from "./bindings/LeadSort";
import type { LeadStatus } from "./bindings/LeadStatus";

const STATUSES: LeadStatus[] = [
  "New",
  "Lead - call back attempted",
  "Lead - not able to save",
  "Lead - not following up",
  "Reviewed - not a lead",
  "Job booked by SCL",
  "Job booked elsewhere",
];
const TYPES: CallType[] = ["Booked", "Unbooked", "Abandoned", "Excused", "Not a Lead"];
const SINGLE_ACCOUNT: FilterKind[] = ["Customer", "Reason", "Agent"];

/** Mock agents have ids by name (the rows carry names only). */
export function agentId(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 100_000;
  return h + 1;
}

const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const blank = (s: string | null) => s === null || s.trim() === "";

function singleAccountFilterInUse(f: LeadFilters): FilterKind | null {
  if (!blank(f.customer)) return "Customer";
  if (f.reasons.length > 0) return "Reason";
  if (f.agents.length > 0) return "Agent";
  return null;
}

function matches(f: LeadFilters, row: LeadRow, now: string): boolean {
  const hours = (Date.parse(now) - Date.parse(row.ended_at)) / 3_600_000;
  const notes = blank(row.notes) ? [] : [row.notes ?? ""];
  const contains = f.notes.contains;
  const customer = f.customer;
  return (
    (f.statuses.length === 0 || f.statuses.includes(row.status)) &&
    (f.notes.presence === "any" || (f.notes.presence === "with_notes") === notes.length > 0) &&
    (contains === null || blank(contains) || notes.some((n) => fold(n).includes(fold(contains.trim())))) &&
    (f.age.min_hours === null || hours >= f.age.min_hours) &&
    (f.age.max_hours === null || hours < f.age.max_hours) &&
    (customer === null || blank(customer) || fold(row.customer ?? "").includes(fold(customer.trim()))) &&
    (f.types.length === 0 || f.types.includes(row.type)) &&
    (f.reasons.length === 0 || (row.reason !== null && f.reasons.includes(row.reason))) &&
    (f.agents.length === 0 || (row.agent !== null && f.agents.includes(agentId(row.agent))))
  );
}

function byRank(a: LeadRow, b: LeadRow): number {
  return b.score - a.score || a.id - b.id;
}

function compare(sort: LeadSort, a: LeadRow, b: LeadRow): number {
  const dir = sort.direction === "ascending" ? 1 : -1;
  const text = (r: LeadRow): string | null => {
    switch (sort.column) {
      case "Status":
        return String(STATUSES.indexOf(r.status)).padStart(2, "0");
      case "Notes":
        return blank(r.notes) ? null : fold(r.notes ?? "");
      case "Account":
        return fold(r.account);
      case "Customer":
        return fold(r.customer ?? r.phone);
      case "Type":
        return r.type;
      case "Reason":
        return blank(r.reason) ? null : fold(r.reason ?? "");
      case "Agent":
        return r.agent === null ? null : fold(r.agent);
      default:
        return null;
    }
  };
  if (sort.column === "Priority") return dir * byRank(a, b);
  if (sort.column === "Age") return dir * (Date.parse(b.ended_at) - Date.parse(a.ended_at)) || byRank(a, b);
  const [x, y] = [text(a), text(b)];
  if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byRank(a, b);
  return dir * (x < y ? -1 : x > y ? 1 : 0) || byRank(a, b);
}

/** The rows of a query's account and filters (all tabs), sorted; rejects like the core. */
export function selectRows(leads: readonly LeadRow[], query: LeadQuery, now: string): LeadRow[] {
  const refused = query.account_id === null ? singleAccountFilterInUse(query.filters) : null;
  if (refused) {
    throw new BackendError("invalid_input", `the ${refused} filter needs a single account: choose an account first`);
  }
  return leads
    .filter((l) => query.account_id === null || l.account_id === query.account_id)
    .filter((l) => matches(query.filters, l, now))
    .sort((a, b) => compare(query.sort, a, b));
}

export function filterOptions(
  leads: readonly LeadRow[],
  accounts: readonly AccountSummary[],
  accountId: number | null,
): FilterOptions {
  if (accountId !== null && !accounts.some((a) => a.id === accountId)) {
    throw new BackendError("not_found", `account ${String(accountId)} not found`);
  }
  const mine = leads.filter((l) => l.account_id === accountId);
  const reasons = [...new Set(mine.flatMap((l) => (l.reason ? [l.reason] : [])))].sort();
  const agents = [...new Set(mine.flatMap((l) => (l.agent ? [l.agent] : [])))]
    .sort()
    .map((name) => ({ id: agentId(name), name }));
  return {
    statuses: [...STATUSES],
    types: [...TYPES],
    single_account: [...SINGLE_ACCOUNT],
    account: accountId === null ? null : { account_id: accountId, reasons, agents },
  };
}
