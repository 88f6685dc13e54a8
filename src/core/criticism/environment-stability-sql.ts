/**
 * environmentStabilityFromStatistics(model, statistics, { environment }): environmentStability
 * (environment-stability.ts: per-environment refits, Chow's coefficient-equality F, leave-one-
 * environment-out RMSE) computed from per-environment normal equations — one GROUP BY aggregate of
 * the centred moment matrix of [1, features, child] — instead of rows. Everything it reports is a
 * function of those matrices: each environment's fit and RSS from its own matrix, the pooled fit
 * from their sum, the fit to all the others from the sum less its own, and the held-out squared
 * error on an environment as y'y - 2 c'X'y + c'X'X c of its matrix. Same report, same numbers as
 * the in-memory check (to rounding), at any number of rows.
 */
import { CausalError, error } from "../errors/diagnostic";
import { type ModelSpec, specOf } from "../runtime/model-spec";
import { chowTest, environmentFit, type EnvironmentFit, type EnvironmentStabilityOptions, type EnvironmentStabilityReport, type PendingStability, stabilityReport } from "./environment-stability";
import { mechanismMoments, uncentreCoef, uncentreInverse } from "./mechanism-moments";
import { olsFromMoments, rssOf, type StatisticsProvider } from "./statistics-provider";
import { normalQuantile } from "./tail-probabilities";
import { requireLevel } from "./verdict";

export async function environmentStabilityFromStatistics(model: ModelSpec | { spec(): ModelSpec }, stats: StatisticsProvider, options: EnvironmentStabilityOptions): Promise<EnvironmentStabilityReport> {
  const spec = specOf(model);
  const alpha = options.alpha ?? 0.05, level = options.confidenceLevel ?? 0.95, ratioLimit = options.loeoRatio ?? 2;
  requireLevel("alpha", alpha);
  requireLevel("confidenceLevel", level);
  const envKind = stats.kind(options.environment);
  const q = normalQuantile(1 - (1 - level) / 2);
  const pending: PendingStability[] = [];
  const skipped: EnvironmentStabilityReport["skipped"] = [];
  for (const v of spec.variables) {
    const where = v.range ? { range: v.range } : {};
    if (v.learned?.family !== "linear-gaussian") {
      if (v.parents.length) skipped.push({ variable: v.name, ...where, reason: `its mechanism is ${v.learned ? `a ${v.learned.family}` : "not a learnable"} family; per-environment refits are implemented for linear-Gaussian mechanisms` });
      continue;
    }
    if (!stats.names.includes(v.name) || v.parents.some((p) => !stats.names.includes(p))) { skipped.push({ variable: v.name, ...where, reason: "it or one of its parents has no column in the data" }); continue; }
    const mm = await mechanismMoments(stats, v, { groupBy: options.environment });
    const d = mm.d, p = d + 1, fshift = mm.shift.subarray(0, d);
    const groups = mm.groups;
    if (groups.length < 2) throw new CausalError(error("invalid-data", `environment column "${options.environment}" has one level (${groups.map((g) => label(g.group)).join("") || "none"}); comparing environments needs at least two.`));
    for (const g of groups) {
      if (g.n < p + 2) throw new CausalError(error("invalid-data", `too few rows for refitting "${v.name}" in environment ${label(g.group)} of column "${options.environment}": ${g.n} rows for ${p} coefficients (need at least ${p + 2}).`, v.range));
    }
    const total = sum(groups.map((g) => g.m[0]));
    const pooled = olsFromMoments(total, d);
    const fits = groups.map((g) => ({ g, fit: olsFromMoments(g.m[0], d) }));
    const environments = fits.map(({ g, fit }): EnvironmentFit => {
      const others = olsFromMoments(total.map((t, i) => t - g.m[0][i]), d);
      const coef = uncentreCoef(fit.coef, mm.shift), inv = uncentreInverse(fit.inv, fshift);
      const sigma2 = g.n > fit.rank ? fit.rss / (g.n - fit.rank) : NaN;
      const se = coef.map((_, a) => (!(sigma2 >= 0) ? 0 : Math.sqrt(Math.max(0, inv[a * p + a] * sigma2))));
      return environmentFit(label(g.group), g.n, { coef, se, rss: fit.rss, rank: fit.rank }, Math.sqrt(rssOf(g.m[0], d, others.coef) / g.n), q);
    });
    pending.push({
      kind: "environment-stability", variable: v.name, ...where, features: [...v.learned.features], environments,
      chowRaw: chowTest(pooled, fits.map((f) => f.fit), total[0]),
      loeoFlagged: environments.some((e) => e.loeoRatio > ratioLimit),
    });
  }
  return stabilityReport(pending, alpha, options.environment, skipped);

  function label(group: number | null): string {
    return envKind.levels && group !== null ? envKind.levels[group] : String(group);
  }
}

function sum(ms: Float64Array[]): Float64Array {
  const out = new Float64Array(ms[0].length);
  for (const m of ms) for (let i = 0; i < m.length; i++) out[i] += m[i];
  return out;
}
