/**
 * residualChecks(model, data): residuals of every normal-noise mechanism (linear-Gaussian or any
 * mechanism returning a normal) against its fitted value and against each of its inputs, as plot
 * arrays, with three tests on the standardized residuals s = (y - mu) / sigma:
 *   - curvature: Ramsey's RESET (Ramsey 1969, JRSS-B 31): the F-test of adding the squared and
 *     cubed (standardized) fitted value to a regression of s on [1, inputs, fitted];
 *   - per input: the same F-test for that input's square (non-linearity in one parent, which is
 *     where the edge's functional form is wrong);
 *   - heteroscedasticity: Breusch & Pagan (1979, Econometrica 47), in Koenker's studentized form
 *     (1981, J. Econometrics 17) that does not assume normal errors: n R^2 of s^2 on [1, inputs,
 *     squared inputs] against chi-square(its rank - 1); the squares (White's 1980 auxiliary terms,
 *     without cross products) let it see a variance that grows with |x|, which inputs alone miss.
 * Inputs are the learned mechanism's features (linear-Gaussian) or else its parents. p-values are
 * exact in log space; every test of the report is Holm-adjusted together and given a verdict as in
 * local-tests.ts. A mechanism whose noise is not normal, or that reads a variable without a column,
 * is listed in `skipped` with the reason.
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { type ModelSpec, specOf, type VariableSpec } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { type ColumnTypeOptions, type CriticismData, dataView } from "./data-input";
import { fittedNormalMechanisms } from "./fitted-normal";
import { holmLog10 } from "./holm";
import { type Basis, basisOf, extendBasis, ones, residualOn, sumOfSquares } from "./least-squares";
import { requireLevel, type Verdict, verdictOf, worstVerdict } from "./verdict";
import { log10ChiSquareUpper, log10FUpper } from "./tail-probabilities";

export interface ResidualsOptions extends ColumnTypeOptions {
  /** Values for the model's params (the fitted ones); the rest keep their initial values. */
  params?: ParamStore;
  /** Significance level for the verdicts (default 0.05). */
  alpha?: number;
  /** Seed for sampling variables that have no column (default 0). */
  seed?: number;
}

export type ResidualTestKind = "reset" | "input-curvature" | "breusch-pagan";

export interface ResidualTest {
  test: ResidualTestKind;
  /** The input whose square was tested (input-curvature). */
  input?: string;
  statistic: number;
  /** F: [numerator, denominator] degrees of freedom; chi-square: [df]. */
  df: number[];
  p: number;
  log10P: number;
  pAdjusted: number;
  log10PAdjusted: number;
  verdict: Verdict;
}

export interface ResidualInput {
  name: string;
  values: Float64Array;
  range?: SourceRange;
}

export interface MechanismResiduals {
  kind: "residuals";
  variable: string;
  range?: SourceRange;
  family: "linear-gaussian" | "normal";
  rows: number;
  /** Plot data: the mechanism's location per row, and the standardized residuals (y - mu) / sigma. */
  fitted: Float64Array;
  standardized: Float64Array;
  /** Plot data: each input's values (residuals against each input). */
  inputs: ResidualInput[];
  tests: ResidualTest[];
  /** Why a test was not run (e.g. the fitted value is constant). */
  untested: string[];
  verdict: Verdict;
}

export interface ResidualsReport {
  kind: "residuals-report";
  alpha: number;
  mechanisms: MechanismResiduals[];
  skipped: { variable: string; range?: SourceRange; reason: string }[];
}

type RawTest = Omit<ResidualTest, "pAdjusted" | "log10PAdjusted" | "verdict" | "p">;

export function residualChecks(model: ModelSpec | { spec(): ModelSpec }, data: CriticismData, options: ResidualsOptions = {}): ResidualsReport {
  const spec = specOf(model);
  const alpha = options.alpha ?? 0.05;
  requireLevel("alpha", alpha);
  const view = dataView(data, options);
  const columns = new Map<string, Float64Array>();
  for (const v of spec.variables) {
    if (view.has(v.name)) columns.set(v.name, view.values(v.name, v.range));
    else if (!v.latent) view.column(v.name, v.range); // throws missing-column naming it
  }
  const fits = fittedNormalMechanisms(spec, columns, view.rowCount, options.params, options.seed ?? 0);
  const pending: { m: Omit<MechanismResiduals, "tests" | "verdict">; raw: RawTest[] }[] = [];
  const skipped: ResidualsReport["skipped"] = [];
  for (const v of spec.variables) {
    const fit = fits.get(v.name);
    if (!fit) continue;
    const where = v.range ? { range: v.range } : {};
    if (!fit.normal) { skipped.push({ variable: v.name, ...where, reason: fit.reason }); continue; }
    if (v.parents.length === 0) { skipped.push({ variable: v.name, ...where, reason: "it has no parents, so its residuals have nothing to be checked against" }); continue; }
    const y = view.column(v.name, v.range).values;
    for (const p of v.parents) view.column(p, spec.variables.find((u) => u.name === p)?.range);
    const { mu, sigma } = fit.fit, n = view.rowCount;
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = (y[i] - mu[i]) / sigma[i];
    const inputs = inputsOf(v, spec, columns, n);
    const untested: string[] = [];
    const raw = testsOf(v, s, mu, inputs, untested);
    pending.push({ m: { kind: "residuals", variable: v.name, ...where, family: v.learned?.family === "linear-gaussian" ? "linear-gaussian" : "normal", rows: n, fitted: mu, standardized: s, inputs, untested }, raw });
  }
  const all = pending.flatMap((p) => p.raw);
  const adjusted = holmLog10(all.map((t) => t.log10P));
  let k = 0;
  const mechanisms = pending.map(({ m, raw }): MechanismResiduals => {
    const tests = raw.map((t): ResidualTest => {
      const a = adjusted[k++];
      return { ...t, p: 10 ** t.log10P, pAdjusted: 10 ** a, log10PAdjusted: a, verdict: verdictOf(t.log10P, a, alpha) };
    });
    return { ...m, tests, verdict: worstVerdict(tests.map((t) => t.verdict)) };
  });
  return { kind: "residuals-report", alpha, mechanisms, skipped };
}

/** The learned features (linear-Gaussian) or the parents, as columns. */
function inputsOf(v: VariableSpec, spec: ModelSpec, columns: ReadonlyMap<string, Float64Array>, n: number): ResidualInput[] {
  const rangeOf = (p: string) => spec.variables.find((u) => u.name === p)?.range;
  const l = v.learned;
  if (!l || l.family !== "linear-gaussian") return v.parents.map((p) => ({ name: p, values: columns.get(p)!, ...(rangeOf(p) ? { range: rangeOf(p)! } : {}) }));
  const d = l.features.length, out = l.features.map(() => new Float64Array(n));
  const row: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    for (const p of v.parents) row[p] = columns.get(p)![i];
    const f = l.featuresOf(row);
    for (let j = 0; j < d; j++) out[j][i] = f[j];
  }
  return l.features.map((name, j) => {
    const parent = l.featureParents[j];
    const r = parent ? rangeOf(parent) : v.range;
    return { name, values: out[j], ...(r ? { range: r } : {}) };
  });
}

function standardize(x: Float64Array): Float64Array | undefined {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) ** 2;
  const sd = Math.sqrt(ss / n);
  if (!(sd > 1e-12 * Math.max(1, Math.abs(m)))) return undefined;
  return Float64Array.from(x, (v) => (v - m) / sd);
}

function powerOf(x: Float64Array, k: number): Float64Array {
  return Float64Array.from(x, (v) => v ** k);
}

/** F-test of adding `extra` to the regression of s on `base`; undefined when extra adds no direction. */
function nestedF(s: Float64Array, base: Basis, extra: Float64Array[]): { statistic: number; df: number[]; log10P: number } | undefined {
  const full = extendBasis(base, extra);
  const q = full.q.length - base.q.length, d2 = s.length - full.q.length;
  if (q === 0) return undefined;
  if (d2 < 1) throw new CausalError(error("invalid-data", `too few rows for a residual F-test: ${s.length} rows for ${full.q.length} regression columns`));
  const rss0 = sumOfSquares(residualOn(s, base));
  if (!(rss0 > 0)) return undefined; // the residuals are already fitted exactly: nothing left to explain
  // An exact fit by the extra terms is floored at rounding level, so the statistic stays finite.
  const rss1 = Math.max(sumOfSquares(residualOn(s, full)), rss0 * Number.EPSILON);
  const statistic = Math.max(0, ((rss0 - rss1) / q) / (rss1 / d2));
  return { statistic, df: [q, d2], log10P: log10FUpper(statistic, q, d2) };
}

function testsOf(v: VariableSpec, s: Float64Array, mu: Float64Array, inputs: ResidualInput[], untested: string[]): RawTest[] {
  const n = s.length, out: RawTest[] = [];
  const scaled = inputs.map((x) => standardize(x.values));
  const design = [ones(n), ...scaled.filter((x): x is Float64Array => x !== undefined)];
  const fittedStd = standardize(mu);
  if (n < design.length + 4) {
    throw new CausalError(error("invalid-data", `too few rows for the residual checks of "${v.name}": ${n} rows for ${design.length} regression columns (need at least ${design.length + 4})`, v.range));
  }
  if (!(sumOfSquares(s) > 0)) {
    untested.push("every test: each residual is zero, so the mechanism fits these rows exactly (is the data simulated without noise?)");
    return out;
  }
  const base = basisOf(fittedStd ? [...design, fittedStd] : design);
  if (fittedStd) {
    const reset = nestedF(s, base, [powerOf(fittedStd, 2), powerOf(fittedStd, 3)]);
    if (reset) out.push({ test: "reset", ...reset });
    else untested.push("curvature (RESET): the fitted value takes too few distinct values for a squared term to add anything");
  } else untested.push("curvature (RESET): the fitted value is constant on these rows");
  inputs.forEach((x, j) => {
    const z = scaled[j];
    if (!z) { untested.push(`curvature in ${x.name}: it is constant on these rows`); return; }
    const f = nestedF(s, base, [powerOf(z, 2)]);
    if (f) out.push({ test: "input-curvature", input: x.name, ...f });
    else untested.push(new Set(x.values).size <= 2
      ? `curvature in ${x.name}: it takes two values, so its square is a linear term`
      : `curvature in ${x.name}: its square is already a linear combination of the inputs and the fitted value (the mechanism uses it)`);
  });
  // Koenker's studentized Breusch-Pagan: n R^2 of s^2 on [1, inputs, squared inputs].
  const s2 = powerOf(s, 2);
  const bpBasis = basisOf([...design, ...design.slice(1).map((z) => powerOf(z, 2))]);
  const df = bpBasis.q.length - 1;
  if (df > 0) {
    const tss = sumOfSquares(residualOn(s2, basisOf([ones(n)])));
    const rss = sumOfSquares(residualOn(s2, bpBasis));
    const statistic = tss > 0 ? n * Math.max(0, 1 - rss / tss) : 0;
    out.push({ test: "breusch-pagan", statistic, df: [df], log10P: log10ChiSquareUpper(statistic, df) });
  } else untested.push("heteroscedasticity (Breusch-Pagan): every input is constant on these rows");
  return out;
}
