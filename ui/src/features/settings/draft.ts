import type { AccountSettings } from "../../lib/ipc/bindings/AccountSettings";

/**
 * The settings form's editable copy: numbers stay text while being typed.
 * Allowed ranges are the core's business; the form only needs whole numbers to send.
 */
export interface Draft {
  scl_enabled: boolean;
  acw_minutes: string;
  cold_days: string;
  answered_min_seconds: string;
  phone_region: string;
  /** An IANA zone name; blank = not set (the computer's zone is used). */
  time_zone: string;
}

export type NumberField = "acw_minutes" | "cold_days" | "answered_min_seconds";

/** The number fields in form order, in the product's words. */
export const NUMBER_FIELDS: readonly {
  key: NumberField;
  label: string;
  unit: string;
  help: string;
  testid: string;
}[] = [
  {
    key: "acw_minutes",
    label: "After Call Work Time",
    unit: "minutes",
    testid: "setting-acw",
    help: "Minutes agents have to classify a call after it ends. After this time, the call is checked for a Second Chance Lead.",
  },
  {
    key: "cold_days",
    label: "Cold Leads",
    unit: "days",
    testid: "setting-cold",
    help: "Days an unreviewed lead stays in Open before it moves to Cold.",
  },
  {
    key: "answered_min_seconds",
    label: "Answered call threshold",
    unit: "seconds",
    testid: "setting-answered",
    help: "An answered call shorter than this is Not a Lead.",
  },
];

export function toDraft(s: AccountSettings): Draft {
  return {
    scl_enabled: s.scl_enabled,
    acw_minutes: String(s.acw_minutes),
    cold_days: String(s.cold_days),
    answered_min_seconds: String(s.answered_min_seconds),
    phone_region: s.phone_region,
    time_zone: s.time_zone ?? "",
  };
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

/** The settings to send, or which field is not a whole number. */
export function readDraft(d: Draft): { settings: AccountSettings } | { problem: string } {
  const numbers: Partial<Record<NumberField, number>> = {};
  for (const field of NUMBER_FIELDS) {
    const n = wholeNumber(d[field.key]);
    if (n === null) return { problem: `Enter a whole number of ${field.unit} for ${field.label}.` };
    numbers[field.key] = n;
  }
  return {
    settings: {
      scl_enabled: d.scl_enabled,
      acw_minutes: numbers.acw_minutes ?? 0,
      cold_days: numbers.cold_days ?? 0,
      answered_min_seconds: numbers.answered_min_seconds ?? 0,
      phone_region: d.phone_region,
      time_zone: d.time_zone.trim() === "" ? null : d.time_zone.trim(),
    },
  };
}

/** True when the draft differs from what is saved (an unreadable draft counts as changed). */
export function isDirty(d: Draft, saved: AccountSettings): boolean {
  const read = readDraft(d);
  if ("problem" in read) return true;
  const s = read.settings;
  return (
    s.scl_enabled !== saved.scl_enabled ||
    s.acw_minutes !== saved.acw_minutes ||
    s.cold_days !== saved.cold_days ||
    s.answered_min_seconds !== saved.answered_min_seconds ||
    s.phone_region !== saved.phone_region ||
    s.time_zone !== saved.time_zone
  );
}
