/**
 * ReplayHandler: reuses the values a trace recorded (numpyro's `replay`): each site the trace
 * holds gets the recorded value column and its mechanism is not called. To replay only the
 * exogenous noise and re-run the mechanisms on it, use NoiseReplayHandler (noise.ts).
 *
 *     rt.run([seed(rng), tr], run);                          // record once
 *     rt.run([seed(otherRng), replay(tr), score()], run);     // the same values, scored again
 */
import type { Handler, SiteMessage } from "../message";
import type { TraceHandler } from "./trace";

export class ReplayHandler implements Handler {
  constructor(readonly source: TraceHandler, readonly options: { fromWorld?: string } = {}) {}
  process(msg: SiteMessage): void {
    if (msg.type !== "sample" || msg.value !== undefined) return;
    const site = this.source.get(this.options.fromWorld ?? msg.world, msg.name);
    if (site) msg.value = site.value;
  }
}

export const replay = (source: TraceHandler, options?: { fromWorld?: string }): ReplayHandler => new ReplayHandler(source, options);
