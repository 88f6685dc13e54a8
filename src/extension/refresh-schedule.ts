/**
 * When the DAG panel redraws after an edit (issue 12, item 11). A refresh (static extraction of the text
 * and the graph message) of a typical model takes a few milliseconds, so waiting a fixed debounce after
 * every keystroke only adds latency: a document whose last refresh was cheap redraws at once (at most one
 * refresh per frame, MIN_INTERVAL_MS; a burst inside a frame is coalesced into one trailing refresh).
 * Only a document whose refresh is slow (a very large model) waits `debounceMs` after the last keystroke
 * (causalStudio.debounceMs), so typing into it does not queue up work.
 */

/** A refresh that took less than this (ms) is cheap: the next edit redraws at once. */
export const CHEAP_REFRESH_MS = 15;
/** Cheap refreshes run at most this often (ms); one edit inside the window is refreshed at its end. */
export const MIN_INTERVAL_MS = 16;

export interface LastRefresh {
  /** How long it took (ms); undefined before the first refresh. */
  ms: number | undefined;
  /** When it ended (a performance.now() time). */
  at: number;
}

/** The delay (ms) before refreshing after an edit at `now`: 0 means at once. */
export function refreshDelay(last: LastRefresh, now: number, debounceMs: number): number {
  if (last.ms === undefined || last.ms >= CHEAP_REFRESH_MS) return debounceMs;
  const since = now - last.at;
  return since >= MIN_INTERVAL_MS ? 0 : Math.min(debounceMs, Math.ceil(MIN_INTERVAL_MS - since));
}
