import { describe, expect, it } from "vitest";
import { isDirty, readDraft, toDraft } from "./draft";

const SAVED = { scl_enabled: true, acw_minutes: 5, cold_days: 3, answered_min_seconds: 60, phone_region: "US", time_zone: null };

describe("settings draft", () => {
  it("round-trips saved settings", () => {
    expect(readDraft(toDraft(SAVED))).toEqual({ settings: SAVED });
    expect(isDirty(toDraft(SAVED), SAVED)).toBe(false);
  });

  it("compares values, not the typed text", () => {
    expect(isDirty({ ...toDraft(SAVED), acw_minutes: "05" }, SAVED)).toBe(false);
    expect(isDirty({ ...toDraft(SAVED), acw_minutes: "6" }, SAVED)).toBe(true);
    expect(isDirty({ ...toDraft(SAVED), scl_enabled: false }, SAVED)).toBe(true);
    expect(isDirty({ ...toDraft(SAVED), time_zone: "  " }, SAVED)).toBe(false);
    expect(isDirty({ ...toDraft(SAVED), time_zone: "America/Chicago" }, SAVED)).toBe(true);
  });

  it("leaves ranges to the core but needs whole numbers to send", () => {
    expect(readDraft({ ...toDraft(SAVED), acw_minutes: "90" })).toMatchObject({ settings: { acw_minutes: 90 } });
    expect(readDraft({ ...toDraft(SAVED), phone_region: "usa" })).toMatchObject({ settings: { phone_region: "usa" } });
    expect(readDraft({ ...toDraft(SAVED), time_zone: " America/Chicago " })).toMatchObject({
      settings: { time_zone: "America/Chicago" },
    });
    for (const bad of ["", "2.5", "-1", "abc"]) {
      expect(readDraft({ ...toDraft(SAVED), cold_days: bad })).toEqual({
        problem: "Enter a whole number of days for Cold Leads.",
      });
    }
    expect(isDirty({ ...toDraft(SAVED), cold_days: "" }, SAVED)).toBe(true);
  });
});
