/**
 * A sample site's message: one variable in one world for a whole batch of n rows. Handlers read
 * and rewrite it once per site per batch; the default effect then fills the value column row by
 * row (vectorised ancestral sampling). Mirrors the `msg` dict of Pyro's poutine.
 */
import type { Distribution } from "../distributions/distribution";
import type { Rng } from "../random/rng";
import type { VariableSpec } from "./model-spec";

export interface SiteMessage {
  readonly variable: VariableSpec;
  readonly name: string;
  readonly world: string;
  readonly n: number;
  /** Columns of the declared parents' values in this world, aligned with variable.parents. */
  readonly parentValues: Float64Array[];
  /** The value column; set by a handler (do, replay) or by the default effect. */
  value?: Float64Array;
  /** Observed value (condition): the default effect weights by its likelihood. */
  observed?: number;
  /** Per-row log weights shared by the whole batch; the default effect adds observation terms. */
  logWeight?: Float64Array;
  /** Record exogenous noise (counterfactual runs): scalar noise, or Gumbel vectors for categoricals. */
  needNoise: boolean;
  noise?: Float64Array;
  gumbels?: (Float64Array | undefined)[];
  /** Set by a handler to evaluate mechanisms only: the default effect stores per-row distributions. */
  distributionsOnly: boolean;
  distributions?: Distribution<number>[];
  intervened: boolean;
  rng?: Rng;
  /** A handler that sets stop hides the site from the handlers below it (block). */
  stop: boolean;
}

/** A handler: process runs top (innermost) to bottom, postprocess in the reverse order. */
export interface Handler {
  process?(msg: SiteMessage): void;
  postprocess?(msg: SiteMessage): void;
}

export function newMessage(variable: VariableSpec, world: string, n: number, parentValues: Float64Array[]): SiteMessage {
  return { variable, name: variable.name, world, n, parentValues, needNoise: false, distributionsOnly: false, intervened: false, stop: false };
}

export function constantColumn(n: number, value: number): Float64Array {
  return new Float64Array(n).fill(value);
}
