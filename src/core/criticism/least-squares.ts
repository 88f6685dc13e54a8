/**
 * Least squares by orthogonalisation: an orthonormal basis of a design's columns (modified
 * Gram-Schmidt, each column orthogonalised twice, "twice is enough" — Giraud et al. 2005), with
 * columns that add nothing (collinear with earlier ones, e.g. a constant beside the intercept)
 * dropped and counted rather than producing NaN; residuals are projections off that basis. The
 * criticism checks use it for partial correlations, residual blocks and nested F-tests; it never
 * forms X'X, so a badly scaled design loses no more than its condition number says.
 */

export interface Basis {
  /** Orthonormal columns spanning the design (its rank is q.length; collinear columns add none). */
  readonly q: readonly Float64Array[];
}

const COLLINEAR = 1e-9;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function project(v: Float64Array, q: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const u of q) {
      const c = dot(u, v);
      for (let i = 0; i < v.length; i++) v[i] -= c * u[i];
    }
  }
}

/** An orthonormal basis of `columns` appended to `start` (itself orthonormal). */
export function extendBasis(start: Basis, columns: readonly Float64Array[]): Basis {
  const q = [...start.q];
  for (const c of columns) {
    const v = Float64Array.from(c);
    const before = Math.sqrt(dot(v, v));
    if (!(before > 0)) continue;
    project(v, q);
    const after = Math.sqrt(dot(v, v));
    if (!(after > COLLINEAR * before)) continue;
    for (let i = 0; i < v.length; i++) v[i] /= after;
    q.push(v);
  }
  return { q };
}

export function basisOf(columns: readonly Float64Array[]): Basis {
  return extendBasis({ q: [] }, columns);
}

/** y minus its least-squares projection on the basis. */
export function residualOn(y: Float64Array, basis: Basis): Float64Array {
  const r = Float64Array.from(y);
  project(r, basis.q);
  return r;
}

export function sumOfSquares(r: Float64Array): number {
  return dot(r, r);
}

export function innerProduct(a: Float64Array, b: Float64Array): number {
  return dot(a, b);
}

/** A column of ones (the intercept). */
export function ones(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}
