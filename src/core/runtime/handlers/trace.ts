/**
 * TraceHandler: records every sample site it sees (value column, noise, per-row log-probability,
 * whether it was observed or intervened) keyed by world and name, and every param site's value.
 * Recording happens in postprocess, after the value exists (numpyro's `trace`).
 *
 *     const tr = trace();
 *     rt.run([seed(rng), tr], () => runModel(rt, spec, n));
 *     tr.get(FACTUAL, "y")!.value;   // the column y took
 */
import type { NoiseColumns } from "../../distributions/distribution";
import type { Handler, ParamValue, SiteMessage } from "../message";

export interface TraceSite {
  name: string;
  world: string;
  value: Float64Array;
  noise?: NoiseColumns;
  logProb?: Float64Array;
  observed: boolean;
  intervened: boolean;
}

export class TraceHandler implements Handler {
  readonly sites = new Map<string, TraceSite>();
  readonly params = new Map<string, ParamValue>();
  postprocess(msg: SiteMessage): void {
    if (msg.type === "param") {
      this.params.set(msg.name, msg.value!);
      return;
    }
    this.sites.set(key(msg.world, msg.name), {
      name: msg.name, world: msg.world, value: msg.value!, observed: msg.observed !== undefined, intervened: msg.intervened,
      ...(msg.noise ? { noise: msg.noise } : {}), ...(msg.logProb ? { logProb: msg.logProb } : {}),
    });
  }
  get(world: string, name: string): TraceSite | undefined {
    return this.sites.get(key(world, name));
  }
}

function key(world: string, name: string): string {
  return `${world}\u0000${name}`;
}

export const trace = (): TraceHandler => new TraceHandler();
