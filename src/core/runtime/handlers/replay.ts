/**
 * ReplayHandler: reuses what a trace recorded. With `noiseOnly` it replays only the exogenous
 * noise (the site's mechanism is re-run on the recorded noise: the "prediction" step of
 * abduction-action-prediction); otherwise it replays the value itself.
 */
import type { Handler, SiteMessage } from "../message";
import type { TraceHandler } from "./trace";

export class ReplayHandler implements Handler {
  constructor(readonly source: TraceHandler, readonly options: { fromWorld?: string; noiseOnly?: boolean } = {}) {}
  process(msg: SiteMessage): void {
    if (msg.value !== undefined) return;
    const site = this.source.get(this.options.fromWorld ?? msg.world, msg.name);
    if (!site) return;
    if (this.options.noiseOnly) {
      msg.needNoise = true;
      if (site.noise) msg.noise = site.noise;
      if (site.gumbels) msg.gumbels = site.gumbels;
    } else {
      msg.value = site.value;
    }
  }
}

export const replay = (source: TraceHandler, options?: { fromWorld?: string; noiseOnly?: boolean }): ReplayHandler => new ReplayHandler(source, options);
