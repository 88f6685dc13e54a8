/** Normal(mu, sigma); additive noise x = mu + sigma * eps, eps ~ N(0, 1), abduction is exact. */
import type { Rng } from "../random/rng";
import { type ParamColumn, RowwiseBatch, validateColumns, valueAt } from "./batch-distribution";
import { Distribution, type NoiseColumns, type NoiseKind, type ParamSpec, compileCheck, defineParams, validateParameters } from "./distribution";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

const PARAMS = defineParams([
  { name: "mu", description: "mean", constraint: "finite", check: "finite", requirement: "the mean must be a finite number" },
  { name: "sigma", description: "standard deviation", constraint: "sigma > 0, finite", check: "positive", requirement: "the standard deviation must be positive and finite" },
]);
const CHECK = compileCheck(PARAMS);

export class Normal extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "normal";
  }
  get noise(): NoiseKind {
    return "additive";
  }
  constructor(readonly mu: number, readonly sigma: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(mu, sigma)) validateParameters("normal", Normal.params, [mu, sigma]);
  }
  sample(rng: Rng): number {
    return this.mu + this.sigma * rng.normal();
  }
  logProb(x: number): number {
    const z = (x - this.mu) / this.sigma;
    return -0.5 * z * z - Math.log(this.sigma) - LOG_SQRT_2PI;
  }
  override logProbColumn(x: Float64Array, out: Float64Array): void {
    // The scalar logProb's operations in its order (same bits), with log sigma computed once.
    const { mu, sigma } = this, ls = Math.log(sigma);
    for (let i = 0; i < x.length; i++) { const z = (x[i] - mu) / sigma; out[i] = -0.5 * z * z - ls - LOG_SQRT_2PI; }
  }
  sampleNoise(rng: Rng): number {
    return rng.normal();
  }
  fromNoise(eps: number): number {
    return this.mu + this.sigma * eps;
  }
  abduct(x: number): number {
    return (x - this.mu) / this.sigma;
  }
  inSupport(x: number): boolean {
    return Number.isFinite(x);
  }
  supportText(): string {
    return "any finite number";
  }
  describe(): string {
    return `normal(${this.mu}, ${this.sigma})`;
  }
}

export function normal(mu: number, sigma: number): Normal {
  return new Normal(mu, sigma);
}

/**
 * normal(mu, sigma) for a batch of rows: mu and sigma are columns (or one number for every row).
 * What a vectorized mechanism returns, e.g. `({ x }) => normalColumns(x.map((v) => 2 * v + 1), 0.5)`.
 */
export class NormalColumns extends RowwiseBatch {
  constructor(readonly mu: ParamColumn, readonly sigma: ParamColumn) {
    super(validateColumns("normal", Normal.params, [mu, sigma]));
  }
  at(row: number): Normal {
    return new Normal(valueAt(this.mu, row), valueAt(this.sigma, row));
  }
  override sample(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = valueAt(this.mu, i) + valueAt(this.sigma, i) * rng.normal();
  }
  override logProb(x: Float64Array, out: Float64Array): void {
    const { mu, sigma } = this;
    if (typeof mu === "number" && typeof sigma === "number") {
      const ls = Math.log(sigma);
      for (let i = 0; i < this.size; i++) { const z = (x[i] - mu) / sigma; out[i] = -0.5 * z * z - ls - LOG_SQRT_2PI; }
      return;
    }
    if (typeof sigma === "number") {
      const ls = Math.log(sigma), m = mu as Float64Array;
      for (let i = 0; i < this.size; i++) { const z = (x[i] - m[i]) / sigma; out[i] = -0.5 * z * z - ls - LOG_SQRT_2PI; }
      return;
    }
    for (let i = 0; i < this.size; i++) {
      const s = valueAt(sigma, i), z = (x[i] - valueAt(mu, i)) / s;
      out[i] = -0.5 * z * z - Math.log(s) - LOG_SQRT_2PI;
    }
  }
  override drawNoise(rng: Rng, noise: NoiseColumns, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) { const u = rng.normal(); noise.u[i] = u; out[i] = valueAt(this.mu, i) + valueAt(this.sigma, i) * u; }
  }
  override pushNoise(noise: NoiseColumns, _rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.size; i++) out[i] = valueAt(this.mu, i) + valueAt(this.sigma, i) * noise.u[i];
  }
}

export function normalColumns(mu: ParamColumn, sigma: ParamColumn): NormalColumns {
  return new NormalColumns(mu, sigma);
}
