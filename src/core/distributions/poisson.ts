/** Poisson(rate) on {0, 1, 2, ...} (infinite support: never enumerated). Noise: inverse CDF,
 * x = min{k : F(k) > u}; abduction draws u ~ U(F(x - 1), F(x)). */
import type { Rng } from "../random/rng";
import { FamilyColumns, type ParamColumn } from "./batch-distribution";
import { Distribution, type NoiseKind, openUniform, type ParamSpec, compileCheck, defineParams, validateParameters, uniformBetween } from "./distribution";
import { logGamma } from "./special-functions";

const PARAMS = defineParams([
  { name: "rate", description: "mean count", constraint: "rate >= 0, finite", check: "nonNegative", requirement: "the rate must be non-negative and finite" },
]);
const CHECK = compileCheck(PARAMS);

export class Poisson extends Distribution<number> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "poisson";
  }
  get noise(): NoiseKind {
    return "inverse-cdf";
  }
  constructor(readonly rate: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(rate)) validateParameters("poisson", Poisson.params, [rate]);
  }
  override get discrete(): boolean {
    return true;
  }
  sample(rng: Rng): number {
    return this.fromNoise(rng.next());
  }
  logProb(x: number): number {
    if (!(Number.isInteger(x) && x >= 0)) return -Infinity;
    if (this.rate === 0) return x === 0 ? 0 : -Infinity;
    return x * Math.log(this.rate) - this.rate - logGamma(x + 1);
  }
  /** P(X <= k), by summing the mass function (k is small where this is used). */
  cdf(k: number): number {
    if (k < 0) return 0;
    let p = Math.exp(-this.rate), s = p;
    for (let i = 1; i <= k; i++) {
      p *= this.rate / i;
      s += p;
    }
    return Math.min(1, s);
  }
  sampleNoise(rng: Rng): number {
    return openUniform(rng);
  }
  fromNoise(u: number): number {
    let k = 0, p = Math.exp(-this.rate), s = p;
    if (p === 0) return Math.max(0, Math.round(this.rate + Math.sqrt(this.rate) * normalQuantile(u)));
    while (s <= u && k < 1e7) {
      k++;
      p *= this.rate / k;
      s += p;
      if (p === 0 && s <= u) break;
    }
    return k;
  }
  abduct(x: number, rng: Rng): number {
    return uniformBetween(this.cdf(x - 1), this.cdf(x), rng);
  }
  inSupport(x: number): boolean {
    return Number.isInteger(x) && x >= 0;
  }
  supportText(): string {
    return "the integers 0, 1, 2, ...";
  }
  describe(): string {
    return `poisson(${this.rate})`;
  }
}

/** Normal quantile (Acklam's rational approximation, |error| < 1.2e-9) for huge-rate fallbacks. */
function normalQuantile(u: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(u, 1e-300), 1 - 1e-16);
  if (q < 0.02425 || q > 0.97575) {
    const t = Math.sqrt(-2 * Math.log(q < 0.5 ? q : 1 - q));
    const z = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
    return q < 0.5 ? z : -z;
  }
  const r = q - 0.5, s = r * r;
  return ((((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r) / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
}

export function poisson(rate: number): Poisson {
  return new Poisson(rate);
}

/** poisson(rate) for a batch of rows: each parameter a column or one number for every row. */
export function poissonColumns(rate: ParamColumn): FamilyColumns<Poisson> {
  return new FamilyColumns("poisson", Poisson.params, (v) => new Poisson(v[0]), [rate]);
}
