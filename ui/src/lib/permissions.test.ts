import { describe, expect, it } from "vitest";
import type { Principal } from "./ipc/bindings/Principal";
import { can, canOpen, needs, PERMISSION_LABELS, PERMISSIONS } from "./permissions";

const as = (role: string, permissions: Principal["permissions"]): Principal => ({
  user_id: 1, name: "X", role, permissions, accounts: { kind: "all" },
});

const ADMIN = as("Admin", [...PERMISSIONS]);
const MANAGER = as("Manager", ["view_leads", "edit_leads", "feature_management", "ti_settings"]);
const CSR = as("CSR", ["view_leads", "edit_leads"]);
const VIEWER = as("Viewer", ["view_leads"]);

describe("permissions", () => {
  it("are named in the seeds' words", () => {
    expect(PERMISSIONS.map((p) => PERMISSION_LABELS[p])).toEqual([
      "View Second Chance Leads",
      "Edit Second Chance Leads",
      "View & Edit Feature Management",
      "Edit TI, Follow Up, & Reporting Settings",
      "Manage users and roles",
    ]);
    expect(needs("edit_leads")).toBe("Needs the Edit Second Chance Leads permission");
  });

  it("can() follows the role; nobody signed in may do nothing", () => {
    expect(can(CSR, "edit_leads")).toBe(true);
    expect(can(VIEWER, "edit_leads")).toBe(false);
    expect(can(null, "view_leads")).toBe(false);
  });

  it("each built-in role opens the screens of its permissions", () => {
    const screens = ["queue", "import", "settings", "users", "audit"] as const;
    const open = (p: Principal) => screens.filter((s) => canOpen(p, s));
    expect(open(ADMIN)).toEqual(["queue", "import", "settings", "users", "audit"]);
    expect(open(MANAGER)).toEqual(["queue", "import", "settings", "audit"]);
    expect(open(CSR)).toEqual(["queue"]);
    expect(open(VIEWER)).toEqual(["queue"]);
    expect(open(as("Reporter", ["ti_settings"]))).toEqual(["queue", "settings"]);
  });
});
