import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import {
  BackendError,
  DEFAULT_IMPORT_CHOICES,
  type Backend,
  type BackendErrorCode,
  type ImportChoices,
  type Unsubscribe,
} from "./backend";
import type { WatchFolder } from "./bindings/WatchFolder";
import type { AccountSettings } from "./bindings/AccountSettings";
import type { AccountSettingsView } from "./bindings/AccountSettingsView";
import type { TimeZones } from "./bindings/TimeZones";
import type { AccountSummary } from "./bindings/AccountSummary";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { IpcError } from "./bindings/IpcError";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadStatus } from "./bindings/LeadStatus";
import type { NoteTarget } from "./bindings/NoteTarget";
import type { DialSettings } from "./bindings/DialSettings";
import type { NotificationSettings } from "./bindings/NotificationSettings";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { FilterOptions } from "./bindings/FilterOptions";
import type { QueueView } from "./bindings/QueueView";
import { TauriAccess } from "./tauri-access";
import { TauriPlayback } from "./tauri-playback";

const ERROR_CODES: readonly BackendErrorCode[] = [
  "not_found",
  "invalid_input",
  "forbidden",
  "not_signed_in",
  "internal",
];

/** The Tauri events the Rust shell emits, and what each carries. */
interface EventPayloads {
  "import-progress": ImportProgress;
  "core-event": CoreEvent;
}

/** What the open-file dialog offers for imports. */
export const IMPORT_FILTERS = [{ name: "Call exports", extensions: ["jsonl", "ndjson", "csv", "json"] }];

function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return (
    typeof code === "string" &&
    (ERROR_CODES as readonly string[]).includes(code) &&
    typeof message === "string"
  );
}

/** Turns whatever `invoke` rejected with into a BackendError. */
export function toBackendError(value: unknown): BackendError {
  if (value instanceof BackendError) return value;
  if (isIpcError(value)) return new BackendError(value.code, value.message);
  if (typeof value === "string" && value) return new BackendError("internal", value);
  if (value instanceof Error && value.message) return new BackendError("internal", value.message);
  return new BackendError("internal", "Unexpected error from the Second Chance core.");
}

function outsideApp(): BackendError {
  return new BackendError("internal", "Not running inside the Second Chance desktop app.");
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!isTauri()) throw outsideApp();
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toBackendError(err);
  }
}

/** Listens to a Tauri event; outside the desktop app no event ever arrives. */
async function subscribe<E extends keyof EventPayloads>(
  event: E,
  cb: (payload: EventPayloads[E]) => void,
): Promise<Unsubscribe> {
  if (!isTauri()) return () => undefined;
  try {
    return await listen<EventPayloads[E]>(event, (e) => {
      cb(e.payload);
    });
  } catch (err) {
    throw toBackendError(err);
  }
}

/** The production Backend: Tauri commands and events defined by the Rust shell. */
export class TauriBackend implements Backend {
  readonly playback = new TauriPlayback();
  readonly access = new TauriAccess();

  listLeads(query: LeadQuery): Promise<LeadPage> {
    return call<LeadPage>("list_leads", { query });
  }

  getLead(id: number): Promise<LeadDetail> {
    return call<LeadDetail>("get_lead", { id });
  }

  listAccounts(): Promise<AccountSummary[]> {
    return call<AccountSummary[]>("list_accounts");
  }

  getFilterOptions(accountId: number | null): Promise<FilterOptions> {
    return call<FilterOptions>("get_filter_options", { accountId });
  }

  getQueueView(): Promise<QueueView> {
    return call<QueueView>("get_queue_view");
  }

  saveQueueView(view: QueueView): Promise<QueueView> {
    return call<QueueView>("save_queue_view", { view });
  }

  listSettings(): Promise<AccountSettingsView[]> {
    return call<AccountSettingsView[]>("list_settings");
  }

  saveSettings(accountId: number, settings: AccountSettings): Promise<AccountSettingsView> {
    return call<AccountSettingsView>("save_settings", { accountId, settings });
  }

  listTimeZones(): Promise<TimeZones> {
    return call<TimeZones>("list_time_zones");
  }

  importFiles(
    paths: string[],
    account: string | null,
    choices: ImportChoices = DEFAULT_IMPORT_CHOICES,
  ): Promise<ImportReport> {
    return call<ImportReport>("import_files", {
      paths,
      account,
      dateOrder: choices.dateOrder,
      timeZone: choices.timeZone,
    });
  }

  getWatchFolder(): Promise<WatchFolder> {
    return call<WatchFolder>("get_watch_folder");
  }

  saveWatchFolder(watch: WatchFolder): Promise<WatchFolder> {
    return call<WatchFolder>("save_watch_folder", { watch });
  }

  async pickImportFiles(): Promise<string[] | null> {
    if (!isTauri()) throw outsideApp();
    try {
      return await open({ multiple: true, filters: IMPORT_FILTERS, title: "Import call exports" });
    } catch (err) {
      throw toBackendError(err);
    }
  }

  setLeadStatus(id: number, status: LeadStatus): Promise<LeadDetail> {
    return call<LeadDetail>("set_lead_status", { id, status });
  }

  dismissLead(id: number): Promise<LeadDetail> {
    return call<LeadDetail>("dismiss_lead", { id });
  }

  addLeadNote(id: number, text: string): Promise<LeadDetail> {
    return call<LeadDetail>("add_lead_note", { id, text });
  }

  copyLeadNote(id: number, note: number, target: NoteTarget): Promise<LeadDetail> {
    return call<LeadDetail>("copy_lead_note", { id, note, target });
  }

  changeLeadCustomer(id: number, customer: number): Promise<LeadDetail> {
    return call<LeadDetail>("change_lead_customer", { id, customer });
  }

  callCustomer(id: number): Promise<LeadDetail> {
    return call<LeadDetail>("call_customer", { id });
  }

  getDialSettings(): Promise<DialSettings> {
    return call<DialSettings>("get_dial_settings");
  }

  saveDialSettings(settings: DialSettings): Promise<DialSettings> {
    return call<DialSettings>("save_dial_settings", { settings });
  }

  getNotificationSettings(): Promise<NotificationSettings> {
    return call<NotificationSettings>("get_notification_settings");
  }

  saveNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    return call<NotificationSettings>("save_notification_settings", { settings });
  }

  onImportProgress(cb: (progress: ImportProgress) => void): Promise<Unsubscribe> {
    return subscribe("import-progress", cb);
  }

  onCoreEvent(cb: (event: CoreEvent) => void): Promise<Unsubscribe> {
    return subscribe("core-event", cb);
  }
}
