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

/** One line of a file's accounting: a total and the parts that must add up to it. */
export interface AccountingLine {
  key: "rows" | "calls" | "internal";
  label: string;
  total: string;
  /** Each way of splitting the total ("= 100 in calls + 10 internal + …"), or a remark. */
  splits: string[];
  /** False when a split does not add up to the total (shown, never hidden). */
  balanced: boolean;
}

function split(parts: readonly [number, string][]): { text: string; sum: number } {
  return {
    text: `= ${parts.map(([n, label]) => `${formatCount(n)} ${label}`).join(" + ")}`,
    sum: parts.reduce((acc, [n]) => acc + n, 0),
  };
}

/** Where every row of the file went and what became of every call read. */
export function accountingOf(file: FileReport): AccountingLine[] {
  const rows = split([
    [file.rows_in_calls, "in calls"],
    [file.rows_internal, "internal"],
    [file.rows_skipped, "skipped"],
    [file.rows_other, "other records"],
  ]);
  const byDirection = split([
    [file.inbound, "inbound"],
    [file.outbound, "outbound"],
  ]);
  const byOutcome = split([
    [file.calls_inserted, "imported"],
    [file.duplicates, "already there"],
    [file.conflicts, "conflicting"],
  ]);
  return [
    { key: "rows", label: "Rows", total: formatCount(file.rows), splits: [rows.text], balanced: rows.sum === file.rows },
    {
      key: "calls",
      label: "Calls",
      total: formatCount(file.calls_read),
      splits: [byDirection.text, byOutcome.text],
      balanced: byDirection.sum === file.calls_read && byOutcome.sum === file.calls_read,
    },
    { key: "internal", label: "Internal calls", total: formatCount(file.internal), splits: ["not imported"], balanced: true },
  ];
}

const ZONE_SOURCES: Record<string, string> = {
  flag: "chosen for this import",
  account: "the account's time zone",
  computer: "this computer's zone — set the account's time zone in Settings",
};

/** "Times read in America/Chicago (the account's time zone)"; null when the file had no local times. */
export function timesText(file: FileReport): string | null {
  if (file.time_zone === null) return null;
  const why = file.time_zone_source === null ? undefined : (ZONE_SOURCES[file.time_zone_source] ?? file.time_zone_source);
  return why === undefined ? `Times read in ${file.time_zone}` : `Times read in ${file.time_zone} (${why})`;
}

const DATE_ORDERS: Record<string, string> = { dmy: "day-first", mdy: "month-first", ymd: "year-first" };

/** "slashed dates day-first"; null when the file had no slashed dates. */
export function datesText(file: FileReport): string | null {
  if (file.date_order === null) return null;
  return `slashed dates ${DATE_ORDERS[file.date_order] ?? file.date_order}`;
}

/** What the Date order select offers; "" lets the file decide. */
export const DATE_ORDER_CHOICES: readonly { value: "" | "dmy" | "mdy" | "ymd"; label: string }[] = [
  { value: "", label: "Let the file decide" },
  { value: "dmy", label: "Day first (24/08/2017)" },
  { value: "mdy", label: "Month first (08/24/2017)" },
  { value: "ymd", label: "Year first (2017/08/24)" },
];

/** Zones offered while typing; any IANA name may be typed. */
export const COMMON_TIME_ZONES: readonly string[] = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Halifax",
  "America/Toronto",
  "America/Winnipeg",
  "America/Edmonton",
  "America/Vancouver",
  "America/St_Johns",
  "Europe/London",
  "UTC",
];
