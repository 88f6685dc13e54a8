/**
 * Tail probabilities in log space, so a p-value of 1e-300 (or 1e-3000) is reported as its log10
 * rather than floored at 0 or 2.2e-16: the upper regularised incomplete gamma Q(a, x) (chi-square and
 * two-sided normal tails: P(|Z| > z) = Q(1/2, z^2/2)) and the regularised incomplete beta I_x(a, b)
 * (the F tail), each computed as a log from the same series and continued fractions as
 * distributions/special-functions.ts (Numerical Recipes 6.2 and 6.4), but never exponentiated in the
 * tail. Also the noncentral chi-square CDF (a Poisson mixture of central ones) whose inversion gives
 * noncentrality confidence intervals for effect sizes (Smithson 2003, "Confidence Intervals", ch. 4).
 */
import { betaContinuedFraction, gammaContinuedFraction, gammaP, gammaSeries, invertMonotone, logGamma } from "../distributions/special-functions";

const LN10 = Math.LN10;

/** log Q(a, x), the upper regularised incomplete gamma, accurate far into the tail. */
export function logGammaQ(a: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return -Infinity;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  // Below a + 1, Q is not small (x is below the mode region), so log1p(-P) loses nothing;
  // above, the continued fraction is kept as log(prefix) + log(fraction).
  if (x < a + 1) return Math.log1p(-Math.min(1, gammaSeries(a, x) * Math.exp(logPrefix)));
  return logPrefix + Math.log(gammaContinuedFraction(a, x));
}

/** log I_x(a, b), the regularised incomplete beta, accurate for small I. */
export function logBetaI(a: number, b: number, x: number): number {
  if (!(x > 0)) return -Infinity;
  if (x >= 1) return 0;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return logFront + Math.log(betaContinuedFraction(a, b, x)) - Math.log(a);
  return Math.log1p(-Math.min(1, Math.exp(logFront + Math.log(betaContinuedFraction(b, a, 1 - x)) - Math.log(b))));
}

/** log10 P(X > x) for X ~ chi-square(df). */
export function log10ChiSquareUpper(x: number, df: number): number {
  return logGammaQ(df / 2, x / 2) / LN10;
}

/** log10 P(|Z| > |z|) for Z ~ N(0, 1). */
export function log10NormalTwoSided(z: number): number {
  return logGammaQ(0.5, (z * z) / 2) / LN10;
}

/** log10 P(F > f) for F ~ F(d1, d2): I_{d2 / (d2 + d1 f)}(d2/2, d1/2). */
export function log10FUpper(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 0;
  return logBetaI(d2 / 2, d1 / 2, d2 / (d2 + d1 * f)) / LN10;
}

/** The standard normal CDF, from Q(1/2, .) (erfc) with no cancellation in either tail. */
export function normalCdf(z: number): number {
  const half = 0.5 * Math.exp(logGammaQ(0.5, (z * z) / 2));
  return z < 0 ? half : 1 - half;
}

/** The standard normal quantile (bisection on normalCdf to full precision). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  return invertMonotone(normalCdf, p, -40, 40);
}

/**
 * P(X <= x) for X ~ noncentral chi-square(df, lambda): sum_j Pois(j; lambda/2) P(df/2 + j, x/2),
 * summed over a window of +-12 Poisson standard deviations around the mode (the rest is < 1e-30).
 */
export function noncentralChiSquareCdf(x: number, df: number, lambda: number): number {
  if (!(x > 0)) return 0;
  if (!(lambda > 0)) return gammaP(df / 2, x / 2);
  const mu = lambda / 2, sd = Math.sqrt(mu);
  const lo = Math.max(0, Math.floor(mu - 12 * sd - 5)), hi = Math.ceil(mu + 12 * sd + 5);
  let sum = 0;
  for (let j = lo; j <= hi; j++) {
    const w = Math.exp(-mu + j * Math.log(mu) - logGamma(j + 1));
    if (w > 0) sum += w * gammaP(df / 2 + j, x / 2);
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * A confidence interval for the noncentrality of a chi-square(df) statistic observed at x: the
 * lambdas at which x is the (1 + level)/2 and (1 - level)/2 quantile (0 where no lambda >= 0 fits).
 */
export function noncentralityInterval(x: number, df: number, level: number): [number, number] {
  const upperTail = (1 - level) / 2;
  const solve = (target: number): number => {
    // cdf(x; lambda) decreases in lambda; find lambda with cdf = target.
    if (noncentralChiSquareCdf(x, df, 0) <= target) return 0;
    let hi = Math.max(1, x);
    while (noncentralChiSquareCdf(x, df, hi) > target) hi *= 2;
    let lo = 0;
    for (let i = 0; i < 100 && hi - lo > 1e-7 * Math.max(1, hi); i++) {
      const mid = 0.5 * (lo + hi);
      if (noncentralChiSquareCdf(x, df, mid) > target) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  return [solve(1 - upperTail), solve(upperTail)];
}
