/**
 * Categorical(p) on {0, ..., k-1}. Noise is a vector of iid Gumbels g and x = argmax_j log p_j + g_j
 * (the Gumbel-max SCM of Oberst & Sontag 2019); the scalar-noise methods are not used for it:
 * the runtime draws and abducts the Gumbel vector through src/core/distributions/gumbel-max.ts.
 */
import type { Rng } from "../random/rng";
import { Distribution, type NoiseKind, invalidParameter, type ParamSpec } from "./distribution";

const TOLERANCE = 1e-9;

export class Categorical extends Distribution<number> {
  static readonly params: ParamSpec[] = [{ name: "probs", description: "category probabilities", constraint: "each in [0, 1], summing to 1" }];
  get kind(): string {
    return "categorical";
  }
  get noise(): NoiseKind {
    return "gumbel";
  }
  readonly probs: readonly number[];
  constructor(probs: ArrayLike<number>) {
    super();
    if (!probs || probs.length === 0) invalidParameter("categorical", "probs", "[]", "at least one category is needed");
    let sum = 0;
    for (let j = 0; j < probs.length; j++) {
      const q = probs[j];
      if (!(q >= 0 && q <= 1)) invalidParameter("categorical", `probs[${j}]`, q, "a probability must lie in [0, 1]");
      sum += q;
    }
    if (Math.abs(sum - 1) > TOLERANCE * probs.length) invalidParameter("categorical", "probs", Array.from(probs), `the probabilities sum to ${sum}, not 1`);
    this.probs = Array.from(probs);
  }
  get logits(): number[] {
    return this.probs.map(Math.log);
  }
  sample(rng: Rng): number {
    let u = rng.next();
    const p = this.probs;
    for (let j = 0; j < p.length - 1; j++) {
      if (u < p[j]) return j;
      u -= p[j];
    }
    return p.length - 1;
  }
  logProb(x: number): number {
    return Number.isInteger(x) && x >= 0 && x < this.probs.length ? Math.log(this.probs[x]) : -Infinity;
  }
  override support(): readonly number[] {
    return this.probs.map((_, j) => j);
  }
  override get discrete(): boolean {
    return true;
  }
  sampleNoise(): number {
    throw new Error("categorical noise is a Gumbel vector; the runtime handles it");
  }
  fromNoise(): number {
    throw new Error("categorical noise is a Gumbel vector; the runtime handles it");
  }
  abduct(): number {
    throw new Error("categorical noise is a Gumbel vector; the runtime handles it");
  }
  inSupport(x: number): boolean {
    return Number.isInteger(x) && x >= 0 && x < this.probs.length;
  }
  supportText(): string {
    return listValues(this.probs.length);
  }
  describe(): string {
    return `categorical([${this.probs.join(", ")}])`;
  }
}

/** "0", "0 and 1", "0, 1 and 2", ...; long ranges are shortened to "the integers 0 to k - 1". */
function listValues(k: number): string {
  if (k === 1) return "only 0";
  if (k > 6) return `the integers 0 to ${k - 1}`;
  const xs = Array.from({ length: k }, (_, j) => String(j));
  return `${xs.slice(0, -1).join(", ")} and ${xs[k - 1]}`;
}

export function categorical(probs: ArrayLike<number>): Categorical {
  return new Categorical(probs);
}
