import { invoke, isTauri } from "@tauri-apps/api/core";
import { BackendError, type Backend } from "./backend";
import type { AccountSummary } from "./bindings/AccountSummary";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { IpcError } from "./bindings/IpcError";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";

const ERROR_CODES: readonly ErrorCode[] = ["not_found", "invalid_input", "internal"];

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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!isTauri()) {
    throw new BackendError("internal", "Not running inside the Second Chance desktop app.");
  }
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toBackendError(err);
  }
}

/** The production Backend: Tauri commands defined by the Rust shell. */
export class TauriBackend implements Backend {
  listLeads(query: LeadQuery): Promise<LeadPage> {
    return call<LeadPage>("list_leads", { query });
  }

  getLead(id: number): Promise<LeadDetail> {
    return call<LeadDetail>("get_lead", { id });
  }

  listAccounts(): Promise<AccountSummary[]> {
    return call<AccountSummary[]>("list_accounts");
  }
}
