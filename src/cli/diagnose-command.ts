/**
 * `causal-studio diagnose <file.causal.ts> --data <file>`: the criticism checks of core/criticism
 * run on a model and a data file, printed as one report (a line per check and variable or pair,
 * verdict first) or one JSON object (src/cli/README-json.md). The model is loaded in-process as
 * `query` loads it; the data are opened once as a DuckDB view (sufficient statistics in SQL: local
 * tests, Chow and leave-one-environment-out, the reweighting sweep) and read as a table for the
 * checks that need rows (residuals, invariance). Parameters: --params FILE, else the model's
 * params fitted to these data here (trainModel, closed form for linear-Gaussian mechanisms).
 * Failing checks are the report, not an error: exit 0; bad data or a missing column exit 1.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { EffectSize } from "../core/criticism/ci-tests";
import { environmentStabilityFromStatistics } from "../core/criticism/environment-stability-sql";
import { invariance } from "../core/criticism/invariance";
import { localTestsFromStatistics } from "../core/criticism/local-tests-sql";
import { residualChecks } from "../core/criticism/residuals";
import { reweightingSweep } from "../core/criticism/reweighting-sweep";
import type { Verdict } from "../core/criticism/verdict";
import { openDataSource } from "../core/data/data-source";
import { readTable } from "../core/data/read-table";
import { statisticsProvider } from "../core/data/source-statistics";
import { CausalError } from "../core/errors/diagnostic";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { remapDiagnostic } from "../core/io/error-location";
import { loadModelFile } from "../core/io/load-module";
import { applyParams, readParamsFile } from "../core/io/params-file";
import { readTextFile } from "../core/io/read-text-file";
import type { ParamStore } from "../core/runtime/param-store";
import { trainModel } from "../core/train/train-model";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";

export interface DiagnoseArgs {
  file: string;
  data: string;
  params?: string;
  env?: string;
  alpha: number;
  map: Record<string, string>;
  json: boolean;
}

export const DEFAULT_ALPHA = 0.01;

export function parseDiagnoseArgs(args: string[]): DiagnoseArgs {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { data: { type: "string" }, params: { type: "string" }, env: { type: "string" }, alpha: { type: "string" }, map: { type: "string", multiple: true }, json: { type: "boolean" } },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one model file, got ${positionals.join(" ")}` : "missing the model file");
  if (!v.data) throw new UsageError("missing --data <file> (a CSV, Parquet or JSON-lines file with a column per variable)");
  const alpha = v.alpha === undefined ? DEFAULT_ALPHA : Number(v.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha takes a number between 0 and 1, got "${v.alpha}"`);
  if (v.env !== undefined && !v.env.trim()) throw new UsageError("--env takes a column name");
  const map: Record<string, string> = {};
  for (const r of v.map ?? []) {
    const i = r.indexOf("=");
    if (i <= 0 || i === r.length - 1) throw new UsageError(`--map takes VAR=COLUMN, got "${r}"`);
    map[r.slice(0, i).trim()] = r.slice(i + 1).trim();
  }
  return { file: positionals[0], data: v.data, ...(v.params !== undefined ? { params: v.params } : {}), ...(v.env !== undefined ? { env: v.env } : {}), alpha, map, json: !!v.json };
}

export type CheckKind = "local-test" | "residual-reset" | "residual-input-curvature" | "residual-breusch-pagan" | "chow" | "loeo" | "invariance" | "reweighting-drift";

/** One line of the report; the `--json` check object. */
export interface DiagnoseCheck {
  kind: CheckKind;
  /** The mechanism's variable (every kind but local-test). */
  variable?: string;
  /** local-test: the implication x ⊥ y | given. */
  pair?: { x: string; y: string; given: string[] };
  /** residual-input-curvature: the input; reweighting-drift: the parent reweighted. */
  input?: string;
  /** Short name of the test statistic: "z", "G", "chi2", "F", "Wald", "RMSE ratio". */
  statisticName: string;
  statistic: number;
  df: number[];
  /** null where the check has no p-value (loeo: a ratio against a threshold). */
  p: number | null;
  log10P: number | null;
  pAdjusted: number | null;
  log10PAdjusted: number | null;
  effect: { kind: string; estimate: number; lower: number | null; upper: number | null; level: number | null } | null;
  verdict: Verdict;
  /** The line as printed, after the verdict. */
  text: string;
}

export interface DiagnoseJson {
  file: string;
  model: string;
  data: { file: string; rows: number; map?: Record<string, string> };
  alpha: number;
  environment: string | null;
  params: { source: "file" | "fitted" | "none"; file?: string };
  verdict: Verdict;
  counts: Record<Verdict, number>;
  checks: DiagnoseCheck[];
  skipped: { check: string; variable?: string; implication?: string; reason: string }[];
  cannotSee: string[];
}

export const CANNOT_SEE = [
  "An extra edge is not falsifiable by independence tests: they test only the edges the graph leaves out, so an edge the data do not need passes.",
  "Hidden confounding is invisible to them: a common cause of two variables the graph already joins changes no implied independence.",
  "Reweighting only probes where the data have support: it moves weight among the rows there are, so a mechanism can still be wrong beyond the range of its parents in the data.",
];

export async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  const a = parseDiagnoseArgs(args);
  if (graphFileKind(a.file) !== "typescript") throw new UsageError(`diagnose needs a TypeScript model file (.causal.ts), got "${a.file}"`);
  const read = await readTextFile(resolve(io.cwd, a.file));
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  if (report(io, extractModels(read.text, read.file).diagnostics, sources)) return EXIT_ERROR;
  const loaded = await loadModelFile(read.file);
  if ("diagnostics" in loaded) return report(io, loaded.diagnostics, sources), EXIT_ERROR;
  let m = loaded.model;
  let store: ParamStore | undefined;
  const paramsFile = a.params !== undefined ? resolve(io.cwd, a.params) : undefined;
  if (paramsFile !== undefined) {
    const p = await readParamsFile(paramsFile);
    if ("diagnostics" in p) return report(io, p.diagnostics), EXIT_ERROR;
    const applied = applyParams(m, p.store, paramsFile);
    if ("diagnostics" in applied) return report(io, applied.diagnostics), EXIT_ERROR;
    m = applied.model;
    store = p.store;
  }
  const spec = m.spec();
  const dataFile = resolve(io.cwd, a.data);
  const columns = [...new Set([...spec.variables.filter((v) => !v.latent).map((v) => v.name), ...(a.env !== undefined ? [a.env] : [])])];
  const readOptions = { columns, ...(Object.keys(a.map).length ? { map: a.map } : {}) };
  try {
    const source = await openDataSource(dataFile, readOptions);
    try {
      const stats = statisticsProvider(source);
      const table = await readTable(dataFile, readOptions);
      let paramsSource: DiagnoseJson["params"] = paramsFile !== undefined ? { source: "file", file: paramsFile } : { source: "none" };
      if (!store && spec.params?.length) {
        store = (await trainModel(m, source)).params;
        paramsSource = { source: "fitted" };
      }
      const alpha = a.alpha;
      const checks: DiagnoseCheck[] = [];
      const skipped: DiagnoseJson["skipped"] = [];
      const p4 = (log10P: number, log10PAdjusted: number) => ({ p: 10 ** log10P, log10P, pAdjusted: 10 ** log10PAdjusted, log10PAdjusted });

      const local = await localTestsFromStatistics(m, stats, { alpha });
      for (const t of local.tests) {
        const name = t.method === "fisher-z" ? "z" : t.method === "g-test" ? "G" : "chi2";
        checks.push({
          kind: "local-test", pair: { x: t.implication.x, y: t.implication.y, given: [...t.implication.given] }, statisticName: name, statistic: t.statistic, df: t.method === "fisher-z" ? [] : [t.df],
          ...p4(t.log10P, t.log10PAdjusted), effect: effectOf(t.effect), verdict: t.verdict,
          text: `${t.text}  ${t.method} ${name} ${num(t.statistic)}${t.method === "fisher-z" ? "" : ` on ${t.df} df`}, p ${pText(t.log10P)} (Holm ${pText(t.log10PAdjusted)}); ${effectText(t.effect)}`,
        });
      }
      for (const s of local.skipped) skipped.push({ check: "local-test", implication: s.text, reason: s.reason });

      const residuals = residualChecks(m, table, { alpha, ...(store ? { params: store } : {}) });
      for (const mech of residuals.mechanisms) {
        for (const t of mech.tests) {
          const kind: CheckKind = t.test === "reset" ? "residual-reset" : t.test === "input-curvature" ? "residual-input-curvature" : "residual-breusch-pagan";
          const what = t.test === "reset" ? "curvature (RESET)" : t.test === "input-curvature" ? `curvature in ${t.input}` : "heteroscedasticity (Breusch-Pagan)";
          const name = t.test === "breusch-pagan" ? "chi2" : "F";
          checks.push({
            kind, variable: mech.variable, ...(t.input !== undefined ? { input: t.input } : {}), statisticName: name, statistic: t.statistic, df: [...t.df],
            ...p4(t.log10P, t.log10PAdjusted), effect: null, verdict: t.verdict,
            text: `${mech.variable}  residuals: ${what}  ${name} ${num(t.statistic)} on ${dfText(t.df)} df, p ${pText(t.log10P)} (Holm ${pText(t.log10PAdjusted)})`,
          });
        }
        for (const u of mech.untested) skipped.push({ check: "residuals", variable: mech.variable, reason: u });
      }
      const roots = new Set(spec.variables.filter((v) => v.parents.length === 0).map((v) => v.name));
      for (const s of residuals.skipped) if (!roots.has(s.variable)) skipped.push({ check: "residuals", variable: s.variable, reason: s.reason });

      if (a.env !== undefined) {
        const env = a.env;
        const stab = await environmentStabilityFromStatistics(m, stats, { environment: env, alpha });
        for (const mech of stab.mechanisms) {
          const c = mech.chow;
          checks.push({
            kind: "chow", variable: mech.variable, statisticName: "F", statistic: c.statistic, df: [...c.df], ...p4(c.log10P, c.log10PAdjusted), effect: null, verdict: c.verdict,
            text: `${mech.variable}  coefficients equal across ${mech.environments.length} environments of "${env}" (Chow)  F ${num(c.statistic)} on ${dfText(c.df)} df, p ${pText(c.log10P)} (Holm ${pText(c.log10PAdjusted)})`,
          });
          const worst = mech.environments.reduce((x, e) => (e.loeoRatio > x.loeoRatio ? e : x));
          checks.push({
            kind: "loeo", variable: mech.variable, statisticName: "RMSE ratio", statistic: worst.loeoRatio, df: [], p: null, log10P: null, pAdjusted: null, log10PAdjusted: null,
            effect: { kind: "loeo-rmse-ratio", estimate: worst.loeoRatio, lower: null, upper: null, level: null }, verdict: mech.loeoFlagged ? "fail" : "pass",
            text: `${mech.variable}  leave-one-environment-out error  worst ${worst.environment}: held-out RMSE ${num(worst.loeoRmse)} vs in-distribution ${num(worst.inDistributionRmse)} (${num(worst.loeoRatio)}x; flag above 2x)`,
          });
        }
        for (const s of stab.skipped) skipped.push({ check: "environment-stability", variable: s.variable, reason: s.reason });
        const inv = invariance(m, table, { environment: env, alpha });
        for (const mech of inv.mechanisms) {
          const f = mech.full;
          checks.push({
            kind: "invariance", variable: mech.variable, statisticName: "F", statistic: f.meanF, df: [], ...p4(f.log10P, f.log10PAdjusted), effect: null, verdict: f.verdict,
            text: `${mech.variable}  residual invariance across "${env}" (ICP)  mean-shift F ${num(f.meanF)}, spread F ${num(f.spreadF)}, p ${pText(f.log10P)} (Holm ${pText(f.log10PAdjusted)}). ${mech.statement}`,
          });
        }
        for (const s of inv.skipped) skipped.push({ check: "invariance", variable: s.variable, reason: s.reason });
      }

      const sweep = await reweightingSweep(m, stats, { alpha });
      for (const mech of sweep.mechanisms) {
        for (const ps of mech.parents) {
          const t = ps.test, d = ps.drift;
          checks.push({
            kind: "reweighting-drift", variable: mech.variable, input: ps.parent, statisticName: "Wald", statistic: t.statistic, df: [t.df], ...p4(t.log10P, t.log10PAdjusted),
            effect: { kind: "prediction-change", estimate: d.change, lower: d.lower, upper: d.upper, level: d.level }, verdict: t.verdict,
            text: `${mech.variable}  drift when ${ps.parent} is reweighted (t in [-${sweep.tilt}, ${sweep.tilt}] sd)  Wald ${num(t.statistic)} on ${t.df} df, p ${pText(t.log10P)} (Holm ${pText(t.log10PAdjusted)}); prediction moves ${num(d.change)} [${num(d.lower)}, ${num(d.upper)}] at ${ps.parent} = ${num(d.at)}`,
          });
        }
      }
      for (const s of sweep.skipped) skipped.push({ check: "reweighting-sweep", variable: s.variable, reason: s.reason });

      const counts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0 };
      for (const c of checks) counts[c.verdict]++;
      const result: DiagnoseJson = {
        file: read.file, model: m.name, data: { file: dataFile, rows: source.rowCount, ...(Object.keys(a.map).length ? { map: a.map } : {}) },
        alpha, environment: a.env ?? null, params: paramsSource,
        verdict: counts.fail ? "fail" : counts.warn ? "warn" : "pass", counts, checks, skipped, cannotSee: CANNOT_SEE,
      };
      io.stdout(a.json ? JSON.stringify(result, null, 2) + "\n" : formatDiagnosis(result, io.cwd));
      return EXIT_OK;
    } finally {
      source.close();
    }
  } catch (e) {
    if (e instanceof CausalError) return report(io, [remapDiagnostic(e.diagnostic, loaded.info)], sources), EXIT_ERROR;
    throw e;
  }
}

const SECTIONS: { title: string; kinds: CheckKind[] }[] = [
  { title: "local tests: the graph's implied independencies", kinds: ["local-test"] },
  { title: "residuals of normal-noise mechanisms", kinds: ["residual-reset", "residual-input-curvature", "residual-breusch-pagan"] },
  { title: "stability across environments", kinds: ["chow", "loeo"] },
  { title: "invariance across environments", kinds: ["invariance"] },
  { title: "reweighting sweep of linear-Gaussian mechanisms", kinds: ["reweighting-drift"] },
];

export function formatDiagnosis(r: DiagnoseJson, cwd: string): string {
  const rel = (f: string) => (f.startsWith(cwd + "/") ? f.slice(cwd.length + 1) : f);
  const params = r.params.source === "file" ? `params from ${rel(r.params.file!)}` : r.params.source === "fitted" ? "params fitted to these data here (pass --params FILE to check trained values)" : "no params";
  const lines = [
    `diagnose "${r.model}" on ${rel(r.data.file)} (${r.data.rows} rows): alpha ${r.alpha}, p-values Holm-adjusted within each check${r.environment ? `, environments from column "${r.environment}"` : ""}; ${params}`,
  ];
  for (const s of SECTIONS) {
    const cs = r.checks.filter((c) => s.kinds.includes(c.kind));
    if (!cs.length) continue;
    lines.push("", `${s.title}:`);
    for (const c of cs) lines.push(`  ${c.verdict.toUpperCase().padEnd(4)}  ${c.text}`);
  }
  if (!r.environment) lines.push("", "stability and invariance across environments: not run (name the environment column with --env COLUMN)");
  if (r.skipped.length) {
    lines.push("", "not checked:");
    for (const s of r.skipped) lines.push(`  ${s.check}${s.variable ? ` ${s.variable}` : ""}${s.implication ? ` ${s.implication}` : ""}: ${s.reason}`);
  }
  lines.push("", `${r.verdict.toUpperCase()}: ${r.counts.fail} fail, ${r.counts.warn} warn, ${r.counts.pass} pass (FAIL: Holm-adjusted p below alpha; WARN: only the raw p is; loeo fails above 2x)`);
  lines.push("", `What these checks cannot see: ${CANNOT_SEE.join(" ")}`);
  return lines.join("\n") + "\n";
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

/** A number for the report: 3 significant digits, no exponent below 1e6. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e6 || a < 1e-3) return v.toExponential(2);
  return a >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

/** A p-value from its log10: plain above 1e-4, else as a power of ten (exact, never floored). */
export function pText(log10P: number): string {
  if (log10P >= -4) return (10 ** log10P).toPrecision(2);
  return `10^${log10P.toFixed(1)}`;
}
