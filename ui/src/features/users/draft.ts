/**
 * User Management's drafts: what the screen edits before Save Changes, what changed, and which
 * field a refusal names. Pure; the core decides what is allowed.
 */
import type { AccountScope } from "../../lib/ipc/bindings/AccountScope";
import type { Permission } from "../../lib/ipc/bindings/Permission";
import type { RoleDraft } from "../../lib/ipc/bindings/RoleDraft";
import type { RoleView } from "../../lib/ipc/bindings/RoleView";
import type { UserDraft } from "../../lib/ipc/bindings/UserDraft";
import type { UserView } from "../../lib/ipc/bindings/UserView";
import { PERMISSIONS } from "../../lib/permissions";

/** A user as edited: `id` null for one added and not saved yet. */
export interface UserEdit {
  key: string;
  id: number | null;
  name: string;
  login: string;
  /** A saved role's id, or a new role's key ("role-new-1") until that role is saved. */
  role: string;
  allAccounts: boolean;
  accountIds: number[];
  /** Blank keeps the current password. */
  password: string;
}

export interface RoleEdit {
  key: string;
  id: number | null;
  builtin: boolean;
  name: string;
  permissions: Permission[];
}

export const userKey = (id: number) => `user-${String(id)}`;
export const roleKey = (id: number) => `role-${String(id)}`;

export function toUserEdit(user: UserView): UserEdit {
  return {
    key: userKey(user.id),
    id: user.id,
    name: user.name,
    login: user.login ?? "",
    role: user.role_id === null ? "" : roleKey(user.role_id),
    allAccounts: user.accounts.kind === "all",
    accountIds: user.accounts.kind === "only" ? [...user.accounts.ids] : [],
    password: "",
  };
}

export function newUserEdit(key: string, role: string): UserEdit {
  return { key, id: null, name: "", login: "", role, allAccounts: true, accountIds: [], password: "" };
}

export function toRoleEdit(role: RoleView): RoleEdit {
  return { key: roleKey(role.id), id: role.id, builtin: role.builtin, name: role.name, permissions: sorted(role.permissions) };
}

export function newRoleEdit(key: string): RoleEdit {
  return { key, id: null, builtin: false, name: "", permissions: [] };
}

/** Permissions in the screen's order, each once. */
export function sorted(permissions: readonly Permission[]): Permission[] {
  return PERMISSIONS.filter((p) => permissions.includes(p));
}

function scope(edit: UserEdit): AccountScope {
  return edit.allAccounts ? { kind: "all" } : { kind: "only", ids: [...edit.accountIds].sort((a, b) => a - b) };
}

function sameScope(a: AccountScope, b: AccountScope): boolean {
  if (a.kind === "all" || b.kind === "all") return a.kind === b.kind;
  const x = [...a.ids].sort((m, n) => m - n);
  const y = [...b.ids].sort((m, n) => m - n);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Whether the edit differs from the saved user (always true for a new one). */
export function userChanged(edit: UserEdit, saved: UserView | undefined): boolean {
  if (!saved) return true;
  return (
    edit.name !== saved.name ||
    (edit.login.trim() || null) !== saved.login ||
    edit.role !== (saved.role_id === null ? "" : roleKey(saved.role_id)) ||
    !sameScope(scope(edit), saved.accounts) ||
    edit.password !== ""
  );
}

export function roleChanged(edit: RoleEdit, saved: RoleView | undefined): boolean {
  if (edit.builtin) return false;
  if (!saved) return true;
  const before = sorted(saved.permissions);
  return edit.name !== saved.name || edit.permissions.join() !== before.join();
}

/**
 * What is sent for a user. `roleIds` maps role keys to saved ids (a new role's id is known once
 * it is saved); null when the role is not chosen or not saved.
 */
export function toUserDraft(edit: UserEdit, roleIds: Readonly<Record<string, number>>): UserDraft | null {
  const roleId = roleIds[edit.role];
  if (roleId === undefined) return null;
  return {
    name: edit.name.trim(),
    login: edit.login.trim() || null,
    role_id: roleId,
    accounts: scope(edit),
    password: edit.password === "" ? null : edit.password,
  };
}

export function toRoleDraft(edit: RoleEdit): RoleDraft {
  return { name: edit.name.trim(), permissions: sorted(edit.permissions) };
}

/** The fields a refusal may name, by the words the core starts its message with. */
const FIELDS: Readonly<Record<string, string>> = {
  name: "name",
  login: "login",
  password: "password",
  role: "role",
  accounts: "accounts",
  "role name": "name",
  permissions: "permissions",
};

/** The field a refusal names ("Login: already taken" -> "login"), or null for the whole record. */
export function fieldOf(message: string): string | null {
  const colon = message.indexOf(":");
  if (colon <= 0) return null;
  return FIELDS[message.slice(0, colon).trim().toLowerCase()] ?? null;
}
