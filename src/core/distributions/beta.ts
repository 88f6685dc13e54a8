/** Beta(a, b) on (0, 1). Sampling: ratio of gammas; noise: inverse CDF via the incomplete beta. */
import type { Rng } from "../random/rng";
import { FamilyColumns, type ParamColumn } from "./batch-distribution";
import { Distribution, type NoiseKind, openUniform, type ParamSpec, compileCheck, defineParams, validateParameters } from "./distribution";
import { sampleStandardGamma } from "./gamma";
import { betaI, invertMonotone, logGamma } from "./special-functions";

const PARAMS = defineParams([
  { name: "a", description: "first shape (alpha)", constraint: "a > 0, finite", check: "positive", requirement: "the shape must be positive and finite" },
  { name: "b", description: "second shape (beta)", constraint: "b > 0, finite", check: "positive", requirement: "the shape must be positive and finite" },
]);
const CHECK = compileCheck(PARAMS);

export class Beta extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "beta";
  }
  get noise(): NoiseKind {
    return "inverse-cdf";
  }
  constructor(readonly a: number, readonly b: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(a, b)) validateParameters("beta", Beta.params, [a, b]);
  }
  sample(rng: Rng): number {
    const x = sampleStandardGamma(this.a, rng), y = sampleStandardGamma(this.b, rng);
    return x / (x + y);
  }
  logProb(x: number): number {
    if (!(x > 0 && x < 1)) return -Infinity;
    const { a, b } = this;
    return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + logGamma(a + b) - logGamma(a) - logGamma(b);
  }
  cdf(x: number): number {
    return betaI(this.a, this.b, x);
  }
  sampleNoise(rng: Rng): number {
    return openUniform(rng);
  }
  fromNoise(u: number): number {
    return invertMonotone((x) => this.cdf(x), u, 0, 1);
  }
  abduct(x: number): number {
    return this.cdf(x);
  }
  /** The open interval (0, 1); an endpoint only where the density is finite there. */
  inSupport(x: number): boolean {
    if (x > 0 && x < 1) return true;
    return (x === 0 || x === 1) && Number.isFinite(this.logProb(x));
  }
  supportText(): string {
    return "the numbers strictly between 0 and 1";
  }
  describe(): string {
    return `beta(${this.a}, ${this.b})`;
  }
}

export function beta(a: number, b: number): Beta {
  return new Beta(a, b);
}

/** beta(a, b) for a batch of rows: each parameter a column or one number for every row. */
export function betaColumns(a: ParamColumn, b: ParamColumn): FamilyColumns<Beta> {
  return new FamilyColumns("beta", Beta.params, (v) => new Beta(v[0], v[1]), [a, b]);
}
