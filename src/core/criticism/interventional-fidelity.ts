/**
 * interventionalFidelity(model, data, { column }): where the data hold interventional rows, do the
 * model's do-predictions match them? A row whose `column` names a variable V (empty, "none" or null:
 * an observational row) was produced under do(V = the value in V's own column). Rows are grouped by
 * (V, value); for each group and each other variable Y with a column, the group's observed mean of
 * Y (with its standard error sd / sqrt(n)) is compared with the model's E[Y | do(V = v)]:
 *   - computed by the runtime (the do handler on the model, params substituted), exactly by variable
 *     elimination where the model is discrete with finite supports and small tables, else by seeded
 *     ancestral sampling under the intervention with its Monte Carlo standard error (`method` says
 *     which);
 *   - Y a descendant of V: the model predicts a change; Y not a descendant: the model predicts none
 *     (E[Y | do(V)] = E[Y]). Both are tested, since a non-descendant that moves under do(V) says the
 *     graph has an edge the wrong way round (or misses one out of V);
 *   - the test is Welch's t on the difference, variance = observed SE^2 + model MC SE^2, with
 *     Welch-Satterthwaite degrees of freedom (the z test as both groups grow; the t keeps small
 *     groups calibrated), p two-sided in log10 (tail-probabilities.ts, never floored);
 *   - for a discrete Y with more than two levels also its whole distribution: a G-test of the
 *     group's counts against the model's exact P(Y = k | do(V = v)) (df = levels with p > 0, minus
 *     1), or, when the prediction is sampled, a G-test of homogeneity between the group's counts and
 *     the sampled counts (so the Monte Carlo error is part of the test). A binary Y's mean is its
 *     distribution, so it gets the mean test only; a nominal (string) Y gets the distribution test
 *     only, since the mean of its level codes means nothing.
 * Every comparison is Holm-adjusted together and given a verdict by verdict.ts. The test is
 * conditional on the params as given: when they were fitted on the same data, their estimation error
 * is not in the variance (negligible when the fitting rows far outnumber a group's).
 * Variables intervened at more than MAX_VALUES distinct values, and groups of fewer than 2 rows,
 * are skipped with the reason. A column naming no variable of the model, or a variable with no
 * column to hold its set value, is a CausalError naming the row.
 */
import { pText, shortNum } from "./diagnosis-summary";
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { descendantsOf, type ModelSpec, specOf } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { predict, type PredictionMethod, withParamValues } from "./do-prediction";
import { type ColumnTypeOptions, type CriticismData, type CriticismRecord, type CriticismTable, dataView, type DataView } from "./data-input";
import { holmLog10 } from "./holm";
import { log10ChiSquareUpper, log10FUpper, normalQuantile } from "./tail-probabilities";
import { requireLevel, type Verdict, verdictOf, worstVerdict } from "./verdict";

/** More distinct set values than this and a variable's interventions are skipped (record them at a few set values). */
export const MAX_VALUES = 20;

export interface InterventionalFidelityOptions extends ColumnTypeOptions {
  /** The column naming the intervened variable of each row ("", "none" or null: observational). */
  column: string;
  /** Significance level for the verdicts (default 0.05). */
  alpha?: number;
  /** Monte Carlo draws per intervention when the do-prediction is not exact (default 20,000). */
  samples?: number;
  /** Seed of the Monte Carlo draws (default 0). */
  seed?: number;
  /** Values for the model's params (the fitted ones); the rest keep their initial values. */
  params?: ParamStore;
  /** Level of the plotted intervals (default 0.95). */
  level?: number;
}

/** The intervention column may hold empty strings and nulls in an in-memory record (observational rows). */
export type InterventionalData = CriticismData | Readonly<Record<string, Float64Array | readonly number[] | readonly (string | null)[]>>;

export type { PredictionMethod } from "./do-prediction";

export interface FidelityComparison {
  kind: "interventional-fidelity";
  /** The intervened variable V and its set value v; `intervention` is "V := v". */
  intervened: string;
  value: number;
  intervention: string;
  /** The compared variable Y and its source range. */
  variable: string;
  range?: SourceRange;
  /** Whether Y is a descendant of V in the model (else the model predicts no change under do(V)). */
  relation: "descendant" | "non-descendant";
  /** "mean": observed mean against E[Y | do]; "distribution": counts against P(Y = k | do). */
  test: "mean" | "distribution";
  rows: number;
  observed: number;
  observedSE: number;
  predicted: number;
  predictedSE: number;
  method: PredictionMethod;
  /** Monte Carlo draws behind the prediction (monte-carlo only). */
  samples?: number;
  statisticName: "t" | "G";
  statistic: number;
  /** t: [Welch-Satterthwaite df]; G: [df]. */
  df: number[];
  p: number;
  log10P: number;
  pAdjusted: number;
  log10PAdjusted: number;
  verdict: Verdict;
  /** mean: observed - predicted with its interval at `level`; distribution: G's per-row size, G / n, with no interval. */
  effect: { kind: string; estimate: number; lower: number | null; upper: number | null; level: number | null };
  /** distribution: the levels, observed counts and predicted probabilities (sampled frequencies for monte-carlo). */
  levels?: number[];
  observedCounts?: number[];
  predictedProbabilities?: number[];
  /** One plain line for the report. */
  text: string;
}

/** One row of the "interventional-fidelity" plot of a variable (DiagnosisPlot's row shape). */
export interface FidelityPlotRow {
  intervention: string;
  observed: number;
  observedLower: number;
  observedUpper: number;
  predicted: number;
  predictedLower: number;
  predictedUpper: number;
  rows: number;
  verdict: Verdict;
}

export interface FidelityPlot {
  variable: string;
  range?: SourceRange;
  rows: FidelityPlotRow[];
  verdict: Verdict;
}

export interface InterventionGroup {
  intervened: string;
  value: number;
  intervention: string;
  rows: number;
  /** 1-based data rows of the group's first few rows (for messages). */
  firstRows: number[];
  method: PredictionMethod;
}

export interface FidelitySkip {
  intervened?: string;
  value?: number;
  variable?: string;
  reason: string;
}

export interface InterventionalFidelityReport {
  kind: "interventional-fidelity-report";
  column: string;
  alpha: number;
  level: number;
  observationalRows: number;
  interventionalRows: number;
  groups: InterventionGroup[];
  comparisons: FidelityComparison[];
  /** One plot per compared variable with a mean (not nominal ones): a row per intervention, its verdict the worst of that intervention's tests of the variable. */
  plots: FidelityPlot[];
  skipped: FidelitySkip[];
  verdict: Verdict;
}

const OBSERVATIONAL = new Set(["", "none", "observational"]);




function isTable(x: unknown): x is CriticismTable {
  return typeof x === "object" && x !== null && (x as CriticismTable).columns instanceof Map && typeof (x as CriticismTable).rowCount === "number";
}

/** The intervention column as names per row (null: observational), and the data without it for dataView. */
function interventionNames(data: InterventionalData, column: string): { names: (string | null)[]; rest: CriticismData; nominal: (name: string) => boolean } {
  if (isTable(data)) {
    const c = data.columns.get(column);
    if (!c) throw new CausalError(error("missing-column", `no intervention column "${column}"${data.source ? ` in ${data.source}` : ""} (the data has: ${data.names.join(", ") || "no columns"}); name the column that says which variable each row intervened on.`));
    const names = Array.from(c.values, (v) => (c.levels ? c.levels[v] ?? String(v) : String(v)));
    return { names: names.map((s) => (OBSERVATIONAL.has(s.trim().toLowerCase()) ? null : s.trim())), rest: data, nominal: (n) => data.columns.get(n)?.kind === "categorical" };
  }
  const record = data as Readonly<Record<string, unknown>>;
  const raw = record[column] as ArrayLike<unknown> | undefined;
  if (raw === undefined) throw new CausalError(error("missing-column", `no intervention column "${column}" (the data has: ${Object.keys(record).join(", ") || "no columns"}); name the column that says which variable each row intervened on.`));
  const names = Array.from(raw, (s, i) => {
    if (s === null || s === undefined) return null;
    if (typeof s !== "string") throw new CausalError(error("invalid-data", `intervention column "${column}", row ${i + 1}: ${JSON.stringify(s)} is not a variable name (use the intervened variable's name, or "none" for an observational row).`));
    return OBSERVATIONAL.has(s.trim().toLowerCase()) ? null : s.trim();
  });
  const rest: Record<string, Float64Array | readonly number[] | readonly string[]> = {};
  for (const [k, v] of Object.entries(record)) if (k !== column) rest[k] = v as Float64Array;
  return { names, rest: rest as CriticismRecord, nominal: (n) => { const c = record[n] as ArrayLike<unknown> | undefined; return !!c && c.length > 0 && typeof c[0] === "string"; } };
}

interface Group { intervened: string; value: number; rows: number[] }



/** Welch's t of (observed mean - predicted), its df and log10 two-sided p. */
function welch(diff: number, a: number, n: number, b: number, m: number | undefined): { t: number; df: number; log10P: number } {
  const v = a + b;
  if (!(v > 0)) return { t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df: n - 1, log10P: diff === 0 ? 0 : -Infinity };
  const t = diff / Math.sqrt(v);
  const df = (v * v) / (a * a / (n - 1) + (b > 0 && m ? (b * b) / (m - 1) : 0));
  return { t, df, log10P: t === 0 ? 0 : log10FUpper(t * t, 1, df) };
}

/** G = 2 sum O log(O / E) against probabilities (exact prediction). */
function gGoodness(counts: Map<number, number>, probs: Map<number, number>, n: number): { G: number; df: number } {
  let G = 0, impossible = false;
  for (const [k, o] of counts) {
    const p = probs.get(k) ?? 0;
    if (!(p > 0)) { impossible = true; continue; }
    G += 2 * o * Math.log(o / (n * p));
  }
  const df = Math.max(1, [...probs.values()].filter((p) => p > 0).length - 1);
  return { G: impossible ? Infinity : Math.max(0, G), df };
}

/** G of homogeneity for the 2 x K table of observed counts against sampled counts. */
function gHomogeneity(counts: Map<number, number>, sampled: Map<number, number>, n: number, m: number): { G: number; df: number } {
  const levels = new Set([...counts.keys(), ...sampled.keys()]);
  let G = 0;
  for (const k of levels) {
    const o = counts.get(k) ?? 0, s = sampled.get(k) ?? 0, col = o + s;
    const eo = (n * col) / (n + m), es = (m * col) / (n + m);
    if (o > 0) G += 2 * o * Math.log(o / eo);
    if (s > 0) G += 2 * s * Math.log(s / es);
  }
  return { G: Math.max(0, G), df: Math.max(1, levels.size - 1) };
}

type Pending = Omit<FidelityComparison, "pAdjusted" | "log10PAdjusted" | "verdict" | "text">;

export function interventionalFidelity(model: ModelSpec | { spec(): ModelSpec }, data: InterventionalData, options: InterventionalFidelityOptions): InterventionalFidelityReport {
  const spec = withParamValues(specOf(model), options.params);
  const alpha = options.alpha ?? 0.05, level = options.level ?? 0.95;
  requireLevel("alpha", alpha);
  requireLevel("level", level);
  const samples = Math.max(2, Math.floor(options.samples ?? 20000)), seed = options.seed ?? 0;
  const { column } = options;
  const { names: intervenedOf, rest, nominal } = interventionNames(data, column);
  const view: DataView = dataView(rest, options);
  const byName = new Map(spec.variables.map((v) => [v.name, v]));
  const skipped: FidelitySkip[] = [];

  // Group the interventional rows by (variable, value), checking each row's variable.
  const groupsByVar = new Map<string, Map<number, number[]>>();
  let observationalRows = 0;
  intervenedOf.forEach((name, i) => {
    if (name === null) { observationalRows++; return; }
    const v = byName.get(name);
    if (!v) {
      throw new CausalError(error("unknown-variable", `intervention column "${column}", row ${i + 1}: "${name}" is not a variable of model "${spec.name}" (its variables: ${spec.variables.map((x) => x.name).join(", ")}); write the intervened variable's name, or "none" for an observational row.`));
    }
    if (!view.has(name)) {
      throw new CausalError(error("missing-column", `intervention column "${column}", row ${i + 1}: the row intervenes on "${name}", but the data has no column "${name}" to hold the value it was set to.`, v.range));
    }
    const value = view.values(name, v.range)[i];
    const groups = groupsByVar.get(name) ?? groupsByVar.set(name, new Map()).get(name)!;
    (groups.get(value) ?? groups.set(value, []).get(value)!).push(i);
  });
  const interventionalRows = intervenedOf.length - observationalRows;

  // The variables compared: every model variable with a column (typed once; a constant column is skipped).
  const compared: string[] = [], discrete = new Set<string>(), levelsOf = new Map<string, number>();
  for (const v of spec.variables) {
    if (!view.has(v.name)) continue;
    try {
      const c = view.column(v.name, v.range);
      compared.push(v.name);
      if (c.type === "discrete") { discrete.add(v.name); levelsOf.set(v.name, c.levels); }
    } catch (e) {
      if (!(e instanceof CausalError) || e.diagnostic.code !== "constant-column") throw e;
      skipped.push({ variable: v.name, reason: e.diagnostic.message });
    }
  }

  const groups: Group[] = [];
  for (const [name, byValue] of groupsByVar) {
    if (byValue.size > MAX_VALUES) {
      skipped.push({ intervened: name, reason: `"${name}" is intervened on at ${byValue.size} distinct values (more than ${MAX_VALUES}), so no value has enough rows to compare; record interventions at a few set values (e.g. do(${name} = 0) and do(${name} = 1)), each on many rows.` });
      continue;
    }
    for (const [value, rows] of [...byValue].sort((a, b) => a[0] - b[0])) {
      if (rows.length < 2) {
        skipped.push({ intervened: name, value, reason: `do(${name} := ${shortNum(value)}) has ${rows.length} row (row ${rows[0] + 1}); a comparison needs at least 2 rows to estimate the spread of the observed mean.` });
        continue;
      }
      groups.push({ intervened: name, value, rows });
    }
  }

  const pending: Pending[] = [], groupInfo: InterventionGroup[] = [];
  const z = normalQuantile(0.5 + level / 2);
  for (const [gi, g] of groups.entries()) {
    const targets = compared.filter((y) => y !== g.intervened);
    const descendants = descendantsOf(spec, [g.intervened]);
    const pred = predict(spec, g.intervened, g.value, targets, discrete, samples, seed + 7919 * gi);
    const intervention = `${g.intervened} := ${shortNum(g.value)}`;
    groupInfo.push({ intervened: g.intervened, value: g.value, intervention, rows: g.rows.length, firstRows: g.rows.slice(0, 5).map((r) => r + 1), method: pred.method });
    const n = g.rows.length;
    for (const y of targets) {
      const vy = byName.get(y)!, values = view.values(y, vy.range);
      const base = {
        kind: "interventional-fidelity" as const, intervened: g.intervened, value: g.value, intervention, variable: y, ...(vy.range ? { range: vy.range } : {}),
        relation: descendants.has(y) ? "descendant" as const : "non-descendant" as const, rows: n, method: pred.method, ...(pred.samples ? { samples: pred.samples } : {}),
      };
      let sum = 0;
      for (const r of g.rows) sum += values[r];
      const mean = sum / n;
      let ss = 0;
      for (const r of g.rows) ss += (values[r] - mean) ** 2;
      const sd = Math.sqrt(ss / (n - 1));
      const isDiscrete = discrete.has(y), levels = levelsOf.get(y) ?? 0;
      const { value: predicted, se: predictedSE } = pred.mean.get(y)!;
      if (!(isDiscrete && nominal(y))) {
        // A group in which Y is constant has no spread to estimate; the model's own spread (sampled,
        // or sd of the exact distribution) stands in, so the test stays defined.
        let spread = sd;
        if (!(spread > 0)) {
          const dist = pred.distribution.get(y);
          if (dist && pred.method === "exact") { let v2 = 0; for (const [k, p] of dist) v2 += p * (k - predicted) ** 2; spread = Math.sqrt(v2); }
          else spread = predictedSE * Math.sqrt(pred.samples ?? 1);
        }
        const observedSE = spread / Math.sqrt(n);
        const w = welch(mean - predicted, observedSE ** 2, n, predictedSE ** 2, pred.samples);
        const half = z * Math.sqrt(observedSE ** 2 + predictedSE ** 2);
        pending.push({
          ...base, test: "mean", observed: mean, observedSE, predicted, predictedSE, statisticName: "t", statistic: w.t, df: [w.df], p: 10 ** w.log10P, log10P: w.log10P,
          effect: { kind: "mean difference (observed - do-prediction)", estimate: mean - predicted, lower: mean - predicted - half, upper: mean - predicted + half, level },
        });
      }
      if (isDiscrete && (levels > 2 || nominal(y))) {
        const counts = new Map<number, number>();
        for (const r of g.rows) counts.set(values[r], (counts.get(values[r]) ?? 0) + 1);
        const dist = pred.distribution.get(y)!;
        const { G, df } = pred.method === "exact" ? gGoodness(counts, dist, n) : gHomogeneity(counts, dist, n, pred.samples!);
        const ks = [...new Set([...counts.keys(), ...dist.keys()])].sort((a, b) => a - b);
        const total = pred.method === "exact" ? 1 : pred.samples!;
        const log10P = G === Infinity ? -Infinity : log10ChiSquareUpper(G, df);
        pending.push({
          ...base, test: "distribution", observed: mean, observedSE: sd / Math.sqrt(n), predicted, predictedSE, statisticName: "G", statistic: G, df: [df], p: 10 ** log10P, log10P,
          effect: { kind: "G per row (distribution discrepancy)", estimate: G / n, lower: null, upper: null, level: null },
          levels: ks, observedCounts: ks.map((k) => counts.get(k) ?? 0), predictedProbabilities: ks.map((k) => (dist.get(k) ?? 0) / total),
        });
      }
    }
  }

  const adjusted = holmLog10(pending.map((c) => c.log10P));
  const comparisons = pending.map((c, i): FidelityComparison => {
    const verdict = verdictOf(c.log10P, adjusted[i], alpha);
    const how = c.method === "exact" ? "exact" : `Monte Carlo, ${c.samples} draws, se ${shortNum(c.predictedSE)}`;
    const claim = c.relation === "descendant" ? `the model's do-prediction ${shortNum(c.predicted)} (${how})` : `the model's prediction of no change, ${shortNum(c.predicted)} (${how}; ${c.variable} is not a descendant of ${c.intervened})`;
    const text = c.test === "mean"
      ? `${c.variable} under do(${c.intervention}): observed mean ${shortNum(c.observed)} ± ${shortNum(c.observedSE)} over ${c.rows} rows against ${claim}; t = ${shortNum(c.statistic)} on ${shortNum(c.df[0])} df, ${pSentence(c.log10P)}`
      : `${c.variable} under do(${c.intervention}): the distribution of its ${c.rows} rows against the model's (${how}); G = ${shortNum(c.statistic)} on ${c.df[0]} df, ${pSentence(c.log10P)}`;
    return { ...c, pAdjusted: 10 ** adjusted[i], log10PAdjusted: adjusted[i], verdict, text: `${text} (Holm-adjusted ${pSentence(adjusted[i]).slice(4)}).` };
  });

  // Plots: one per compared variable, a row per intervention (its mean comparison; the distribution test's verdict joins it).
  const plots: FidelityPlot[] = [];
  for (const y of compared) {
    const mine = comparisons.filter((c) => c.variable === y);
    if (!mine.length) continue;
    const rows: FidelityPlotRow[] = [];
    for (const g of groupInfo.filter((gi) => gi.intervened !== y)) {
      const here = mine.filter((c) => c.intervention === g.intervention && c.intervened === g.intervened);
      if (!here.length) continue;
      // A nominal variable has no mean to plot (only its distribution test): no row.
      const c = here.find((h) => h.test === "mean");
      if (!c) continue;
      const ho = z * c.observedSE, hp = z * c.predictedSE;
      rows.push({ intervention: c.intervention, observed: c.observed, observedLower: c.observed - ho, observedUpper: c.observed + ho, predicted: c.predicted, predictedLower: c.predicted - hp, predictedUpper: c.predicted + hp, rows: c.rows, verdict: worstVerdict(here.map((h) => h.verdict)) });
    }
    if (!rows.length) continue;
    const vy = byName.get(y)!;
    plots.push({ variable: y, ...(vy.range ? { range: vy.range } : {}), rows, verdict: worstVerdict(rows.map((r) => r.verdict)) });
  }
  if (interventionalRows === 0) skipped.push({ reason: `no row of column "${column}" names an intervened variable (all ${observationalRows} rows are observational), so there is nothing to compare the model's do-predictions with.` });
  return {
    kind: "interventional-fidelity-report", column, alpha, level, observationalRows, interventionalRows, groups: groupInfo, comparisons, plots, skipped,
    verdict: worstVerdict(comparisons.map((c) => c.verdict)),
  };
}

/** "p = 0.012", "p = 10^-7.3", or the impossible-observation case. */
function pSentence(log10P: number): string {
  return log10P === -Infinity ? "p = 0 (an impossible observation under the model)" : `p = ${pText(log10P)}`;
}
