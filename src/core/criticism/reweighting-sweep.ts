/**
 * reweightingSweep(model, statistics): Steinhardt's "many counterfactual situations" (Latent
 * variables and model mis-specification, 2018, section 3) as a check. Each linear-Gaussian
 * mechanism is refitted by weighted least squares on reweighted versions of its data: per parent
 * x, importance weights w_t = exp(t (x - mean) / sd) — for a Gaussian parent exactly the shift of
 * its mean by t standard deviations — over a sweep t in [-tilt, tilt] (option `tilt`, default 1,
 * widen it to probe further; `effectiveRows` = (sum w)^2 / sum w^2 says where the data thin out).
 * Reported per t: the coefficients and the predictions on a common reference grid (the parent at
 * mean + k sd, k = -2..2, the other parents at their means). A well-specified mechanism's weighted
 * fits all estimate the same coefficients; a mis-specified one's drift with t (a line fitted to
 * y = x^2 tilts its slope with the mean of x).
 * The drift test is a Hausman-type Wald test (Hausman 1978; White 1980, "Using least squares to
 * approximate unknown regression functions"): delta = (b_T - b_0, b_-T - b_0) has, under a correct
 * linear mechanism with homoscedastic noise, covariance sigma^2 [A_s^-1 X'W_s W_u X A_u^-1 - A_0^-1]
 * for s, u in {T, -T} (A_t = X'W_t X, and W_T W_-T = 1, W_t^2 = W_2t, so every block is a tilt's
 * moment matrix); delta' V^+ delta against chi-square on rank(V) degrees of freedom, Holm over
 * (mechanism, parent). The drift score: the largest change of the prediction between t = -T and
 * t = T over the grid, with its delta-method interval. Every weighted normal equation is one SQL
 * aggregate (the weight is a SQL expression, EXP(t * (x - c) / s)); no row is held.
 * What it cannot see: reweighting only moves mass where the data already have support, and a
 * heteroscedastic but linear mechanism is flagged too (the test assumes constant noise, as
 * linearGaussian does).
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { type ModelSpec, specOf } from "../runtime/model-spec";
import { holmLog10 } from "./holm";
import { mechanismMoments, uncentreCoef } from "./mechanism-moments";
import { olsFromMoments, pseudoInverse, type RowWeight, type StatisticsProvider } from "./statistics-provider";
import { log10ChiSquareUpper, normalQuantile } from "./tail-probabilities";
import { requireLevel, type Verdict, verdictOf, worstVerdict } from "./verdict";

export interface ReweightingOptions {
  /** The sweep runs t over [-tilt, tilt] (default 1: the parent's mean shifted by up to 1 sd). */
  tilt?: number;
  /** Points of the sweep (odd, default 9). */
  steps?: number;
  alpha?: number;
  confidenceLevel?: number;
}

export interface SweepPoint {
  t: number;
  coef: number[];
  effectiveRows: number;
  /** The mechanism's prediction at each reference-grid point. */
  predictions: number[];
}

export interface ParentSweep {
  parent: string;
  mean: number;
  sd: number;
  /** The parent's values on the reference grid (mean + k sd, k = -2..2). */
  grid: number[];
  points: SweepPoint[];
  /** The largest |prediction(T) - prediction(-T)| over the grid, where, and its interval. */
  drift: { at: number; change: number; lower: number; upper: number; level: number; inResidualSd: number };
  test: { statistic: number; df: number; p: number; log10P: number; pAdjusted: number; log10PAdjusted: number; verdict: Verdict };
}

export interface MechanismReweighting {
  kind: "reweighting-sweep";
  variable: string;
  range?: SourceRange;
  features: string[];
  parents: ParentSweep[];
  verdict: Verdict;
}

export interface ReweightingReport {
  kind: "reweighting-sweep-report";
  tilt: number;
  alpha: number;
  mechanisms: MechanismReweighting[];
  skipped: { variable: string; range?: SourceRange; reason: string }[];
}

const GRID_K = [-2, -1, 0, 1, 2];

export async function reweightingSweep(model: ModelSpec | { spec(): ModelSpec }, stats: StatisticsProvider, options: ReweightingOptions = {}): Promise<ReweightingReport> {
  const spec = specOf(model);
  const alpha = options.alpha ?? 0.05, level = options.confidenceLevel ?? 0.95, T = options.tilt ?? 1, steps = options.steps ?? 9;
  requireLevel("alpha", alpha);
  requireLevel("confidenceLevel", level);
  if (!(T > 0 && Number.isFinite(T))) throw new CausalError(error("invalid-argument", `reweightingSweep: tilt must be a positive number; got ${T}`));
  if (!(Number.isInteger(steps) && steps >= 3 && steps % 2 === 1)) throw new CausalError(error("invalid-argument", `reweightingSweep: steps must be an odd integer of at least 3; got ${steps}`));
  const ts = Array.from({ length: steps }, (_, k) => (2 * k === steps - 1 ? 0 : -T + (2 * T * k) / (steps - 1)));
  const q = normalQuantile(1 - (1 - level) / 2);
  const pending: { m: Omit<MechanismReweighting, "verdict">; raw: { statistic: number; df: number; log10P: number }[] }[] = [];
  const skipped: ReweightingReport["skipped"] = [];
  for (const v of spec.variables) {
    const where = v.range ? { range: v.range } : {};
    if (v.learned?.family !== "linear-gaussian") {
      if (v.parents.length) skipped.push({ variable: v.name, ...where, reason: `its mechanism is ${v.learned ? `a ${v.learned.family}` : "not a learnable"} family; the reweighting sweep refits linear-Gaussian mechanisms` });
      continue;
    }
    if (!v.parents.length) continue;
    if (!stats.names.includes(v.name) || v.parents.some((p) => !stats.names.includes(p))) { skipped.push({ variable: v.name, ...where, reason: "it or one of its parents has no column in the data" }); continue; }
    const [pm] = await stats.moments({ columns: v.parents });
    const k = v.parents.length, n = pm.n;
    const means = v.parents.map((_, j) => pm.m[0][j + 1] / n);
    const sds = v.parents.map((_, j) => Math.sqrt(Math.max(0, pm.m[0][(j + 1) * (k + 1) + j + 1] / n - means[j] ** 2)));
    const parents: ParentSweep[] = [];
    const raws: { statistic: number; df: number; log10P: number }[] = [];
    for (let j = 0; j < k; j++) {
      const parent = v.parents[j], mean = means[j], sd = sds[j];
      if (!(sd > 0)) throw new CausalError(error("constant-column", `column "${parent}"${stats.source ? ` in ${stats.source}` : ""} is constant, so reweighting by it shifts nothing.`, v.range));
      const tilt = (t: number): RowWeight => (t === 0 ? { kind: "one" } : { kind: "tilt", column: parent, centre: mean, scale: sd, t });
      const extra = [2 * T, -2 * T];
      const weights = [...ts.map(tilt), ...extra.map(tilt)];
      const mm = await mechanismMoments(stats, v, { weights });
      const d = mm.d, p = d + 1, g = mm.groups[0];
      const fits = ts.map((_, i) => olsFromMoments(g.m[i], d));
      const i0 = (steps - 1) / 2, iT = steps - 1, iM = 0;
      const A = (i: number) => topLeft(g.m[i], d);
      const grid = GRID_K.map((kk) => mean + kk * sd);
      const featuresAt = (x: number) => {
        const row: Record<string, number> = Object.fromEntries(v.parents.map((name, u) => [name, means[u]]));
        row[parent] = x;
        const f = v.learned!.featuresOf(row);
        return [1, ...Array.from(f, (fv, u) => fv - mm.shift[u])];
      };
      const zs = grid.map(featuresAt);
      const points: SweepPoint[] = ts.map((t, i) => {
        const c = fits[i].coef, w = g.m[i][0];
        return { t, coef: uncentreCoef(c, mm.shift), effectiveRows: (w * w) / g.sumW2[i], predictions: zs.map((z) => dotv(z, c) + mm.shift[d]) };
      });
      // Covariance blocks (sigma^2 omitted) of b_T - b_0 and b_-T - b_0.
      const inv0 = fits[i0].inv, invT = fits[iT].inv, invM = fits[iM].inv;
      const sandwich = (L: Float64Array, B: Float64Array, R: Float64Array) => sub(mul(mul(L, B, p), R, p), inv0);
      const VTT = sandwich(invT, A(steps), invT), VMM = sandwich(invM, A(steps + 1), invM), VTM = sandwich(invT, A(i0), invM);
      const fit0 = fits[i0], sigma2 = fit0.rss / Math.max(1, fit0.n - fit0.rank);
      const V = new Float64Array(4 * p * p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
        V[a * 2 * p + b] = sigma2 * VTT[a * p + b];
        V[(a + p) * 2 * p + b + p] = sigma2 * VMM[a * p + b];
        V[a * 2 * p + b + p] = sigma2 * VTM[a * p + b];
        V[(b + p) * 2 * p + a] = sigma2 * VTM[a * p + b];
      }
      const delta = [...fits[iT].coef.map((c, a) => c - fit0.coef[a]), ...fits[iM].coef.map((c, a) => c - fit0.coef[a])];
      const { inv: Vp, rank } = pseudoInverse(V, 2 * p);
      let statistic = 0;
      for (let a = 0; a < 2 * p; a++) for (let b = 0; b < 2 * p; b++) statistic += delta[a] * Vp[a * 2 * p + b] * delta[b];
      statistic = Math.max(0, statistic);
      raws.push({ statistic, df: rank, log10P: rank > 0 ? log10ChiSquareUpper(statistic, rank) : 0 });
      // Drift: prediction(T) - prediction(-T) = z'(b_T - b_-T); Var = z'(VTT + VMM - VTM - VTM')z sigma^2.
      let best = 0;
      const changes = zs.map((z, u) => {
        const change = points[iT].predictions[u] - points[iM].predictions[u];
        let var_ = 0;
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) var_ += z[a] * (VTT[a * p + b] + VMM[a * p + b] - VTM[a * p + b] - VTM[b * p + a]) * z[b];
        return { change, se: Math.sqrt(Math.max(0, var_ * sigma2)) };
      });
      changes.forEach((c, u) => { if (Math.abs(c.change) > Math.abs(changes[best].change)) best = u; });
      const c = changes[best], resid = Math.sqrt(sigma2);
      parents.push({
        parent, mean, sd, grid, points,
        drift: { at: grid[best], change: c.change, lower: c.change - q * c.se, upper: c.change + q * c.se, level, inResidualSd: resid > 0 ? Math.abs(c.change) / resid : 0 },
        test: { statistic, df: rank, p: NaN, log10P: 0, pAdjusted: NaN, log10PAdjusted: 0, verdict: "pass" },
      });
    }
    pending.push({ m: { kind: "reweighting-sweep", variable: v.name, ...where, features: [...v.learned.features], parents }, raw: raws });
  }
  const adjusted = holmLog10(pending.flatMap((x) => x.raw.map((r) => r.log10P)));
  let at = 0;
  const mechanisms = pending.map(({ m, raw }): MechanismReweighting => {
    const parents = m.parents.map((ps, j) => {
      const r = raw[j], la = adjusted[at++];
      const verdict = verdictOf(r.log10P, la, alpha);
      return { ...ps, test: { statistic: r.statistic, df: r.df, p: 10 ** r.log10P, log10P: r.log10P, pAdjusted: 10 ** la, log10PAdjusted: la, verdict } };
    });
    return { ...m, parents, verdict: worstVerdict(parents.map((ps) => ps.test.verdict)) };
  });
  return { kind: "reweighting-sweep-report", tilt: T, alpha, mechanisms, skipped };
}

function topLeft(m: Float64Array, d: number): Float64Array {
  const k = d + 2, p = d + 1, out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b] = m[a * k + b];
  return out;
}

function mul(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) { const v = a[i * p + k]; if (v) for (let j = 0; j < p; j++) out[i * p + j] += v * b[k * p + j]; }
  return out;
}

function sub(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - b[i]);
}

function dotv(z: readonly number[], c: readonly number[]): number {
  let s = 0;
  for (let a = 0; a < z.length; a++) s += z[a] * c[a];
  return s;
}
