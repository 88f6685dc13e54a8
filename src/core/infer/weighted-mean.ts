/**
 * Streaming self-normalised importance-sampling mean with its delta-method standard error,
 * SE^2 = sum w_i^2 (f_i - mean)^2 / (sum w_i)^2, and effective sample size (sum w)^2 / sum w^2.
 * Log weights are rescaled by a running maximum so no exp over/underflows. With all weights
 * equal it is the plain sample mean and SE = sd / sqrt(n).
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Estimate } from "./estimate";

export class WeightedMean {
  private shift = -Infinity;
  private sw = 0;
  private sw2 = 0;
  private swf = 0;
  private sw2f = 0;
  private sw2f2 = 0;
  n = 0;

  add(f: number, logW: number): void {
    this.n++;
    if (logW === -Infinity) return;
    if (logW > this.shift) {
      const r = Math.exp(this.shift - logW), r2 = r * r;
      this.sw *= r; this.swf *= r; this.sw2 *= r2; this.sw2f *= r2; this.sw2f2 *= r2;
      this.shift = logW;
    }
    const w = Math.exp(logW - this.shift), w2 = w * w;
    this.sw += w; this.swf += w * f; this.sw2 += w2; this.sw2f += w2 * f; this.sw2f2 += w2 * f * f;
  }

  get anyWeight(): boolean {
    return this.sw > 0;
  }

  result(method: string, weighted: boolean): Estimate {
    if (!(this.sw > 0)) throw new CausalError(error("impossible-evidence", `every one of the ${this.n} samples contradicts the evidence (all likelihood weights are 0)`));
    const mean = this.swf / this.sw;
    const num = Math.max(0, this.sw2f2 - 2 * mean * this.sw2f + mean * mean * this.sw2);
    const se = Math.sqrt(num) / this.sw;
    const ess = (this.sw * this.sw) / this.sw2;
    return { value: mean, standardError: se, method, samples: this.n, ...(weighted ? { effectiveSampleSize: ess } : {}) };
  }
}

/**
 * P(X = x_k) for every state k of one discrete target from one pass of weighted rows: the
 * WeightedMean of each indicator 1[X = x_k], kept as per-state sums of w and w^2 beside the shared
 * totals (an indicator's f = f^2, so those two sums are all it needs). A state no row reached has
 * the estimate 0 with standard error 1/n (n the effective sample size): the error of a state of
 * probability about 1/n, instead of a 0 ± 0 that claims certainty (pooled over batches it is near
 * the rule-of-three bound, P < 3/n at 95%, for a state never drawn).
 */
export class IndicatorMeans {
  private shift = -Infinity;
  private sw = 0;
  private sw2 = 0;
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;
  n = 0;

  constructor(readonly states: number) {
    this.s1 = new Float64Array(states);
    this.s2 = new Float64Array(states);
  }

  /** A row whose value is state k (or none of them: k < 0) with log weight logW. */
  add(k: number, logW: number): void {
    this.n++;
    if (logW === -Infinity) return;
    if (logW > this.shift) {
      const r = Math.exp(this.shift - logW), r2 = r * r;
      this.sw *= r; this.sw2 *= r2;
      for (let j = 0; j < this.states; j++) { this.s1[j] *= r; this.s2[j] *= r2; }
      this.shift = logW;
    }
    const w = Math.exp(logW - this.shift), w2 = w * w;
    this.sw += w; this.sw2 += w2;
    if (k >= 0) { this.s1[k] += w; this.s2[k] += w2; }
  }

  result(k: number, method: string, weighted: boolean): Estimate {
    if (!(this.sw > 0)) throw new CausalError(error("impossible-evidence", `every one of the ${this.n} samples contradicts the evidence (all likelihood weights are 0)`));
    const ess = (this.sw * this.sw) / this.sw2;
    const mean = this.s1[k] / this.sw;
    const num = Math.max(0, this.s2[k] - 2 * mean * this.s2[k] + mean * mean * this.sw2);
    const se = this.s1[k] > 0 ? Math.sqrt(num) / this.sw : 1 / (weighted ? ess : this.n);
    return { value: mean, standardError: se, method, samples: this.n, ...(weighted ? { effectiveSampleSize: ess } : {}) };
  }
}
