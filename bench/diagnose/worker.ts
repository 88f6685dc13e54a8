// One diagnose case in its own process (bundled by bench/diagnose/index.ts, run as a child so its
// peak RSS is its own): the checks of `causal-studio diagnose` called one by one on the core
// functions, each timed (wall ms and this process's CPU ms, DuckDB's threads included).
//   node worker.mjs <model.causal.ts> <data file> <env column|-> <all|sql> <alpha>
// "all": every check as the CLI runs them (the data read as a table for residuals and invariance);
// "sql": only the checks computed from SQL sufficient statistics (fit, local tests, Chow/LOEO,
// reweighting sweep), the ones that must keep memory flat at 10^7 rows.
// Prints one JSON object on stdout.
import { environmentStabilityFromStatistics } from "../../src/core/criticism/environment-stability-sql";
import { invariance } from "../../src/core/criticism/invariance";
import { localTestsFromStatistics } from "../../src/core/criticism/local-tests-sql";
import { residualChecks } from "../../src/core/criticism/residuals";
import { reweightingSweep } from "../../src/core/criticism/reweighting-sweep";
import { openDataSource } from "../../src/core/data/data-source";
import { readTable } from "../../src/core/data/read-table";
import { statisticsProvider } from "../../src/core/data/source-statistics";
import { loadModelFile } from "../../src/core/io/load-module";
import { trainModel } from "../../src/core/train/train-model";

type V = "pass" | "warn" | "fail";
interface Step { wallMs: number; cpuMs: number; tests?: number; counts?: Record<V, number>; minLog10P?: number | null; extra?: Record<string, unknown> }

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const mib = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(): Promise<void> {
  const [modelFile, dataFile, envArg, mode, alphaArg] = process.argv.slice(2);
  const env = envArg === "-" ? undefined : envArg;
  const alpha = Number(alphaArg ?? 0.01);
  const steps: Record<string, Step> = {};
  const cpuAll = process.cpuUsage(), tAll = performance.now();
  async function step<T>(name: string, f: () => Promise<T> | T, summary?: (r: T) => Partial<Step>): Promise<T> {
    const c0 = process.cpuUsage(), t0 = performance.now();
    const r = await f();
    const c = process.cpuUsage(c0);
    steps[name] = { wallMs: round(performance.now() - t0), cpuMs: round((c.user + c.system) / 1000), ...(summary ? summary(r) : {}) };
    return r;
  }
  const verdicts = (vs: { verdict: V; log10P?: number | null }[]): Partial<Step> => {
    const counts: Record<V, number> = { pass: 0, warn: 0, fail: 0 };
    let min: number | null = null;
    for (const v of vs) {
      counts[v.verdict]++;
      if (v.log10P != null && (min === null || v.log10P < min)) min = v.log10P;
    }
    return { tests: vs.length, counts, minLog10P: min === null ? null : round(min, 2) };
  };

  const loaded = await step("load model", () => loadModelFile(modelFile));
  if ("diagnostics" in loaded) throw new Error(loaded.diagnostics.map((d) => d.message).join("; "));
  const m = loaded.model;
  const spec = m.spec();
  const columns = [...new Set([...spec.variables.filter((v) => !v.latent).map((v) => v.name), ...(env ? [env] : [])])];
  const rssBaseline = mib();
  const source = await step("open data", () => openDataSource(dataFile, { columns }));
  try {
    const stats = statisticsProvider(source);
    const table = mode === "all" ? await step("read table", () => readTable(dataFile, { columns })) : undefined;
    const fitted = await step("fit params", () => trainModel(m, source));
    const local = await step("local tests", () => localTestsFromStatistics(m, stats, { alpha }), (r) => ({
      ...verdicts(r.tests.map((t) => ({ verdict: t.verdict as V, log10P: t.log10P }))),
      extra: {
        skipped: r.skipped.length,
        failed: r.tests.filter((t) => t.verdict === "fail").map((t) => t.text),
        rawBelowAlpha: r.tests.filter((t) => t.log10P < Math.log10(alpha)).length,
        rawBelow005: r.tests.filter((t) => t.log10P < Math.log10(0.05)).length,
        minLog10PAdjusted: round(Math.min(...r.tests.map((t) => t.log10PAdjusted)), 2),
      },
    }));
    if (table) {
      await step("residuals", () => residualChecks(m, table, { alpha, params: fitted.params }), (r) => ({
        ...verdicts(r.mechanisms.flatMap((x) => x.tests.map((t) => ({ verdict: t.verdict as V, log10P: t.log10P })))),
        extra: { failed: r.mechanisms.flatMap((x) => x.tests.filter((t) => t.verdict === "fail").map((t) => `${x.variable} ${t.test}${t.input ? ` ${t.input}` : ""}`)) },
      }));
    }
    if (env) {
      await step("chow + loeo", () => environmentStabilityFromStatistics(m, stats, { environment: env, alpha }), (r) => ({
        ...verdicts(r.mechanisms.map((x) => ({ verdict: x.chow.verdict as V, log10P: x.chow.log10P }))),
        extra: {
          chowFailed: r.mechanisms.filter((x) => x.chow.verdict === "fail").map((x) => x.variable),
          loeoFlagged: r.mechanisms.filter((x) => x.loeoFlagged).map((x) => x.variable),
          worstLoeoRatio: round(Math.max(...r.mechanisms.flatMap((x) => x.environments.map((e) => e.loeoRatio))), 3),
        },
      }));
      if (table) {
        await step("invariance", () => invariance(m, table, { environment: env, alpha }), (r) => ({
          ...verdicts(r.mechanisms.map((x) => ({ verdict: x.full.verdict as V, log10P: x.full.log10P }))),
          extra: { failed: r.mechanisms.filter((x) => x.full.verdict === "fail").map((x) => x.variable) },
        }));
      }
    }
    await step("reweighting sweep", () => reweightingSweep(m, stats, { alpha }), (r) => ({
      ...verdicts(r.mechanisms.flatMap((x) => x.parents.map((p) => ({ verdict: p.test.verdict as V, log10P: p.test.log10P })))),
      extra: { failed: r.mechanisms.flatMap((x) => x.parents.filter((p) => p.test.verdict === "fail").map((p) => `${x.variable} by ${p.parent}`)) },
    }));
  } finally {
    source.close();
  }
  const c = process.cpuUsage(cpuAll);
  process.stdout.write(JSON.stringify({
    mode, rows: source.rowCount, wallSeconds: round((performance.now() - tAll) / 1000, 2), cpuSeconds: round((c.user + c.system) / 1e6, 2),
    peakRssMiB: mib(), rssMiBAfterModelLoad: rssBaseline, steps,
  }) + "\n");
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
