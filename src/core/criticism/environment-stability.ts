/**
 * environmentStability(model, data, { environment }): is a fitted linear-Gaussian mechanism the
 * same in every environment? Steinhardt ("Latent variables and model mis-specification", 2018):
 * a mis-specified mechanism's best fit depends on where its inputs come from — a line fitted to
 * y = x^2 on x ~ U(l, u) has slope l + u — so refitting per environment exposes it. Per mechanism:
 *   - per-environment least-squares refits of its features (the plot: coefficient against
 *     environment, with normal-approximation intervals);
 *   - Chow's coefficient-equality F-test (Chow 1960, Econometrica 28): pooled against separate
 *     regressions, F = ((RSS_pooled - RSS_separate) / df1) / (RSS_separate / df2), degrees of
 *     freedom from the ranks of the designs, p exact in log space;
 *   - leave-one-environment-out error: the RMSE on each environment of the fit to all the others,
 *     against the in-distribution RMSE there (of the environment's own fit; flagged above 2 times).
 * The environment is a column of the data (its levels name the environments). Only linear-Gaussian
 * mechanisms are refitted here; others are listed as skipped. Refits use the data alone (no params).
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { type ModelSpec, specOf, type VariableSpec } from "../runtime/model-spec";
import { type ColumnTypeOptions, type CriticismData, dataView } from "./data-input";
import { holmLog10 } from "./holm";
import { log10FUpper, normalQuantile } from "./tail-probabilities";
import { requireLevel, type Verdict, verdictOf, worstVerdict } from "./verdict";

export interface EnvironmentStabilityOptions extends ColumnTypeOptions {
  /** The data column naming each row's environment. */
  environment: string;
  alpha?: number;
  confidenceLevel?: number;
  /** Flag a leave-one-environment-out RMSE above this multiple of the in-distribution RMSE (default 2). */
  loeoRatio?: number;
}

export interface EnvironmentFit {
  environment: string;
  rows: number;
  /** Intercept first, then one per feature (as the mechanism's coef). */
  coef: number[];
  lower: number[];
  upper: number[];
  residualSd: number;
  /** RMSE on this environment of the fit to every other environment, and of its own fit (in-distribution). */
  loeoRmse: number;
  inDistributionRmse: number;
  loeoRatio: number;
}

export interface MechanismStability {
  kind: "environment-stability";
  variable: string;
  range?: SourceRange;
  features: string[];
  environments: EnvironmentFit[];
  chow: { statistic: number; df: [number, number]; p: number; log10P: number; pAdjusted: number; log10PAdjusted: number; verdict: Verdict };
  /** True when some environment's LOEO RMSE exceeds loeoRatio times its in-distribution RMSE. */
  loeoFlagged: boolean;
  verdict: Verdict;
}

export interface EnvironmentStabilityReport {
  kind: "environment-stability-report";
  environment: string;
  alpha: number;
  mechanisms: MechanismStability[];
  skipped: { variable: string; range?: SourceRange; reason: string }[];
}

interface Ols { coef: number[]; se: number[]; rss: number; rank: number }

/** Least squares by the normal equations with Gauss-Jordan elimination; zero pivots drop a column. */
function ols(X: Float64Array[], y: Float64Array, rows: readonly number[]): Ols {
  const p = X.length, A = Array.from({ length: p }, () => new Float64Array(p)), b = new Float64Array(p);
  for (const i of rows) for (let a = 0; a < p; a++) { const xa = X[a][i]; b[a] += xa * y[i]; for (let c = 0; c < p; c++) A[a][c] += xa * X[c][i]; }
  const inv = Array.from({ length: p }, (_, i) => Float64Array.from({ length: p }, (_, j) => (i === j ? 1 : 0)));
  const M = A.map((r) => Float64Array.from(r)), dropped = new Uint8Array(p);
  const scale = Math.max(...A.map((r, i) => r[i]), 1e-300);
  for (let c = 0; c < p; c++) {
    if (!(Math.abs(M[c][c]) > 1e-10 * scale)) { dropped[c] = 1; continue; }
    const d = M[c][c];
    for (let j = 0; j < p; j++) { M[c][j] /= d; inv[c][j] /= d; }
    for (let r = 0; r < p; r++) {
      if (r === c || M[r][c] === 0) continue;
      const f = M[r][c];
      for (let j = 0; j < p; j++) { M[r][j] -= f * M[c][j]; inv[r][j] -= f * inv[c][j]; }
    }
  }
  const coef = Array.from({ length: p }, (_, a) => (dropped[a] ? 0 : inv[a].reduce((s, v, j) => s + (dropped[j] ? 0 : v * b[j]), 0)));
  let rss = 0;
  for (const i of rows) { let f = 0; for (let a = 0; a < p; a++) f += coef[a] * X[a][i]; rss += (y[i] - f) ** 2; }
  const rank = p - dropped.reduce((s, v) => s + v, 0);
  const sigma2 = rows.length > rank ? rss / (rows.length - rank) : NaN;
  const se = Array.from({ length: p }, (_, a) => (dropped[a] || !(sigma2 >= 0) ? 0 : Math.sqrt(Math.max(0, inv[a][a] * sigma2))));
  return { coef, se, rss, rank };
}

function rmse(X: Float64Array[], y: Float64Array, coef: number[], rows: readonly number[]): number {
  let s = 0;
  for (const i of rows) { let f = 0; for (let a = 0; a < X.length; a++) f += coef[a] * X[a][i]; s += (y[i] - f) ** 2; }
  return Math.sqrt(s / rows.length);
}

export function environmentStability(model: ModelSpec | { spec(): ModelSpec }, data: CriticismData, options: EnvironmentStabilityOptions): EnvironmentStabilityReport {
  const spec = specOf(model);
  const alpha = options.alpha ?? 0.05, level = options.confidenceLevel ?? 0.95, ratioLimit = options.loeoRatio ?? 2;
  requireLevel("alpha", alpha);
  requireLevel("confidenceLevel", level);
  const view = dataView(data, { ...options, types: { ...options.types, [options.environment]: "discrete" } });
  const env = view.column(options.environment);
  const labels = environmentLabels(data, options.environment, env.levels);
  const groups: number[][] = Array.from({ length: env.levels }, () => []);
  for (let i = 0; i < env.values.length; i++) groups[env.values[i]].push(i);
  const present = groups.map((g, k) => ({ rows: g, label: labels[k] })).filter((g) => g.rows.length > 0);
  if (present.length < 2) throw new CausalError(error("invalid-data", `environment column "${options.environment}" has one level (${present[0]?.label ?? "none"}); comparing environments needs at least two.`));
  const all = present.flatMap((g) => g.rows).sort((a, b) => a - b);
  const q = normalQuantile(1 - (1 - level) / 2);
  const pending: PendingStability[] = [];
  const skipped: EnvironmentStabilityReport["skipped"] = [];
  for (const v of spec.variables) {
    const where = v.range ? { range: v.range } : {};
    if (v.learned?.family !== "linear-gaussian") {
      if (v.parents.length) skipped.push({ variable: v.name, ...where, reason: `its mechanism is ${v.learned ? `a ${v.learned.family}` : "not a learnable"} family; per-environment refits are implemented for linear-Gaussian mechanisms` });
      continue;
    }
    if (!view.has(v.name) || v.parents.some((p) => !view.has(p))) { skipped.push({ variable: v.name, ...where, reason: "it or one of its parents has no column in the data" }); continue; }
    const y = view.column(v.name, v.range).values;
    const X = designOf(v, spec, view);
    for (const g of present) {
      if (g.rows.length < X.length + 2) throw new CausalError(error("invalid-data", `too few rows for refitting "${v.name}" in environment ${g.label} of column "${options.environment}": ${g.rows.length} rows for ${X.length} coefficients (need at least ${X.length + 2}).`, v.range));
    }
    const pooled = ols(X, y, all);
    const fits = present.map((g) => ({ g, fit: ols(X, y, g.rows) }));
    const environments = fits.map(({ g, fit }): EnvironmentFit => {
      const others = all.filter((i) => env.values[i] !== env.values[g.rows[0]]);
      return environmentFit(g.label, g.rows.length, fit, rmse(X, y, ols(X, y, others).coef, g.rows), q);
    });
    pending.push({
      kind: "environment-stability", variable: v.name, ...where, features: [...v.learned.features], environments,
      chowRaw: chowTest(pooled, fits.map((f) => f.fit), all.length),
      loeoFlagged: environments.some((e) => e.loeoRatio > ratioLimit),
    });
  }
  return stabilityReport(pending, alpha, options.environment, skipped);
}

/**
 * Chow's F for equal coefficients across environments: the pooled fit against the separate ones
 * (residual sums of squares and ranks), on n rows in all.
 */
export function chowTest(pooled: { rss: number; rank: number }, separate: readonly { rss: number; rank: number }[], n: number): PendingStability["chowRaw"] {
  const rssSeparate = separate.reduce((s, f) => s + f.rss, 0), rankSeparate = separate.reduce((s, f) => s + f.rank, 0);
  const df1 = rankSeparate - pooled.rank, df2 = n - rankSeparate;
  const rssFloor = Math.max(rssSeparate, pooled.rss * Number.EPSILON);
  const statistic = df1 > 0 && df2 > 0 && pooled.rss > 0 ? Math.max(0, ((pooled.rss - rssSeparate) / df1) / (rssFloor / df2)) : 0;
  return { statistic, df: [df1, df2], log10P: df1 > 0 && df2 > 0 ? log10FUpper(statistic, df1, df2) : 0 };
}

/** One environment's fit as reported: coefficients with intervals (q standard errors), residual sd, and its LOEO error beside the in-distribution one. */
export function environmentFit(environment: string, rows: number, fit: { coef: number[]; se: ArrayLike<number>; rss: number; rank: number }, loeo: number, q: number): EnvironmentFit {
  const inDist = Math.sqrt(fit.rss / rows), coef = fit.coef;
  return {
    environment, rows, coef,
    lower: coef.map((c, a) => c - q * fit.se[a]), upper: coef.map((c, a) => c + q * fit.se[a]),
    residualSd: Math.sqrt(fit.rss / Math.max(1, rows - fit.rank)),
    loeoRmse: loeo, inDistributionRmse: inDist, loeoRatio: inDist > 0 ? loeo / inDist : loeo > 0 ? Number.MAX_VALUE : 1,
  };
}

/** A mechanism's stability before the Chow p-values are adjusted across mechanisms. */
export type PendingStability = Omit<MechanismStability, "chow" | "verdict"> & { chowRaw: { statistic: number; df: [number, number]; log10P: number } };

/** The report from each mechanism's fits: Holm across the Chow tests, and each verdict (a flagged LOEO ratio fails). */
export function stabilityReport(pending: readonly PendingStability[], alpha: number, environment: string, skipped: EnvironmentStabilityReport["skipped"]): EnvironmentStabilityReport {
  const adjusted = holmLog10(pending.map((p) => p.chowRaw.log10P));
  const mechanisms = pending.map(({ chowRaw, ...m }, i): MechanismStability => {
    const verdict = verdictOf(chowRaw.log10P, adjusted[i], alpha);
    const chow = { ...chowRaw, p: 10 ** chowRaw.log10P, pAdjusted: 10 ** adjusted[i], log10PAdjusted: adjusted[i], verdict };
    return { ...m, chow, verdict: worstVerdict([verdict, m.loeoFlagged ? "fail" : "pass"]) };
  });
  return { kind: "environment-stability-report", environment: environment, alpha, mechanisms, skipped };
}

/** [1, features...] as columns, from the learned features function per row. */
function designOf(v: VariableSpec, spec: ModelSpec, view: ReturnType<typeof dataView>): Float64Array[] {
  const l = v.learned!, n = view.rowCount, d = l.features.length;
  const cols = v.parents.map((p) => view.column(p, spec.variables.find((u) => u.name === p)?.range).values);
  const X = [new Float64Array(n).fill(1), ...l.features.map(() => new Float64Array(n))];
  const row: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    v.parents.forEach((p, j) => { row[p] = cols[j][i]; });
    const f = l.featuresOf(row);
    for (let j = 0; j < d; j++) X[j + 1][i] = f[j];
  }
  return X;
}

/** Names of the environment codes: the categorical levels, or the distinct numbers in order. */
function environmentLabels(data: CriticismData, name: string, levels: number): string[] {
  const c = (data as { columns?: ReadonlyMap<string, { levels?: readonly string[]; values: Float64Array }> }).columns?.get(name);
  if (c?.levels) return [...c.levels];
  const raw = c ? c.values : (data as Record<string, ArrayLike<number | string>>)[name];
  if (raw && typeof raw[0] === "string") return [...new Set(Array.from(raw as ArrayLike<string>))];
  const sorted = [...new Set(Array.from(raw as ArrayLike<number>))].sort((a, b) => a - b);
  return sorted.length === levels ? sorted.map(String) : Array.from({ length: levels }, (_, k) => String(k));
}
