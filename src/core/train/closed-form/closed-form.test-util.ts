// Test helpers for the closed-form fitters: LearnedSpec values built by hand (as the DSL's
// helpers build them), a CSV text of columns, and independent reference solvers on plain arrays
// (Householder QR least squares, Gaussian elimination) — none shares code with the fitters.
import type { LearnedFamily, LearnedSpec } from "../../runtime/model-spec";

/** A LearnedSpec whose features are the named parents unchanged (or computed by `compute`). */
export function learnedSpec(family: LearnedFamily, variable: string, features: readonly string[], options: { levels?: number; featureLevels?: number[]; compute?: Record<string, (row: Record<string, number>) => number> } = {}): LearnedSpec {
  const compute = options.compute ?? {};
  return {
    family, features,
    featureParents: features.map((f) => (compute[f] ? undefined : f)),
    featuresOf: (row) => Float64Array.from(features, (f) => (compute[f] ? compute[f](row as Record<string, number>) : row[f])),
    ...(options.levels !== undefined ? { levels: options.levels } : {}),
    ...(options.featureLevels ? { featureLevels: options.featureLevels } : {}),
    params: family === "tabular" ? { cpt: `${variable}.cpt` } : family === "linear-gaussian" ? { coef: `${variable}.coef`, sd: `${variable}.sd` } : { coef: `${variable}.coef` },
  };
}

export function csvText(columns: Record<string, ArrayLike<number>>): string {
  const names = Object.keys(columns), n = columns[names[0]].length;
  const lines = [names.join(",")];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => String(columns[k][i])).join(","));
  return lines.join("\n") + "\n";
}

/** Least squares min |X b - y| by Householder QR (Golub & Van Loan 5.3.2); also returns (X'X)^-1 = R^-1 R^-T. */
export function leastSquaresQr(X: number[][], y: number[]): { b: number[]; xtxInverse: number[][] } {
  const n = X.length, p = X[0].length;
  const A = X.map((r) => [...r]), c = [...y];
  for (let j = 0; j < p; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += A[i][j] * A[i][j];
    norm = Math.sqrt(norm);
    const alpha = A[j][j] > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = j; i < n; i++) v[i] = A[i][j];
    v[j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += v[i] * v[i];
    for (let k = j; k < p; k++) {
      let s = 0;
      for (let i = j; i < n; i++) s += v[i] * A[i][k];
      for (let i = j; i < n; i++) A[i][k] -= (2 * s / vv) * v[i];
    }
    let s = 0;
    for (let i = j; i < n; i++) s += v[i] * c[i];
    for (let i = j; i < n; i++) c[i] -= (2 * s / vv) * v[i];
  }
  const b = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) { let s = c[i]; for (let k = i + 1; k < p; k++) s -= A[i][k] * b[k]; b[i] = s / A[i][i]; }
  // R^-1 (upper triangular), then R^-1 R^-T.
  const Ri = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    Ri[j][j] = 1 / A[j][j];
    for (let i = j - 1; i >= 0; i--) { let s = 0; for (let k = i + 1; k <= j; k++) s += A[i][k] * Ri[k][j]; Ri[i][j] = -s / A[i][i]; }
  }
  const xtxInverse = Ri.map((row, i) => Ri.map((_, j) => row.reduce((s, v, k) => s + v * Ri[j][k], 0)));
  return { b, xtxInverse };
}

/** Solves A x = c by Gaussian elimination with partial pivoting. */
export function solve(A: number[][], c: number[]): number[] {
  const k = c.length, M = A.map((r, i) => [...r, c[i]]);
  for (let i = 0; i < k; i++) {
    let piv = i;
    for (let r = i + 1; r < k; r++) if (Math.abs(M[r][i]) > Math.abs(M[piv][i])) piv = r;
    [M[i], M[piv]] = [M[piv], M[i]];
    for (let r = i + 1; r < k; r++) { const f = M[r][i] / M[i][i]; for (let j = i; j <= k; j++) M[r][j] -= f * M[i][j]; }
  }
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) { let s = M[i][k]; for (let j = i + 1; j < k; j++) s -= M[i][j] * x[j]; x[i] = s / M[i][i]; }
  return x;
}

export function invert(A: number[][]): number[][] {
  const cols = A.map((_, j) => solve(A, A.map((__, i) => (i === j ? 1 : 0))));
  return A.map((_, i) => cols.map((col) => col[i]));
}

/**
 * Newton's method for a GLM with a canonical link on plain arrays: `mean(eta)` and `variance(eta)`
 * (the derivative of the mean), to a step below 1e-14. Returns the coefficients and (X'WX)^-1.
 */
export function glmReference(X: number[][], y: ArrayLike<number>, mean: (eta: number) => number, variance: (eta: number) => number): { b: number[]; cov: number[][] } {
  const p = X[0].length;
  let b = new Array<number>(p).fill(0);
  let H: number[][] = [];
  for (let it = 0; it < 200; it++) {
    H = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const g = new Array<number>(p).fill(0);
    X.forEach((row, i) => {
      const eta = row.reduce((s, v, j) => s + v * b[j], 0), mu = mean(eta), w = variance(eta);
      for (let a = 0; a < p; a++) { g[a] += (y[i] - mu) * row[a]; for (let c = 0; c < p; c++) H[a][c] += w * row[a] * row[c]; }
    });
    const step = solve(H, g);
    b = b.map((v, j) => v + step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-14) break;
  }
  return { b, cov: invert(H) };
}

export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / den;
}
