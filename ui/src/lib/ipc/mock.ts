/**
 * In-memory Backend for tests. Deterministic fixtures; mimics the core's
 * tab filtering, account filter, ranking, paging, counts and settings checks.
 * Imports stay pending until the test finishes them; events are emitted by the test.
 * The real app never imports this file (enforced by eslint).
 */
import { BackendError, DEFAULT_IMPORT_CHOICES, type Backend, type ImportChoices, type Unsubscribe } from "./backend";
import type { WatchFolder } from "./bindings/WatchFolder";
import type { AccountSettings } from "./bindings/AccountSettings";
import type { AccountSettingsView } from "./bindings/AccountSettingsView";
import type { TimeZones } from "./bindings/TimeZones";
import type { AccountSummary } from "./bindings/AccountSummary";
import type { CallType } from "./bindings/CallType";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { Evidence } from "./bindings/Evidence";
import type { FileReport } from "./bindings/FileReport";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { LeadRow } from "./bindings/LeadRow";
import type { LeadStatus } from "./bindings/LeadStatus";
import type { NoteTarget } from "./bindings/NoteTarget";
import type { DialSettings } from "./bindings/DialSettings";
import { MockAccess } from "./mock-access";
import { MockPlayback } from "./mock-playback";
import type { NotificationSettings } from "./bindings/NotificationSettings";
import type { Permission } from "./bindings/Permission";
import { dialProblem, MockLeadWork } from "./mock-work";
import type { SpeedToLead } from "./bindings/SpeedToLead";
import type { Tab } from "./bindings/Tab";
import type { FilterOptions } from "./bindings/FilterOptions";
import type { QueueView } from "./bindings/QueueView";
import { filterOptions, selectRows } from "./mock-queue";

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

/** The core's SpeedToLead thresholds: fresh under an hour since the call ended, stale from a day. */
export function speedToLead(endedAt: string, now: string): SpeedToLead {
  const minutes = (Date.parse(now) - Date.parse(endedAt)) / 60_000;
  return minutes < 60 ? "fresh" : minutes < 24 * 60 ? "aging" : "stale";
}

function statusFor(tab: Tab, i: number): LeadStatus {
  if (tab === "done") return pick(DONE_STATUSES, i);
  if (tab === "cold") return "New";
  return i % 3 === 0 ? "Lead - call back attempted" : "New";
}

function reasonsFor(id: number): Evidence[] {
  return [
    { text: "Asked for a price", quote: "how much would that be?", seconds: 12.5 + id, against: false },
    { text: "No job was booked", quote: null, seconds: null, against: false },
    { text: "Agent's reason: Warranty", quote: null, seconds: null, against: true },
  ];
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
    score: 99 - (id % 50),
    account_id: account.id,
    account: account.name,
    customer: id % 7 === 0 ? null : `${pick(FIRST, id)} ${pick(LAST, id * 3)}`,
    phone: `+1 (555) 01${String(id % 100).padStart(2, "0")}-${String(1000 + id).slice(-4)}`,
    type: pick(TYPES, id),
    reason: id % 5 === 0 ? null : pick(REASONS, id),
    agent: id % 11 === 0 ? null : pick(AGENTS, id),
    notes: id % 4 === 0 ? null : `Customer asked about ${pick(REASONS, id + 1).toLowerCase()}.`,
    ended_at: endedAt,
    speed_to_lead: speedToLead(endedAt, MOCK_NOW),
    flagged_at: isoMinutesBefore(endedAt, -5),
    reasons: reasonsFor(id),
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

/** The core's defaults (README: Settings and their defaults). */
export const DEFAULT_SETTINGS: AccountSettings = {
  scl_enabled: true, acw_minutes: 5, cold_days: 3, answered_min_seconds: 60, phone_region: "US", time_zone: null,
};

/** A few of the IANA zones the core offers (chrono-tz's list), and the computer's own. */
export const MOCK_TIME_ZONES: TimeZones = {
  zones: ["America/Chicago", "America/Denver", "America/Los_Angeles", "America/New_York", "America/Phoenix", "Europe/London", "UTC"],
  computer: "America/Denver",
};

/** The same checks and messages as the core's AccountSettings::validate. */
function settingsProblem(s: AccountSettings): string | null {
  const range = (name: string, v: number, lo: number, hi: number, unit: string) =>
    v >= lo && v <= hi ? null : `${name} must be between ${String(lo)} and ${String(hi)} ${unit} (got ${String(v)})`;
  return (
    range("After Call Work Time", s.acw_minutes, 0, 60, "minutes") ??
    range("Cold Leads", s.cold_days, 1, 90, "days") ??
    range("Answered call threshold", s.answered_min_seconds, 0, 600, "seconds") ??
    (/^[A-Z]{2}$/.test(s.phone_region)
      ? null
      : `Phone region must be a two-letter country code such as US (got ${JSON.stringify(s.phone_region)})`) ??
    (s.time_zone === null || MOCK_TIME_ZONES.zones.includes(s.time_zone)
      ? null
      : `Time zone must be an IANA time zone name such as America/Chicago (got ${JSON.stringify(s.time_zone)})`)
  );
}

/** A file report with every count zero; `overrides` replaces any field. */
export function makeFileReport(path: string, overrides: Partial<FileReport> = {}): FileReport {
  return {
    path,
    format: "jsonl",
    error: null,
    calls_read: 0,
    calls_inserted: 0,
    duplicates: 0,
    conflicts: 0,
    customers: 0,
    jobs_inserted: 0,
    evaluated: 0,
    leads_created: 0,
    leads_joined: 0,
    leads_closed_by_jobs: 0,
    redactions: 0,
    problems: [],
    rows: 0,
    rows_in_calls: 0,
    rows_internal: 0,
    rows_skipped: 0,
    rows_other: 0,
    internal: 0,
    inbound: 0,
    outbound: 0,
    time_zone: null,
    time_zone_source: null,
    date_order: null,
    ...overrides,
  };
}

export interface MockOptions {
  leads?: LeadRow[];
  accounts?: AccountSummary[];
  now?: string;
  summaries?: Record<number, string>;
  settings?: AccountSettingsView[];
  /** What the open-file dialog "picks"; null = the user cancelled. */
  picked?: string[] | null;
  /** The mock user signed in at the start (default 1, the owner, an Admin); null: nobody. */
  signedInAs?: number | null;
  /** Replaces the signed-in user's permissions (to test each gate). */
  permissions?: Permission[];
}

type Listeners<T> = Set<(value: T) => void>;

function listenTo<T>(set: Listeners<T>, cb: (value: T) => void): Promise<Unsubscribe> {
  set.add(cb);
  return Promise.resolve(() => {
    set.delete(cb);
  });
}

export class MockBackend implements Backend {
  readonly playback = new MockPlayback();
  /** Users, roles, the session and the audit trail; its principal gates every call below. */
  readonly access: MockAccess;
  /** Every query received by listLeads, in order. */
  readonly queries: LeadQuery[] = [];
  /** Every id received by getLead, in order. */
  readonly leadRequests: number[] = [];
  /** Every saveSettings call, in order. */
  readonly saves: { accountId: number; settings: AccountSettings }[] = [];
  /** Every importFiles call, in order. */
  readonly imports: { paths: string[]; account: string | null; choices: ImportChoices }[] = [];
  /** When set, every call rejects with this error. */
  failure: BackendError | null = null;
  picked: string[] | null;

  readonly leads: LeadRow[];
  readonly accounts: AccountSummary[];
  readonly now: string;
  readonly summaries: Record<number, string>;
  readonly settings: AccountSettingsView[];

  private readonly pending: { resolve: (r: ImportReport) => void; reject: (e: unknown) => void }[] = [];
  private readonly progressListeners: Listeners<ImportProgress> = new Set();
  private readonly coreListeners: Listeners<CoreEvent> = new Set();

  constructor(options: MockOptions = {}) {
    this.leads = options.leads ?? makeFixtureLeads();
    this.accounts = options.accounts ?? MOCK_ACCOUNTS;
    this.now = options.now ?? MOCK_NOW;
    this.summaries = options.summaries ?? {};
    this.settings =
      options.settings ??
      this.accounts.map((a) => ({ account_id: a.id, account: a.name, settings: { ...DEFAULT_SETTINGS } }));
    this.picked = options.picked === undefined ? ["/exports/calls.jsonl"] : options.picked;
    this.work = new MockLeadWork(this.now);
    const signedInAs = options.signedInAs === undefined ? 1 : options.signedInAs;
    this.access = new MockAccess(signedInAs);
    if (signedInAs !== null && options.permissions) this.access.signInAs(signedInAs, options.permissions);
  }

  /** The core's refusal when nobody is signed in or none of `anyOf` is granted (or the test's failure). */
  private refused(...anyOf: Permission[]): Promise<never> | null {
    if (this.failure) return Promise.reject(this.failure);
    const refusal = this.access.check(...anyOf);
    return refusal ? Promise.reject(refusal) : null;
  }

  /** Lead work done through this mock (notes, attempts, dialled URIs...). */
  readonly work: MockLeadWork;
  dial: DialSettings = { scheme: "tel", sip_domain: null, callback_number: null, voicemail_script: null };
  notifications: NotificationSettings = { os_when_unfocused: false };

  private worked(id: number, change: (lead: LeadRow) => void): Promise<LeadDetail> {
    const refused = this.refused("edit_leads");
    if (refused) return refused;
    const lead = this.leads.find((l) => l.id === id);
    if (!lead) return Promise.reject(new BackendError("not_found", `Lead ${String(id)} not found.`));
    try {
      change(lead);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return this.getLead(id);
  }

  setLeadStatus(id: number, status: LeadStatus): Promise<LeadDetail> {
    return this.worked(id, (lead) => {
      const before = lead.status;
      this.work.setStatus(lead, status);
      this.access.record("lead.status", "lead", String(id), before, status);
    });
  }

  dismissLead(id: number): Promise<LeadDetail> {
    return this.worked(id, (lead) => {
      this.work.dismiss(lead);
    });
  }

  addLeadNote(id: number, text: string): Promise<LeadDetail> {
    return this.worked(id, (lead) => {
      this.work.addNote(lead, text);
    });
  }

  copyLeadNote(id: number, note: number, target: NoteTarget): Promise<LeadDetail> {
    return this.worked(id, (lead) => {
      this.work.copyNote(lead, note, target);
    });
  }

  changeLeadCustomer(id: number, customer: number): Promise<LeadDetail> {
    return this.worked(id, (lead) => {
      this.work.changeCustomer(lead, customer);
    });
  }

  callCustomer(id: number): Promise<LeadDetail> {
    return this.worked(id, (lead) => {
      this.work.call(lead);
    });
  }

  getDialSettings(): Promise<DialSettings> {
    const refused = this.refused("view_leads");
    if (refused) return refused;
    return Promise.resolve({ ...this.dial });
  }

  saveDialSettings(settings: DialSettings): Promise<DialSettings> {
    const refused = this.refused("ti_settings");
    if (refused) return refused;
    const problem = dialProblem(settings);
    if (problem) return Promise.reject(new BackendError("invalid_input", problem));
    this.dial = { ...settings };
    return Promise.resolve({ ...this.dial });
  }

  getNotificationSettings(): Promise<NotificationSettings> {
    return Promise.resolve({ ...this.notifications });
  }

  saveNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    const refused = this.refused("view_leads");
    if (refused) return refused;
    this.notifications = { ...settings };
    return Promise.resolve({ ...this.notifications });
  }

  listLeads(query: LeadQuery): Promise<LeadPage> {
    this.queries.push(structuredClone(query));
    const refused = this.refused("view_leads");
    if (refused) return refused;
    if (query.page < 0 || query.page_size <= 0) {
      return Promise.reject(new BackendError("invalid_input", "Invalid page request."));
    }
    let scoped: LeadRow[];
    try {
      scoped = selectRows(this.leads, query, this.now);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const count = (tab: Tab) => scoped.filter((l) => l.tab === tab).length;
    const ranked = scoped.filter((l) => l.tab === query.tab);
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
    const refused = this.refused("view_leads");
    if (refused) return refused;
    const lead = this.leads.find((l) => l.id === id);
    if (!lead) return Promise.reject(new BackendError("not_found", `Lead ${String(id)} not found.`));
    const summary =
      this.summaries[id] ??
      (lead.summary || `${lead.customer ?? "The caller"} called ${lead.account} but did not book a job.`);
    return Promise.resolve(this.work.detail(lead, summary));
  }

  listAccounts(): Promise<AccountSummary[]> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(structuredClone(this.accounts));
  }

  /** The saved queue view; starts as the core's default. */
  queueView: QueueView = {
    tab: "open",
    account_id: null,
    filters: {
      statuses: [],
      notes: { presence: "any", contains: null },
      age: { min_hours: null, max_hours: null },
      customer: null,
      types: [],
      reasons: [],
      agents: [],
    },
    sort: { column: "Priority", direction: "ascending" },
  };
  /** Every saveQueueView call, in order. */
  readonly savedViews: QueueView[] = [];

  getFilterOptions(accountId: number | null): Promise<FilterOptions> {
    if (this.failure) return Promise.reject(this.failure);
    try {
      return Promise.resolve(filterOptions(this.leads, this.accounts, accountId));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  getQueueView(): Promise<QueueView> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(structuredClone(this.queueView));
  }

  saveQueueView(view: QueueView): Promise<QueueView> {
    this.savedViews.push(structuredClone(view));
    if (this.failure) return Promise.reject(this.failure);
    this.queueView = structuredClone(view);
    return Promise.resolve(structuredClone(view));
  }

  listSettings(): Promise<AccountSettingsView[]> {
    const refused = this.refused("feature_management", "ti_settings");
    if (refused) return refused;
    return Promise.resolve(structuredClone(this.settings));
  }

  saveSettings(accountId: number, settings: AccountSettings): Promise<AccountSettingsView> {
    this.saves.push(structuredClone({ accountId, settings }));
    const view = this.settings.find((v) => v.account_id === accountId);
    const enabling = view !== undefined && view.settings.scl_enabled !== settings.scl_enabled;
    const refused = this.refused("ti_settings") ?? (enabling ? this.refused("feature_management") : null);
    if (refused) return refused;
    if (!view) return Promise.reject(new BackendError("not_found", `Account ${String(accountId)} not found.`));
    const problem = settingsProblem(settings);
    if (problem) return Promise.reject(new BackendError("invalid_input", problem));
    view.settings = structuredClone(settings);
    return Promise.resolve(structuredClone(view));
  }

  listTimeZones(): Promise<TimeZones> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(structuredClone(MOCK_TIME_ZONES));
  }

  /** The watched folder; a path containing "missing" is refused like a folder that does not exist. */
  watch: WatchFolder = { path: null, account: null };

  getWatchFolder(): Promise<WatchFolder> {
    const refused = this.refused("feature_management");
    if (refused) return refused;
    return Promise.resolve({ ...this.watch });
  }

  saveWatchFolder(watch: WatchFolder): Promise<WatchFolder> {
    if (watch.path?.includes("missing")) {
      return Promise.reject(
        new BackendError("invalid_input", `the watched folder "${watch.path}" does not exist or is not a folder`),
      );
    }
    this.watch = { ...watch };
    return Promise.resolve({ ...this.watch });
  }

  pickImportFiles(): Promise<string[] | null> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(this.picked === null ? null : [...this.picked]);
  }

  /** Stays pending until the test calls finishImport or failImport. */
  importFiles(
    paths: string[],
    account: string | null,
    choices: ImportChoices = DEFAULT_IMPORT_CHOICES,
  ): Promise<ImportReport> {
    this.imports.push({ paths: [...paths], account, choices: { ...choices } });
    const refused = this.refused("feature_management");
    if (refused) return refused;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  /** Answers the oldest pending importFiles call with `report` (default: empty reports) or an error. */
  finishImport(report?: ImportReport | BackendError): void {
    const call = this.pending.shift();
    if (!call) throw new Error("no import is pending");
    if (report instanceof BackendError) {
      call.reject(report);
      return;
    }
    const paths = this.imports.at(-1)?.paths ?? [];
    call.resolve(structuredClone(report ?? { files: paths.map((p) => makeFileReport(p)) }));
  }

  onImportProgress(cb: (progress: ImportProgress) => void): Promise<Unsubscribe> {
    return listenTo(this.progressListeners, cb);
  }

  onCoreEvent(cb: (event: CoreEvent) => void): Promise<Unsubscribe> {
    return listenTo(this.coreListeners, cb);
  }

  emitImportProgress(progress: ImportProgress): void {
    for (const cb of [...this.progressListeners]) cb(structuredClone(progress));
  }

  emitCoreEvent(event: CoreEvent): void {
    for (const cb of [...this.coreListeners]) cb(structuredClone(event));
  }

  /** How many subscriptions are live, to check that screens unsubscribe. */
  listenerCount(): { importProgress: number; coreEvent: number } {
    return { importProgress: this.progressListeners.size, coreEvent: this.coreListeners.size };
  }
}
