import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatClock,
  formatCount,
  formatDateTime,
  formatRange,
  formatScore,
  MISSING,
  orMissing,
} from "./format";

const NOW = "2026-04-25T12:00:00Z";

describe("formatAge", () => {
  it.each([
    ["2026-04-25T11:59:30Z", "<1m"],
    ["2026-04-25T11:18:00Z", "42m"],
    ["2026-04-25T08:48:00Z", "3h 12m"],
    ["2026-04-25T11:00:00Z", "1h 0m"],
    ["2026-04-23T08:00:00Z", "2d 4h"],
    ["2026-03-01T12:00:00Z", "55d 0h"],
  ])("from %s is %s", (from, expected) => {
    expect(formatAge(from, NOW)).toBe(expected);
  });

  it("treats a future call (clock skew) as just now", () => {
    expect(formatAge("2026-04-25T12:05:00Z", NOW)).toBe("<1m");
  });

  it("measures against the given now, not the wall clock", () => {
    expect(formatAge("2020-01-01T00:00:00Z", "2020-01-01T00:10:00Z")).toBe("10m");
  });

  it("accepts offsets other than Z", () => {
    expect(formatAge("2026-04-25T07:00:00-05:00", NOW)).toBe("<1m");
    expect(formatAge("2026-04-25T05:00:00-05:00", NOW)).toBe("2h 0m");
  });

  it("shows a dash for unparseable input", () => {
    expect(formatAge("not a date", NOW)).toBe(MISSING);
    expect(formatAge(NOW, "")).toBe(MISSING);
  });
});

describe("formatDateTime", () => {
  it("formats in the given time zone", () => {
    expect(formatDateTime("2026-04-24T15:05:00Z", "UTC")).toBe("Apr 24, 2026, 3:05 PM");
    expect(formatDateTime("2026-04-24T15:05:00Z", "America/New_York")).toBe("Apr 24, 2026, 11:05 AM");
  });

  it("shows a dash for unparseable input", () => {
    expect(formatDateTime("yesterday")).toBe(MISSING);
  });
});

describe("formatRange", () => {
  it("shows the first page", () => {
    expect(formatRange(0, 50, 812)).toBe("1–50 of 812");
  });
  it("shows a partial last page", () => {
    expect(formatRange(16, 50, 812)).toBe("801–812 of 812");
  });
  it("groups thousands", () => {
    expect(formatRange(40, 50, 2500)).toBe("2,001–2,050 of 2,500");
  });
  it("handles an empty result", () => {
    expect(formatRange(0, 50, 0)).toBe("0 of 0");
  });
});

describe("formatScore", () => {
  it("keeps integers and rounds fractions to two places", () => {
    expect(formatScore(87)).toBe("87");
    expect(formatScore(0.8749)).toBe("0.87");
    expect(formatScore(Number.NaN)).toBe(MISSING);
  });
});

describe("orMissing", () => {
  it("replaces null, undefined and blank text with a dash", () => {
    expect(orMissing(null)).toBe(MISSING);
    expect(orMissing(undefined)).toBe(MISSING);
    expect(orMissing("   ")).toBe(MISSING);
    expect(orMissing("Sam")).toBe("Sam");
  });
});

describe("formatClock", () => {
  it.each([
    [0, "0:00"],
    [12.5, "0:12"],
    [59.99, "0:59"],
    [60, "1:00"],
    [75.4, "1:15"],
    [3725, "62:05"],
  ])("%s seconds is %s", (seconds, expected) => {
    expect(formatClock(seconds)).toBe(expected);
  });

  it("shows nonsense as missing", () => {
    expect(formatClock(-1)).toBe(MISSING);
    expect(formatClock(Number.NaN)).toBe(MISSING);
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(5000)).toBe("5,000");
    expect(formatCount(20000)).toBe("20,000");
    expect(formatCount(7)).toBe("7");
  });
});
