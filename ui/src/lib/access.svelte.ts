/**
 * The signed-in principal, shared with every screen through Svelte context. The App sets it;
 * components ask `useAccess()` what the user may do. Outside the App (a component rendered on
 * its own in a test) nothing is gated: the core stays the guard either way.
 */
import { getContext, setContext } from "svelte";
import type { Permission } from "./ipc/bindings/Permission";
import type { Principal } from "./ipc/bindings/Principal";
import { can, refusal } from "./permissions";

const KEY = Symbol("access");

export interface Access {
  /** Null outside the App (nothing gated). */
  readonly principal: Principal | null;
  can(permission: Permission): boolean;
  /** Null when allowed, else the title saying which permission is missing. */
  refusal(permission: Permission): string | null;
}

const UNGATED: Access = {
  principal: null,
  can: () => true,
  refusal: () => null,
};

/** Called by the App with a getter, so screens follow sign-in and sign-out. */
export function provideAccess(principal: () => Principal | null): void {
  setContext<Access>(KEY, {
    get principal() {
      return principal();
    },
    can: (permission) => can(principal(), permission),
    refusal: (permission) => refusal(principal(), permission),
  });
}

export function useAccess(): Access {
  return getContext<Access | undefined>(KEY) ?? UNGATED;
}
