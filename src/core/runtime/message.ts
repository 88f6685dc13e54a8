/**
 * Site messages, in the shape of NumPyro's `msg` dict: a `type` ("sample" for a variable,
 * "param" for a learnable parameter), the distribution `fn` for the whole batch, the `value`
 * column, what was `observed` (one number or a whole column), and per-row `logProb`. Handlers
 * read and rewrite a message once per site per batch; the meaning of a site is in the handlers,
 * and the default meaning is only "sample fn" (a param's default is its initial value).
 *
 * `fn` is evaluated lazily, the first time a handler or the effect reads it, so a site whose
 * value a handler fixes (do) never calls its mechanism: the edges into it are cut.
 */
import type { BatchDistribution } from "../distributions/batch-distribution";
import type { NoiseColumns } from "../distributions/distribution";
import type { Rng } from "../random/rng";
import type { VariableSpec } from "./model-spec";

/** How a sample site's value is produced when no handler set it; the default is sampleEffect. */
export type SiteEffect = (msg: SampleMessage) => void;

export interface SampleMessage {
  readonly type: "sample";
  readonly variable: VariableSpec;
  readonly name: string;
  readonly world: string;
  readonly n: number;
  /** Columns of the declared parents' values in this world, aligned with variable.parents. */
  readonly parentValues: Float64Array[];
  /** The distribution of every row, given its parents (evaluates the mechanism on first read). */
  readonly fn: BatchDistribution;
  /** The value column; set by a handler (do, replay) or by the effect. */
  value?: Float64Array;
  /** What was observed here (condition): one value for all rows, or a data column. */
  observed?: number | Float64Array;
  /** log p(value | parents) per row, once a handler or effect computed it. */
  logProb?: Float64Array;
  /** The batch's shared per-row log weights (likelihood weighting adds to it). */
  logWeight?: Float64Array;
  /** The site's exogenous noise: recorded by the noise handler, or given to replay. */
  noise?: NoiseColumns;
  /** Set by a handler to produce the value another way (noise record/replay). */
  effect?: SiteEffect;
  intervened: boolean;
  rng?: Rng;
  /** A handler that sets stop hides the site from the handlers below it (block). */
  stop: boolean;
}

export type ParamValue = number | Float64Array;

export interface ParamMessage {
  readonly type: "param";
  readonly name: string;
  /** The declared initial value: the default meaning of a param site. */
  readonly init: ParamValue;
  value?: ParamValue;
  stop: boolean;
}

export type SiteMessage = SampleMessage | ParamMessage;

/** A handler: process runs top (innermost) to bottom, postprocess in the reverse order. */
export interface Handler {
  process?(msg: SiteMessage): void;
  postprocess?(msg: SiteMessage): void;
}

export function constantColumn(n: number, value: number): Float64Array {
  return new Float64Array(n).fill(value);
}

/** The observed values as a column of n rows (a shared constant column for a single value). */
export function observedColumn(msg: SampleMessage): Float64Array | undefined {
  const o = msg.observed;
  if (o === undefined) return undefined;
  return typeof o === "number" ? constantColumn(msg.n, o) : o;
}
