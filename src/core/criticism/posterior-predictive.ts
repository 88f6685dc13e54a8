/**
 * posteriorPredictive(model, data): predictive checks for models with latent variables (usable
 * without): does data replicated from the fitted model look like the data, and does the model
 * predict rows it was not fitted on as well as the ones it was?
 *
 * (a) Discrepancy statistics. R data sets of the data's size are drawn from the model by ancestral
 * sampling with the params as given. This is the plug-in predictive, not a full posterior one: the
 * params are fixed at their (fitted) values, not drawn from a posterior, and latent variables are
 * drawn fresh from the model in every replicate (the prior predictive given the fitted params),
 * since their values in the data are unknown. For each variable with a column the statistics are
 * its mean, variance, skewness m3 / m2^(3/2) and excess kurtosis m4 / m2^2 - 3 (a 0/1 variable: its
 * mean only, the rest being functions of it), and the Pearson correlation of each adjacent pair of
 * the graph's latent projection (a parent-child pair of observed variables, a pair joined by a
 * directed path through latent variables only, or a pair sharing a latent ancestor reached through
 * latent variables only: the pairs a latent model makes dependent directly). Each statistic T is
 * compared with its reference distribution over the replicates by the two-sided Monte Carlo p-value
 * with the +1 correction, p = min(1, 2 min(1 + #{T_rep >= T_obs}, 1 + #{T_rep <= T_obs}) / (R + 1)),
 * valid (never anti-conservative) for any R; all statistics are Holm-adjusted together. Its
 * smallest value is 2 / (R + 1), the resolution of R replicates: with m statistics Holm could never
 * take it below alpha once 2m / (R + 1) >= alpha (R = 200 and m >= 6 at alpha = 0.05). So where
 * T_obs lies beyond every replicate (on one side), the p-value is the smaller of that bound and the
 * normal tail of z = (T_obs - mean T_rep) / sd T_rep (`pMethod: "normal extrapolation"`): the
 * reference distribution extrapolated as a normal, which the sampling distributions of means,
 * variances and correlations approach (the CLT); it is never floored, so a statistic far outside
 * its reference distribution gets a log10 p that says how far. This happens with probability
 * 2 / (R + 1) under the model, so the extrapolation barely moves the calibration (measured in the
 * tests). Data larger than `maxRows` rows are checked on a seeded subsample of that many rows
 * (replicates of the same size), so the cost is R * maxRows draws however large the file.
 * With params fitted to the same data by maximum likelihood a linear-Gaussian model reproduces the
 * means, variances and covariances it fitted, so those p-values sit near 1 (the double use of the
 * data); the shape statistics (skewness, kurtosis) are the ones that then see a wrong noise
 * distribution or a nonlinear relation.
 *
 * (b) Held-out log-likelihood. The rows are split at random (seeded) into an in-sample part and a
 * held-out fraction. Each row's log-likelihood, with the variables that have no column (latent
 * ones) marginalised, is estimated by importance sampling from their prior: K draws of the
 * unobserved variables by ancestral sampling with the observed ones fixed at the row's values,
 * weighted by the observed variables' densities given their parents (likelihood weighting), so
 *     log p(x) ~= log (1/K) sum_k prod_{v observed} p(x_v | pa_v(x, z_k)),  z_k ~ p(z | x's ancestors),
 * computed as a log-mean-exp (unbiased for p(x), biased low by about var(w) / (2 K mean(w)^2) in log,
 * the same in both parts). With no unobserved variable it is the exact log-likelihood. The check is
 * the difference d = mean in-sample - mean held-out, per row, with standard error
 * sqrt(s_in^2 / n_in + s_out^2 / n_out) over rows (which includes the importance-sampling noise).
 * When `fit` refits the params on the in-sample rows, the in-sample mean is optimistic by about
 * k / n_in for k free parameters (Akaike 1973: the bias of the maximised log-likelihood as an
 * estimate of the expected one), so d - k / n_in is tested; without `fit` both parts are scored with
 * the same params and nothing is subtracted. The rule: two one-sided tests that the held-out rows
 * score worse than that allowance, combined by Bonferroni (p = min(1, 2 min(p_mean, p_rank))) and
 * failed at p < alpha like every other check:
 *   - the z test of d - k / n_in against its standard error. The familiar "worse by more than 2
 *     standard errors" is this test at alpha = 0.023; as a p-value the report's alpha applies;
 *   - Wilcoxon-Mann-Whitney's rank-sum test (normal approximation with the tie correction) of the
 *     held-out rows' log-likelihoods against the in-sample ones shifted down by k / n_in: robust to
 *     the heavy lower tail of held-out log-likelihoods, where the mean's standard error is not.
 * Neither sees a handful of catastrophic held-out rows among many good ones (an extrapolating fit
 * gives one row -10^5 nats: the standard error grows with the mean difference and z stays near 1),
 * so the worst held-out row is reported (`worstHeldOut`) for the panel to show.
 * The allowance keeps a correctly specified model that was fitted on the in-sample rows from being
 * flagged for the fit itself. What it flags is a model that predicts new rows worse than its fit
 * suggests: overfitting (too many parameters for the rows, a table with empty cells), or rows that
 * differ between the parts.
 */
import { pText, shortNum } from "./diagnosis-summary";
import { sampleWorlds } from "../infer/sample-worlds";
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { FACTUAL, type ModelSpec, specOf } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { type ColumnTypeOptions, type CriticismData, dataView } from "./data-input";
import { holmLog10 } from "./holm";
import { withParamValues } from "./do-prediction";
import { correlation, moments, projectedPairs } from "./discrepancy-statistics";
import { heldOutSplit, log10UpperNormal, marginalLogLikelihood, meanAndSE, rankSumZ } from "./held-out-likelihood";
import { log10NormalTwoSided } from "./tail-probabilities";
import { requireLevel, type Verdict, verdictOf, worstVerdict } from "./verdict";

export type DiscrepancyKind = "mean" | "variance" | "skewness" | "kurtosis" | "correlation";

export const DEFAULT_STATISTICS: readonly DiscrepancyKind[] = ["mean", "variance", "skewness", "kurtosis", "correlation"];

export interface PosteriorPredictiveOptions extends ColumnTypeOptions {
  /** Replicated data sets R (default 200). */
  samples?: number;
  seed?: number;
  alpha?: number;
  /** Values for the model's params (the fitted ones); the rest keep their initial values. */
  params?: ParamStore;
  /** Which discrepancy statistics (default all of DEFAULT_STATISTICS). */
  statistics?: readonly DiscrepancyKind[];
  /** Fraction of rows held out for the log-likelihood check (default 0.25; 0 skips it). */
  heldOutFraction?: number;
  /** Importance draws K per row for the marginal log-likelihood (default 256). */
  importanceSamples?: number;
  /**
   * Refits the params on the in-sample rows (0-based indices into the data) for the held-out check;
   * the caller owns fitting (core/train), this folder does not. Without it both parts are scored
   * with `params`.
   */
  fit?: (inSampleRows: Int32Array) => ParamStore;
  /** Above this many rows, both checks run on a seeded subsample of it (default 5,000). */
  maxRows?: number;
}

export interface DiscrepancyTest {
  kind: "posterior-predictive";
  statistic: DiscrepancyKind;
  /** The variable (a correlation: the pair's first). */
  variable: string;
  /** correlation: the pair's second. */
  other?: string;
  range?: SourceRange;
  /** "mean(x)", "corr(x, y)". */
  label: string;
  observed: number;
  /** T over the R replicates, in the order drawn (the plot's reference distribution). */
  replicated: number[];
  replicatedMean: number;
  replicatedSD: number;
  /** (T_obs - mean) / sd of the replicates (descriptive; its normal tail is log10PNormal). */
  z: number;
  log10PNormal: number;
  /** #{T_rep >= T_obs} and #{T_rep <= T_obs}. */
  above: number;
  below: number;
  /** "monte-carlo": the rank p-value; "normal extrapolation": T_obs beyond every replicate, p from z's normal tail (at most the rank bound). */
  pMethod: "monte-carlo" | "normal extrapolation";
  p: number;
  log10P: number;
  pAdjusted: number;
  log10PAdjusted: number;
  verdict: Verdict;
  text: string;
}

export interface HeldOutLikelihood {
  kind: "held-out-likelihood";
  /** "exact" when every variable has a column, else importance sampling from the prior with K draws. */
  method: "exact" | "importance sampling";
  importanceSamples?: number;
  /** The variables marginalised (no column in the data). */
  marginalised: string[];
  /** Median over rows of the importance weights' effective sample size (out of K). */
  medianEffectiveSamples?: number;
  inSampleRows: number;
  heldOutRows: number;
  /** Mean log-likelihood per row (nats) on each part, with its standard error. */
  inSample: number;
  inSampleSE: number;
  heldOut: number;
  heldOutSE: number;
  /** inSample - heldOut, its standard error, and the optimism allowance subtracted before testing. */
  difference: number;
  differenceSE: number;
  optimism: number;
  /** Free scalar parameters counted for the allowance. */
  parameters: number;
  refit: boolean;
  /** (difference - optimism) / differenceSE, and its one-sided log10 p. */
  z: number;
  log10PMean: number;
  /** The rank-sum statistic standardised (positive: held-out rows rank lower), and its one-sided log10 p. */
  rankZ: number;
  log10PRank: number;
  /** Bonferroni of the two. */
  p: number;
  /** The held-out row (1-based) with the lowest log-likelihood. */
  worstHeldOut: { row: number; logLikelihood: number };
  log10P: number;
  verdict: Verdict;
  text: string;
}

export interface PosteriorPredictiveReport {
  kind: "posterior-predictive-report";
  alpha: number;
  replicates: number;
  /** Rows checked (a seeded subsample when the data have more than maxRows), and the data's rows. */
  rows: number;
  dataRows: number;
  /** Variables with a column (checked) and without (drawn fresh in each replicate, marginalised in the likelihood). */
  observed: string[];
  latent: string[];
  tests: DiscrepancyTest[];
  heldOut: HeldOutLikelihood | null;
  skipped: { variable?: string; statistic?: DiscrepancyKind; reason: string }[];
  notes: string[];
  verdict: Verdict;
}


function countParameters(spec: ModelSpec): number {
  return (spec.params ?? []).reduce((s, d) => s + (typeof d.init === "number" ? 1 : d.init.length), 0);
}

interface Planned { statistic: DiscrepancyKind; variable: string; other?: string; label: string; compute: (cols: Readonly<Record<string, Float64Array>>) => number }

export function posteriorPredictive(model: ModelSpec | { spec(): ModelSpec }, data: CriticismData, options: PosteriorPredictiveOptions = {}): PosteriorPredictiveReport {
  const base = specOf(model), spec = withParamValues(base, options.params);
  const alpha = options.alpha ?? 0.05;
  requireLevel("alpha", alpha);
  const seed = options.seed ?? 0;
  const view = dataView(data, options);
  const dataRows = view.rowCount, maxRows = Math.max(3, Math.floor(options.maxRows ?? 5000));
  // The rows checked: all, or a seeded subsample (sorted) when there are more than maxRows.
  const used = dataRows > maxRows ? heldOutSplit(dataRows, maxRows / dataRows, seed + 3).heldOut : null;
  const rows = used ? used.length : dataRows;
  const subset = (c: Float64Array) => (used ? Float64Array.from(used, (i) => c[i]) : c);
  const skipped: PosteriorPredictiveReport["skipped"] = [], notes: string[] = [];
  const byName = new Map(spec.variables.map((v) => [v.name, v]));

  const observed: string[] = [], binary = new Set<string>();
  const columns = new Map<string, Float64Array>();
  for (const v of spec.variables) {
    if (!view.has(v.name)) continue;
    try {
      const c = view.column(v.name, v.range);
      if (c.type === "discrete" && c.levels <= 2) binary.add(v.name);
    } catch (e) {
      if (!(e instanceof CausalError) || e.diagnostic.code !== "constant-column") throw e;
      skipped.push({ variable: v.name, reason: e.diagnostic.message });
    }
    observed.push(v.name);
    columns.set(v.name, subset(view.values(v.name, v.range)));
  }
  const latent = spec.variables.filter((v) => !columns.has(v.name)).map((v) => v.name);
  if (observed.length === 0) throw new CausalError(error("missing-column", `no variable of model "${spec.name}" has a column in the data (the data has: ${view.names.join(", ") || "no columns"}).`));
  if (dataRows < 3) throw new CausalError(error("invalid-data", `too few rows for predictive checks: ${dataRows} (at least 3; the held-out check needs more).`));

  // The statistics to test.
  const wanted = new Set(options.statistics ?? DEFAULT_STATISTICS);
  for (const s of wanted) if (!DEFAULT_STATISTICS.includes(s)) throw new CausalError(error("invalid-argument", `unknown discrepancy statistic "${s}" (use ${DEFAULT_STATISTICS.join(", ")})`));
  const plan: Planned[] = [];
  const constant = new Set(skipped.map((s) => s.variable));
  for (const v of observed) {
    if (constant.has(v)) continue;
    for (const s of ["mean", "variance", "skewness", "kurtosis"] as const) {
      if (!wanted.has(s)) continue;
      if (s !== "mean" && binary.has(v)) continue;
      plan.push({ statistic: s, variable: v, label: `${s}(${v})`, compute: (cols) => moments(cols[v])[s] });
    }
  }
  if (wanted.has("correlation")) {
    for (const [a, b] of projectedPairs(spec, new Set(observed))) {
      if (constant.has(a) || constant.has(b)) continue;
      plan.push({ statistic: "correlation", variable: a, other: b, label: `corr(${a}, ${b})`, compute: (cols) => correlation(cols[a], cols[b]) });
    }
  }
  const m = plan.length;
  const R = Math.max(1, Math.floor(options.samples ?? 200));
  if (used) notes.push(`The data have ${dataRows} rows; the predictive checks use a seeded subsample of ${rows} (maxRows).`);
  if (latent.length) notes.push(`Latent (no column): ${latent.join(", ")}; drawn fresh from the model in every replicate and marginalised by importance sampling in the held-out likelihood.`);

  // (a) Replicates: R batches of `rows` rows from the model with the params as given.
  const observedCols: Record<string, Float64Array> = {};
  for (const [k, c] of columns) observedCols[k] = c;
  const obsValues = plan.map((p) => p.compute(observedCols));
  const reps = plan.map(() => new Array<number>(R));
  let r = 0;
  if (m > 0) {
    sampleWorlds(spec, { worlds: [{ name: FACTUAL, do: {} }], evidence: {}, samples: R * rows, seed, batchSize: rows }, (batch) => {
      const cols = batch.worlds[FACTUAL];
      plan.forEach((p, j) => { reps[j][r] = p.compute(cols); });
      r++;
    });
  }
  const raw = plan.map((p, j) => {
    const t = obsValues[j], rep = reps[j];
    let above = 0, below = 0, s = 0;
    for (const x of rep) { if (x >= t) above++; if (x <= t) below++; s += x; }
    const mean = s / R;
    let ss = 0;
    for (const x of rep) ss += (x - mean) ** 2;
    const sd = Math.sqrt(ss / Math.max(1, R - 1));
    const p2 = Math.min(1, (2 * Math.min(1 + above, 1 + below)) / (R + 1));
    const z = sd > 0 ? (t - mean) / sd : t === mean ? 0 : Math.sign(t - mean) * Infinity;
    const log10PNormal = Number.isFinite(z) ? log10NormalTwoSided(z) : -Infinity;
    const beyond = above === 0 || below === 0;
    const log10P = beyond ? Math.min(Math.log10(p2), log10PNormal) : Math.log10(p2);
    return { p, t, rep, above, below, mean, sd, z, log10PNormal, log10P, pMethod: beyond && log10PNormal < Math.log10(p2) ? "normal extrapolation" as const : "monte-carlo" as const };
  });
  const adjusted = holmLog10(raw.map((x) => x.log10P));
  const tests = raw.map((x, j): DiscrepancyTest => {
    const verdict = verdictOf(x.log10P, adjusted[j], alpha);
    const log10PNormal = x.log10PNormal;
    const where = x.above === 0 || x.below === 0
      ? `beyond all ${R} replicates (${x.above === 0 ? "above" : "below"} them; z = ${shortNum(x.z)}, normal tail p ≈ ${pOrZero(log10PNormal)})`
      : `at z = ${shortNum(x.z)} in the replicates' distribution (${x.above} of ${R} at or above it)`;
    const vr = byName.get(x.p.variable)!;
    return {
      kind: "posterior-predictive", statistic: x.p.statistic, variable: x.p.variable, ...(x.p.other ? { other: x.p.other } : {}), ...(vr.range ? { range: vr.range } : {}),
      label: x.p.label, observed: x.t, replicated: x.rep, replicatedMean: x.mean, replicatedSD: x.sd, z: x.z, log10PNormal, above: x.above, below: x.below, pMethod: x.pMethod,
      p: 10 ** x.log10P, log10P: x.log10P, pAdjusted: 10 ** adjusted[j], log10PAdjusted: adjusted[j], verdict,
      text: `${x.p.label} = ${shortNum(x.t)} on the data against ${shortNum(x.mean)} ± ${shortNum(x.sd)} over ${R} data sets replicated from the model: ${where}; p = ${pOrZero(x.log10P)} (Holm-adjusted ${pOrZero(adjusted[j])}).`,
    };
  });

  // (b) Held-out log-likelihood.
  let heldOut: HeldOutLikelihood | null = null;
  const fraction = options.heldOutFraction ?? 0.25;
  if (!(fraction >= 0 && fraction < 1)) throw new CausalError(error("invalid-argument", `heldOutFraction must be in [0, 1); got ${fraction}`));
  if (fraction > 0) {
    const split = heldOutSplit(rows, fraction, seed + 1);
    if (split.inSample.length < 2 || split.heldOut.length < 2) {
      skipped.push({ reason: `the held-out check needs at least 2 rows in each part; ${rows} rows split ${split.inSample.length} / ${split.heldOut.length}` });
    } else {
      const refit = options.fit !== undefined;
      // fit gets indices into the data (not the subsample).
      const params = refit ? options.fit!(used ? Int32Array.from(split.inSample, (i) => used[i]) : split.inSample) : undefined;
      const scored = params ? withParamValues(spec, params) : spec;
      const ll = marginalLogLikelihood(scored, columns, { importanceSamples: options.importanceSamples, seed: seed + 2 });
      const a = meanAndSE(ll.perRow, split.inSample), b = meanAndSE(ll.perRow, split.heldOut);
      const k = countParameters(spec), optimism = refit ? k / split.inSample.length : 0;
      const difference = a.mean - b.mean, differenceSE = Math.sqrt(a.se ** 2 + b.se ** 2);
      const excess = difference - optimism;
      const z = Number.isFinite(difference) ? (differenceSE > 0 ? excess / differenceSE : excess > 0 ? Infinity : 0) : difference > 0 ? Infinity : -Infinity;
      const log10PMean = z === Infinity ? -Infinity : z === -Infinity || Number.isNaN(z) ? 0 : log10UpperNormal(z);
      const rankZ = rankSumZ(Array.from(split.inSample, (i) => ll.perRow[i] - optimism), Array.from(split.heldOut, (i) => ll.perRow[i]));
      const log10PRank = log10UpperNormal(rankZ);
      const log10P = Math.min(0, Math.log10(2) + Math.min(log10PMean, log10PRank));
      const verdict = verdictOf(log10P, log10P, alpha);
      let worst = split.heldOut[0];
      for (const i of split.heldOut) if (ll.perRow[i] < ll.perRow[worst]) worst = i;
      const ess = ll.effectiveSamples ? Float64Array.from(ll.effectiveSamples).sort()[ll.effectiveSamples.length >> 1] : undefined;
      const how = ll.method === "exact" ? "exact" : `${ll.marginalised.join(", ")} marginalised by importance sampling from the prior, K = ${ll.importanceSamples}, median effective draws ${shortNum(ess!)}`;
      const allowance = refit ? `; refitted on the in-sample rows, so ${shortNum(optimism)} (k / n = ${k} / ${split.inSample.length}) of it is expected from the fit itself` : "";
      heldOut = {
        kind: "held-out-likelihood", method: ll.method, ...(ll.importanceSamples ? { importanceSamples: ll.importanceSamples } : {}), marginalised: ll.marginalised,
        ...(ess !== undefined ? { medianEffectiveSamples: ess } : {}),
        inSampleRows: split.inSample.length, heldOutRows: split.heldOut.length, inSample: a.mean, inSampleSE: a.se, heldOut: b.mean, heldOutSE: b.se,
        difference, differenceSE, optimism, parameters: k, refit, z, log10PMean, rankZ, log10PRank, p: 10 ** log10P, log10P, worstHeldOut: { row: (used ? used[worst] : worst) + 1, logLikelihood: ll.perRow[worst] }, verdict,
        text: `log-likelihood per row ${shortNum(a.mean)} ± ${shortNum(a.se)} in-sample (${split.inSample.length} rows) against ${shortNum(b.mean)} ± ${shortNum(b.se)} held out (${split.heldOut.length} rows; ${how}): held out worse by ${shortNum(difference)} ± ${shortNum(differenceSE)} nats${allowance}; z = ${shortNum(z)} (one-sided p = ${pOrZero(log10PMean)}), rank-sum z = ${shortNum(rankZ)} (p = ${pOrZero(log10PRank)}); combined p = ${pOrZero(log10P)}.`,
      };
      if (ess !== undefined && ess < 10) notes.push(`The importance sampler's median effective draws per row is ${shortNum(ess)} of ${ll.importanceSamples}: the prior is a poor proposal for these latent variables, so the held-out log-likelihood is noisy and biased low; raise importanceSamples.`);
      if (!refit) notes.push("The held-out check scored both parts with the params as given (no `fit` to refit them on the in-sample rows): unless those params were fitted on the in-sample rows only, the two parts differ only by chance.");
    }
  }
  return {
    kind: "posterior-predictive-report", alpha, replicates: R, rows, dataRows, observed, latent, tests, heldOut, skipped, notes,
    verdict: worstVerdict([...tests.map((t) => t.verdict), ...(heldOut ? [heldOut.verdict] : [])]),
  };
}

function pOrZero(log10P: number): string {
  return log10P === -Infinity ? "0" : pText(log10P);
}
