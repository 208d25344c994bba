import { describe, expect, it } from "vitest";
import { addToBurst, badgeText, flagged, newest, opened, type Unseen } from "./unseen";

describe("unseen leads", () => {
  it("a flagged lead is unseen until it is opened", () => {
    let unseen: Unseen = [];
    unseen = flagged(unseen, 4);
    unseen = flagged(unseen, 9);
    expect(unseen).toEqual([4, 9]);
    unseen = opened(unseen, 4);
    expect(unseen).toEqual([9]);
  });

  it("a lead flagged twice counts once, and opening an old lead changes nothing", () => {
    const unseen = flagged(flagged([], 4), 4);
    expect(unseen).toEqual([4]);
    expect(opened(unseen, 77)).toBe(unseen);
  });

  it("the badge opens the newest unseen lead", () => {
    expect(newest([])).toBeNull();
    expect(newest([3, 8, 5])).toBe(5);
  });

  it("the badge says how many, in words for screen readers", () => {
    expect(badgeText(1)).toEqual({ text: "1 new", label: "1 new lead not opened yet: open the newest" });
    expect(badgeText(3).label).toBe("3 new leads not opened yet: open the newest");
  });
});

describe("the toast's burst", () => {
  it("counts the leads and opens the best scoring one", () => {
    let burst = addToBurst(null, 10, 60);
    expect(burst).toEqual({ count: 1, best: 60, leadId: 10 });
    burst = addToBurst(burst, 11, 90);
    burst = addToBurst(burst, 12, 75);
    expect(burst).toEqual({ count: 3, best: 90, leadId: 11 });
  });

  it("a new toast starts a new burst", () => {
    const burst = addToBurst(addToBurst(null, 1, 99), 2, 50);
    expect(addToBurst(null, 3, 40)).toEqual({ count: 1, best: 40, leadId: 3 });
    expect(burst.count).toBe(2);
  });
});
