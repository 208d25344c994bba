import type { WatchFolder } from "./bindings/WatchFolder";
import type { AccountSettings } from "./bindings/AccountSettings";
import type { AccountSettingsView } from "./bindings/AccountSettingsView";
import type { TimeZones } from "./bindings/TimeZones";
import type { AccountSummary } from "./bindings/AccountSummary";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { FilterOptions } from "./bindings/FilterOptions";
import type { QueueView } from "./bindings/QueueView";
import type { LeadStatus } from "./bindings/LeadStatus";
import type { NoteTarget } from "./bindings/NoteTarget";
import type { DialSettings } from "./bindings/DialSettings";
import type { PlaybackBackend } from "./playback";
import type { NotificationSettings } from "./bindings/NotificationSettings";
import type { AccessBackend } from "./access";

/** How CDR files read slashed dates: day first, month first, year first. */
export type DateOrderChoice = "dmy" | "mdy" | "ymd";

/** This import's reading choices for CDR files; null leaves the default. */
export interface ImportChoices {
  dateOrder: DateOrderChoice | null;
  /** An IANA zone name (America/Chicago); null: the account's time zone. */
  timeZone: string | null;
}

export const DEFAULT_IMPORT_CHOICES: ImportChoices = { dateOrder: null, timeZone: null };

/** Stops a subscription; safe to call more than once. */
export type Unsubscribe = () => void;

/**
 * Everything the UI may ask of the core. The UI holds no business rules:
 * tab membership, ranking, counts and the settings' allowed ranges all come back from here.
 */
export interface Backend {
  /** The Recording and Transcript section: the core's player, waveform, transcript files. */
  readonly playback: PlaybackBackend;
  /** Sign-in, User Management and the audit trail. */
  readonly access: AccessBackend;
  listLeads(query: LeadQuery): Promise<LeadPage>;
  getLead(id: number): Promise<LeadDetail>;
  listAccounts(): Promise<AccountSummary[]>;
  /** What the filter pickers offer; with an account, its reasons and agents too. */
  getFilterOptions(accountId: number | null): Promise<FilterOptions>;
  /** The saved queue view (tab, account, filters, sort), or the default one. */
  getQueueView(): Promise<QueueView>;
  /** Rejects with `invalid_input` for a view the core would refuse to query. */
  saveQueueView(view: QueueView): Promise<QueueView>;

  listSettings(): Promise<AccountSettingsView[]>;
  /** Rejects with `invalid_input` (and a message naming the setting) when the core refuses a value. */
  saveSettings(accountId: number, settings: AccountSettings): Promise<AccountSettingsView>;
  /** The IANA zones an account's time zone may name, and this computer's own zone. */
  listTimeZones(): Promise<TimeZones>;

  /**
   * `account` names the account for files that carry none (CDR CSV, Twilio JSON); `choices` are
   * this import's CDR date order and time zone (null: the file decides / the account's zone).
   * Rejects with `invalid_input` naming `dateOrder` or `timeZone` when the core refuses one.
   */
  importFiles(paths: string[], account: string | null, choices?: ImportChoices): Promise<ImportReport>;
  /** The OS open-file dialog; null when the user cancels. */
  pickImportFiles(): Promise<string[] | null>;

  /** The folder whose new exports import by themselves (polled by the core). */
  getWatchFolder(): Promise<WatchFolder>;
  /** Rejects with `invalid_input` when the folder does not exist. */
  saveWatchFolder(watch: WatchFolder): Promise<WatchFolder>;

  /** Lead work: each resolves with the flyout's new content. */
  setLeadStatus(id: number, status: LeadStatus): Promise<LeadDetail>;
  dismissLead(id: number): Promise<LeadDetail>;
  /** Rejects with `invalid_input` for an empty or too long note. */
  addLeadNote(id: number, text: string): Promise<LeadDetail>;
  copyLeadNote(id: number, note: number, target: NoteTarget): Promise<LeadDetail>;
  changeLeadCustomer(id: number, customer: number): Promise<LeadDetail>;
  /** Hands the core's tel: URI to the OS and logs the attempt; `invalid_input` when refused. */
  callCustomer(id: number): Promise<LeadDetail>;
  getDialSettings(): Promise<DialSettings>;
  /** Rejects with `invalid_input` and a message naming the field (callback number, voicemail script...). */
  saveDialSettings(settings: DialSettings): Promise<DialSettings>;

  /** Whether new leads also raise an OS notification while the window is not focused. */
  getNotificationSettings(): Promise<NotificationSettings>;
  saveNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings>;

  onImportProgress(cb: (progress: ImportProgress) => void): Promise<Unsubscribe>;
  onCoreEvent(cb: (event: CoreEvent) => void): Promise<Unsubscribe>;
}

/**
 * The codes the UI branches on (generated from the shell's ErrorCode). `forbidden`: the signed-in
 * user lacks the permission (show the message, leave the control read-only); `not_signed_in`:
 * back to the sign-in screen.
 */
export type BackendErrorCode = ErrorCode;

/** Thrown by Backend implementations when the core answers with an IpcError. */
export class BackendError extends Error {
  readonly code: BackendErrorCode;

  constructor(code: BackendErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

/** Whether `err` is the core's refusal for want of a permission. */
export function isForbidden(err: unknown): boolean {
  return err instanceof BackendError && err.code === "forbidden";
}

/** Whether `err` says nobody is signed in any more (the session ended). */
export function isNotSignedIn(err: unknown): boolean {
  return err instanceof BackendError && err.code === "not_signed_in";
}

/** Human-readable message for anything a Backend call may reject with. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === "string" && err) return err;
  return "Something went wrong.";
}

/**
 * Holds a subscription that resolves later. The returned function stops it, also when it
 * is called before the subscription has resolved (e.g. a component destroyed early).
 * A subscription that fails to start simply delivers nothing.
 */
export function hold(subscription: Promise<Unsubscribe>): Unsubscribe {
  let stopped = false;
  let stop: Unsubscribe | null = null;
  subscription.then(
    (unsubscribe) => {
      if (stopped) unsubscribe();
      else stop = unsubscribe;
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    stop?.();
    stop = null;
  };
}
