/**
 * The sufficient statistics the SQL-backed checks read, as a small interface the data layer
 * implements (core/data/source-statistics.ts: statisticsProvider over a DataSource, SQL on a
 * file source, one streamed pass over memory). Why an interface here rather than letting criticism
 * import core/data: the checks need three kinds of numbers — weighted moment matrices of
 * [1, features] (optionally per group), contingency counts, and a column's kind — and nothing of
 * DuckDB, tables or files; declaring those needs by shape keeps criticism testable on any engine
 * (a Spark or Postgres connection implements the same three calls) and keeps the folder table
 * acyclic without widening criticism's imports. Only the numbers cross: never rows.
 */

/** A row weight, rendered by the provider as portable SQL and as JS: 1, or exp(t (column - centre) / scale). */
export type RowWeight = { kind: "one" } | { kind: "tilt"; column: string; centre: number; scale: number; t: number };

export interface MomentsRequest {
  /** The columns read. */
  columns: readonly string[];
  /** Indicator features after the columns (not with `features`): 1 where the column equals the value, else 0. */
  indicators?: readonly { column: string; value: number }[];
  /** Computed features of one row (absent: the features are the columns themselves). */
  features?: { count: number; of(row: Readonly<Record<string, number>>): Float64Array };
  /** Weights (default one weight, 1). */
  weights?: readonly RowWeight[];
  /** Sums per level of this column (its values as numbers; a categorical column's level index). */
  groupBy?: string;
  /** Subtracted from the features before the sums (conditioning); default 0. */
  shift?: Float64Array;
}

export interface GroupMoments {
  /** The groupBy column's value, or null without grouping. */
  group: number | null;
  n: number;
  /** Per weight: sum_i w_i z_i z_i^T with z = [1, features - shift], (1 + k) x (1 + k) row-major. */
  m: Float64Array[];
  /** Per weight: sum_i w_i^2 (the effective sample size is m[0][0]^2 / this). */
  sumW2: number[];
}

export interface StatisticsProvider {
  readonly source?: string;
  readonly rowCount: number;
  readonly names: readonly string[];
  /** The column's storage kind and levels; a missing column is a CausalError naming it. */
  kind(name: string): { kind: "numeric" | "integer" | "categorical"; levels?: readonly string[] };
  /** Distinct values of a column, in increasing order, up to `limit` of them (more: the first limit + 1). */
  distinct(name: string, limit: number): Promise<number[]>;
  moments(request: MomentsRequest): Promise<GroupMoments[]>;
  /** Counts of each combination of the columns' values that occurs. */
  counts(columns: readonly string[]): Promise<{ keys: number[][]; counts: number[] }>;
}

/** The moment matrix of z = [1, f] from that of [1, f - shift] (exact linear map, T M T'). */
export function uncentre(m: Float64Array, shift: Float64Array): Float64Array {
  const k = shift.length + 1, out = new Float64Array(k * k);
  // z_raw = T z_c with T = [[1, 0], [shift, I]]
  const T = (a: number, b: number) => (a === b ? 1 : b === 0 && a > 0 ? shift[a - 1] : 0);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let c = 0; c < k; c++) { const ta = T(a, c); if (ta === 0) continue; for (let d = 0; d < k; d++) { const tb = T(b, d); if (tb !== 0) s += ta * m[c * k + d] * tb; } }
    out[a * k + b] = s;
  }
  return out;
}

/** Adds two moment matrices (or sums a list). */
export function addMoments(ms: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(ms[0].length);
  for (const m of ms) for (let i = 0; i < m.length; i++) out[i] += m[i];
  return out;
}

/** The symmetric inverse of a small matrix by Gauss-Jordan; pivots under 1e-10 of the scale drop their row and column (0 there). */
export function pseudoInverse(A: Float64Array, p: number): { inv: Float64Array; rank: number; dropped: Uint8Array } {
  const M = Float64Array.from(A), inv = new Float64Array(p * p), dropped = new Uint8Array(p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  let scale = 1e-300;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(A[i * p + i]));
  for (let c = 0; c < p; c++) {
    if (!(Math.abs(M[c * p + c]) > 1e-10 * scale)) { dropped[c] = 1; continue; }
    const d = M[c * p + c];
    for (let j = 0; j < p; j++) { M[c * p + j] /= d; inv[c * p + j] /= d; }
    for (let r = 0; r < p; r++) {
      const f = M[r * p + c];
      if (r === c || f === 0) continue;
      for (let j = 0; j < p; j++) { M[r * p + j] -= f * M[c * p + j]; inv[r * p + j] -= f * inv[c * p + j]; }
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) if (dropped[a] || dropped[b]) inv[a * p + b] = 0;
  return { inv, rank: p - dropped.reduce((s, v) => s + v, 0), dropped };
}

/** Least squares from the moment matrix of [1, f_1..f_d, y] (uncentred): coefficients, their inverse X'X, RSS, rank. */
export function olsFromMoments(m: Float64Array, d: number): { coef: number[]; inv: Float64Array; rss: number; rank: number; n: number } {
  const k = d + 2, p = d + 1;
  const A = new Float64Array(p * p), b = new Float64Array(p);
  for (let a = 0; a < p; a++) { b[a] = m[a * k + p]; for (let c = 0; c < p; c++) A[a * p + c] = m[a * k + c]; }
  const { inv, rank } = pseudoInverse(A, p);
  const coef = Array.from({ length: p }, (_, a) => { let s = 0; for (let j = 0; j < p; j++) s += inv[a * p + j] * b[j]; return s; });
  return { coef, inv, rss: rssOf(m, d, coef), rank, n: m[0] };
}

/** sum (y - z'c)^2 from the moment matrix of [1, f, y]: y'y - 2 c'X'y + c'X'X c (floored at 0). */
export function rssOf(m: Float64Array, d: number, coef: readonly number[]): number {
  const k = d + 2, p = d + 1;
  let s = m[p * k + p];
  for (let a = 0; a < p; a++) { s -= 2 * coef[a] * m[a * k + p]; for (let c = 0; c < p; c++) s += coef[a] * m[a * k + c] * coef[c]; }
  return Math.max(0, s);
}
