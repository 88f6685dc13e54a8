/** Bernoulli(p) on {0, 1}; threshold noise u ~ U(0,1), x = u < p (the binary Gumbel-max coupling). */
import type { Rng } from "../random/rng";
import { Distribution, type NoiseKind, invalidParameter, type ParamSpec, uniformBetween } from "./distribution";

export class Bernoulli extends Distribution<0 | 1> {
  static readonly params: ParamSpec[] = [{ name: "p", description: "probability of 1", constraint: "0 <= p <= 1" }];
  get kind(): string {
    return "bernoulli";
  }
  get noise(): NoiseKind {
    return "threshold";
  }
  constructor(readonly p: number) {
    super();
    if (!(p >= 0 && p <= 1)) invalidParameter("bernoulli", "p", p, "a probability must lie in [0, 1]");
  }
  sample(rng: Rng): number {
    return rng.next() < this.p ? 1 : 0;
  }
  logProb(x: number): number {
    return x === 1 ? Math.log(this.p) : x === 0 ? Math.log(1 - this.p) : -Infinity;
  }
  override support(): readonly number[] {
    return [0, 1];
  }
  override get discrete(): boolean {
    return true;
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
