import type { FilterKind } from "../../lib/ipc/bindings/FilterKind";
import type { LeadFilters } from "../../lib/ipc/bindings/LeadFilters";
import type { LeadQuery } from "../../lib/ipc/bindings/LeadQuery";
import type { LeadSort } from "../../lib/ipc/bindings/LeadSort";
import type { QueueView } from "../../lib/ipc/bindings/QueueView";
import type { SortColumn } from "../../lib/ipc/bindings/SortColumn";

/** No filter: the core treats empty lists and nulls as "any". */
export function noFilters(): LeadFilters {
  return {
    statuses: [],
    notes: { presence: "any", contains: null },
    age: { min_hours: null, max_hours: null },
    customer: null,
    types: [],
    reasons: [],
    agents: [],
  };
}

/** The queue's own order: priority, best first. */
export const PRIORITY: LeadSort = { column: "Priority", direction: "ascending" };

export function defaultView(): QueueView {
  return { tab: "open", account_id: null, filters: noFilters(), sort: PRIORITY };
}

/** A page of a view. */
export function queryOf(view: QueueView, page: number, pageSize: number): LeadQuery {
  return {
    tab: view.tab,
    account_id: view.account_id,
    page,
    page_size: pageSize,
    filters: view.filters,
    sort: view.sort,
  };
}

/** The table's columns, in order; each sorts by itself and has one Filter. */
export type ColumnKey = Exclude<SortColumn, "Priority">;
export const COLUMNS: readonly ColumnKey[] = [
  "Status",
  "Notes",
  "Age",
  "Account",
  "Customer",
  "Type",
  "Reason",
  "Agent",
];

/** The core's filter behind a column; Account is the query's account itself. */
export function filterKindOf(column: ColumnKey): FilterKind | null {
  return column === "Account" ? null : column;
}

/** Header click: ascending, then descending, then back to the queue's priority order. */
export function nextSort(current: LeadSort, column: ColumnKey): LeadSort {
  if (current.column !== column) return { column, direction: "ascending" };
  if (current.direction === "ascending") return { column, direction: "descending" };
  return PRIORITY;
}

export function ariaSort(current: LeadSort, column: ColumnKey): "ascending" | "descending" | "none" {
  return current.column === column ? current.direction : "none";
}

const blank = (text: string | null) => text === null || text.trim() === "";

/** How many values a column's filter holds (0 = not filtering), for the Filter button's badge. */
export function activeCount(filters: LeadFilters, column: ColumnKey, accountId: number | null): number {
  switch (column) {
    case "Status":
      return filters.statuses.length;
    case "Notes":
      return (filters.notes.presence === "any" ? 0 : 1) + (blank(filters.notes.contains) ? 0 : 1);
    case "Age":
      return (filters.age.min_hours === null ? 0 : 1) + (filters.age.max_hours === null ? 0 : 1);
    case "Account":
      return accountId === null ? 0 : 1;
    case "Customer":
      return blank(filters.customer) ? 0 : 1;
    case "Type":
      return filters.types.length;
    case "Reason":
      return filters.reasons.length;
    case "Agent":
      return filters.agents.length;
  }
}

/** The same filters without the given ones (the core names which need a single account). */
export function withoutFilters(filters: LeadFilters, kinds: readonly FilterKind[]): LeadFilters {
  const next = structuredClone(filters);
  for (const kind of kinds) {
    switch (kind) {
      case "Status":
        next.statuses = [];
        break;
      case "Notes":
        next.notes = { presence: "any", contains: null };
        break;
      case "Age":
        next.age = { min_hours: null, max_hours: null };
        break;
      case "Customer":
        next.customer = null;
        break;
      case "Type":
        next.types = [];
        break;
      case "Reason":
        next.reasons = [];
        break;
      case "Agent":
        next.agents = [];
        break;
    }
  }
  return next;
}

/** Adds or removes one value of a list filter. */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** A whole number of hours typed in a field; empty means no bound. */
export function parseHours(text: string): number | null | "invalid" {
  const t = text.trim();
  if (t === "") return null;
  return /^\d{1,6}$/.test(t) ? Number(t) : "invalid";
}
