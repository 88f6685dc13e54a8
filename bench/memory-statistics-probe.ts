/**
 * One memory probe (run in a fresh process by bench/memory-statistics.mjs): opens a data file as a
 * DataSource and runs the SQL-backed statistics — one mechanism's moment matrix, the per-environment
 * moment matrices, the invariance check from them, and a 200,000-row sample — printing the peak RSS
 * (process.resourceUsage().maxRSS) after each phase as one JSON line. `pipeline` runs the diagnose
 * job's stages instead (core/io/diagnose-job.ts's order: fit, local tests, residual checks on the
 * sample, environment stability, invariance, reweighting sweep).
 */
import { environmentStabilityFromStatistics } from "../src/core/criticism/environment-stability-sql";
import { invarianceFromStatistics } from "../src/core/criticism/invariance-sql";
import { localTestsFromStatistics } from "../src/core/criticism/local-tests-sql";
import { residualChecks } from "../src/core/criticism/residuals";
import { reweightingSweep } from "../src/core/criticism/reweighting-sweep";
import { openDataSource } from "../src/core/data/data-source";
import { openDatabase } from "../src/core/data/duckdb";
import { sampleTable } from "../src/core/data/sample-table";
import { statisticsProvider } from "../src/core/data/source-statistics";
import { normal } from "../src/core/distributions/normal";
import { scm } from "../src/core/dsl/scm";
import { linearGaussian } from "../src/core/learned/linear-gaussian";
import { trainModel } from "../src/core/train/train-model";

const mib = () => process.resourceUsage().maxRSS / 1024;
const rss = () => process.memoryUsage().rss / 2 ** 20;

/** y's linear-Gaussian mechanism on x1, x2, x3 (three normal roots), as a .causal.ts file builds it. */
function lgModel() {
  return scm("probe")
    .variable("x1", () => normal(0, 1)).variable("x2", () => normal(0, 1)).variable("x3", () => normal(0, 1))
    .variable("y", linearGaussian(({ x1, x2, x3 }: { x1: number; x2: number; x3: number }) => ({ x1, x2, x3 })));
}

/** Writes n rows of x1, x2, x3, y, env with DuckDB (generated in SQL, COPY to CSV or Parquet). */
export async function generate(path: string, n: number): Promise<void> {
  const db = await openDatabase();
  try {
    const format = path.endsWith(".parquet") ? "(FORMAT PARQUET)" : "(FORMAT CSV, HEADER)";
    await db.run(`COPY (SELECT x1, x2, x3, 1 + 2 * x1 - x2 + 0.5 * x3 + (random() - 0.5) AS y, env FROM (
      SELECT random() + (i % 4) AS x1, random() AS x2, random() * 2 AS x3, CAST(i % 4 AS INTEGER) AS env FROM range(${n}) t(i))) TO '${path}' ${format}`);
  } finally { db.close(); }
}

export async function probe(path: string): Promise<Record<string, number>> {
  const out: Record<string, number> = { start: mib() };
  const t0 = Date.now();
  const source = await openDataSource(path);
  out.open = mib();
  try {
    const stats = statisticsProvider(source);
    await stats.moments({ columns: ["x1", "x2", "x3", "y"] });
    out.moments = mib();
    await stats.moments({ columns: ["x1", "x2", "x3", "y"], groupBy: "env" });
    out.groupedMoments = mib();
    const report = await invarianceFromStatistics(lgModel(), stats, { environment: "env" });
    if (report.mechanisms.length !== 1) throw new Error("invariance did not run");
    out.invariance = mib();
    const sample = await sampleTable(source, { rows: 200000, seed: 1 });
    if (sample.rowCount !== Math.min(200000, source.rowCount)) throw new Error("short sample");
    out.sample = mib();
    out.rows = source.rowCount;
  } finally { source.close(); }
  out.seconds = (Date.now() - t0) / 1000;
  out.rssAtEnd = rss();
  return out;
}

export async function pipeline(path: string): Promise<Record<string, number>> {
  const out: Record<string, number> = { start: mib() };
  const t0 = Date.now();
  const m = lgModel();
  const source = await openDataSource(path);
  out.open = mib();
  try {
    const stats = statisticsProvider(source);
    const params = (await trainModel(m, source)).params;
    out.fit = mib();
    await localTestsFromStatistics(m, stats, { alpha: 0.01 });
    out.localTests = mib();
    residualChecks(m, await sampleTable(source, { rows: 200000, seed: 1 }), { alpha: 0.01, params });
    out.residuals = mib();
    await environmentStabilityFromStatistics(m, stats, { environment: "env", alpha: 0.01 });
    out.stability = mib();
    await invarianceFromStatistics(m, stats, { environment: "env", alpha: 0.01 });
    out.invariance = mib();
    await reweightingSweep(m, stats);
    out.sweep = mib();
  } finally { source.close(); }
  out.seconds = (Date.now() - t0) / 1000;
  return out;
}

const [mode, path, n] = process.argv.slice(2);
if (mode === "generate") await generate(path, Number(n));
else if (mode === "probe") console.log(JSON.stringify(await probe(path)));
else if (mode === "pipeline") console.log(JSON.stringify(await pipeline(path)));
