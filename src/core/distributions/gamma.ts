/** Gamma(shape, rate), mean shape / rate. Sampling: Marsaglia & Tsang (2000); noise: inverse CDF. */
import type { Rng } from "../random/rng";
import { FamilyColumns, type ParamColumn } from "./batch-distribution";
import { Distribution, type NoiseKind, openUniform, type ParamSpec, compileCheck, defineParams, validateParameters } from "./distribution";
import { gammaP, invertMonotone, logGamma } from "./special-functions";

const PARAMS = defineParams([
  { name: "shape", description: "shape k", constraint: "shape > 0, finite", check: "positive", requirement: "the shape must be positive and finite" },
  { name: "rate", description: "rate (1 / scale)", constraint: "rate > 0, finite", check: "positive", requirement: "the rate must be positive and finite" },
]);
const CHECK = compileCheck(PARAMS);

export class Gamma extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "gamma";
  }
  get noise(): NoiseKind {
    return "inverse-cdf";
  }
  constructor(readonly shape: number, readonly rate: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(shape, rate)) validateParameters("gamma", Gamma.params, [shape, rate]);
  }
  sample(rng: Rng): number {
    return sampleStandardGamma(this.shape, rng) / this.rate;
  }
  logProb(x: number): number {
    if (!(x > 0 && x < Infinity)) return -Infinity;
    const k = this.shape;
    return k * Math.log(this.rate) + (k - 1) * Math.log(x) - this.rate * x - logGamma(k);
  }
  cdf(x: number): number {
    return gammaP(this.shape, this.rate * x);
  }
  sampleNoise(rng: Rng): number {
    return openUniform(rng);
  }
  fromNoise(u: number): number {
    let hi = (this.shape + 1) / this.rate;
    while (this.cdf(hi) < u) hi *= 2;
    return invertMonotone((x) => this.cdf(x), u, 0, hi);
  }
  abduct(x: number): number {
    return this.cdf(x);
  }
  inSupport(x: number): boolean {
    return x > 0 && x < Infinity;
  }
  supportText(): string {
    return "the positive numbers";
  }
  describe(): string {
    return `gamma(${this.shape}, ${this.rate})`;
  }
}

/** A Gamma(shape, 1) draw (Marsaglia & Tsang; shape < 1 by the u^(1/shape) boost). */
export function sampleStandardGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleStandardGamma(shape + 1, rng) * Math.pow(openUniform(rng), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(rng);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function gamma(shape: number, rate: number): Gamma {
  return new Gamma(shape, rate);
}

/** gamma(shape, rate) for a batch of rows: each parameter a column or one number for every row. */
export function gammaColumns(shape: ParamColumn, rate: ParamColumn): FamilyColumns<Gamma> {
  return new FamilyColumns("gamma", Gamma.params, (v) => new Gamma(v[0], v[1]), [shape, rate]);
}
