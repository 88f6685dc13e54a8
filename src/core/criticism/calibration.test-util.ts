/**
 * Calibration helpers for the criticism tests: the exact binomial acceptance region for the number
 * of rejections among m independent tests at level alpha, so a false-positive-rate assertion's
 * tolerance is derived from the count rather than chosen by eye. The log-gamma here is a Stirling
 * series, independent of the code under test.
 */
/** Exact two-sided binomial acceptance region [lo, hi] for the count of m Bernoulli(alpha) trials, each tail <= tail. */
export function binomialRegion(m: number, alpha: number, tail = 1e-3): [number, number] {
  const pmf = (k: number): number => Math.exp(lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1) + k * Math.log(alpha) + (m - k) * Math.log1p(-alpha));
  let lo = 0, acc = pmf(0);
  while (acc + pmf(lo + 1) <= tail) { lo++; acc += pmf(lo); }
  if (acc <= tail) lo++;
  let hi = m, up = pmf(m);
  while (up + pmf(hi - 1) <= tail) { hi--; up += pmf(hi); }
  if (up <= tail) hi--;
  return [lo, hi];
}

function lgamma(x: number): number {
  // Stirling series with shift (independent of the code under test).
  let s = 0;
  while (x < 10) { s -= Math.log(x); x += 1; }
  return s + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
}

