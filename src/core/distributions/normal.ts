/** Normal(mu, sigma); additive noise x = mu + sigma * eps, eps ~ N(0, 1), abduction is exact. */
import type { Rng } from "../random/rng";
import { Distribution, type NoiseKind, invalidParameter, type ParamSpec } from "./distribution";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export class Normal extends Distribution<number> {
  static readonly params: ParamSpec[] = [
    { name: "mu", description: "mean", constraint: "finite" },
    { name: "sigma", description: "standard deviation", constraint: "sigma > 0, finite" },
  ];
  get kind(): string {
    return "normal";
  }
  get noise(): NoiseKind {
    return "additive";
  }
  constructor(readonly mu: number, readonly sigma: number) {
    super();
    if (!Number.isFinite(mu)) invalidParameter("normal", "mu", mu, "the mean must be a finite number");
    if (!(sigma > 0 && sigma < Infinity)) invalidParameter("normal", "sigma", sigma, "the standard deviation must be positive and finite");
  }
  sample(rng: Rng): number {
    return this.mu + this.sigma * rng.normal();
  }
  logProb(x: number): number {
    const z = (x - this.mu) / this.sigma;
    return -0.5 * z * z - Math.log(this.sigma) - LOG_SQRT_2PI;
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
