/**
 * What the signed-in user may do, read from their Principal. The core is the guard (it refuses
 * with `forbidden`); this only decides what the UI hides or disables. Pure: no Svelte, no IPC.
 */
import type { Permission } from "./ipc/bindings/Permission";
import type { Principal } from "./ipc/bindings/Principal";

/** Every permission, in the order User Management lists them. */
export const PERMISSIONS: readonly Permission[] = [
  "view_leads",
  "edit_leads",
  "feature_management",
  "ti_settings",
  "manage_users",
];

/** The permissions in the seeds' words, as the core's Permission::label writes them. */
export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  view_leads: "View Second Chance Leads",
  edit_leads: "Edit Second Chance Leads",
  feature_management: "View & Edit Feature Management",
  ti_settings: "Edit TI, Follow Up, & Reporting Settings",
  manage_users: "Manage users and roles",
};

/** Whether the principal's role grants `permission`; nobody signed in may do nothing. */
export function can(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && principal.permissions.includes(permission);
}

/** Whether the principal has at least one of `permissions`. */
export function canAny(principal: Principal | null, permissions: readonly Permission[]): boolean {
  return permissions.some((p) => can(principal, p));
}

/** The title of a control disabled for want of `permission`, naming it in the seeds' words. */
export function needs(permission: Permission): string {
  return `Needs the ${PERMISSION_LABELS[permission]} permission`;
}

/** `null` when allowed, else why not (for a disabled control's title). */
export function refusal(principal: Principal | null, permission: Permission): string | null {
  return can(principal, permission) ? null : needs(permission);
}

/** The screens of the app and the permissions that show each (any one of them suffices). */
export const SCREEN_PERMISSIONS = {
  queue: [],
  import: ["feature_management"],
  settings: ["feature_management", "ti_settings"],
  users: ["manage_users"],
  audit: ["feature_management"],
} as const satisfies Record<string, readonly Permission[]>;

export type Screen = keyof typeof SCREEN_PERMISSIONS;

/** Whether the principal may open `screen` (the queue is always there: the core answers for it). */
export function canOpen(principal: Principal | null, screen: Screen): boolean {
  const wanted: readonly Permission[] = SCREEN_PERMISSIONS[screen];
  return wanted.length === 0 || canAny(principal, wanted);
}
