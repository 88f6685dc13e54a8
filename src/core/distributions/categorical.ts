/**
 * Categorical(p) on {0, ..., k-1}. Noise is a vector of iid Gumbels g and x = argmax_j log p_j + g_j
 * (the Gumbel-max SCM of Oberst & Sontag 2019): drawNoise, pushNoise and abductNoise keep one Gumbel
 * vector per row (gumbel-max.ts); the scalar-noise methods are not defined for it.
 */
import type { Rng } from "../random/rng";
import { CausalError } from "../errors/diagnostic";
import { RowwiseBatch } from "./batch-distribution";
import { Distribution, type NoiseColumns, type NoiseKind, invalidParameter, type ParamSpec, defineParams } from "./distribution";
import { perturbedArgmax, posteriorGumbels, standardGumbel } from "./gumbel-max";

const TOLERANCE = 1e-9;
/** Up to this many categories a draw scans the probabilities; beyond, it searches their cumulative sums (10^5 categories: 17 steps, not 50,000). */
const LINEAR_SCAN = 32;

export class Categorical extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = defineParams([
    { name: "probs", description: "category probabilities", constraint: "each in [0, 1], summing to 1", check: "probability", requirement: "a probability must lie in [0, 1]" },
  ]);
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
    const entry = Categorical.params[0];
    let sum = 0;
    for (let j = 0; j < probs.length; j++) {
      const q = probs[j];
      if (!entry.valid(q, [])) invalidParameter("categorical", `probs[${j}]`, q, entry.requirement as string);
      sum += q;
    }
    if (Math.abs(sum - 1) > TOLERANCE * probs.length) invalidParameter("categorical", "probs", Array.from(probs), `the probabilities sum to ${sum}, not 1`);
    this.probs = Array.from(probs);
  }
  get logits(): number[] {
    return this.probs.map(Math.log);
  }
  /** Cumulative probabilities, built on the first draw from a large categorical (binary search instead of a scan). */
  private cdf: Float64Array | undefined;
  sample(rng: Rng): number {
    let u = rng.next();
    const p = this.probs;
    if (p.length > LINEAR_SCAN) return this.searchCdf(u);
    for (let j = 0; j < p.length - 1; j++) {
      if (u < p[j]) return j;
      u -= p[j];
    }
    return p.length - 1;
  }
  private searchCdf(u: number): number {
    let cdf = this.cdf;
    if (!cdf) {
      cdf = this.cdf = new Float64Array(this.probs.length);
      let sum = 0;
      this.probs.forEach((q, j) => { sum += q; cdf![j] = sum; });
    }
    // The first j with u < cdf[j]; the last category takes any rounding left over (as the scan does).
    let lo = 0, hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cdf[mid]) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
  logProb(x: number): number {
    return Number.isInteger(x) && x >= 0 && x < this.probs.length ? Math.log(this.probs[x]) : -Infinity;
  }
  override mass(x: number): number {
    return Number.isInteger(x) && x >= 0 && x < this.probs.length ? this.probs[x] : 0;
  }
  override support(): readonly number[] {
    return this.probs.map((_, j) => j);
  }
  override get discrete(): boolean {
    return true;
  }
  override drawNoise(rng: Rng, noise: NoiseColumns, row: number): number {
    const g = new Float64Array(this.probs.length);
    for (let j = 0; j < g.length; j++) g[j] = standardGumbel(rng);
    noise.g[row] = g;
    return perturbedArgmax(this.logits, g);
  }
  override pushNoise(noise: NoiseColumns, row: number, rng: Rng): number {
    let g = noise.g[row];
    if (!g || g.length !== this.probs.length) {
      // The factual mechanism had another arity (or was not categorical): fresh noise for this row.
      g = new Float64Array(this.probs.length);
      for (let j = 0; j < g.length; j++) g[j] = standardGumbel(rng);
    }
    return perturbedArgmax(this.logits, g);
  }
  override abductNoise(x: number, rng: Rng, noise: NoiseColumns, row: number): void {
    noise.g[row] = posteriorGumbels(this.logits, x, rng);
  }
  override thresholdProbability(): number | undefined {
    return this.probs.length === 2 ? this.probs[1] : undefined;
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

/**
 * categorical for a batch of rows: `probs` holds n rows of k probabilities, row after row (what a
 * softmax over k logits per row gives). Every row is checked when the batch is made.
 */
export class CategoricalColumns extends RowwiseBatch {
  constructor(readonly probs: Float64Array, readonly k: number) {
    super(k > 0 && Number.isInteger(k) && probs.length % k === 0 ? probs.length / k : invalidParameter("categorical", "probs", probs.length, `the probabilities must come as rows of k = ${k} (length a multiple of k)`));
    for (let i = 0; i < this.size; i++) {
      try {
        this.at(i);
      } catch (e) {
        if (e instanceof CausalError) throw new CausalError({ ...e.diagnostic, message: `row ${i}: ${e.diagnostic.message}` });
        throw e;
      }
    }
  }
  at(row: number): Categorical {
    return new Categorical(this.probs.subarray(row * this.k, (row + 1) * this.k));
  }
}

export function categoricalColumns(probs: Float64Array, k: number): CategoricalColumns {
  return new CategoricalColumns(probs, k);
}
