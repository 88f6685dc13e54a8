/**
 * When the DAG panel redraws after an edit (issue 12, item 11). A refresh (static extraction of the text
 * and the graph message) of a typical model takes a few milliseconds, so waiting a fixed debounce after
 * every keystroke only adds latency: a document whose last refresh was cheap (under SLOW_REFRESH_MS)
 * redraws at once. Refreshes are spaced by at least twice the last one's cost (and one frame,
 * MIN_INTERVAL_MS), so the extension host spends at most half its time on them; an edit inside that
 * window is refreshed at its end (one trailing refresh for a burst). Only a document whose refresh is
 * slow (a very large model) waits `debounceMs` after the last keystroke (causalStudio.debounceMs), so
 * typing into it does not queue up work. (The webview, in turn, skips updates superseded while a layout
 * runs: webview/view.ts.)
 */

/** A refresh that took this long (ms) or longer is slow: the next edit waits the configured debounce. */
export const SLOW_REFRESH_MS = 50;
/** Refreshes are at least this far apart (ms), one frame. */
export const MIN_INTERVAL_MS = 16;

export interface LastRefresh {
  /** How long it took (ms); undefined before the first refresh. */
  ms: number | undefined;
  /** When it ended (a performance.now() time). */
  at: number;
}

/** The delay (ms) before refreshing after an edit at `now`: 0 means at once. */
export function refreshDelay(last: LastRefresh, now: number, debounceMs: number): number {
  if (last.ms === undefined || last.ms >= SLOW_REFRESH_MS) return debounceMs;
  const spacing = Math.max(MIN_INTERVAL_MS, 2 * last.ms);
  const since = now - last.at;
  return since >= spacing ? 0 : Math.min(debounceMs, Math.ceil(spacing - since));
}
