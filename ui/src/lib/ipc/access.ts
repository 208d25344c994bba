import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { RoleDraft } from "./bindings/RoleDraft";
import type { RoleView } from "./bindings/RoleView";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserDraft } from "./bindings/UserDraft";
import type { UserView } from "./bindings/UserView";

/**
 * Who is signed in, User Management and the audit trail. The core decides every permission;
 * the UI only hides or disables what the signed-in user may not do.
 */
export interface AccessBackend {
  /** Who is signed in to this window (null principal: show the sign-in screen). */
  getSession(): Promise<SessionInfo>;
  /** `invalid_input` when the login or the password is not right; `stay` keeps the session in the OS keychain. */
  signIn(login: string, password: string, stay: boolean): Promise<SessionInfo>;
  signOut(): Promise<SessionInfo>;

  listUsers(): Promise<UserView[]>;
  listRoles(): Promise<RoleView[]>;
  /** `id` null creates; `invalid_input` messages start with the field's name ("Login: ..."). */
  saveUser(id: number | null, draft: UserDraft): Promise<UserView>;
  /** Built-in roles are refused. */
  saveRole(id: number | null, draft: RoleDraft): Promise<RoleView>;

  /** Most recent first. */
  auditEntries(filter: AuditFilter): Promise<AuditEntry[]>;
  /** The OS save dialog ("Export audit trail"), then the core writes the CSV; null when cancelled. */
  exportAudit(filter: AuditFilter): Promise<string | null>;
}
