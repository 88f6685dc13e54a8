/**
 * Special functions the inverse-CDF noise of gamma, beta and poisson needs: log-gamma (Lanczos,
 * g = 7, n = 9), the regularised incomplete gamma P(a, x) (power series below a + 1, Lentz's
 * continued fraction above) and the regularised incomplete beta I_x(a, b) (continued fraction),
 * plus a monotone bisection inverse. Accuracy ~1e-13 relative; tests compare with closed forms.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** The series of P(a, x) without its prefix x^a e^-x / Gamma(a) (converges fast for x < a + 1; Numerical Recipes 6.2). */
export function gammaSeries(a: number, x: number): number {
  let term = 1 / a, sum = term;
  for (let n = 1; n < 100_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

/** The continued fraction of Q(a, x) without its prefix (modified Lentz; for x >= a + 1). */
export function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularised lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return Math.min(1, gammaSeries(a, x) * Math.exp(logPrefix));
  return Math.max(0, 1 - Math.exp(logPrefix) * gammaContinuedFraction(a, x));
}

/** Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), without the cancellation of 1 - P in the upper tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return Math.max(0, 1 - gammaSeries(a, x) * Math.exp(logPrefix));
  return Math.min(1, Math.exp(logPrefix) * gammaContinuedFraction(a, x));
}

/** The continued fraction of I_x(a, b) without its prefix (Numerical Recipes 6.4). */
export function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The x in [lo, hi] with cdf(x) = u for an increasing cdf, by bisection to full precision. */
export function invertMonotone(cdf: (x: number) => number, u: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (cdf(mid) < u) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
