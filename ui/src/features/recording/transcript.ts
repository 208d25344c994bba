/** Pure helpers for following and searching a transcript. Presentation only: no rules. */
import type { Speaker } from "../../lib/ipc/bindings/Speaker";
import type { TranscriptSegment } from "../../lib/ipc/bindings/TranscriptSegment";

/**
 * The segment being heard at `seconds`: the last one that started at or before it, while it
 * lasts (a gap between segments highlights nothing). Segments are sorted by start.
 */
export function segmentAt(segments: readonly TranscriptSegment[], seconds: number): number | null {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const segment = segments[mid];
    if (segment === undefined) break;
    if (segment.start_s <= seconds) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const segment = segments[found];
  if (segment === undefined) return null;
  return seconds < Math.max(segment.end_s, segment.start_s + 0.25) ? found : null;
}

/** Indexes of the segments whose text (or speaker) contains `query`, ignoring case and accents. */
export function findMatches(segments: readonly TranscriptSegment[], query: string): number[] {
  const needle = fold(query.trim());
  if (needle === "") return [];
  const hits: number[] = [];
  segments.forEach((segment, i) => {
    if (fold(segment.text).includes(needle) || fold(speakerName(segment.speaker)) === needle) hits.push(i);
  });
  return hits;
}

/** A segment's text cut around every match of `query`, for marking matches without HTML. */
export function highlightParts(text: string, query: string): { text: string; match: boolean }[] {
  const needle = fold(query.trim());
  if (needle === "") return [{ text, match: false }];
  const folded = fold(text);
  // Folding keeps one character per character here (NFD marks are dropped per char below),
  // so indexes into `folded` are indexes into `text`.
  const parts: { text: string; match: boolean }[] = [];
  let from = 0;
  for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

export function speakerName(speaker: Speaker): string {
  return speaker === "agent" ? "Agent" : "Customer";
}

/** Lower case without accents, one output character per input character. */
function fold(s: string): string {
  let out = "";
  for (const ch of s) {
    const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    const lower = base.toLowerCase();
    // Keep the length per UTF-16 unit so highlight indexes line up with the original.
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}
