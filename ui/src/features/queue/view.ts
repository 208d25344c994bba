import type { LeadFilters } from "../../lib/ipc/bindings/LeadFilters";
import type { LeadQuery } from "../../lib/ipc/bindings/LeadQuery";
import type { LeadSort } from "../../lib/ipc/bindings/LeadSort";
import type { QueueView } from "../../lib/ipc/bindings/QueueView";

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
