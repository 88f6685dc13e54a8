/**
 * invarianceFromStatistics(model, statistics, { environment }): invariance (invariance.ts: ICP's
 * equal residual means and variances across environments, for every subset of a linear-Gaussian
 * mechanism's features) computed from per-environment moment matrices instead of rows. One GROUP BY
 * aggregate of the (pooled-centred) moment matrix M_e of z = [1, features, child] per environment
 * holds every subset S's normal equations: the pooled fit of y on [1, S] solves the [1, S] block of
 * sum_e M_e; its per-environment residual spread is the quadratic form of that fit in M_e centred at
 * its own mean (W_e = M_e - m_e m_e' / n_e); the mean test's larger model (environment intercepts)
 * is the within fit on W = sum_e W_e. Same report, same numbers as the in-memory check (to rounding),
 * at any number of rows; the statistics provider decides where the sums are computed (SQL on a file).
 */
import { CausalError, error } from "../errors/diagnostic";
import { type ModelSpec, specOf } from "../runtime/model-spec";
import { type EnvironmentResiduals, invarianceReport, type InvarianceOptions, type InvarianceReport, invarianceSkip, invarianceSubsets, mechanismInvariance, nestedF, type PendingInvariance, subsetInvariance } from "./invariance";
import { mechanismMoments } from "./mechanism-moments";
import { olsFromMoments, type StatisticsProvider } from "./statistics-provider";
import { requireLevel } from "./verdict";

/** The rows and columns `idx` of a k x k matrix. */
function block(m: Float64Array, k: number, idx: readonly number[]): Float64Array {
  const p = idx.length, out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b] = m[idx[a] * k + idx[b]];
  return out;
}

/** A moment matrix centred at its own mean, with the intercept row and column zeroed and the corner set to `corner`. */
function within(m: Float64Array, p: number, corner: number): Float64Array {
  const n = m[0], out = new Float64Array(p * p);
  for (let a = 1; a < p; a++) for (let b = 1; b < p; b++) out[a * p + b] = m[a * p + b] - (m[a] * m[b]) / n;
  out[0] = corner;
  return out;
}

/** sum (r - c' z)^2 for the centred matrix W (no intercept row): w_yy - 2 c'w_Sy + c'W_SS c, with c the slopes. */
function centredRss(w: Float64Array, p: number, coef: readonly number[]): number {
  const y = p - 1;
  let s = w[y * p + y];
  for (let a = 1; a < y; a++) { s -= 2 * coef[a] * w[a * p + y]; for (let b = 1; b < y; b++) s += coef[a] * w[a * p + b] * coef[b]; }
  return Math.max(0, s);
}

export async function invarianceFromStatistics(model: ModelSpec | { spec(): ModelSpec }, stats: StatisticsProvider, options: InvarianceOptions): Promise<InvarianceReport> {
  const spec = specOf(model);
  const alpha = options.alpha ?? 0.05;
  requireLevel("alpha", alpha);
  const envKind = stats.kind(options.environment);
  const label = (group: number | null) => (envKind.levels && group !== null ? `"${envKind.levels[group]}"` : String(group));
  const has = (name: string) => stats.names.includes(name);
  const pending: PendingInvariance[] = [];
  const skipped: InvarianceReport["skipped"] = [];
  for (const v of spec.variables) {
    const skip = invarianceSkip(v, has);
    if (skip !== undefined) { if (skip) skipped.push({ variable: v.name, ...(v.range ? { range: v.range } : {}), reason: skip }); continue; }
    const l = v.learned!, d = l.features.length, k = d + 2;
    const { groups } = await mechanismMoments(stats, v, { groupBy: options.environment });
    if (groups.length < 2) throw new CausalError(error("invalid-data", `environment column "${options.environment}" has one level; invariance needs at least two environments.`));
    const tooSmall = groups.find((g) => g.n < 2);
    if (tooSmall) throw new CausalError(error("invalid-data", `environment column "${options.environment}": environment ${label(tooSmall.group)} has ${tooSmall.n} row; each needs at least 2 to compare residual spreads.`));
    const n = groups.reduce((s, g) => s + g.n, 0), envs = groups.length;
    if (n < envs + d + 2) throw new CausalError(error("invalid-data", `too few rows for the invariance test of "${v.name}": ${n} rows for ${envs} environments and ${d} features.`, v.range));
    const total = new Float64Array(k * k);
    for (const g of groups) for (let i = 0; i < total.length; i++) total[i] += g.m[0][i];
    const results = invarianceSubsets(d).map((subset) => {
      const idx = [0, ...subset.map((j) => j + 1), d + 1], p = idx.length, s = subset.length;
      const pooled = olsFromMoments(block(total, k, idx), s);
      const perEnv = groups.map((g) => within(block(g.m[0], k, idx), p, 0));
      const spreads = perEnv.map((w, e): EnvironmentResiduals => ({ n: groups[e].n, ss: centredRss(w, p, pooled.coef) }));
      const W = new Float64Array(p * p);
      for (const w of perEnv) for (let i = 0; i < W.length; i++) W[i] += w[i];
      let scale = 0;
      for (let a = 1; a < p - 1; a++) scale = Math.max(scale, W[a * p + a]);
      W[0] = scale > 0 ? scale : 1; // a decoupled stand-in for the intercept: it fits nothing and drops no slope
      const inner = olsFromMoments(W, s);
      const mean = nestedF(pooled.rss, inner.rss, pooled.rank, inner.rank - 1 + envs, n);
      return subsetInvariance(subset.map((j) => l.features[j]), mean, spreads, alpha);
    });
    pending.push(mechanismInvariance(v, l.features, results, options.environment));
  }
  return invarianceReport(pending, alpha, options.environment, skipped);
}
