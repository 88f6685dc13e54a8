/** Bernoulli(p) on {0, 1}; threshold noise u ~ U(0,1), x = u < p (the binary Gumbel-max coupling). */
import type { Rng } from "../random/rng";
import { type ParamColumn, RowwiseBatch, validateColumns, valueAt } from "./batch-distribution";
import { Distribution, type NoiseKind, type ParamSpec, compileCheck, defineParams, validateParameters, uniformBetween } from "./distribution";

const PARAMS = defineParams([
  { name: "p", description: "probability of 1", constraint: "0 <= p <= 1", check: "probability", requirement: "a probability must lie in [0, 1]" },
]);
const CHECK = compileCheck(PARAMS);

export class Bernoulli extends Distribution<0 | 1> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "bernoulli";
  }
  get noise(): NoiseKind {
    return "threshold";
  }
  constructor(readonly p: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(p)) validateParameters("bernoulli", Bernoulli.params, [p]);
  }
  sample(rng: Rng): number {
    return rng.next() < this.p ? 1 : 0;
  }
  logProb(x: number): number {
    return x === 1 ? Math.log(this.p) : x === 0 ? Math.log(1 - this.p) : -Infinity;
  }
  override mass(x: number): number {
    return x === 1 ? this.p : x === 0 ? 1 - this.p : 0;
  }
  override support(): readonly number[] {
    return [0, 1];
  }
  override get discrete(): boolean {
    return true;
  }
  override logProbColumn(x: Float64Array, out: Float64Array): void {
    const l1 = Math.log(this.p), l0 = Math.log(1 - this.p);
    for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = v === 1 ? l1 : v === 0 ? l0 : -Infinity; }
  }
  sampleNoise(rng: Rng): number {
    return rng.next();
  }
  fromNoise(u: number): number {
    return u < this.p ? 1 : 0;
  }
  abduct(x: number, rng: Rng): number {
    return x === 1 ? uniformBetween(0, this.p, rng) : uniformBetween(this.p, 1, rng);
  }
  override thresholdProbability(): number {
    return this.p;
  }
  inSupport(x: number): boolean {
    return x === 0 || x === 1;
  }
  supportText(): string {
    return "0 and 1";
  }
  describe(): string {
    return `bernoulli(${this.p})`;
  }
}

export function bernoulli(p: number): Bernoulli {
  return new Bernoulli(p);
}

/** bernoulli(p) for a batch of rows: p is a column (or one number for every row). */
export class BernoulliColumns extends RowwiseBatch<0 | 1> {
  constructor(readonly p: ParamColumn) {
    super(validateColumns("bernoulli", Bernoulli.params, [p]));
  }
  at(row: number): Bernoulli {
    return new Bernoulli(valueAt(this.p, row));
  }
  override sample(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = rng.next() < valueAt(this.p, i) ? 1 : 0;
  }
  override logProb(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) {
      const p = valueAt(this.p, i), v = x[i];
      out[i] = v === 1 ? Math.log(p) : v === 0 ? Math.log(1 - p) : -Infinity;
    }
  }
}

export function bernoulliColumns(p: ParamColumn): BernoulliColumns {
  return new BernoulliColumns(p);
}
