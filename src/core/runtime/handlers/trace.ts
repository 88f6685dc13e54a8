/**
 * TraceHandler: records every site it sees (value column, noise, whether it was observed or
 * intervened), keyed by world and name. Recording happens in postprocess, after the value exists.
 */
import type { Handler, SiteMessage } from "../message";

export interface TraceSite {
  name: string;
  world: string;
  value: Float64Array;
  noise?: Float64Array;
  gumbels?: (Float64Array | undefined)[];
  observed: boolean;
  intervened: boolean;
}

export class TraceHandler implements Handler {
  readonly sites = new Map<string, TraceSite>();
  postprocess(msg: SiteMessage): void {
    this.sites.set(key(msg.world, msg.name), {
      name: msg.name, world: msg.world, value: msg.value!, observed: msg.observed !== undefined, intervened: msg.intervened,
      ...(msg.noise ? { noise: msg.noise } : {}), ...(msg.gumbels ? { gumbels: msg.gumbels } : {}),
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
