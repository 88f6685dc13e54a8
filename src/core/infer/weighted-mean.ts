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
