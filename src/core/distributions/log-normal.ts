/** LogNormal(mu, sigma): log x ~ Normal(mu, sigma); additive noise on the log scale. */
import type { Rng } from "../random/rng";
import { FamilyColumns, type ParamColumn } from "./batch-distribution";
import { Distribution, type NoiseKind, type ParamSpec, compileCheck, defineParams, validateParameters } from "./distribution";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

const PARAMS = defineParams([
  { name: "mu", description: "mean of log x", constraint: "finite", check: "finite", requirement: "the log-scale mean must be a finite number" },
  { name: "sigma", description: "standard deviation of log x", constraint: "sigma > 0, finite", check: "positive", requirement: "the log-scale standard deviation must be positive and finite" },
]);
const CHECK = compileCheck(PARAMS);

export class LogNormal extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "logNormal";
  }
  get noise(): NoiseKind {
    return "additive";
  }
  constructor(readonly mu: number, readonly sigma: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(mu, sigma)) validateParameters("logNormal", LogNormal.params, [mu, sigma]);
  }
  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * rng.normal());
  }
  logProb(x: number): number {
    if (!(x > 0)) return -Infinity;
    const lx = Math.log(x), z = (lx - this.mu) / this.sigma;
    return -0.5 * z * z - Math.log(this.sigma) - LOG_SQRT_2PI - lx;
  }
  sampleNoise(rng: Rng): number {
    return rng.normal();
  }
  fromNoise(eps: number): number {
    return Math.exp(this.mu + this.sigma * eps);
  }
  abduct(x: number): number {
    return (Math.log(x) - this.mu) / this.sigma;
  }
  inSupport(x: number): boolean {
    return x > 0 && x < Infinity;
  }
  supportText(): string {
    return "the positive numbers";
  }
  describe(): string {
    return `logNormal(${this.mu}, ${this.sigma})`;
  }
}

export function logNormal(mu: number, sigma: number): LogNormal {
  return new LogNormal(mu, sigma);
}

/** logNormal(mu, sigma) for a batch of rows: each parameter a column or one number for every row. */
export function logNormalColumns(mu: ParamColumn, sigma: ParamColumn): FamilyColumns<LogNormal> {
  return new FamilyColumns("logNormal", LogNormal.params, (v) => new LogNormal(v[0], v[1]), [mu, sigma]);
}
