/**
 * The mock of sign-in, User Management and the audit trail for component tests: users with
 * passwords, the four built-in roles, a session, and refusals worded like the core's. Never the
 * source of the rules; the real app never imports it.
 */
import type { AccessBackend } from "./access";
import { BackendError } from "./backend";
import type { AccountScope } from "./bindings/AccountScope";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { Permission } from "./bindings/Permission";
import type { Principal } from "./bindings/Principal";
import type { RoleDraft } from "./bindings/RoleDraft";
import type { RoleView } from "./bindings/RoleView";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserDraft } from "./bindings/UserDraft";
import type { UserView } from "./bindings/UserView";

const LABELS: Record<Permission, string> = {
  view_leads: "View Second Chance Leads",
  edit_leads: "Edit Second Chance Leads",
  feature_management: "View & Edit Feature Management",
  ti_settings: "Edit TI, Follow Up, & Reporting Settings",
  manage_users: "Manage users and roles",
};

/** The core's built-in roles, ids 1-4. */
export const BUILTIN_ROLES: RoleView[] = [
  {
    id: 1,
    name: "Admin",
    builtin: true,
    permissions: ["view_leads", "edit_leads", "feature_management", "ti_settings", "manage_users"],
  },
  { id: 2, name: "Manager", builtin: true, permissions: ["view_leads", "edit_leads", "feature_management", "ti_settings"] },
  { id: 3, name: "CSR", builtin: true, permissions: ["view_leads", "edit_leads"] },
  { id: 4, name: "Viewer", builtin: true, permissions: ["view_leads"] },
];

interface MockUser {
  id: number;
  name: string;
  login: string | null;
  role_id: number | null;
  accounts: AccountScope;
  password: string | null;
}

/** The owner (Admin, signed in by itself), a CSR and an agent who never signs in. */
export function mockUsers(): MockUser[] {
  return [
    { id: 1, name: "Morgan Owner", login: "owner", role_id: 1, accounts: { kind: "all" }, password: null },
    { id: 2, name: "Casey Agent", login: "casey", role_id: 3, accounts: { kind: "only", ids: [1] }, password: "casey-pass" },
    { id: 3, name: "Sam Rivera", login: null, role_id: null, accounts: { kind: "all" }, password: null },
  ];
}

export const MOCK_AUDIT: AuditEntry[] = [
  {
    id: 3, at: "2026-04-25T11:30:00Z", user_id: 2, user_name: "Casey Agent", action: "lead.status",
    entity: "lead", entity_id: "7", before: "New", after: "Lead - not able to save",
  },
  {
    id: 2, at: "2026-04-24T09:00:00Z", user_id: 1, user_name: "Morgan Owner", action: "settings.account",
    entity: "account", entity_id: "1", before: "acw_minutes=5", after: "acw_minutes=10",
  },
  {
    id: 1, at: "2026-04-20T08:00:00Z", user_id: 1, user_name: "Morgan Owner", action: "user.save",
    entity: "user", entity_id: "2", before: null, after: "Casey Agent (CSR)",
  },
];

export class MockAccess implements AccessBackend {
  roles: RoleView[] = structuredClone(BUILTIN_ROLES);
  users: MockUser[] = mockUsers();
  audit: AuditEntry[] = structuredClone(MOCK_AUDIT);
  /** Who is signed in; starts as the owner, signed in by itself. */
  principal: Principal | null;
  keychainProblem: string | null = null;
  /** Every signIn call's `stay`, in order. */
  readonly stays: boolean[] = [];
  readonly userSaves: { id: number | null; draft: UserDraft }[] = [];
  readonly roleSaves: { id: number | null; draft: RoleDraft }[] = [];
  readonly auditFilters: AuditFilter[] = [];
  readonly exports: AuditFilter[] = [];
  /** What the save dialog answers: a path, or null for Cancel. */
  exportPath: string | null = "/home/owner/audit.csv";

  constructor(signedInAs: number | null = 1) {
    this.principal = signedInAs === null ? null : this.principalOf(signedInAs);
  }

  /** The principal of user `id` with their role's permissions, as the core builds it. */
  principalOf(id: number): Principal {
    const user = this.users.find((u) => u.id === id);
    if (!user) throw new Error(`no mock user ${String(id)}`);
    const role = this.roles.find((r) => r.id === user.role_id);
    return {
      user_id: user.id,
      name: user.name,
      role: role?.name ?? "No role",
      permissions: [...(role?.permissions ?? [])],
      accounts: structuredClone(user.accounts),
    };
  }

  /** Signs in as user `id` with their role's permissions (or a principal with exactly `permissions`). */
  signInAs(id: number, permissions?: Permission[]): void {
    const principal = this.principalOf(id);
    this.principal = permissions ? { ...principal, permissions: [...permissions] } : principal;
  }

  /** Rejects like the core does when nobody is signed in or the permission is missing. */
  check(...anyOf: Permission[]): BackendError | null {
    const p = this.principal;
    if (!p) return new BackendError("not_signed_in", "nobody is signed in");
    if (anyOf.length === 0 || anyOf.some((perm) => p.permissions.includes(perm))) return null;
    const missing = anyOf[0] ?? "view_leads";
    return new BackendError("forbidden", `${p.name} (${p.role}) does not have the permission ${LABELS[missing]}`);
  }

  private guarded<T>(perms: Permission[], answer: () => T): Promise<T> {
    const refused = this.check(...perms);
    if (refused) return Promise.reject(refused);
    try {
      return Promise.resolve(answer());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private session(): SessionInfo {
    return {
      principal: this.principal ? structuredClone(this.principal) : null,
      sign_in_required: this.users.some((u) => u.password !== null),
      keychain_problem: this.keychainProblem,
    };
  }

  getSession(): Promise<SessionInfo> {
    return Promise.resolve(this.session());
  }

  signIn(login: string, password: string, stay: boolean): Promise<SessionInfo> {
    this.stays.push(stay);
    const user = this.users.find((u) => u.login !== null && u.login === login.trim());
    if (!user || user.password === null || user.password !== password) {
      return Promise.reject(new BackendError("invalid_input", "the login or the password is not right"));
    }
    this.principal = this.principalOf(user.id);
    return Promise.resolve(this.session());
  }

  signOut(): Promise<SessionInfo> {
    this.principal = null;
    return Promise.resolve(this.session());
  }

  private view(u: MockUser): UserView {
    const role = this.roles.find((r) => r.id === u.role_id) ?? null;
    return {
      id: u.id,
      name: u.name,
      login: u.login,
      role_id: u.role_id,
      role: role?.name ?? null,
      accounts: structuredClone(u.accounts),
      can_sign_in: u.login !== null && u.password !== null,
    };
  }

  listUsers(): Promise<UserView[]> {
    return this.guarded(["manage_users"], () => this.users.map((u) => this.view(u)));
  }

  listRoles(): Promise<RoleView[]> {
    return this.guarded(["manage_users"], () => structuredClone(this.roles));
  }

  saveUser(id: number | null, draft: UserDraft): Promise<UserView> {
    this.userSaves.push(structuredClone({ id, draft }));
    return this.guarded(["manage_users"], () => {
      const invalid = (message: string) => new BackendError("invalid_input", message);
      const name = draft.name.trim();
      const login = draft.login?.trim() || null;
      if (!name) throw invalid("Name: must not be empty");
      if (login !== null && !/^[A-Za-z0-9.@_-]{1,64}$/.test(login)) {
        throw invalid("Login: use 1 to 64 letters, digits, '.', '-', '_' or '@'");
      }
      if (login !== null && this.users.some((u) => u.login === login && u.id !== id)) {
        throw invalid("Login: already taken by another user");
      }
      if (draft.password !== null && draft.password.length < 8) throw invalid("Password: must be at least 8 characters");
      if (draft.password !== null && login === null) throw invalid("Password: a user who signs in needs a login");
      if (!this.roles.some((r) => r.id === draft.role_id)) throw invalid(`Role: no role ${String(draft.role_id)}`);
      const existing = id === null ? undefined : this.users.find((u) => u.id === id);
      if (id !== null && !existing) throw new BackendError("not_found", `user ${String(id)} not found`);
      const user: MockUser = existing ?? {
        id: Math.max(0, ...this.users.map((u) => u.id)) + 1,
        name,
        login,
        role_id: draft.role_id,
        accounts: { kind: "all" },
        password: null,
      };
      Object.assign(user, { name, login, role_id: draft.role_id, accounts: structuredClone(draft.accounts) });
      if (draft.password !== null) user.password = draft.password;
      if (!existing) this.users.push(user);
      this.record("user.save", "user", String(user.id), existing ? existing.name : null, name);
      return this.view(user);
    });
  }

  saveRole(id: number | null, draft: RoleDraft): Promise<RoleView> {
    this.roleSaves.push(structuredClone({ id, draft }));
    return this.guarded(["manage_users"], () => {
      const name = draft.name.trim();
      if (!name) throw new BackendError("invalid_input", "Role name: must not be empty");
      const existing = id === null ? undefined : this.roles.find((r) => r.id === id);
      if (existing?.builtin) {
        throw new BackendError("invalid_input", `Role: ${existing.name} is built in; its permissions cannot be changed`);
      }
      if (this.roles.some((r) => r.name === name && r.id !== id)) {
        throw new BackendError("invalid_input", "Role name: already taken by another role");
      }
      const role: RoleView = existing ?? {
        id: Math.max(0, ...this.roles.map((r) => r.id)) + 1,
        name,
        builtin: false,
        permissions: [],
      };
      role.name = name;
      role.permissions = [...draft.permissions];
      if (!existing) this.roles.push(role);
      this.record("role.save", "role", String(role.id), null, name);
      return structuredClone(role);
    });
  }

  /** Adds an entry for the signed-in user at the head of the trail (most recent first). */
  record(action: string, entity: string, entityId: string | null, before: string | null, after: string | null): void {
    this.audit.unshift({
      id: Math.max(0, ...this.audit.map((e) => e.id)) + 1,
      at: "2026-04-25T12:00:00Z",
      user_id: this.principal?.user_id ?? null,
      user_name: this.principal?.name ?? "system",
      action,
      entity,
      entity_id: entityId,
      before,
      after,
    });
  }

  private filtered(filter: AuditFilter): AuditEntry[] {
    return this.audit
      .filter((e) => filter.user_id === null || e.user_id === filter.user_id)
      .filter((e) => filter.action === null || e.action.startsWith(filter.action))
      .filter((e) => filter.from === null || e.at >= filter.from)
      .filter((e) => filter.to === null || e.at < filter.to)
      .slice(0, filter.limit ?? 10_000);
  }

  auditEntries(filter: AuditFilter): Promise<AuditEntry[]> {
    this.auditFilters.push(structuredClone(filter));
    return this.guarded(["feature_management"], () => structuredClone(this.filtered(filter)));
  }

  exportAudit(filter: AuditFilter): Promise<string | null> {
    this.exports.push(structuredClone(filter));
    return this.guarded(["feature_management"], () => this.exportPath);
  }
}
