import { hold, type Backend, type Unsubscribe } from "../../lib/ipc/backend";
import { formatScore } from "../../lib/format";

export const REFRESH_DELAY_MS = 300;

/**
 * Watches the core for newly flagged leads. A burst of events asks for one refresh
 * `delayMs` after its first event (so a long burst still refreshes every `delayMs`),
 * and every event is passed to `onFlagged` for the toast.
 */
export function watchFlaggedLeads(
  backend: Backend,
  handlers: { refresh: () => void; onFlagged: (leadId: number, score: number) => void },
  delayMs = REFRESH_DELAY_MS,
): Unsubscribe {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = hold(
    backend.onCoreEvent((event) => {
      // Kinds the core adds later arrive here too: ignore them until they are handled.
      if (event.kind !== "lead_flagged") return;
      handlers.onFlagged(event.lead_id, event.score);
      timer ??= setTimeout(() => {
        timer = undefined;
        handlers.refresh();
      }, delayMs);
    }),
  );
  return () => {
    stop();
    clearTimeout(timer);
  };
}

/** Toast text for `count` leads flagged while the toast was up, the best scoring `best`. */
export function flaggedText(count: number, best: number): string {
  return count <= 1
    ? `New Second Chance Lead (score ${formatScore(best)})`
    : `${String(count)} new Second Chance Leads (top score ${formatScore(best)})`;
}
