/**
 * A distribution for a whole batch of rows: what a site message's `fn` holds. Every operation
 * the runtime needs works on columns (Float64Array), so a mechanism that can be evaluated for a
 * batch at once (a vectorized mechanism returning `normalColumns(...)`, a root evaluated once)
 * scores or samples 10^6 rows with no JavaScript call per row into user code. A mechanism written
 * row by row is evaluated per row inside the same loops (runtime/evaluate-mechanism.ts).
 *
 * Rows are always visited in order 0..size-1 and each row draws from the generator exactly as
 * its scalar distribution would, so a batch gives the same numbers as the per-row calls.
 * A tensor backend (TensorFlow.js) supplies the same operations over tensors with gradients;
 * nothing here assumes JavaScript numbers beyond the column types.
 */
import type { Rng } from "../random/rng";
import { type Distribution, invalidParameter, type NoiseColumns, type ParamSpec } from "./distribution";

export interface BatchDistribution<T extends number = number> {
  /** Phantom field carrying the value type for the builder's parent typing. */
  readonly __value?: T;
  readonly size: number;
  /** The scalar distribution of one row (what exact inference enumerates). */
  at(row: number): Distribution;
  /** Draws every row into out. */
  sample(rng: Rng, out: Float64Array): void;
  /** log p(x[i]) per row into out. */
  logProb(x: Float64Array, out: Float64Array): void;
  /** Draws each row's exogenous noise into `noise` and the value it gives into out. */
  drawNoise(rng: Rng, noise: NoiseColumns, out: Float64Array): void;
  /** The value each row takes at its recorded noise, into out. */
  pushNoise(noise: NoiseColumns, rng: Rng, out: Float64Array): void;
  /** Abducts each row's noise given x and writes log p(x[i]) into logProb; rows of probability 0 keep no noise. */
  abductNoise(x: Float64Array, rng: Rng, noise: NoiseColumns, logProb: Float64Array): void;
}

const BATCH_BRAND = Symbol.for("causal-studio.batch-distribution");

export function isBatchDistribution(x: unknown): x is BatchDistribution {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BATCH_BRAND] === true;
}

/** The operations written once over `at(row)`; families override the ones they vectorise. */
export abstract class RowwiseBatch<T extends number = number> implements BatchDistribution<T> {
  declare readonly __value?: T;
  readonly [BATCH_BRAND] = true;
  constructor(readonly size: number) {}
  abstract at(row: number): Distribution;
  sample(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = this.at(i).sample(rng);
  }
  logProb(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = this.at(i).logProb(x[i]);
  }
  drawNoise(rng: Rng, noise: NoiseColumns, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = this.at(i).drawNoise(rng, noise, i);
  }
  pushNoise(noise: NoiseColumns, rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = this.at(i).pushNoise(noise, i, rng);
  }
  abductNoise(x: Float64Array, rng: Rng, noise: NoiseColumns, logProb: Float64Array): void {
    for (let i = 0; i < this.size; i++) {
      const d = this.at(i);
      const lp = d.logProb(x[i]);
      logProb[i] = lp;
      if (lp > -Infinity) d.abductNoise(x[i], rng, noise, i);
    }
  }
}

/** One distribution for every row (a root mechanism, or a vectorized one that returned a scalar). */
export class BroadcastBatch extends RowwiseBatch {
  constructor(readonly distribution: Distribution, size: number) {
    super(size);
  }
  at(): Distribution {
    return this.distribution;
  }
  override logProb(x: Float64Array, out: Float64Array): void {
    this.distribution.logProbColumn(x.length === this.size ? x : x.subarray(0, this.size), out);
  }
}

/** A parameter given per row (a column) or once for all rows. */
export type ParamColumn = Float64Array | number;

export function valueAt(p: ParamColumn, row: number): number {
  return typeof p === "number" ? p : p[row];
}

/**
 * Checks parameter columns against a family's parameter table, row by row (the same table the
 * scalar constructor reads); throws "invalid-parameter" naming the row. Returns the batch size.
 */
export function validateColumns(dist: string, table: readonly ParamSpec[], columns: readonly ParamColumn[]): number {
  let size = 1;
  for (const c of columns) {
    if (typeof c === "number") continue;
    if (!(c instanceof Float64Array)) invalidParameter(dist, "column", c, "a parameter column must be a number or a Float64Array");
    if (size !== 1 && c.length !== size) invalidParameter(dist, "columns", columns.map((x) => (typeof x === "number" ? 1 : x.length)), "parameter columns must have the same length");
    size = c.length;
  }
  // Fast path: each entry checked on its own column (a table entry that reads other parameters
  // is checked row by row with all of them below).
  const values = columns.map((c) => valueAt(c, 0));
  let cross = false;
  for (let j = 0; j < table.length; j++) {
    const spec = table[j], c = columns[j];
    if (spec.readsOthers) { cross = true; continue; }
    if (typeof c === "number") { if (!spec.valid(c, values)) fail(dist, table, j, columns, 0, size); continue; }
    for (let i = 0; i < c.length; i++) if (!spec.valid(c[i], values)) fail(dist, table, j, columns, i, size);
  }
  if (cross) {
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < columns.length; j++) values[j] = valueAt(columns[j], i);
      for (let j = 0; j < table.length; j++) if (table[j].readsOthers && !table[j].valid(values[j], values)) fail(dist, table, j, columns, i, size);
    }
  }
  return size;
}

function fail(dist: string, table: readonly ParamSpec[], j: number, columns: readonly ParamColumn[], row: number, size: number): never {
  const values = columns.map((c) => valueAt(c, row));
  const req = table[j].requirement;
  return invalidParameter(dist, size > 1 ? `${table[j].name}[${row}]` : table[j].name, values[j], typeof req === "string" ? req : req(values));
}

/**
 * Any family over parameter columns: rows are the family's scalar distribution at that row's
 * parameters (checked against the family's table up front). Families with a faster column form
 * (normal, bernoulli) have their own class.
 */
export class FamilyColumns<D extends Distribution = Distribution> extends RowwiseBatch {
  private readonly values: number[];
  constructor(name: string, table: readonly ParamSpec[], private readonly make: (values: readonly number[]) => D, readonly columns: readonly ParamColumn[]) {
    super(validateColumns(name, table, columns));
    this.values = new Array<number>(columns.length);
  }
  at(row: number): D {
    for (let j = 0; j < this.columns.length; j++) this.values[j] = valueAt(this.columns[j], row);
    return this.make(this.values);
  }
}
