/**
 * One memory probe (run in a fresh process by bench/memory-statistics.mjs): opens a data file as a
 * DataSource and runs the SQL-backed statistics — one mechanism's moment matrix, the per-environment
 * moment matrices, the invariance check from them, and a 200,000-row sample — printing the peak RSS
 * (process.resourceUsage().maxRSS) after each phase as one JSON line.
 */
import { invarianceFromStatistics } from "../src/core/criticism/invariance-sql";
import { openDataSource } from "../src/core/data/data-source";
import { openDatabase } from "../src/core/data/duckdb";
import { sampleTable } from "../src/core/data/sample-table";
import { statisticsProvider } from "../src/core/data/source-statistics";
import { normal } from "../src/core/distributions/normal";
import { expandLearned, learnedRecipe } from "../src/core/learned/learned-mechanism";
import { LINEAR_GAUSSIAN, linearGaussian } from "../src/core/learned/linear-gaussian";
import type { Mechanism, ModelSpec } from "../src/core/runtime/model-spec";

const mib = () => process.resourceUsage().maxRSS / 1024;
const rss = () => process.memoryUsage().rss / 2 ** 20;

function lgModel(): ModelSpec {
  const parents = ["x1", "x2", "x3"];
  const { spec: learned, decls, mechanism } = expandLearned("y", parents, learnedRecipe(linearGaussian(({ x1, x2, x3 }: Record<string, number>) => ({ x1, x2, x3 })))!, LINEAR_GAUSSIAN);
  return {
    name: "probe",
    variables: [
      ...parents.map((name) => ({ name, latent: false, parents: [], mechanism: (() => normal(0, 1)) as unknown as Mechanism })),
      { name: "y", latent: false, parents, mechanism: mechanism as unknown as Mechanism, vectorized: true, learned },
    ],
    params: decls,
  };
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

const [mode, path, n] = process.argv.slice(2);
if (mode === "generate") await generate(path, Number(n));
else if (mode === "probe") console.log(JSON.stringify(await probe(path)));
