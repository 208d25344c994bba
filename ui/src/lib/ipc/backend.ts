import type { AccountSummary } from "./bindings/AccountSummary";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";

/**
 * Everything the UI may ask of the core. The UI holds no business rules:
 * tab membership, ranking and counts all come back from here.
 */
export interface Backend {
  listLeads(query: LeadQuery): Promise<LeadPage>;
  getLead(id: number): Promise<LeadDetail>;
  listAccounts(): Promise<AccountSummary[]>;
}

/** Thrown by Backend implementations when the core answers with an IpcError. */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

/** Human-readable message for anything a Backend call may reject with. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === "string" && err) return err;
  return "Something went wrong.";
}
