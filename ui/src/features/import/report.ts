import { formatCount } from "../../lib/format";
import type { FileReport } from "../../lib/ipc/bindings/FileReport";
import type { ImportProblem } from "../../lib/ipc/bindings/ImportProblem";
import type { ImportProgress } from "../../lib/ipc/bindings/ImportProgress";
import type { ImportReport } from "../../lib/ipc/bindings/ImportReport";

/** At most this many problem rows are rendered; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 200;

/** "file 1 of 2 · 5,000 / 20,000 calls" (the core counts files from 0). */
export function progressText(p: ImportProgress): string {
  return `file ${String(p.file_index + 1)} of ${String(p.files)} · ${formatCount(p.calls_done)} / ${formatCount(p.calls_total)} calls`;
}

type CountKey = {
  [K in keyof FileReport]: FileReport[K] extends number ? K : never;
}[keyof FileReport];

/** What one file's report counts, in order. */
export const FILE_STATS: readonly { key: CountKey; label: string }[] = [
  { key: "calls_read", label: "Calls read" },
  { key: "calls_inserted", label: "Imported" },
  { key: "duplicates", label: "Already there" },
  { key: "customers", label: "Customers" },
  { key: "jobs_inserted", label: "Jobs" },
  { key: "evaluated", label: "Evaluated" },
  { key: "leads_created", label: "New leads" },
  { key: "leads_joined", label: "Joined" },
  { key: "leads_closed_by_jobs", label: "Closed by jobs" },
  { key: "redactions", label: "Redactions" },
];

export function statValue(file: FileReport, key: CountKey): string {
  return formatCount(file[key]);
}

/** All files' problems, the first `max` of them and how many more there are. */
export function problemsOf(
  report: ImportReport,
  max = MAX_PROBLEMS_SHOWN,
): { shown: ImportProblem[]; more: number; total: number } {
  const all = report.files.flatMap((f) => f.problems);
  return { shown: all.slice(0, max), more: Math.max(0, all.length - max), total: all.length };
}
