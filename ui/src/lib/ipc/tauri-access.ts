import type { AccessBackend } from "./access";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { RoleDraft } from "./bindings/RoleDraft";
import type { RoleView } from "./bindings/RoleView";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserDraft } from "./bindings/UserDraft";
import type { UserView } from "./bindings/UserView";
import { call } from "./tauri";

/** The shell's session, user and audit commands. */
export class TauriAccess implements AccessBackend {
  getSession(): Promise<SessionInfo> {
    return call<SessionInfo>("get_session");
  }

  signIn(login: string, password: string, stay: boolean): Promise<SessionInfo> {
    return call<SessionInfo>("sign_in", { login, password, stay });
  }

  signOut(): Promise<SessionInfo> {
    return call<SessionInfo>("sign_out");
  }

  listUsers(): Promise<UserView[]> {
    return call<UserView[]>("list_users");
  }

  listRoles(): Promise<RoleView[]> {
    return call<RoleView[]>("list_roles");
  }

  saveUser(id: number | null, draft: UserDraft): Promise<UserView> {
    return call<UserView>("save_user", { id, draft });
  }

  saveRole(id: number | null, draft: RoleDraft): Promise<RoleView> {
    return call<RoleView>("save_role", { id, draft });
  }

  auditEntries(filter: AuditFilter): Promise<AuditEntry[]> {
    return call<AuditEntry[]>("audit_entries", { filter });
  }

  exportAudit(filter: AuditFilter): Promise<string | null> {
    return call<string | null>("export_audit", { filter });
  }
}
