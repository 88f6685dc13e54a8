// Fitting from sufficient statistics: a 20-variable linear-Gaussian DAG (v_i = 0.5 v_{i-1} +
// 0.3 v_{i-3} + e_i) written by DuckDB SQL to CSV and Parquet, 10^6 rows each and 10^7 rows as
// Parquet, then all 20 mechanisms fitted by trainModel from SQL aggregates (one shared moment
// matrix). Per case: wall seconds, CPU seconds (this process, DuckDB's threads included), the peak
// RSS so far (process.resourceUsage().maxRSS) before and after, and the RSS after. The files are
// written by a child process so that writing them does not raise this process's peak; the 10^7
// case runs last, so "RSS flat" reads as its peak staying at the 10^6 cases' peak.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDataSource } from "../src/core/data/data-source";
import { linearGaussian } from "../src/core/learned/linear-gaussian";
import { scm } from "../src/core/dsl/scm";
import { trainModel } from "../src/core/train/train-model";

const VARS = 20;
const parentsOf = (i: number) => [i - 1, i - 3].filter((j) => j >= 0);
const TRUE = { a: 0.5, b: 0.3 };

/** SQL for n rows of the DAG; noise from a hash of one integer per (row, variable) (a hash of two arguments mixes poorly) so it is deterministic and any re-evaluation agrees. */
function dagSql(n: number): string {
  const u = (v: number, k: number) => `((hash(i * 64 + ${2 * v + k}) >> 11)::DOUBLE / 9007199254740992.0)`;
  const noise = (i: number) => `sqrt(-2 * ln(1 - ${u(i, 0)})) * cos(2 * pi() * ${u(i, 1)})`;
  let rel = `(SELECT i FROM range(${n}) t(i))`;
  for (let v = 0; v < VARS; v++) {
    const mean = parentsOf(v).map((p) => `${p === v - 1 ? TRUE.a : TRUE.b} * v${p}`).join(" + ") || "0";
    rel = `(SELECT *, ${mean} + ${noise(v)} AS v${v} FROM ${rel})`;
  }
  return `SELECT ${Array.from({ length: VARS }, (_, v) => `v${v}`).join(", ")} FROM ${rel}`;
}

/** Writes the files from a child node process (plain JS against @duckdb/node-api). */
function writeFiles(files: { path: string; rows: number; format: "csv" | "parquet" }[]): number {
  const statements = files.map((f) => `COPY (${dagSql(f.rows)}) TO '${f.path}' (FORMAT ${f.format === "csv" ? "csv, HEADER" : "parquet"})`);
  const script = `const d = require("@duckdb/node-api"); (async () => { const i = await d.DuckDBInstance.create(":memory:"); const c = await i.connect(); for (const s of ${JSON.stringify(statements)}) await c.run(s); })().catch((e) => { console.error(e); process.exit(1); });`;
  const t0 = performance.now();
  execFileSync(process.execPath, ["-e", script], { stdio: ["ignore", "inherit", "inherit"], cwd: process.cwd() });
  return (performance.now() - t0) / 1000;
}

function dagModel(): { spec(): import("../src/core/runtime/model-spec").ModelSpec } {
  let m: { variable(name: string, mech: unknown): unknown } = scm("dag20") as never;
  for (let v = 0; v < VARS; v++) {
    const ps = parentsOf(v).map((p) => `v${p}`);
    // Each features function is its own literal (parents are what it destructures).
    const features = new Function(`return ({ ${ps.join(", ")} }) => ({ ${ps.join(", ")} });`)() as (p: Record<string, number>) => Record<string, number>;
    m = m.variable(`v${v}`, linearGaussian(features)) as typeof m;
  }
  return m as never;
}

const mib = (kib: number) => Math.round(kib / 1024);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function fitCase(model: ReturnType<typeof dagModel>, path: string, rows: number): Promise<Record<string, unknown>> {
  const peakBefore = process.resourceUsage().maxRSS;
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  const source = await openDataSource(path);
  const opened = (performance.now() - t0) / 1000;
  let result;
  try {
    result = await trainModel(model, source);
  } finally {
    source.close();
  }
  const wall = (performance.now() - t0) / 1000, cpu = process.cpuUsage(cpu0);
  const peakAfter = process.resourceUsage().maxRSS;
  // The fitted coefficients of the last mechanism against the truth (0.5 on v18, 0.3 on v16).
  const last = result.params.get(`v${VARS - 1}.coef`) as Float64Array;
  return {
    rows, fileMiB: round(statSync(path).size / 2 ** 20, 1), seconds: round(wall), openAndCheckSeconds: round(opened), cpuSeconds: round((cpu.user + cpu.system) / 1e6),
    peakRssMiBBefore: mib(peakBefore), peakRssMiBAfter: mib(peakAfter), rssMiBAfter: Math.round(process.memoryUsage().rss / 2 ** 20),
    mechanisms: result.mechanisms.length, methods: [...new Set(result.mechanisms.map((m) => m.method))],
    lastMechanismCoef: Array.from(last, (v) => round(v, 4)), lastMechanismSe: Array.from(result.standardErrors[`v${VARS - 1}.coef`] as Float64Array, (v) => round(v, 6)),
  };
}

export async function bench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "causal-bench-fit-"));
  try {
    const csv = join(dir, "dag-1e6.csv"), pq = join(dir, "dag-1e6.parquet"), pq7 = join(dir, "dag-1e7.parquet");
    const writeSeconds = writeFiles([{ path: csv, rows: 1e6, format: "csv" }, { path: pq, rows: 1e6, format: "parquet" }, { path: pq7, rows: 1e7, format: "parquet" }]);
    const model = dagModel();
    const startRss = Math.round(process.memoryUsage().rss / 2 ** 20);
    const csv6 = await fitCase(model, csv, 1e6);
    const parquet6 = await fitCase(model, pq, 1e6);
    const parquet7 = await fitCase(model, pq7, 1e7);
    return {
      variables: VARS, writeFilesSeconds: round(writeSeconds, 1), rssMiBBeforeFits: startRss,
      csv1e6: csv6, parquet1e6: parquet6, parquet1e7: parquet7,
      rssFlat: { peakMiBAfter1e6: parquet6.peakRssMiBAfter, peakMiBAfter1e7: parquet7.peakRssMiBAfter, growthMiB: (parquet7.peakRssMiBAfter as number) - (parquet6.peakRssMiBAfter as number) },
      note: "two passes per file: the opening checks (types, bad cells, min/max, whose midpoints centre the columns), then one moment matrix over all 20 columns; every mechanism's OLS is read off that matrix",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
