/** Uniform(a, b) on [a, b); inverse-CDF noise x = a + (b - a) u, abduction u = (x - a) / (b - a). */
import type { Rng } from "../random/rng";
import { FamilyColumns, type ParamColumn } from "./batch-distribution";
import { Distribution, type NoiseKind, type ParamSpec, compileCheck, defineParams, validateParameters } from "./distribution";

const PARAMS = defineParams([
  { name: "a", description: "lower bound", constraint: "finite", check: "finite", requirement: "the lower bound must be finite" },
  { name: "b", description: "upper bound", constraint: "finite, b > a", check: { finiteAbove: "a" }, requirement: ([a]) => `the upper bound must be finite and greater than a = ${a}` },
]);
const CHECK = compileCheck(PARAMS);

export class Uniform extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "uniform";
  }
  get noise(): NoiseKind {
    return "inverse-cdf";
  }
  constructor(readonly a: number, readonly b: number) {
    super();
    if (!CHECK(a, b)) validateParameters("uniform", Uniform.params, [a, b]);
  }
  sample(rng: Rng): number {
    return this.a + (this.b - this.a) * rng.next();
  }
  logProb(x: number): number {
    return x >= this.a && x <= this.b ? -Math.log(this.b - this.a) : -Infinity;
  }
  sampleNoise(rng: Rng): number {
    return rng.next();
  }
  fromNoise(u: number): number {
    return this.a + (this.b - this.a) * u;
  }
  abduct(x: number): number {
    return (x - this.a) / (this.b - this.a);
  }
  inSupport(x: number): boolean {
    return x >= this.a && x <= this.b;
  }
  supportText(): string {
    return `the numbers from ${this.a} to ${this.b}`;
  }
  describe(): string {
    return `uniform(${this.a}, ${this.b})`;
  }
}

export function uniform(a: number, b: number): Uniform {
  return new Uniform(a, b);
}

/** uniform(a, b) for a batch of rows: each parameter a column or one number for every row. */
export function uniformColumns(a: ParamColumn, b: ParamColumn): FamilyColumns<Uniform> {
  return new FamilyColumns("uniform", Uniform.params, (v) => new Uniform(v[0], v[1]), [a, b]);
}
