/** Query options: defaults merged under the caller's, validated before anything runs. */
import { CausalError, error } from "../errors/diagnostic";

export type Method = "auto" | "exact" | "sampling";

export interface QueryOptions {
  seed?: number;
  samples?: number;
  method?: Method;
}

export const DEFAULT_OPTIONS: Required<QueryOptions> = { seed: 1, samples: 100_000, method: "auto" };

export function resolveOptions(opts: QueryOptions | undefined): Required<QueryOptions> {
  const given = Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULT_OPTIONS, ...given } as Required<QueryOptions>;
  if (!Number.isFinite(o.seed)) throw invalid(`seed must be a finite number, got ${o.seed}`);
  if (!Number.isInteger(o.samples) || o.samples < 1) throw invalid(`samples must be a positive integer, got ${o.samples}`);
  if (!["auto", "exact", "sampling"].includes(o.method)) throw invalid(`method must be "auto", "exact" or "sampling", got "${o.method}"`);
  return o;
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-argument", message));
}
