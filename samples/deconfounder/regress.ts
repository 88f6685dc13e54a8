/**
 * Least squares with a sparse binary block (the cast) and a few dense columns (intercept,
 * substitute confounders, covariates): X'X is assembled from the cast lists in O(N (c + d)^2),
 * solved by Cholesky, and the standard errors read off the inverse's diagonal.
 */

export interface Design {
  /** cast[i]: the actor indices with a_ij = 1 (those columns are 1, the others 0). */
  cast: number[][];
  actors: number;
  /** Dense columns, each of length N (the intercept is added here). */
  dense: Float64Array[];
}
export interface Fit {
  coef: Float64Array; se: Float64Array; sigma: number; rss: number;
  /** The Cholesky factor of X'X + ridge, kept to solve other right-hand sides. */
  chol: Float64Array; p: number;
}

/** A tiny ridge on every column (relative to X'X's mean diagonal) keeps an actor seen in no film from making X'X singular. */
export const RIDGE = 1e-8;

function normalEquations(d: Design): { xtx: Float64Array; p: number } {
  const J = d.actors, D = d.dense.length + 1, p = J + D, N = d.cast.length;
  const xtx = new Float64Array(p * p);
  const row = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    row[0] = 1;
    for (let k = 1; k < D; k++) row[k] = d.dense[k - 1][i];
    const c = d.cast[i];
    for (const a of c) { for (const b of c) xtx[a * p + b] += 1; for (let k = 0; k < D; k++) { xtx[a * p + J + k] += row[k]; xtx[(J + k) * p + a] += row[k]; } }
    for (let k = 0; k < D; k++) for (let l = 0; l < D; l++) xtx[(J + k) * p + J + l] += row[k] * row[l];
  }
  return { xtx, p };
}

function xty(d: Design, y: Float64Array): Float64Array {
  const J = d.actors, D = d.dense.length + 1, out = new Float64Array(J + D);
  for (let i = 0; i < d.cast.length; i++) {
    for (const a of d.cast[i]) out[a] += y[i];
    out[J] += y[i];
    for (let k = 1; k < D; k++) out[J + k] += d.dense[k - 1][i] * y[i];
  }
  return out;
}

function cholesky(a: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let s = a[j * p + j];
    for (let k = 0; k < j; k++) s -= L[j * p + k] ** 2;
    if (!(s > 0)) throw new Error(`X'X is not positive definite at column ${j}`);
    const ljj = Math.sqrt(s);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let t = a[i * p + j];
      const Li = i * p, Lj = j * p;
      for (let k = 0; k < j; k++) t -= L[Li + k] * L[Lj + k];
      L[i * p + j] = t / ljj;
    }
  }
  return L;
}

export function cholSolve(L: Float64Array, p: number, b: Float64Array): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) { let s = b[i]; for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k]; z[i] = s / L[i * p + i]; }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) { let s = z[i]; for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k]; x[i] = s / L[i * p + i]; }
  return x;
}

/** diag((L L')^-1) = column sums of squares of L^-1. */
function inverseDiagonal(L: Float64Array, p: number): Float64Array {
  const diag = new Float64Array(p), col = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    // Column j of L^-1: solve L x = e_j (x is zero above j).
    col.fill(0);
    col[j] = 1 / L[j * p + j];
    let s = col[j] ** 2;
    for (let i = j + 1; i < p; i++) {
      let t = 0;
      const Li = i * p;
      for (let k = j; k < i; k++) t -= L[Li + k] * col[k];
      col[i] = t / L[Li + i];
      s += col[i] ** 2;
    }
    diag[j] = s;
  }
  return diag;
}

export function predict(d: Design, coef: Float64Array): Float64Array {
  const J = d.actors, out = new Float64Array(d.cast.length);
  for (let i = 0; i < d.cast.length; i++) {
    let s = coef[J];
    for (const a of d.cast[i]) s += coef[a];
    for (let k = 0; k < d.dense.length; k++) s += coef[J + 1 + k] * d.dense[k][i];
    out[i] = s;
  }
  return out;
}

/** Ordinary least squares of y on the design (coefficients: actors, then intercept, then the dense columns). */
export function ols(d: Design, y: Float64Array, withSe = true): Fit {
  const { xtx, p } = normalEquations(d);
  let tr = 0;
  for (let j = 0; j < p; j++) tr += xtx[j * p + j];
  for (let j = 0; j < p; j++) xtx[j * p + j] += RIDGE * (tr / p) + 1e-12;
  const L = cholesky(xtx, p);
  const coef = cholSolve(L, p, xty(d, y));
  const fitted = predict(d, coef);
  let rss = 0;
  for (let i = 0; i < y.length; i++) rss += (y[i] - fitted[i]) ** 2;
  const sigma = Math.sqrt(rss / Math.max(1, y.length - p));
  const se = withSe ? inverseDiagonal(L, p).map((v) => sigma * Math.sqrt(v)) : new Float64Array(p);
  return { coef, se, sigma, rss, chol: L, p };
}

/** R^2 of each column of `targets` regressed on the design `d` (reusing one factorisation). */
export function rSquared(d: Design, targets: Float64Array[]): number[] {
  const fit = ols(d, targets[0] ?? new Float64Array(d.cast.length), false);
  return targets.map((t) => {
    const coef = cholSolve(fit.chol, fit.p, xty(d, t));
    const f = predict(d, coef);
    let mean = 0;
    for (const v of t) mean += v;
    mean /= t.length;
    let rss = 0, tss = 0;
    for (let i = 0; i < t.length; i++) { rss += (t[i] - f[i]) ** 2; tss += (t[i] - mean) ** 2; }
    return 1 - rss / tss;
  });
}

/** Spearman rank correlation (average ranks for ties). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const rank = (x: ArrayLike<number>) => {
    const idx = Array.from({ length: x.length }, (_, i) => i).sort((i, j) => x[i] - x[j]);
    const r = new Float64Array(x.length);
    for (let s = 0; s < idx.length;) {
      let e = s;
      while (e + 1 < idx.length && x[idx[e + 1]] === x[idx[s]]) e++;
      for (let t = s; t <= e; t++) r[idx[t]] = (s + e) / 2;
      s = e + 1;
    }
    return r;
  };
  const ra = rank(a), rb = rank(b), n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += ra[i]; mb += rb[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) ** 2; sbb += (rb[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}
