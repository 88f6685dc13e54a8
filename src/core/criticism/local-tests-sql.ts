/**
 * localTestsFromStatistics(graph, statistics): localTests (local-tests.ts) computed from sufficient
 * statistics instead of rows, so the data can live in a SQL engine of any size. The continuous
 * implications read one centred moment matrix of every continuous variable (two aggregate
 * queries in all: the means, then the centred cross-products): the partial correlation of x and y
 * given Z is the correlation of their residual covariances after sweeping out Z, then Fisher's z
 * exactly as fisherZTest. The discrete implications read GROUP BY counts of (Z, x, y) and run
 * gTestOfTable, the in-memory G-test's arithmetic; a sparse table's permutations rebuild the
 * (x, y) pairs of each stratum from its counts (seeded; the same null distribution as permuting
 * rows, but not the same draws). A discrete variable enters the covariance matrix as indicator
 * columns of its codes 1..L-1 (CASE WHEN in SQL), so a discrete conditioning set and the mixed
 * test (residualWilksTest: Wilks' Lambda of the residual blocks of x and y given Z) read it too:
 * ln Lambda = ln det R_xy - ln det R_x - ln det R_y of the residual covariances after sweeping Z.
 * Variable types follow dataView's rule: categorical, or integer with at most maxDiscreteLevels values.
 */
import { CausalError, error } from "../errors/diagnostic";
import { impliedIndependencies, type Independence } from "../graph/analyze/implied-independencies";
import { createRng } from "../random/rng";
import { type CiTestResult, fisherZOfPartial, gTestOfTable, wilksOfLogLambda } from "./ci-tests";
import type { VariableType } from "./data-input";
import { holmLog10 } from "./holm";
import { type GraphSource, implicationText, type LocalTestResult, type LocalTestsOptions, type LocalTestsReport, rangeOfNode, type SkippedImplication, toCausalGraph } from "./local-tests";
import { pseudoInverse, type StatisticsProvider } from "./statistics-provider";
import { requireLevel, verdictOf } from "./verdict";

interface Typed { type: VariableType; values: number[] }

export async function variableType(stats: StatisticsProvider, name: string, options: LocalTestsOptions): Promise<Typed> {
  const k = stats.kind(name), limit = options.maxDiscreteLevels ?? 10;
  const values = await stats.distinct(name, Math.max(limit, 1));
  const where = stats.source ? ` in ${stats.source}` : "";
  if (values.length < 2) throw new CausalError(error("constant-column", `column "${name}"${where} is constant (every one of its ${stats.rowCount} rows is ${values[0]}), so no test can use it; drop it or give data in which it varies.`));
  const declared = options.types?.[name];
  if (k.kind === "categorical" && declared !== "continuous") return { type: "discrete", values: (await stats.distinct(name, k.levels?.length ?? 1e6)) };
  const discrete = declared === "discrete" || (declared === undefined && k.kind === "integer" && values.length <= limit);
  if (!discrete) return { type: "continuous", values: [] };
  return { type: "discrete", values: values.length <= limit ? values : await stats.distinct(name, 1e6) };
}

export async function localTestsFromStatistics(source: GraphSource, stats: StatisticsProvider, options: LocalTestsOptions = {}): Promise<LocalTestsReport> {
  const alpha = options.alpha ?? 0.05, level = options.confidenceLevel ?? 0.95;
  requireLevel("alpha", alpha);
  requireLevel("confidenceLevel", level);
  const g = toCausalGraph(source);
  const implications = impliedIndependencies(g);
  const used = [...new Set(implications.flatMap((i) => [i.x, i.y, ...i.given]))];
  for (const name of used) if (!stats.names.includes(name)) throw new CausalError(error("missing-column", `no column "${name}"${stats.source ? ` in ${stats.source}` : ""} (the data has: ${stats.names.join(", ")}).`, rangeOfNode(g, name)));
  const typed = new Map<string, Typed>();
  for (const name of used) typed.set(name, await variableType(stats, name, options));
  const types: Record<string, VariableType> = Object.fromEntries(used.map((n) => [n, typed.get(n)!.type]));
  const design: { variable: string; column: string; value?: number }[] = used.flatMap((n) => (types[n] === "continuous" ? [{ variable: n, column: n }] : typed.get(n)!.values.slice(1).map((value) => ({ variable: n, column: n, value }))));
  const cov = design.length ? await designCovariance(stats, design) : undefined;
  const colsOf = (n: string) => design.flatMap((d, i) => (d.variable === n ? [i] : []));
  const tested: { implication: Independence; result: CiTestResult }[] = [];
  const skipped: SkippedImplication[] = [];
  for (const imp of implications) {
    const all = [imp.x, imp.y, ...imp.given];
    let outcome: { tested: true; result: CiTestResult } | { tested: false; reason: string };
    const zc = imp.given.flatMap(colsOf);
    if (types[imp.x] === "continuous" && types[imp.y] === "continuous") outcome = partialCorrelationTest(cov!, imp, colsOf(imp.x)[0], colsOf(imp.y)[0], zc, level);
    else if (all.every((n) => types[n] === "discrete")) outcome = await countsTest(stats, imp, typed, level, options);
    else outcome = wilksTest(cov!, imp, colsOf(imp.x), colsOf(imp.y), zc, level);
    if (!outcome.tested) { skipped.push({ implication: imp, text: implicationText(imp), reason: outcome.reason }); continue; }
    tested.push({ implication: imp, result: outcome.result });
  }
  const adjusted = holmLog10(tested.map((t) => t.result.log10P));
  const tests = tested.map(({ implication, result: r }, i): LocalTestResult => {
    const rx = rangeOfNode(g, implication.x), ry = rangeOfNode(g, implication.y);
    return {
      kind: "local-test", implication, text: implicationText(implication), method: r.method, statistic: r.statistic, df: r.df, rows: r.rows,
      effect: r.effect, p: 10 ** r.log10P, log10P: r.log10P, pAdjusted: 10 ** adjusted[i], log10PAdjusted: adjusted[i],
      verdict: verdictOf(r.log10P, adjusted[i], alpha), ranges: { ...(rx ? { x: rx } : {}), ...(ry ? { y: ry } : {}) },
      ...(r.sparse ? { sparse: true, permutations: r.permutations } : {}), notes: r.notes,
    };
  });
  const limitations = [
    "An edge the graph has but the data do not need is not falsifiable by independence tests: they test only missing edges.",
    "Hidden confounding between variables the graph already joins changes no independence and is invisible to these tests.",
    "Mixed and continuous tests detect linear dependence given the conditioning set; a purely non-linear dependence can pass.",
  ];
  return { kind: "local-tests", alpha, adjustment: "holm", tests, skipped, types, limitations };
}

interface Covariance { n: number; k: number; c: Float64Array }

/** The covariance (sums of centred cross-products) of design columns: a pass for the means, one for the centred sums. */
async function designCovariance(stats: StatisticsProvider, design: readonly { column: string; value?: number }[]): Promise<Covariance> {
  const plain = design.flatMap((d, i) => (d.value === undefined ? [i] : [])), ind = design.flatMap((d, i) => (d.value !== undefined ? [i] : []));
  const order = [...plain, ...ind], k = order.length, m = k + 1;
  const request = { columns: plain.map((i) => design[i].column), indicators: ind.map((i) => ({ column: design[i].column, value: design[i].value! })) };
  const [raw] = await stats.moments(request);
  const n = raw.n;
  const shift = Float64Array.from({ length: k }, (_, j) => raw.m[0][j + 1] / n);
  const [cent] = await stats.moments({ ...request, shift });
  const M = cent.m[0], c = new Float64Array(k * k);
  // back to design order
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) c[order[a] * k + order[b]] = M[(a + 1) * m + b + 1] - (M[a + 1] * M[b + 1]) / n;
  return { n, k, c };
}

/** Residual covariance of the columns `u` after sweeping out `z` (pseudo-inverse), and the rank of z. */
function residualCovariance(cov: Covariance, u: readonly number[], z: readonly number[]): { r: Float64Array; rank: number } {
  const k = cov.k, C = (a: number, b: number) => cov.c[a * k + b], q = z.length, p = u.length;
  const Szz = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) Szz[a * q + b] = C(z[a], z[b]);
  const { inv, rank } = q ? pseudoInverse(Szz, q) : { inv: new Float64Array(0), rank: 0 };
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = C(u[i], u[j]);
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) s -= C(u[i], z[a]) * inv[a * q + b] * C(z[b], u[j]);
    r[i * p + j] = s;
  }
  return { r, rank };
}

/** ln det of the kept part of a residual covariance by pivoted Cholesky in order: a column is kept when its residual variance exceeds 1e-18 of its own. */
function logDetKept(r: Float64Array, p: number, own: readonly number[], keep?: readonly number[]): { logDet: number; kept: number[] } {
  const idx = keep ?? Array.from({ length: p }, (_, i) => i), kept: number[] = [], L: number[][] = [];
  let logDet = 0;
  for (const i of idx) {
    const row = kept.map(() => 0);
    for (let a = 0; a < kept.length; a++) {
      let s = r[i * p + kept[a]];
      for (let b = 0; b < a; b++) s -= row[b] * L[a][b];
      row[a] = s / L[a][a];
    }
    let d = r[i * p + i];
    for (const v of row) d -= v * v;
    if (!(d > 1e-18 * own[i])) continue;
    row.push(Math.sqrt(d));
    L.push(row);
    kept.push(i);
    logDet += Math.log(d);
  }
  return { logDet, kept };
}

function wilksTest(cov: Covariance, imp: Independence, xc: number[], yc: number[], zc: number[], level: number): { tested: true; result: CiTestResult } | { tested: false; reason: string } {
  const u = [...xc, ...yc], P = u.length, { r, rank } = residualCovariance(cov, u, zc);
  const own = u.map((c) => cov.c[c * cov.k + c]);
  const xi = xc.map((_, i) => i), yi = yc.map((_, i) => xc.length + i);
  const dx = logDetKept(r, P, own, xi), dy = logDetKept(r, P, own, yi);
  if (!dx.kept.length || !dy.kept.length) return { tested: false, reason: `${!dx.kept.length ? imp.x : imp.y} is determined by ${imp.given.join(", ")} in this data, so nothing is left to test` };
  const dxy = logDetKept(r, P, u.map(() => 0), [...dx.kept, ...dy.kept]);
  const p = dx.kept.length, q = dy.kept.length, mult = cov.n - 1 - rank - (p + q + 1) / 2;
  if (mult < 1) throw new CausalError(error("invalid-data", `too few rows for the test of ${implicationText(imp)}: ${cov.n} rows, and Bartlett's chi-square for ${p} x ${q} residual columns given ${rank} conditioning column(s) needs at least ${Math.ceil(2 + rank + (p + q + 1) / 2)}.`));
  const logLambda = Math.min(0, dxy.logDet - dx.logDet - dy.logDet);
  return { tested: true, result: wilksOfLogLambda(logLambda, mult, p, q, cov.n, level) };
}

function partialCorrelationTest(cov: Covariance, imp: Independence, x: number, y: number, zc: number[], level: number): { tested: true; result: CiTestResult } | { tested: false; reason: string } {
  const { r, rank } = residualCovariance(cov, [x, y], zc);
  const sxx = r[0], sxy = r[1], syy = r[3];
  if (cov.n - rank - 3 < 1) throw new CausalError(error("invalid-data", `too few rows for the test of ${implicationText(imp)}: ${cov.n} rows, and the partial correlation given ${rank} conditioning column(s) needs at least ${rank + 4}.`));
  for (const [name, s, own] of [[imp.x, sxx, cov.c[x * cov.k + x]], [imp.y, syy, cov.c[y * cov.k + y]]] as const) {
    if (!(s > 1e-18 * own)) return { tested: false, reason: `${name} is a linear function of ${imp.given.join(", ")} in this data, so nothing is left to correlate` };
  }
  return { tested: true, result: fisherZOfPartial(sxy / Math.sqrt(sxx * syy), cov.n, rank, level) };
}

async function countsTest(stats: StatisticsProvider, imp: Independence, typed: Map<string, Typed>, level: number, options: LocalTestsOptions) {
  const code = (name: string) => { const vs = typed.get(name)!.values; const m = new Map(vs.map((v, i) => [v, i])); return (v: number) => m.get(v)!; };
  const cx = code(imp.x), cy = code(imp.y), cz = imp.given.map(code), lz = imp.given.map((n) => typed.get(n)!.values.length);
  const lx = typed.get(imp.x)!.values.length, ly = typed.get(imp.y)!.values.length;
  const { keys, counts: cnt } = await stats.counts([...imp.given, imp.x, imp.y]);
  const ids = new Map<number, number>(), rowsOf: { s: number; a: number; b: number; c: number }[] = [];
  for (let r = 0; r < keys.length; r++) {
    let key = 0;
    imp.given.forEach((_, j) => { key = key * lz[j] + cz[j](keys[r][j]); });
    let s = ids.get(key);
    if (s === undefined) ids.set(key, (s = ids.size));
    rowsOf.push({ s, a: cx(keys[r][imp.given.length]), b: cy(keys[r][imp.given.length + 1]), c: cnt[r] });
  }
  const strata = ids.size, counts = new Float64Array(strata * lx * ly);
  for (const r of rowsOf) counts[(r.s * lx + r.a) * ly + r.b] += r.c;
  const permute = (informative: Uint8Array, B: number, seed: number, gOf: (t: Float64Array) => number): Float64Array => {
    const rng = createRng(seed), out = new Float64Array(B), table = new Float64Array(counts.length);
    const xs: number[][] = Array.from({ length: strata }, () => []), ys: number[][] = Array.from({ length: strata }, () => []);
    for (const r of rowsOf) if (informative[r.s]) for (let i = 0; i < r.c; i++) { xs[r.s].push(r.a); ys[r.s].push(r.b); }
    for (let b = 0; b < B; b++) {
      table.fill(0);
      for (let s = 0; s < strata; s++) {
        const yv = ys[s];
        for (let k = yv.length - 1; k > 0; k--) { const j = Math.floor(rng.next() * (k + 1)); const t = yv[k]; yv[k] = yv[j]; yv[j] = t; }
        for (let i = 0; i < yv.length; i++) table[(s * lx + xs[s][i]) * ly + yv[i]]++;
      }
      out[b] = gOf(table);
    }
    return out;
  };
  const gOptions = { ...(options.permutations !== undefined ? { permutations: options.permutations } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  return gTestOfTable({ x: imp.x, y: imp.y, given: imp.given, counts, strata, lx, ly }, level, gOptions, permute);
}
