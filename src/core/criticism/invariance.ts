/**
 * invariance(model, data, { environment }): is a linear-Gaussian mechanism's residual distribution
 * the same in every environment? Invariant causal prediction (Peters, Bühlmann & Meinshausen 2016,
 * "Causal inference by using invariant prediction", JRSS-B 78): for each subset S of the mechanism's
 * features, y is regressed on [1, S] pooled over environments and the residuals are tested for equal
 * means across environments (the F-test of adding environment indicators to the regression, exact
 * under normal errors) and equal variances (Bartlett's 1937 test on each environment's variance of
 * the pooled residuals about their environment mean, chi-square on k - 1 df; valid under the
 * mechanism's own normal-noise assumption), combined by Bonferroni
 * (p_S = min(1, 2 min(p_mean, p_spread))). S is accepted when p_S >= alpha; the ICP estimate is the
 * intersection of the accepted sets. When no set is accepted the report says "no invariant set":
 * a sign of misspecification or hidden confounding, not that the inputs have no effect. Subsets are
 * enumerated up to 10 features (1,024 regressions); above that only the full set is tested.
 *
 * Both tests read only each environment's count, residual sum and residual sum of squares, and the
 * within-environment RSS: functions of per-environment moment matrices, so invariance-sql.ts gives
 * the same report from one GROUP BY aggregate (a 10^7-row file in flat memory). Bartlett replaced
 * Brown & Forsythe's Levene test (absolute deviations from medians, which no moment gives) so the
 * two paths agree to rounding.
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { type ModelSpec, specOf, type VariableSpec } from "../runtime/model-spec";
import { type ColumnTypeOptions, type CriticismData, dataView } from "./data-input";
import { holmLog10 } from "./holm";
import { type Basis, basisOf, extendBasis, ones, residualOn, sumOfSquares } from "./least-squares";
import { log10ChiSquareUpper, log10FUpper } from "./tail-probabilities";
import { requireLevel, type Verdict, verdictOf } from "./verdict";

export interface InvarianceOptions extends ColumnTypeOptions {
  environment: string;
  alpha?: number;
}

export interface SubsetInvariance {
  features: string[];
  /** The nested F of environment indicators added to y ~ [1, S], on meanDf degrees of freedom. */
  meanF: number;
  meanDf: [number, number];
  log10PMean: number;
  /** Bartlett's chi-square of equal residual variances across environments, on spreadDf = k - 1 df. */
  spreadChiSquare: number;
  spreadDf: number;
  /** spreadChiSquare / spreadDf, Bartlett's statistic on the F scale (F(k - 1, infinity)), as JMP reports it. */
  spreadF: number;
  log10PSpread: number;
  /** Bonferroni-combined log10 p of the two tests. */
  log10P: number;
  accepted: boolean;
}

export interface MechanismInvariance {
  kind: "invariance";
  variable: string;
  range?: SourceRange;
  /** The mechanism's own feature set, Holm-adjusted across mechanisms for the verdict. */
  full: SubsetInvariance & { log10PAdjusted: number; verdict: Verdict };
  subsets: SubsetInvariance[];
  /** The intersection of the accepted sets (ICP's estimate), or null when no set is accepted. */
  invariantFeatures: string[] | null;
  statement: string;
}

export interface InvarianceReport {
  kind: "invariance-report";
  environment: string;
  alpha: number;
  mechanisms: MechanismInvariance[];
  skipped: { variable: string; range?: SourceRange; reason: string }[];
}

export const MAX_SUBSET_FEATURES = 10;

/** The subsets tested for d features: all 2^d (as index lists, by bit mask) up to 10, else only the full set. */
export function invarianceSubsets(d: number): number[][] {
  const all = Array.from({ length: d }, (_, j) => j);
  return d <= MAX_SUBSET_FEATURES ? Array.from({ length: 1 << d }, (_, mask) => all.filter((j) => mask & (1 << j))) : [all];
}

/** One environment's residuals: count and sum of squares about their own mean. */
export interface EnvironmentResiduals {
  n: number;
  ss: number;
}

/**
 * Bartlett's test of equal variances: with nu_e = n_e - 1, s_e^2 = ss_e / nu_e, pooled
 * s^2 = sum ss_e / (N - k), T = sum nu_e ln(s^2 / s_e^2) / C, C = 1 + (sum 1/nu_e - 1/(N - k)) / (3 (k - 1)),
 * against chi-square(k - 1). Written as a sum of log ratios (no cancellation of two large logs at 10^7 rows).
 */
export function bartlett(groups: readonly EnvironmentResiduals[]): { chiSquare: number; df: number } {
  const k = groups.length, df = k - 1;
  let N = 0, ss = 0, inv = 0, zero = 0;
  for (const g of groups) { N += g.n; ss += g.ss; inv += 1 / (g.n - 1); if (!(g.ss > 0)) zero++; }
  if (zero === k) return { chiSquare: 0, df };
  if (zero > 0) return { chiSquare: Number.MAX_VALUE, df };
  const pooled = ss / (N - k);
  let t = 0;
  for (const g of groups) t += (g.n - 1) * Math.log(pooled / (g.ss / (g.n - 1)));
  const C = 1 + (inv - 1 / (N - k)) / (3 * df);
  return { chiSquare: Math.max(0, t / C), df };
}

/** A subset's result from its mean-shift F and its environments' residual spreads. */
export function subsetInvariance(features: string[], mean: { F: number; df: [number, number] }, spreads: readonly EnvironmentResiduals[], alpha: number): SubsetInvariance {
  const spread = bartlett(spreads);
  const log10PMean = log10FUpper(mean.F, ...mean.df), log10PSpread = log10ChiSquareUpper(spread.chiSquare, spread.df);
  const log10P = Math.min(0, Math.log10(2) + Math.min(log10PMean, log10PSpread));
  return {
    features, meanF: mean.F, meanDf: mean.df, log10PMean,
    spreadChiSquare: spread.chiSquare, spreadDf: spread.df, spreadF: spread.chiSquare / spread.df, log10PSpread,
    log10P, accepted: log10P >= Math.log10(alpha),
  };
}

/** The nested F from the two RSS and ranks: (rss0 - rss1) / q over rss1 / (n - rank1). */
export function nestedF(rss0: number, rss1: number, rank0: number, rank1: number, n: number): { F: number; df: [number, number] } {
  const q = rank1 - rank0, d2 = n - rank1;
  if (q <= 0 || d2 < 1) return { F: 0, df: [Math.max(1, q), Math.max(1, d2)] };
  const r1 = Math.max(rss1, rss0 * Number.EPSILON);
  return { F: rss0 > 0 ? Math.max(0, ((rss0 - r1) / q) / (r1 / d2)) : 0, df: [q, d2] };
}

export type PendingInvariance = Omit<MechanismInvariance, "full"> & { fullRaw: SubsetInvariance };

/** A mechanism's entry from its subsets' results (the last is the full set): ICP's estimate and the statement. */
export function mechanismInvariance(v: VariableSpec, features: readonly string[], results: SubsetInvariance[], environment: string): PendingInvariance {
  const fullRaw = results[results.length - 1];
  const accepted = results.filter((r) => r.accepted);
  const invariantFeatures = accepted.length ? features.filter((f) => accepted.every((r) => r.features.includes(f))) : null;
  const statement = invariantFeatures === null
    ? `No invariant set: no subset of ${v.name}'s features (${features.join(", ")}) gives residuals with the same mean and spread in every environment of "${environment}". The mechanism is misspecified, or a hidden confounder acts on ${v.name}; this does not mean its inputs have no effect.`
    : `Invariant sets exist for ${v.name}; their intersection (invariant causal prediction's estimate) is {${invariantFeatures.join(", ")}}${fullRaw.accepted ? ", and the mechanism's own feature set is invariant" : `, but the mechanism's own feature set is not invariant`}.`;
  return { kind: "invariance", variable: v.name, ...(v.range ? { range: v.range } : {}), subsets: results, invariantFeatures, statement, fullRaw };
}

/** The report: the full sets' p-values Holm-adjusted across mechanisms, each given its verdict. */
export function invarianceReport(pending: readonly PendingInvariance[], alpha: number, environment: string, skipped: InvarianceReport["skipped"]): InvarianceReport {
  const adjusted = holmLog10(pending.map((p) => p.fullRaw.log10P));
  const mechanisms = pending.map(({ fullRaw, ...m }, i): MechanismInvariance => ({
    ...m, full: { ...fullRaw, log10PAdjusted: adjusted[i], verdict: verdictOf(fullRaw.log10P, adjusted[i], alpha) },
  }));
  return { kind: "invariance-report", environment, alpha, mechanisms, skipped };
}

/** Why a variable is not tested, or undefined when it is (shared by both paths). */
export function invarianceSkip(v: VariableSpec, has: (name: string) => boolean): string | undefined {
  const l = v.learned;
  if (l?.family !== "linear-gaussian") return v.parents.length ? `its mechanism is ${l ? `a ${l.family}` : "not a learnable"} family; the invariance test is implemented for linear-Gaussian mechanisms` : "";
  if (!has(v.name) || v.parents.some((p) => !has(p))) return "it or one of its parents has no column in the data";
  return undefined;
}

/** Equal residual means: the nested F-test of adding environment indicators to y ~ [1, S] (exact under normal errors). */
function environmentShiftF(y: Float64Array, base: Basis, r: Float64Array, groups: readonly number[][]): { F: number; df: [number, number] } {
  const dummies = groups.slice(1).map((g) => { const c = new Float64Array(y.length); for (const i of g) c[i] = 1; return c; });
  const full = extendBasis(base, dummies);
  return nestedF(sumOfSquares(r), sumOfSquares(residualOn(y, full)), base.q.length, full.q.length, y.length);
}

function testSubset(y: Float64Array, X: Float64Array[], subset: number[], groups: number[][], names: readonly string[], alpha: number): SubsetInvariance {
  const base = basisOf([ones(y.length), ...subset.map((j) => X[j])]);
  const r = residualOn(y, base);
  const spreads = groups.map((g): EnvironmentResiduals => {
    let m = 0;
    for (const i of g) m += r[i];
    m /= g.length;
    let ss = 0;
    for (const i of g) ss += (r[i] - m) ** 2;
    return { n: g.length, ss };
  });
  return subsetInvariance(subset.map((j) => names[j]), environmentShiftF(y, base, r, groups), spreads, alpha);
}

export function invariance(model: ModelSpec | { spec(): ModelSpec }, data: CriticismData, options: InvarianceOptions): InvarianceReport {
  const spec = specOf(model);
  const alpha = options.alpha ?? 0.05;
  requireLevel("alpha", alpha);
  const view = dataView(data, { ...options, types: { ...options.types, [options.environment]: "discrete" } });
  const env = view.column(options.environment);
  const groups = Array.from({ length: env.levels }, () => [] as number[]);
  for (let i = 0; i < env.values.length; i++) groups[env.values[i]].push(i);
  const present = groups.filter((g) => g.length > 0);
  if (present.length < 2) throw new CausalError(error("invalid-data", `environment column "${options.environment}" has one level; invariance needs at least two environments.`));
  const tooSmall = present.find((g) => g.length < 2);
  if (tooSmall) throw new CausalError(error("invalid-data", `environment column "${options.environment}": an environment has ${tooSmall.length} row (row ${tooSmall[0] + 1}); each needs at least 2 to compare residual spreads.`));
  const pending: PendingInvariance[] = [];
  const skipped: InvarianceReport["skipped"] = [];
  for (const v of spec.variables) {
    const skip = invarianceSkip(v, (name) => view.has(name));
    if (skip !== undefined) { if (skip) skipped.push({ variable: v.name, ...(v.range ? { range: v.range } : {}), reason: skip }); continue; }
    const l = v.learned!;
    const y = view.column(v.name, v.range).values, n = y.length, d = l.features.length;
    if (n < present.length + d + 2) throw new CausalError(error("invalid-data", `too few rows for the invariance test of "${v.name}": ${n} rows for ${present.length} environments and ${d} features.`, v.range));
    const parents = v.parents.map((p) => view.column(p).values);
    const X = l.features.map(() => new Float64Array(n)), row: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      v.parents.forEach((p, j) => { row[p] = parents[j][i]; });
      const f = l.featuresOf(row);
      for (let j = 0; j < d; j++) X[j][i] = f[j];
    }
    const results = invarianceSubsets(d).map((s) => testSubset(y, X, s, present, l.features, alpha));
    pending.push(mechanismInvariance(v, l.features, results, options.environment));
  }
  return invarianceReport(pending, alpha, options.environment, skipped);
}
