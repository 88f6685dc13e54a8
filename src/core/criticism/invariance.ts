/**
 * invariance(model, data, { environment }): is a linear-Gaussian mechanism's residual distribution
 * the same in every environment? Invariant causal prediction (Peters, Bühlmann & Meinshausen 2016,
 * "Causal inference by using invariant prediction", JRSS-B 78): for each subset S of the mechanism's
 * features, y is regressed on [1, S] pooled over environments and the residuals are tested for equal
 * means across environments (the F-test of adding environment indicators to the regression, exact
 * under normal errors) and equal spread (Brown & Forsythe's 1974 Levene test: one-way ANOVA of
 * absolute deviations from each environment's median; conservative here, since the pooled fit has
 * absorbed some of the differences), combined by Bonferroni
 * (p_S = min(1, 2 min(p_mean, p_spread))). S is accepted when p_S >= alpha; the ICP estimate is the
 * intersection of the accepted sets. When no set is accepted the report says "no invariant set":
 * a sign of misspecification or hidden confounding, not that the inputs have no effect. Subsets are
 * enumerated up to 10 features (1,024 regressions); above that only the full set is tested.
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import type { ModelSpec } from "../runtime/model-spec";
import { type ColumnTypeOptions, type CriticismData, dataView } from "./data-input";
import { holmLog10 } from "./holm";
import { type Basis, basisOf, extendBasis, ones, residualOn, sumOfSquares } from "./least-squares";
import { log10FUpper } from "./tail-probabilities";
import { requireLevel, type Verdict, verdictOf } from "./verdict";

export interface InvarianceOptions extends ColumnTypeOptions {
  environment: string;
  alpha?: number;
}

export interface SubsetInvariance {
  features: string[];
  meanF: number;
  log10PMean: number;
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

const MAX_SUBSET_FEATURES = 10;

/** One-way ANOVA F of values grouped by code. */
function anovaF(values: Float64Array, groups: readonly number[][]): { F: number; df: [number, number] } {
  const n = values.length, k = groups.length;
  let grand = 0;
  for (let i = 0; i < n; i++) grand += values[i];
  grand /= n;
  let ssb = 0, ssw = 0;
  for (const g of groups) {
    let m = 0;
    for (const i of g) m += values[i];
    m /= g.length;
    ssb += g.length * (m - grand) ** 2;
    for (const i of g) ssw += (values[i] - m) ** 2;
  }
  const df1 = k - 1, df2 = n - k;
  const F = ssw > 0 ? (ssb / df1) / (ssw / df2) : ssb > 0 ? Number.MAX_VALUE : 0;
  return { F, df: [df1, df2] };
}

/**
 * Equal residual means as the nested F-test of adding environment indicators to y ~ [1, S]: exact
 * under normal errors, where an ANOVA of the pooled residuals would be conservative (the pooled
 * fit has already absorbed part of each environment's shift through S).
 */
function environmentShiftF(y: Float64Array, base: Basis, r: Float64Array, groups: readonly number[][]): { F: number; df: [number, number] } {
  const dummies = groups.slice(1).map((g) => { const c = new Float64Array(y.length); for (const i of g) c[i] = 1; return c; });
  const full = extendBasis(base, dummies);
  const q = full.q.length - base.q.length, d2 = y.length - full.q.length;
  if (q === 0 || d2 < 1) return { F: 0, df: [Math.max(1, q), Math.max(1, d2)] };
  const rss0 = sumOfSquares(r), rss1 = Math.max(sumOfSquares(residualOn(y, full)), rss0 * Number.EPSILON);
  return { F: rss0 > 0 ? Math.max(0, ((rss0 - rss1) / q) / (rss1 / d2)) : 0, df: [q, d2] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function testSubset(y: Float64Array, X: Float64Array[], subset: number[], groups: number[][], names: readonly string[], alpha: number): SubsetInvariance {
  const base = basisOf([ones(y.length), ...subset.map((j) => X[j])]);
  const r = residualOn(y, base);
  const mean = environmentShiftF(y, base, r, groups);
  const dev = new Float64Array(r.length);
  for (const g of groups) { const med = median(g.map((i) => r[i])); for (const i of g) dev[i] = Math.abs(r[i] - med); }
  const spread = anovaF(dev, groups);
  const log10PMean = log10FUpper(mean.F, ...mean.df), log10PSpread = log10FUpper(spread.F, ...spread.df);
  const log10P = Math.min(0, Math.log10(2) + Math.min(log10PMean, log10PSpread));
  return { features: subset.map((j) => names[j]), meanF: mean.F, log10PMean, spreadF: spread.F, log10PSpread, log10P, accepted: log10P >= Math.log10(alpha) };
}

export function invariance(model: ModelSpec | { spec(): ModelSpec }, data: CriticismData, options: InvarianceOptions): InvarianceReport {
  const spec = "spec" in model && typeof model.spec === "function" ? model.spec() : (model as ModelSpec);
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
  const pending: (Omit<MechanismInvariance, "full"> & { fullRaw: SubsetInvariance })[] = [];
  const skipped: InvarianceReport["skipped"] = [];
  for (const v of spec.variables) {
    const where = v.range ? { range: v.range } : {};
    const l = v.learned;
    if (l?.family !== "linear-gaussian") {
      if (v.parents.length) skipped.push({ variable: v.name, ...where, reason: `its mechanism is ${l ? `a ${l.family}` : "not a learnable"} family; the invariance test is implemented for linear-Gaussian mechanisms` });
      continue;
    }
    if (!view.has(v.name) || v.parents.some((p) => !view.has(p))) { skipped.push({ variable: v.name, ...where, reason: "it or one of its parents has no column in the data" }); continue; }
    const y = view.column(v.name, v.range).values, n = y.length, d = l.features.length;
    if (n < present.length + d + 2) throw new CausalError(error("invalid-data", `too few rows for the invariance test of "${v.name}": ${n} rows for ${present.length} environments and ${d} features.`, v.range));
    const parents = v.parents.map((p) => view.column(p).values);
    const X = l.features.map(() => new Float64Array(n)), row: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      v.parents.forEach((p, j) => { row[p] = parents[j][i]; });
      const f = l.featuresOf(row);
      for (let j = 0; j < d; j++) X[j][i] = f[j];
    }
    const all = Array.from({ length: d }, (_, j) => j);
    const subsets = d <= MAX_SUBSET_FEATURES
      ? Array.from({ length: 1 << d }, (_, mask) => all.filter((j) => mask & (1 << j)))
      : [all];
    const results = subsets.map((s) => testSubset(y, X, s, present, l.features, alpha));
    const fullRaw = results[results.length - 1];
    const accepted = results.filter((r) => r.accepted);
    const invariantFeatures = accepted.length ? l.features.filter((f) => accepted.every((r) => r.features.includes(f))) : null;
    const statement = invariantFeatures === null
      ? `No invariant set: no subset of ${v.name}'s features (${l.features.join(", ")}) gives residuals with the same mean and spread in every environment of "${options.environment}". The mechanism is misspecified, or a hidden confounder acts on ${v.name}; this does not mean its inputs have no effect.`
      : `Invariant sets exist for ${v.name}; their intersection (invariant causal prediction's estimate) is {${invariantFeatures.join(", ")}}${fullRaw.accepted ? ", and the mechanism's own feature set is invariant" : `, but the mechanism's own feature set is not invariant`}.`;
    pending.push({ kind: "invariance", variable: v.name, ...where, subsets: results, invariantFeatures, statement, fullRaw });
  }
  const adjusted = holmLog10(pending.map((p) => p.fullRaw.log10P));
  const mechanisms = pending.map(({ fullRaw, ...m }, i): MechanismInvariance => ({
    ...m, full: { ...fullRaw, log10PAdjusted: adjusted[i], verdict: verdictOf(fullRaw.log10P, adjusted[i], alpha) },
  }));
  return { kind: "invariance-report", environment: options.environment, alpha, mechanisms, skipped };
}
