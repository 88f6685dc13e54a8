/**
 * A "diagnose" job: every criticism check of core/criticism run on a model and a data file,
 * assembled into one DiagnosisReport (core/criticism/diagnosis-report.ts) with the plot data and
 * the per-variable, per-edge and per-pair sentences. The model process runs it for the editor
 * (Diagnose Model…) and the CLI (`causal-studio diagnose`) alike, so user code runs isolated with
 * a timeout and memory limit; it does no printing.
 *
 * The data are opened once as a DuckDB view: checks that need only sufficient statistics (local
 * tests, Chow and leave-one-environment-out, invariance, the reweighting sweep) run as SQL
 * aggregates; the residual tests, which need rows, read a seeded sample of at most RESIDUAL_ROWS. Parameters: the job's
 * parameters file, else the model's params fitted to these data here (trainModel).
 */
import type { DataSource } from "../data/data-source";
import { openDataSource } from "../data/data-source";
import { sampleTable } from "../data/sample-table";
import { connectSpark } from "../data/spark-connection";
import type { SqlConnection } from "../data/sql-connection";
import { openTableSource } from "../data/table-source";
import { statisticsProvider } from "../data/source-statistics";
import type { EffectSize } from "../criticism/ci-tests";
import { CANNOT_SEE, type CheckKind, type DiagnoseCheck, type DiagnosisPlot, type DiagnosisReport, MAX_PLOT_POINTS } from "../criticism/diagnosis-report";
import { num, pText, summariseDiagnosis } from "../criticism/diagnosis-summary";
import { environmentStabilityFromStatistics } from "../criticism/environment-stability-sql";
import { interventionalFidelityDiagnosis, posteriorPredictiveDiagnosis } from "../criticism/diagnosis-rows";
import { heldOutSplit } from "../criticism/held-out-likelihood";
import { interventionalFidelity } from "../criticism/interventional-fidelity";
import { posteriorPredictive } from "../criticism/posterior-predictive";
import type { Table } from "../data/table";
import { invarianceFromStatistics } from "../criticism/invariance-sql";
import { localTestsFromStatistics } from "../criticism/local-tests-sql";
import { residualChecks } from "../criticism/residuals";
import { reweightingSweep } from "../criticism/reweighting-sweep";
import type { Verdict } from "../criticism/verdict";
import { CausalError, type Diagnostic, error, type SourceRange } from "../errors/diagnostic";
import { createRng } from "../random/rng";
import type { ParamStore } from "../runtime/param-store";
import { trainModel } from "../train/train-model";
import { type BundleInfo, remapDiagnostic, remapRange } from "./error-location";
import type { LoadedModel } from "./model-cache";
import { applyParams, readParamsFile } from "./params-file";

export interface DiagnoseJob {
  /** The data file (CSV, Parquet, JSON-lines), absolute or relative to the process's working directory; or, with `spark`, a label for the table. */
  data: string;
  /** Read the data from a table of a Spark SQL (Thrift / HiveServer2) server instead of a file: every check's SQL runs there. */
  spark?: { host: string; port?: number; transport?: "binary" | "http"; username?: string; password?: string; database?: string; table: string };
  map?: Record<string, string>;
  /** A parameters file (from training); without one the params are fitted to these data here. */
  params?: string;
  /** The column naming each row's environment (stability, invariance, leave-one-environment-out). */
  environment?: string;
  /** The column naming the variable each interventional row set (do(V = its value in V's column)); empty for observational rows. */
  interventions?: string;
  alpha?: number;
  seed?: number;
}

export interface DiagnoseProgress {
  check: string;
  done: number;
  total: number;
}

export interface DiagnoseHooks {
  onProgress?: (p: DiagnoseProgress) => void | Promise<void>;
  /** Polled between checks: true ends the job with a "cancelled" diagnostic. */
  shouldStop?: () => boolean | Promise<boolean>;
}

export const DEFAULT_ALPHA = 0.01;
/** The most rows the residual tests read (a seeded sample beyond it). */
export const RESIDUAL_ROWS = 200_000;
/** The rows the posterior predictive checks use (a seeded sample beyond it), and the share held out. */
export const PREDICTIVE_ROWS = 5_000;
export const HELD_OUT_FRACTION = 0.25;

export async function runDiagnoseJob(model: LoadedModel, where: { file: string; info?: BundleInfo }, job: DiagnoseJob, hooks: DiagnoseHooks = {}): Promise<DiagnosisReport | { diagnostics: Diagnostic[] }> {
  const { info } = where;
  const alpha = job.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) return { diagnostics: [error("invalid-argument", `alpha must be a number between 0 and 1, got ${alpha}`)] };
  const timings: Record<string, number> = {};
  let m = model;
  let store: ParamStore | undefined;
  let paramsSource: DiagnosisReport["params"] = { source: "none" };
  if (job.params !== undefined) {
    const p = await readParamsFile(job.params);
    if ("diagnostics" in p) return p;
    const applied = applyParams(m, p.store, job.params);
    if ("diagnostics" in applied) return applied;
    m = applied.model;
    store = p.store;
    paramsSource = { source: "file", file: job.params };
  }
  const spec = m.spec();
  const remap = (r: SourceRange | undefined) => (info ? remapRange(r, info) : r);
  const rangeOf = new Map(spec.variables.map((v) => [v.name, remap(v.range)]));
  const env = job.environment;
  const latent = spec.variables.some((v) => v.latent);
  const stages = ["open", ...(!store && spec.params?.length ? ["fit"] : []), "local tests", "residuals", ...(env !== undefined ? ["environment stability", "invariance"] : []), "reweighting sweep", ...(job.interventions !== undefined ? ["interventional fidelity"] : []), ...(latent ? ["posterior predictive"] : [])];
  let done = 0;
  const timed = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    if (await hooks.shouldStop?.()) throw new CausalError(error("cancelled", "the diagnosis was cancelled"));
    await hooks.onProgress?.({ check: name, done, total: stages.length });
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = performance.now() - t0;
      done++;
    }
  };

  const columns = [...new Set([...spec.variables.filter((v) => !v.latent).map((v) => v.name), ...(env !== undefined ? [env] : []), ...(job.interventions !== undefined ? [job.interventions] : [])])];
  const readOptions = { columns, ...(job.map && Object.keys(job.map).length ? { map: job.map } : {}) };
  let source: DataSource | undefined;
  let connection: SqlConnection | undefined;
  try {
    source = await timed("open", async () => {
      if (!job.spark) return openDataSource(job.data, readOptions);
      const { table, username, password, ...where } = job.spark;
      connection = await connectSpark({ ...where, ...(username !== undefined ? { auth: { kind: "plain", username, ...(password !== undefined ? { password } : {}) } } : {}) });
      return openTableSource(connection, table, readOptions);
    });
    const src = source;
    const stats = statisticsProvider(src);
    if (!store && spec.params?.length) {
      store = await timed("fit", async () => (await trainModel(m, src)).params);
      paramsSource = { source: "fitted" };
    }
    const checks: DiagnoseCheck[] = [];
    const plots: DiagnosisPlot[] = [];
    const skipped: DiagnosisReport["skipped"] = [];
    const push = (c: Omit<DiagnoseCheck, "range">) => {
      const r = c.variable !== undefined ? rangeOf.get(c.variable) : c.pair ? rangeOf.get(c.pair.y) ?? rangeOf.get(c.pair.x) : undefined;
      checks.push({ ...c, ...(r ? { range: r } : {}) });
    };
    const p4 = (log10P: number, log10PAdjusted: number) => ({ p: 10 ** log10P, log10P, pAdjusted: 10 ** log10PAdjusted, log10PAdjusted });

    const local = await timed("local tests", () => localTestsFromStatistics(m, stats, { alpha }));
    for (const t of local.tests) {
      const name = t.method === "fisher-z" ? "z" : t.method === "g-test" ? "G" : "chi2";
      push({
        kind: "local-test", pair: { x: t.implication.x, y: t.implication.y, given: [...t.implication.given] }, statisticName: name, statistic: t.statistic, df: t.method === "fisher-z" ? [] : [t.df],
        ...p4(t.log10P, t.log10PAdjusted), effect: effectOf(t.effect), verdict: t.verdict,
        text: `${t.text}  ${t.method} ${name} ${num(t.statistic)}${t.method === "fisher-z" ? "" : ` on ${t.df} df`}, p ${pText(t.log10P)} (Holm ${pText(t.log10PAdjusted)}); ${effectText(t.effect)}`,
      });
    }
    for (const s of local.skipped) skipped.push({ check: "local-test", implication: s.text, reason: s.reason });
    if (local.tests.length) {
      plots.push({
        kind: "local-tests", id: "local-tests", title: "Implied independencies: effect size with its interval (0 = independent)",
        rows: local.tests.map((t) => ({ label: t.text, x: t.implication.x, y: t.implication.y, given: [...t.implication.given], effect: t.effect.kind, estimate: t.effect.estimate, lower: t.effect.lower, upper: t.effect.upper, verdict: t.verdict })),
      });
    }

    // The residual tests need rows: a seeded sample of at most RESIDUAL_ROWS (all rows, in file
    // order, when the file is smaller), so a 10^7-row file is checked with flat memory.
    const residuals = await timed("residuals", async () => residualChecks(m, await sampleTable(src, { rows: RESIDUAL_ROWS, seed: job.seed ?? 1 }), { alpha, ...(store ? { params: store } : {}) }));
    const sampled = src.rowCount > RESIDUAL_ROWS ? ` (on a seeded sample of ${RESIDUAL_ROWS.toLocaleString("en-US")} of ${src.rowCount.toLocaleString("en-US")} rows)` : "";
    const rng = createRng(job.seed ?? 1);
    for (const mech of residuals.mechanisms) {
      for (const t of mech.tests) {
        const kind: CheckKind = t.test === "reset" ? "residual-reset" : t.test === "input-curvature" ? "residual-input-curvature" : "residual-breusch-pagan";
        const what = t.test === "reset" ? "curvature (RESET)" : t.test === "input-curvature" ? `curvature in ${t.input}` : "heteroscedasticity (Breusch-Pagan)";
        const name = t.test === "breusch-pagan" ? "chi2" : "F";
        push({
          kind, variable: mech.variable, ...(t.input !== undefined ? { input: t.input } : {}), statisticName: name, statistic: t.statistic, df: [...t.df],
          ...p4(t.log10P, t.log10PAdjusted), effect: null, verdict: t.verdict,
          text: `${mech.variable}  residuals${sampled}: ${what}  ${name} ${num(t.statistic)} on ${dfText(t.df)} df, p ${pText(t.log10P)} (Holm ${pText(t.log10PAdjusted)})`,
        });
      }
      for (const u of mech.untested) skipped.push({ check: "residuals", variable: mech.variable, reason: u });
      const rows = sampleIndices(mech.rows, MAX_PLOT_POINTS, rng);
      plots.push({
        kind: "residuals", id: `residuals-${mech.variable}`, variable: mech.variable, title: `${mech.variable}: standardized residuals against the fitted value and each input`,
        fitted: pickRows(mech.fitted, rows), standardized: pickRows(mech.standardized, rows),
        inputs: mech.inputs.map((i) => ({ name: i.name, values: pickRows(i.values, rows) })), rows: mech.rows,
      });
    }
    const roots = new Set(spec.variables.filter((v) => v.parents.length === 0).map((v) => v.name));
    for (const s of residuals.skipped) if (!roots.has(s.variable)) skipped.push({ check: "residuals", variable: s.variable, reason: s.reason });

    if (env !== undefined) {
      const stab = await timed("environment stability", () => environmentStabilityFromStatistics(m, stats, { environment: env, alpha }));
      for (const mech of stab.mechanisms) {
        const c = mech.chow;
        push({
          kind: "chow", variable: mech.variable, statisticName: "F", statistic: c.statistic, df: [...c.df], ...p4(c.log10P, c.log10PAdjusted), effect: null, verdict: c.verdict,
          text: `${mech.variable}  coefficients equal across ${mech.environments.length} environments of "${env}" (Chow)  F ${num(c.statistic)} on ${dfText(c.df)} df, p ${pText(c.log10P)} (Holm ${pText(c.log10PAdjusted)})`,
        });
        const worst = mech.environments.reduce((x, e) => (e.loeoRatio > x.loeoRatio ? e : x));
        const loeoVerdict: Verdict = mech.loeoFlagged ? "fail" : "pass";
        push({
          kind: "loeo", variable: mech.variable, statisticName: "RMSE ratio", statistic: worst.loeoRatio, df: [], p: null, log10P: null, pAdjusted: null, log10PAdjusted: null,
          effect: { kind: "loeo-rmse-ratio", estimate: worst.loeoRatio, lower: null, upper: null, level: null }, verdict: loeoVerdict,
          text: `${mech.variable}  leave-one-environment-out error  worst ${worst.environment}: held-out RMSE ${num(worst.loeoRmse)} vs in-distribution ${num(worst.inDistributionRmse)} (${num(worst.loeoRatio)}x; flag above 2x)`,
        });
        const coefNames = ["(intercept)", ...mech.features];
        plots.push({
          kind: "environment-coefficients", id: `environment-coefficients-${mech.variable}`, variable: mech.variable, title: `${mech.variable}: coefficients fitted in each environment of "${env}"`,
          rows: mech.environments.flatMap((e) => e.coef.map((estimate, j) => ({ environment: e.environment, coefficient: coefNames[j] ?? `coef ${j}`, estimate, lower: e.lower[j], upper: e.upper[j] }))).filter((r) => [r.estimate, r.lower, r.upper].every(Number.isFinite)),
          verdict: c.verdict,
        });
        plots.push({
          kind: "loeo", id: `loeo-${mech.variable}`, variable: mech.variable, title: `${mech.variable}: error on each environment when fitted without it, against fitted with it`,
          rows: mech.environments.map((e) => ({ environment: e.environment, heldOut: e.loeoRmse, inDistribution: e.inDistributionRmse, ratio: e.loeoRatio })), threshold: 2, verdict: loeoVerdict,
        });
      }
      for (const s of stab.skipped) skipped.push({ check: "environment-stability", variable: s.variable, reason: s.reason });
      const inv = await timed("invariance", () => invarianceFromStatistics(m, stats, { environment: env, alpha }));
      for (const mech of inv.mechanisms) {
        const f = mech.full;
        push({
          kind: "invariance", variable: mech.variable, statisticName: "F", statistic: f.meanF, df: [...f.meanDf], ...p4(f.log10P, f.log10PAdjusted), effect: null, verdict: f.verdict,
          text: `${mech.variable}  residual invariance across "${env}" (ICP)  mean-shift F ${num(f.meanF)} on ${dfText(f.meanDf)} df, spread (Bartlett) chi2 ${num(f.spreadChiSquare)} on ${f.spreadDf} df, p ${pText(f.log10P)} (Holm ${pText(f.log10PAdjusted)}). ${mech.statement}`,
        });
      }
      for (const s of inv.skipped) skipped.push({ check: "invariance", variable: s.variable, reason: s.reason });
    }

    const sweep = await timed("reweighting sweep", () => reweightingSweep(m, stats, { alpha }));
    for (const mech of sweep.mechanisms) {
      for (const ps of mech.parents) {
        const t = ps.test, d = ps.drift;
        push({
          kind: "reweighting-drift", variable: mech.variable, input: ps.parent, statisticName: "Wald", statistic: t.statistic, df: [t.df], ...p4(t.log10P, t.log10PAdjusted),
          effect: { kind: "prediction-change", estimate: d.change, lower: d.lower, upper: d.upper, level: d.level }, verdict: t.verdict,
          text: `${mech.variable}  drift when ${ps.parent} is reweighted (t in [-${sweep.tilt}, ${sweep.tilt}] sd)  Wald ${num(t.statistic)} on ${t.df} df, p ${pText(t.log10P)} (Holm ${pText(t.log10PAdjusted)}); prediction moves ${num(d.change)} [${num(d.lower)}, ${num(d.upper)}] at ${ps.parent} = ${num(d.at)}`,
        });
        plots.push({
          kind: "reweighting-sweep", id: `reweighting-sweep-${mech.variable}-${ps.parent}`, variable: mech.variable, parent: ps.parent,
          title: `${mech.variable}: prediction against ${ps.parent}, refitted with ${ps.parent}'s mean shifted by t sd`,
          points: ps.points.flatMap((pt) => ps.grid.map((parentValue, k) => ({ t: pt.t, parentValue, prediction: pt.predictions[k] }))).filter((q) => Number.isFinite(q.prediction)),
          verdict: t.verdict,
        });
      }
    }
    for (const s of sweep.skipped) skipped.push({ check: "reweighting-sweep", variable: s.variable, reason: s.reason });

    const take = (d: { checks: Omit<DiagnoseCheck, "range">[]; plots: DiagnosisPlot[]; skipped: DiagnosisReport["skipped"] }) => {
      for (const c of d.checks) push(c);
      plots.push(...d.plots);
      skipped.push(...d.skipped);
    };
    const column = job.interventions;
    if (column !== undefined) {
      // The interventional rows name the variable they set; a seeded sample bounds the rows read.
      const rows = await sampleTable(src, { rows: RESIDUAL_ROWS, seed: job.seed ?? 1 });
      take(await timed("interventional fidelity", () => interventionalFidelityDiagnosis(interventionalFidelity(m, rows, { column, alpha, seed: job.seed ?? 1, ...(store ? { params: store } : {}) }))));
    }
    if (latent) {
      // Replicates from the fitted model against the data; the held-out likelihood compares rows the
      // params were refitted without (the same split posteriorPredictive draws: seed + 1) with the rest.
      const seed = job.seed ?? 1;
      const rows = await sampleTable(src, { rows: PREDICTIVE_ROWS, seed });
      let refit: ParamStore | undefined;
      if (spec.params?.length) {
        const split = heldOutSplit(rows.rowCount, HELD_OUT_FRACTION, seed + 1);
        refit = (await trainModel(m, subsetRows(rows, split.inSample))).params;
      }
      take(await timed("posterior predictive", () => posteriorPredictiveDiagnosis(posteriorPredictive(m, rows, {
        seed, alpha, heldOutFraction: HELD_OUT_FRACTION, maxRows: PREDICTIVE_ROWS, ...(store ? { params: store } : {}), ...(refit ? { fit: () => refit! } : {}),
      }))));
    }

    const counts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0 };
    for (const c of checks) counts[c.verdict]++;
    const summary = summariseDiagnosis({
      variables: spec.variables.map((v) => {
        const l = v.learned;
        const featureParents = l ? Object.fromEntries(l.features.flatMap((f, j) => (l.featureParents[j] ? [[f, l.featureParents[j]!]] : []))) : undefined;
        const r = rangeOf.get(v.name);
        return { name: v.name, latent: v.latent, parents: v.parents, ...(featureParents ? { featureParents } : {}), ...(r ? { range: r } : {}) };
      }),
      checks, plots, skipped,
    });
    return {
      file: where.file, model: m.name, data: { file: job.data, rows: src.rowCount, ...(readOptions.map ? { map: readOptions.map } : {}) },
      alpha, environment: env ?? null, interventions: job.interventions ?? null, params: paramsSource,
      verdict: counts.fail ? "fail" : counts.warn ? "warn" : "pass", counts, checks, skipped, cannotSee: CANNOT_SEE,
      ...summary, plots, timings,
    };
  } catch (e) {
    if (e instanceof CausalError) {
      const d = e.diagnostic;
      // The interventions column names a variable on interventional rows; observational rows need a word too.
      const hint = job.interventions !== undefined && d.message.includes(`column "${job.interventions}"`) && d.message.includes("empty cell")
        ? { notes: [...(d.notes ?? []), `mark observational rows "none" in the interventions column "${job.interventions}" (an empty cell is not read as a category)`] } : {};
      return { diagnostics: [{ ...(info ? remapDiagnostic(d, info) : d), ...hint }] };
    }
    throw e;
  } finally {
    source?.close();
    await connection?.close();
  }
}

/** The rows `idx` of a table, as a table. */
function subsetRows(t: Table, idx: Int32Array): Table {
  return { rowCount: idx.length, names: t.names, columns: new Map([...t.columns].map(([name, c]) => [name, { ...c, values: Float64Array.from(idx, (i) => c.values[i]) }])) };
}

/** Up to `k` row indices in increasing order, a seeded uniform subsample (all rows when there are at most k). */
function sampleIndices(n: number, k: number, rng: { next(): number }): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  while (picked.size < k) picked.add(Math.floor(rng.next() * n));
  return [...picked].sort((a, b) => a - b);
}

function pickRows(values: ArrayLike<number>, rows: readonly number[]): number[] {
  return rows.map((i) => values[i]);
}

function effectOf(e: EffectSize): DiagnoseCheck["effect"] {
  return { kind: e.kind, estimate: e.estimate, lower: e.lower, upper: e.upper, level: e.level };
}

function effectText(e: EffectSize): string {
  const name = e.kind === "partial-correlation" ? "r" : e.kind === "cramers-v" ? "V" : "canonical r";
  return `${name} ${num(e.estimate)} [${num(e.lower)}, ${num(e.upper)}]`;
}

function dfText(df: readonly number[]): string {
  return df.length === 1 ? String(df[0]) : `(${df.join(", ")})`;
}
