/**
 * In-memory Backend for tests. Deterministic fixtures; mimics the core's
 * tab filtering, account filter, ranking, paging and counts.
 * The real app never imports this file (enforced by eslint).
 */
import { BackendError, type Backend } from "./backend";
import type { AccountSummary } from "./bindings/AccountSummary";
import type { CallType } from "./bindings/CallType";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { LeadRow } from "./bindings/LeadRow";
import type { LeadStatus } from "./bindings/LeadStatus";
import type { Tab } from "./bindings/Tab";

export const MOCK_NOW = "2026-04-25T12:00:00Z";

export const MOCK_ACCOUNTS: AccountSummary[] = [
  { id: 1, name: "Comfort Air HVAC" },
  { id: 2, name: "Rapid Rooter Plumbing" },
  { id: 3, name: "BrightSpark Electric" },
];

const FIRST = ["Maria", "James", "Aisha", "Tom", "Priya", "Luis", "Grace", "Omar", "Chen", "Dana"];
const LAST = ["Lopez", "Carter", "Khan", "Nguyen", "Patel", "Brooks", "Reyes", "Schmidt"];
const AGENTS = ["Sam Rivera", "Jordan Lee", "Alex Kim", "Taylor Moss"];
const REASONS = ["Price shopping", "Needed to check schedule", "No availability", "Wanted a callback"];
const TYPES: CallType[] = ["Unbooked", "Abandoned", "Not a Lead", "Excused"];
const DONE_STATUSES: LeadStatus[] = [
  "Lead - not able to save",
  "Lead - not following up",
  "Reviewed - not a lead",
  "Job booked by SCL",
  "Job booked elsewhere",
];

function pick<T>(list: readonly T[], i: number): T {
  const value = list[i % list.length];
  if (value === undefined) throw new Error("empty fixture list");
  return value;
}

function isoMinutesBefore(base: string, minutes: number): string {
  return new Date(Date.parse(base) - minutes * 60_000).toISOString().replace(".000Z", "Z");
}

function statusFor(tab: Tab, i: number): LeadStatus {
  if (tab === "done") return pick(DONE_STATUSES, i);
  if (tab === "cold") return "New";
  return i % 3 === 0 ? "Lead - call back attempted" : "New";
}

/** One deterministic lead; `overrides` replaces any field. */
export function makeLead(id: number, tab: Tab, overrides: Partial<LeadRow> = {}): LeadRow {
  const account = pick(MOCK_ACCOUNTS, id);
  const endedAt = isoMinutesBefore(MOCK_NOW, 37 + id * 53);
  return {
    id,
    call_id: `CALL-${String(100000 + id)}`,
    status: statusFor(tab, id),
    tab,
    score: Math.round((0.99 - (id % 50) / 100) * 100) / 100,
    account_id: account.id,
    account: account.name,
    customer: id % 7 === 0 ? null : `${pick(FIRST, id)} ${pick(LAST, id * 3)}`,
    phone: `+1 (555) 01${String(id % 100).padStart(2, "0")}-${String(1000 + id).slice(-4)}`,
    type: pick(TYPES, id),
    reason: id % 5 === 0 ? null : pick(REASONS, id),
    agent: id % 11 === 0 ? null : pick(AGENTS, id),
    notes: id % 4 === 0 ? null : `Customer asked about ${pick(REASONS, id + 1).toLowerCase()}.`,
    ended_at: endedAt,
    flagged_at: isoMinutesBefore(endedAt, -5),
    reasons: [{ text: "Asked for a price", quote: "how much would that be?", seconds: 12.5 }],
    summary: "",
    ...overrides,
  };
}

/** 75 open, 8 cold, 5 done leads. */
export function makeFixtureLeads(): LeadRow[] {
  const leads: LeadRow[] = [];
  let id = 1;
  for (const [tab, n] of [["open", 75], ["cold", 8], ["done", 5]] as const) {
    for (let i = 0; i < n; i += 1) leads.push(makeLead(id++, tab));
  }
  return leads;
}

export interface MockOptions {
  leads?: LeadRow[];
  accounts?: AccountSummary[];
  now?: string;
  summaries?: Record<number, string>;
}

export class MockBackend implements Backend {
  /** Every query received by listLeads, in order. */
  readonly queries: LeadQuery[] = [];
  /** Every id received by getLead, in order. */
  readonly leadRequests: number[] = [];
  /** When set, every call rejects with this error. */
  failure: BackendError | null = null;

  readonly leads: LeadRow[];
  readonly accounts: AccountSummary[];
  readonly now: string;
  readonly summaries: Record<number, string>;

  constructor(options: MockOptions = {}) {
    this.leads = options.leads ?? makeFixtureLeads();
    this.accounts = options.accounts ?? MOCK_ACCOUNTS;
    this.now = options.now ?? MOCK_NOW;
    this.summaries = options.summaries ?? {};
  }

  listLeads(query: LeadQuery): Promise<LeadPage> {
    this.queries.push(structuredClone(query));
    if (this.failure) return Promise.reject(this.failure);
    if (query.page < 0 || query.page_size <= 0) {
      return Promise.reject(new BackendError("invalid_input", "Invalid page request."));
    }
    const scoped = this.leads.filter(
      (l) => query.account_id === null || l.account_id === query.account_id,
    );
    const count = (tab: Tab) => scoped.filter((l) => l.tab === tab).length;
    const ranked = scoped
      .filter((l) => l.tab === query.tab)
      .sort((a, b) => b.score - a.score || a.id - b.id);
    const start = query.page * query.page_size;
    return Promise.resolve({
      rows: structuredClone(ranked.slice(start, start + query.page_size)),
      total: ranked.length,
      page: query.page,
      page_size: query.page_size,
      counts: { open: count("open"), cold: count("cold"), done: count("done") },
      now: this.now,
    });
  }

  getLead(id: number): Promise<LeadDetail> {
    this.leadRequests.push(id);
    if (this.failure) return Promise.reject(this.failure);
    const lead = this.leads.find((l) => l.id === id);
    if (!lead) return Promise.reject(new BackendError("not_found", `Lead ${String(id)} not found.`));
    const summary =
      this.summaries[id] ??
      `${lead.customer ?? "The caller"} called ${lead.account} but did not book a job.`;
    return Promise.resolve({ lead: { ...structuredClone(lead), summary }, now: this.now });
  }

  listAccounts(): Promise<AccountSummary[]> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(structuredClone(this.accounts));
  }
}
