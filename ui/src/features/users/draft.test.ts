import { describe, expect, it } from "vitest";
import { fieldOf, toUserDraft, toUserEdit, userChanged } from "./draft";

describe("User Management drafts", () => {
  it("finds the field a refusal names", () => {
    expect(fieldOf("Login: already taken by another user")).toBe("login");
    expect(fieldOf("Password: must be at least 8 characters")).toBe("password");
    expect(fieldOf("Role name: must not be empty")).toBe("name");
    expect(fieldOf("database is locked")).toBeNull();
    expect(fieldOf("Somewhere: else")).toBeNull();
  });

  it("a blank login and password are sent as null; accounts sorted", () => {
    const edit = {
      ...toUserEdit({ id: 4, name: "A", login: null, role_id: 3, role: "CSR", accounts: { kind: "all" }, can_sign_in: false }),
      allAccounts: false,
      accountIds: [3, 1],
    };
    expect(toUserDraft(edit, { "role-3": 3 })).toEqual({
      name: "A", login: null, role_id: 3, accounts: { kind: "only", ids: [1, 3] }, password: null,
    });
    expect(toUserDraft({ ...edit, role: "role-new-1" }, { "role-3": 3 })).toBeNull();
  });

  it("an unchanged user is not sent again; a typed password is a change", () => {
    const saved = { id: 4, name: "A", login: "a", role_id: 3, role: "CSR", accounts: { kind: "only" as const, ids: [2, 1] }, can_sign_in: true };
    const edit = toUserEdit(saved);
    expect(userChanged(edit, saved)).toBe(false);
    expect(userChanged({ ...edit, accountIds: [1, 2] }, saved)).toBe(false);
    expect(userChanged({ ...edit, password: "x" }, saved)).toBe(true);
    expect(userChanged(edit, undefined)).toBe(true);
  });
});
