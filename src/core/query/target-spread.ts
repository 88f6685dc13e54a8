/**
 * The distribution of a continuous target, summarised from the very samples its mean was estimated
 * from (answer() collects them batch by batch): the standard deviation, the 90% interval (the 5th and
 * 95th weighted percentiles) and a density histogram. Under evidence every row carries its likelihood
 * weight, so all three are of the conditional distribution (self-normalised, like the mean).
 *
 * Batches are pooled as pool-batches.ts pools their means: each batch's weights are normalised to
 * sum to n_b / N (plain Monte Carlo rows then all weigh 1 / N), so the summary is that of the union.
 *
 * Percentile p is the smallest sampled value whose cumulative weight reaches p (the weighted
 * empirical quantile). The histogram spans the 0.1th to 99.9th percentiles (so a stray draw does not
 * squash it) in up to HISTOGRAM_BINS equal bins, aligned on whole numbers when every value is one;
 * each bin's density is its weight over its width, so a bin of the plot has area = probability and
 * two worlds' histograms (with different bins) share one axis. The mass outside the span is `outside`.
 */
import { gammaP, gammaQ } from "../distributions/special-functions";
import { holds, type Threshold } from "./threshold";

/** One world's target distribution beside its mean. */
export interface TargetSpread {
  /** Weighted standard deviation sqrt(sum w (x - mean)^2 / sum w). */
  sd: number;
  /** The 5th and 95th weighted percentiles (absent for an exact answer, which keeps no samples). */
  interval?: { low: number; high: number; level: 0.9 };
  /** Equal-width bins; `density` = the bin's probability / its width. */
  histogram?: { x0: number; x1: number; density: number }[];
  /** Probability outside the histogram's span (below its first bin or above its last). */
  outside?: number;
}

export const HISTOGRAM_BINS = 30;

/** The rows of one sampling batch: target values and log weights (0 when unweighted). */
export class SampleBuffer {
  readonly values: Float64Array;
  readonly logWeights: Float64Array;
  n = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
    this.logWeights = new Float64Array(capacity);
  }
  add(value: number, logWeight: number): void {
    this.values[this.n] = value;
    this.logWeights[this.n] = logWeight;
    this.n++;
  }
}

/** The pooled weighted sample of several batches (weights sum to 1), sorted by value. */
export function pooledSample(batches: readonly SampleBuffer[]): { x: Float64Array; w: Float64Array } | undefined {
  const total = batches.reduce((a, b) => a + b.n, 0);
  const x = new Float64Array(total), w = new Float64Array(total);
  let k = 0;
  for (const b of batches) {
    let max = -Infinity;
    for (let i = 0; i < b.n; i++) if (b.logWeights[i] > max) max = b.logWeights[i];
    if (max === -Infinity) continue;
    let sum = 0;
    for (let i = 0; i < b.n; i++) sum += Math.exp(b.logWeights[i] - max);
    const scale = b.n / total / sum;
    for (let i = 0; i < b.n; i++) {
      x[k] = b.values[i];
      w[k++] = Math.exp(b.logWeights[i] - max) * scale;
    }
  }
  if (!k) return undefined;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const xs = new Float64Array(k), ws = new Float64Array(k);
  let sw = 0;
  for (let i = 0; i < k; i++) sw += w[order[i]];
  for (let i = 0; i < k; i++) {
    xs[i] = x[order[i]];
    ws[i] = w[order[i]] / sw;
  }
  return { x: xs, w: ws };
}

/** The smallest value whose cumulative weight reaches p, on a sorted sample with weights summing to 1. */
export function weightedQuantile(x: Float64Array, w: Float64Array, p: number): number {
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    c += w[i];
    if (c >= p - 1e-12) return x[i];
  }
  return x[x.length - 1];
}

/** sd, 90% interval and histogram of the pooled batches (undefined when no row has weight). */
export function spreadOf(batches: readonly SampleBuffer[]): TargetSpread | undefined {
  const s = pooledSample(batches);
  if (!s) return undefined;
  const { x, w } = s;
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += w[i] * x[i];
  let v = 0;
  for (let i = 0; i < x.length; i++) v += w[i] * (x[i] - mean) ** 2;
  const { histogram, outside } = histogramOf(x, w);
  return { sd: Math.sqrt(v), interval: { low: weightedQuantile(x, w, 0.05), high: weightedQuantile(x, w, 0.95), level: 0.9 }, histogram, outside };
}

function histogramOf(x: Float64Array, w: Float64Array): { histogram: NonNullable<TargetSpread["histogram"]>; outside: number } {
  const integer = x.every((v) => Number.isInteger(v));
  let lo = weightedQuantile(x, w, 0.001), hi = weightedQuantile(x, w, 0.999);
  let bins: number, width: number;
  if (integer) {
    width = Math.max(1, Math.ceil((hi - lo + 1) / HISTOGRAM_BINS));
    lo -= 0.5;
    bins = Math.ceil((hi + 0.5 - lo) / width);
  } else if (hi > lo) {
    bins = HISTOGRAM_BINS;
    width = (hi - lo) / bins;
  } else {
    // (almost) one value: one bin around it
    width = Math.max(Math.abs(lo) * 1e-3, 1e-6);
    lo -= width / 2;
    bins = 1;
  }
  hi = lo + bins * width;
  const mass = new Float64Array(bins);
  let outside = 0;
  for (let i = 0; i < x.length; i++) {
    const b = Math.floor((x[i] - lo) / width);
    if (x[i] < lo || x[i] > hi) outside += w[i];
    else mass[Math.min(bins - 1, Math.max(0, b))] += w[i];
  }
  const histogram = Array.from(mass, (m, b) => ({ x0: lo + b * width, x1: lo + (b + 1) * width, density: m / width }));
  return { histogram, outside };
}

const Z95 = 1.6448536269514722;

/** Phi(z), the standard normal CDF: (1 + sign(z) erf(|z| / sqrt 2)) / 2, with erf(x) = P(1/2, x^2). */
function phi(z: number): number {
  const e = gammaP(0.5, (z * z) / 2);
  return z >= 0 ? (1 + e) / 2 : (1 - e) / 2;
}

/** P(Z > z) for a standard normal Z, from Q(1/2, z^2 / 2) in the far tail (no 1 - P cancellation). */
function upperTail(z: number): number {
  const q = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? q : 1 - q;
}

/** P(Y op c) for Y ~ Normal(mean, sd): a threshold event on a closed-form target (sd 0: the point mean decides). */
export function gaussianThreshold(mean: number, sd: number, t: Threshold): number {
  if (!(sd > 0)) return holds(mean, t) ? 1 : 0;
  return t.op === ">" || t.op === ">=" ? upperTail((t.value - mean) / sd) : upperTail((mean - t.value) / sd);
}

/**
 * The exact spread of a Gaussian target (a closed-form answer): its sd, the 90% interval mean ± 1.6449 sd
 * and the density histogram of the same 30 bins a sampled answer has, over mean ± 4 sd, each bin's exact
 * probability over its width (`outside` = P(|Z| > 4)). A deterministic target (sd 0) has no histogram.
 */
export function gaussianSpread(mean: number, sd: number): TargetSpread {
  const spread: TargetSpread = { sd, interval: { low: mean - Z95 * sd, high: mean + Z95 * sd, level: 0.9 } };
  if (!(sd > 0)) return spread;
  const width = (8 * sd) / HISTOGRAM_BINS;
  spread.histogram = Array.from({ length: HISTOGRAM_BINS }, (_, b) => {
    const x0 = mean - 4 * sd + b * width, x1 = x0 + width;
    return { x0, x1, density: (phi((x1 - mean) / sd) - phi((x0 - mean) / sd)) / width };
  });
  spread.outside = 2 * (1 - phi(4));
  return spread;
}
