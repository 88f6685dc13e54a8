/**
 * Conditional-independence tests of x ⊥ y | Z on data, each returning a statistic, its reference
 * distribution's degrees of freedom, an exact log10 p-value and an effect size with a confidence
 * interval:
 *   - fisherZTest (both continuous): the partial correlation r of x and y given Z (Z's discrete
 *     members as indicator columns), Fisher's z = atanh(r) sqrt(n - |Z| - 3) against N(0, 1)
 *     (Fisher 1924); interval tanh(atanh(r) -+ z_q / sqrt(n - |Z| - 3)).
 *   - gTest (x, y and every member of Z discrete): the likelihood-ratio chi-square
 *     G = 2 sum O ln(O / E), stratified over the configurations of Z that occur, with each stratum
 *     contributing (rows - 1)(columns - 1) degrees of freedom counted over the levels of x and y
 *     that occur in it (the adjustment for structural zeros, Fienberg 1980, as bnlearn's "mi-adf"),
 *     so an empty or one-level stratum adds nothing rather than inflating df. In a sparse table (under
 *     5 rows per cell) the chi-square reference is liberal (measured: 20-25% rejections at a nominal
 *     5%), so the p-value comes from permutations of y within the strata (an exact conditional test,
 *     seeded), with the tail beyond their resolution from a chi-square matched to their mean and
 *     variance (a Satterthwaite-type scaled chi-square). Effect size: Cramér's V-type sqrt(G / (n min(r-1, c-1))),
 *     its interval from the noncentral chi-square (Smithson 2003).
 *   - residualWilksTest (mixed): x and y coded as indicator columns (discrete) or themselves
 *     (continuous), each block residualised on [1, Z] by least squares; the canonical correlations
 *     of the two residual blocks give Wilks' Lambda and Bartlett's chi-square
 *     -(n - 1 - |Z| - (p + q + 1)/2) ln Lambda on p q degrees of freedom (Bartlett 1939) — the
 *     regression-residual test DAGitty's localTests applies to mixed data (its "cis.pillai" uses
 *     Pillai's trace of the same canonical correlations). Valid when at least one of x and y depends on Z
 *     linearly with homoscedastic noise; effect size sqrt(1 - Lambda^(1/s)), s = min(p, q).
 * A test that cannot be run on these rows (x a function of Z) returns a reason; too few rows is a
 * CausalError naming the columns.
 */
import { CausalError, error } from "../errors/diagnostic";
import { createRng } from "../random/rng";
import type { DataColumn } from "./data-input";
import { type Basis, basisOf, extendBasis, innerProduct, ones } from "./least-squares";
import { log10ChiSquareUpper, log10NormalTwoSided, noncentralityInterval, normalQuantile } from "./tail-probabilities";

export type CiMethod = "fisher-z" | "g-test" | "residual-wilks";

export interface EffectSize {
  kind: "partial-correlation" | "cramers-v" | "canonical-correlation";
  estimate: number;
  lower: number;
  upper: number;
  /** The interval's confidence level, e.g. 0.95. */
  level: number;
}

export interface CiTestResult {
  method: CiMethod;
  statistic: number;
  /** Degrees of freedom of the reference distribution (fisher-z: the n - |Z| - 3 of its scale). */
  df: number;
  rows: number;
  log10P: number;
  effect: EffectSize;
  /** True when the G-test's table is sparse (under 5 rows per cell); its p-value then comes from permutations. */
  sparse?: boolean;
  /** The number of within-stratum permutations behind a sparse G-test's p-value. */
  permutations?: number;
  notes: string[];
}

export type CiOutcome = { tested: true; result: CiTestResult } | { tested: false; reason: string };

const MAX_R = 1 - 2 ** -52;

/** Design columns for a variable: indicators of codes 1..L-1 (code 0 the reference), or the values. */
export function codeColumns(c: DataColumn): Float64Array[] {
  if (c.type === "continuous") return [c.values];
  const out: Float64Array[] = [];
  for (let k = 1; k < c.levels; k++) {
    const col = new Float64Array(c.values.length);
    for (let i = 0; i < col.length; i++) if (c.values[i] === k) col[i] = 1;
    out.push(col);
  }
  return out;
}

function conditioningBasis(given: readonly DataColumn[], n: number): Basis {
  return basisOf([ones(n), ...given.flatMap(codeColumns)]);
}

/** The orthonormal directions that `columns` add to `base` (their residuals on it). */
function addedDirections(base: Basis, columns: Float64Array[]): Float64Array[] {
  return extendBasis(base, columns).q.slice(base.q.length);
}

function describe(x: DataColumn, y: DataColumn, given: readonly DataColumn[]): string {
  return `${x.name} ⊥ ${y.name}${given.length ? ` | ${given.map((g) => g.name).join(", ")}` : ""}`;
}

function tooFewRows(x: DataColumn, y: DataColumn, given: readonly DataColumn[], n: number, need: number, what: string): CausalError {
  return new CausalError(error("invalid-data", `too few rows for the test of ${describe(x, y, given)}: columns "${[x, y, ...given].map((c) => c.name).join('", "')}" have ${n} rows, and ${what} needs at least ${need}.`));
}

function upperQuantile(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

export function fisherZTest(x: DataColumn, y: DataColumn, given: readonly DataColumn[], level = 0.95): CiOutcome {
  const n = x.values.length;
  const zb = conditioningBasis(given, n);
  const k = zb.q.length - 1, scale = n - k - 3;
  if (scale < 1) throw tooFewRows(x, y, given, n, k + 4, `the partial correlation given ${k} conditioning column(s)`);
  const [ex] = addedDirections(zb, [x.values]);
  const [ey] = addedDirections(zb, [y.values]);
  if (!ex || !ey) return { tested: false, reason: `${!ex ? x.name : y.name} is a linear function of ${given.map((g) => g.name).join(", ")} in this data, so nothing is left to correlate` };
  return { tested: true, result: fisherZOfPartial(innerProduct(ex, ey), n, k, level) };
}

/** Fisher's z test of a partial correlation r on n rows given k conditioning columns (rank, intercept not counted). */
export function fisherZOfPartial(rho: number, n: number, k: number, level = 0.95): CiTestResult {
  const scale = n - k - 3;
  const r = Math.max(-MAX_R, Math.min(MAX_R, rho));
  const zr = Math.atanh(r), statistic = zr * Math.sqrt(scale), half = upperQuantile(level) / Math.sqrt(scale);
  return {
    method: "fisher-z", statistic, df: scale, rows: n, log10P: log10NormalTwoSided(statistic),
    effect: { kind: "partial-correlation", estimate: r, lower: Math.tanh(zr - half), upper: Math.tanh(zr + half), level },
    notes: [],
  };
}

export interface GTestOptions {
  /** Within-stratum permutations used when the table is sparse (default 1000). */
  permutations?: number;
  /** Seed of the permutations (default 1), so a verdict never changes between runs. */
  seed?: number;
}

export function gTest(x: DataColumn, y: DataColumn, given: readonly DataColumn[], level = 0.95, options: GTestOptions = {}): CiOutcome {
  const n = x.values.length, lx = x.levels, ly = y.levels;
  const ids = new Map<number, number>(), stratum = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (const z of given) key = key * z.levels + z.values[i];
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    stratum[i] = id;
  }
  const strata = ids.size;
  const counts = new Float64Array(strata * lx * ly);
  for (let i = 0; i < n; i++) counts[(stratum[i] * lx + x.values[i]) * ly + y.values[i]]++;
  const table: StratifiedTable = { x: x.name, y: y.name, given: given.map((z) => z.name), counts, strata, lx, ly };
  return gTestOfTable(table, level, options, (informative, B, seed, gOf) => permutationG(x, y, stratum, strata, informative, B, seed, gOf));
}

/** Counts of (stratum, x level, y level): counts[(s * lx + a) * ly + b]. */
export interface StratifiedTable {
  x: string;
  y: string;
  given: readonly string[];
  counts: Float64Array;
  strata: number;
  lx: number;
  ly: number;
}

/** G for B permutations of y within the informative strata (margins kept), seeded. */
export type PermuteTable = (informative: Uint8Array, B: number, seed: number, gOf: (t: Float64Array) => number) => Float64Array;

/** The stratified G-test of a table of counts (gTest's arithmetic; the rows are needed only to permute a sparse one). */
export function gTestOfTable(t: StratifiedTable, level: number, options: GTestOptions, permute: PermuteTable): CiOutcome {
  const { counts, strata, lx, ly } = t;
  const x = { name: t.x }, y = { name: t.y }, given = t.given.map((name) => ({ name }));
  let n = 0;
  const seenX = new Uint8Array(lx), seenY = new Uint8Array(ly);
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) { n += counts[k]; seenX[Math.floor(k / ly) % lx] = 1; seenY[k % ly] = 1; }
  const occurringX = seenX.reduce((a, v) => a + v, 0), occurringY = seenY.reduce((a, v) => a + v, 0);
  // Margins are fixed under within-stratum permutation of y; only sum O ln O changes.
  let margins = 0, df = 0, cells = 0, idle = 0, idleRows = 0;
  const informative = new Uint8Array(strata);
  for (let s = 0; s < strata; s++) {
    const rows = new Float64Array(lx), cols = new Float64Array(ly);
    let total = 0;
    for (let a = 0; a < lx; a++) for (let b = 0; b < ly; b++) { const o = counts[(s * lx + a) * ly + b]; rows[a] += o; cols[b] += o; total += o; }
    let r = 0, c = 0;
    for (let a = 0; a < lx; a++) if (rows[a] > 0) r++;
    for (let b = 0; b < ly; b++) if (cols[b] > 0) c++;
    if (r < 2 || c < 2) { idle++; idleRows += total; continue; }
    informative[s] = 1;
    df += (r - 1) * (c - 1);
    cells += r * c;
    margins += xlogx(total);
    for (const v of rows) margins -= xlogx(v);
    for (const v of cols) margins -= xlogx(v);
  }
  if (df === 0) return { tested: false, reason: `in every configuration of ${given.map((z) => z.name).join(", ") || "the data"}, ${x.name} or ${y.name} takes one value, so the data hold no evidence either way` };
  const gOf = (table: Float64Array): number => {
    let t = margins;
    for (let s = 0; s < strata; s++) {
      if (!informative[s]) continue;
      for (let k = s * lx * ly, e = k + lx * ly; k < e; k++) t += xlogx(table[k]);
    }
    return Math.max(0, 2 * t);
  };
  const g = gOf(counts);
  const notes: string[] = [];
  if (idle > 0) notes.push(`${idle} of ${strata} strata (${idleRows} rows) have one level of ${x.name} or ${y.name} and add no degrees of freedom`);
  const used = n - idleRows;
  const sparse = used < 5 * cells;
  let log10P = log10ChiSquareUpper(g, df), permutations: number | undefined;
  if (sparse) {
    const B = Math.max(99, Math.floor(options.permutations ?? 1000));
    const perm = permute(informative, B, options.seed ?? 1, gOf);
    const exceed = perm.reduce((k, v) => k + (v >= g * (1 - 1e-12) ? 1 : 0), 0);
    const mean = perm.reduce((a, v) => a + v, 0) / B, variance = perm.reduce((a, v) => a + (v - mean) ** 2, 0) / (B - 1);
    if (exceed >= 10 || !(variance > 0)) {
      log10P = Math.log10((1 + exceed) / (B + 1));
      notes.push(`sparse table (${(used / cells).toFixed(1)} rows per cell, under 5): p-value from ${B} permutations of ${y.name} within the strata (an exact conditional test), not the chi-square reference`);
    } else {
      const scale = variance / (2 * mean), nu = (2 * mean * mean) / variance;
      log10P = Math.min(Math.log10((1 + exceed) / (B + 1)), log10ChiSquareUpper(g / scale, nu));
      notes.push(`sparse table (${(used / cells).toFixed(1)} rows per cell, under 5): ${exceed} of ${B} within-strata permutations reach G; the tail beyond them is a chi-square matched to the permutations' mean and variance (scale ${scale.toFixed(2)}, ${nu.toFixed(1)} df)`);
    }
    permutations = B;
  }
  const m = Math.max(1, Math.min(occurringX - 1, occurringY - 1));
  const toV = (lambda: number): number => Math.min(1, Math.sqrt(Math.max(0, lambda) / (n * m)));
  const [lo, hi] = noncentralityInterval(g, df, level);
  return {
    tested: true,
    result: {
      method: "g-test", statistic: g, df, rows: n, log10P,
      effect: { kind: "cramers-v", estimate: toV(g), lower: toV(lo), upper: toV(hi), level },
      ...(sparse ? { sparse, permutations } : {}), notes,
    },
  };
}

function xlogx(v: number): number {
  return v > 0 ? v * Math.log(v) : 0;
}

/** G for B permutations of y within each stratum (margins kept), from a fixed seed. */
function permutationG(x: DataColumn, y: DataColumn, stratum: Int32Array, strata: number, informative: Uint8Array, B: number, seed: number, gOf: (t: Float64Array) => number): Float64Array {
  const n = stratum.length, lx = x.levels, ly = y.levels, rng = createRng(seed);
  const members: number[][] = Array.from({ length: strata }, () => []);
  for (let i = 0; i < n; i++) if (informative[stratum[i]]) members[stratum[i]].push(i);
  const yv = Float64Array.from(y.values), table = new Float64Array(strata * lx * ly), out = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    table.fill(0);
    for (let s = 0; s < strata; s++) {
      const rows = members[s];
      for (let k = rows.length - 1; k > 0; k--) {
        const j = Math.floor(rng.next() * (k + 1)), a = rows[k], c = rows[j];
        const t = yv[a]; yv[a] = yv[c]; yv[c] = t;
      }
      for (const i of rows) table[(s * lx + x.values[i]) * ly + yv[i]]++;
    }
    out[b] = gOf(table);
  }
  return out;
}

export function residualWilksTest(x: DataColumn, y: DataColumn, given: readonly DataColumn[], level = 0.95): CiOutcome {
  const n = x.values.length;
  const zb = conditioningBasis(given, n);
  const kz = zb.q.length - 1;
  const qx = addedDirections(zb, codeColumns(x)), qy = addedDirections(zb, codeColumns(y));
  if (!qx.length || !qy.length) return { tested: false, reason: `${!qx.length ? x.name : y.name} is determined by ${given.map((g) => g.name).join(", ")} in this data, so nothing is left to test` };
  const p = qx.length, q = qy.length;
  const mult = n - 1 - kz - (p + q + 1) / 2;
  if (mult < 1) throw tooFewRows(x, y, given, n, Math.ceil(2 + kz + (p + q + 1) / 2), `Bartlett's chi-square for ${p} x ${q} residual columns given ${kz} conditioning column(s)`);
  // A = I - M M' with M = Qx' Qy; ln Lambda = ln det A = sum of the log canonical (1 - rho^2).
  const M = qx.map((a) => qy.map((b) => innerProduct(a, b)));
  const A = M.map((mi, i) => M.map((mj, j) => (i === j ? 1 : 0) - mi.reduce((s, v, k) => s + v * mj[k], 0)));
  const logLambda = logDetSpd(A);
  return { tested: true, result: wilksOfLogLambda(logLambda, mult, p, q, n, level) };
}

/** Bartlett's chi-square -mult ln Lambda on p q df, with the canonical-correlation effect size and its interval. */
export function wilksOfLogLambda(logLambda: number, mult: number, p: number, q: number, n: number, level = 0.95): CiTestResult {
  const statistic = Math.max(0, -mult * logLambda), df = p * q, s = Math.min(p, q);
  const toEffect = (lambda: number): number => Math.sqrt(-Math.expm1(-Math.max(0, lambda) / (mult * s)));
  const [lo, hi] = noncentralityInterval(statistic, df, level);
  return {
    method: "residual-wilks", statistic, df, rows: n, log10P: log10ChiSquareUpper(statistic, df),
    effect: { kind: "canonical-correlation", estimate: Math.sqrt(-Math.expm1(logLambda / s)), lower: toEffect(lo), upper: toEffect(hi), level },
    notes: [],
  };
}

/** ln det of a small symmetric positive (semi)definite matrix by Cholesky; a zero pivot is clamped to 2^-104. */
function logDetSpd(A: number[][]): number {
  const n = A.length, L = A.map((r) => r.map(() => 0));
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let d = A[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    d = Math.max(d, 2 ** -104);
    L[j][j] = Math.sqrt(d);
    logDet += Math.log(d);
    for (let i = j + 1; i < n; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  return logDet;
}
