import { describe, expect, it } from "vitest";
import type { TranscriptSegment } from "../../lib/ipc/bindings/TranscriptSegment";
import { findMatches, highlightParts, segmentAt } from "./transcript";

const SEGMENTS: TranscriptSegment[] = [
  { start_s: 0, end_s: 4, speaker: "agent", text: "Comfort Air, this is Sam." },
  { start_s: 4.5, end_s: 9, speaker: "customer", text: "How much would a new AC be?" },
  { start_s: 12, end_s: 15, speaker: "agent", text: "About five thousand. Café hours apply." },
];

describe("segmentAt", () => {
  it("finds the segment being heard, none in a gap, none before the first", () => {
    expect(segmentAt(SEGMENTS, 0)).toBe(0);
    expect(segmentAt(SEGMENTS, 3.99)).toBe(0);
    expect(segmentAt(SEGMENTS, 4.2)).toBeNull();
    expect(segmentAt(SEGMENTS, 4.5)).toBe(1);
    expect(segmentAt(SEGMENTS, 10)).toBeNull();
    expect(segmentAt(SEGMENTS, 14.9)).toBe(2);
    expect(segmentAt(SEGMENTS, 99)).toBeNull();
    expect(segmentAt([], 1)).toBeNull();
    expect(segmentAt(SEGMENTS, -1)).toBeNull();
  });

  it("scales to long calls (binary search over 10,000 segments)", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      start_s: i * 2,
      end_s: i * 2 + 1.5,
      speaker: "agent" as const,
      text: `line ${String(i)}`,
    }));
    expect(segmentAt(many, 15_000.2)).toBe(7_500);
  });
});

describe("findMatches", () => {
  it("matches text ignoring case and accents, and a speaker's name", () => {
    expect(findMatches(SEGMENTS, "HOW MUCH")).toEqual([1]);
    expect(findMatches(SEGMENTS, "cafe")).toEqual([2]);
    expect(findMatches(SEGMENTS, "customer")).toEqual([1]);
    expect(findMatches(SEGMENTS, "  ")).toEqual([]);
    expect(findMatches(SEGMENTS, "furnace")).toEqual([]);
  });
});

describe("highlightParts", () => {
  it("cuts every match out and keeps the original text around it", () => {
    expect(highlightParts("a new AC, a new plan", "NEW")).toEqual([
      { text: "a ", match: false },
      { text: "new", match: true },
      { text: " AC, a ", match: false },
      { text: "new", match: true },
      { text: " plan", match: false },
    ]);
    expect(highlightParts("Café hours", "cafe")).toEqual([
      { text: "Café", match: true },
      { text: " hours", match: false },
    ]);
    expect(highlightParts("<b>x</b>", "")).toEqual([{ text: "<b>x</b>", match: false }]);
  });
});
