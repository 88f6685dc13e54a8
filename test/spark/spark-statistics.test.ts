// The SQL-backed checks on Spark SQL (opt-in: `npm run test:spark`, which starts Spark's Thrift
// server from pyspark; .ci/test-spark.sh). The sample data go into Spark tables; every statistic
// (moment matrices per environment and under a tilt weight, indicator moments, contingency counts,
// distinct values), every local test, Chow's F, the LOEO errors, the reweighting sweep, the
// invariance tests and every
// verdict computed from Spark's aggregates equal those from DuckDB over the same CSV files to 1e-9
// relative (the quadratic's drift Wald statistic to 1e-7: it moves by 1.5e-8 when DuckDB itself
// sums the rows shuffled, checks-report.ts ORDER_SENSITIVE). A 10^7-row Spark view's moments equal their closed forms. The Spark dialect matters: a
// DuckDB-quoted name is a string literal in Spark.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDataSource } from "../../src/core/data/data-source";
import { statisticsProvider } from "../../src/core/data/source-statistics";
import { connectSpark, type SparkConnectionOptions } from "../../src/core/data/spark-connection";
import type { SqlConnection } from "../../src/core/data/sql-connection";
import { sampleTable } from "../../src/core/data/sample-table";
import { openTableSource, openTableStatistics } from "../../src/core/data/table-source";
import { buildChildForTests } from "../../src/core/io/model-process.test-util";
import { runCli } from "../cli/run-cli";
import { checksReport, expectSameReport, mixedCsv, ORDER_SENSITIVE } from "./checks-report";

const env = process.env;
if (!env.SPARK_THRIFT_HOST) throw new Error("test/spark needs a Spark Thrift server: run `npm run test:spark` (it installs pyspark and starts one), or set SPARK_THRIFT_HOST and SPARK_THRIFT_PORT to an existing one.");
const options: SparkConnectionOptions = {
  host: env.SPARK_THRIFT_HOST,
  port: Number(env.SPARK_THRIFT_PORT ?? 10000),
  transport: env.SPARK_THRIFT_TRANSPORT === "http" ? "http" : "binary",
  ...(env.SPARK_THRIFT_HTTP_PATH ? { path: env.SPARK_THRIFT_HTTP_PATH } : {}),
  ...(env.SPARK_THRIFT_USER ? { auth: { kind: "plain" as const, username: env.SPARK_THRIFT_USER, password: env.SPARK_THRIFT_PASSWORD ?? "" } } : {}),
  ...(env.SPARK_THRIFT_SSL === "1" ? { ssl: true } : {}),
  connectTimeoutMs: 60_000,
};
const DB = env.SPARK_TEST_DATABASE ?? "causal_studio_test";
const SAMPLE = join(__dirname, "..", "..", "samples", "misspecification", "data.csv");
const dir = mkdtempSync(join(tmpdir(), "spark-test-"));
const MIXED = join(dir, "mixed.csv");
writeFileSync(MIXED, mixedCsv(11, 3000, 0.3));
const figures: Record<string, string> = {};
const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

let spark: SqlConnection;

/**
 * A CSV file as a Spark table: read by Spark itself where the server shares this machine's files
 * (SPARK_TEST_LOCAL_FILES, set by test:spark), else sent as INSERT statements (a remote cluster);
 * either way stored as a Parquet table in the warehouse, as a real table would be.
 */
async function loadCsv(file: string, table: string, types: Record<string, "DOUBLE" | "INT" | "STRING">): Promise<void> {
  const t = `${DB}.${table}`;
  await spark.rows(`DROP TABLE IF EXISTS ${t}`);
  if (env.SPARK_TEST_LOCAL_FILES) {
    const schema = Object.entries(types).map(([c, ty]) => `${c} ${ty}`).join(", ");
    await spark.rows(`CREATE OR REPLACE TEMPORARY VIEW ${table}_csv (${schema}) USING csv OPTIONS (path ${spark.dialect.quoteString(file)}, header 'true')`);
    await spark.rows(`CREATE TABLE ${t} USING parquet AS SELECT * FROM ${table}_csv`);
    return;
  }
  const cols = Object.keys(types);
  await spark.rows(`CREATE TABLE ${t} (${cols.map((c) => `${c} ${types[c]}`).join(", ")}) USING parquet`);
  const lines = readFileSync(file, "utf8").trim().split("\n").slice(1);
  for (let start = 0; start < lines.length; start += 1000) {
    const values = lines.slice(start, start + 1000).map((line) => {
      const cells = line.match(/("[^"]*"|[^,]+)/g)!.map((c) => c.replace(/^"|"$/g, ""));
      return `(${cells.map((c, k) => (types[cols[k]] === "STRING" ? spark.dialect.quoteString(c) : `CAST('${c}' AS ${types[cols[k]]})`)).join(", ")})`;
    });
    await spark.rows(`INSERT INTO ${t} VALUES ${values.join(", ")}`);
  }
}

beforeAll(async () => {
  let t0 = performance.now();
  spark = await connectSpark(options);
  figures.connect = ms(t0);
  t0 = performance.now();
  await spark.rows(`CREATE DATABASE IF NOT EXISTS ${DB}`);
  await loadCsv(SAMPLE, "misspecification", { x: "DOUBLE", y: "DOUBLE", env: "STRING" });
  await loadCsv(MIXED, "mixed", { a: "DOUBLE", b: "DOUBLE", c: "DOUBLE", u: "INT", v: "INT", w: "INT" });
  figures.load = ms(t0);
});

afterAll(async () => {
  if (env.SPARK_START_S) figures.serverStart = `${env.SPARK_START_S} s`;
  console.log(`Spark figures: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join("; ")}`);
  await spark?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`Spark SQL at ${options.host}:${options.port}`, () => {
  it("the tables hold the CSVs: column types as declared, row counts", async () => {
    const cols = await spark.describe(`${DB}.misspecification`);
    expect(cols.map((c) => `${c.name}:${c.type}`)).toEqual(["x:double", "y:double", "env:string"]);
    expect((await spark.describe(`${DB}.mixed`)).map((c) => c.type)).toEqual(["double", "double", "double", "integer", "integer", "integer"]);
    expect(await spark.rows(`SELECT COUNT(*), COUNT(DISTINCT env) FROM ${DB}.misspecification`)).toEqual([[2500, 5]]);
  });

  it("every statistic, local test, Chow F, LOEO error, sweep and invariance figure and verdict equals DuckDB's over the same files to 1e-9 relative", async () => {
    const fileEnv = await openDataSource(SAMPLE), fileMixed = await openDataSource(MIXED);
    try {
      let t0 = performance.now();
      const duck = await checksReport(statisticsProvider(fileEnv), statisticsProvider(fileMixed));
      figures.checksDuckDB = ms(t0);
      t0 = performance.now();
      // The CSV's first-seen level order declared for Spark (a table has no row order to take it from).
      const envStats = await openTableStatistics(spark, `${DB}.misspecification`, { levels: { env: fileEnv.column("env").levels! } });
      const mixedStats = await openTableStatistics(spark, `${DB}.mixed`);
      expect([envStats.path, mixedStats.path]).toEqual(["sql", "sql"]);
      const got = await checksReport(envStats, mixedStats);
      figures.checksSpark = ms(t0);
      // 1e-9 relative, but for the figures that move by more when the same rows are summed in another order (ORDER_SENSITIVE, 1e-7).
      const { compared, worst, worstLooser } = expectSameReport(got, duck, 1e-9, ORDER_SENSITIVE);
      figures.compared = `${compared} numbers, worst relative difference ${worst.toExponential(1)} (order-sensitive drift Wald: ${worstLooser.toExponential(1)})`;
      expect(compared).toBeGreaterThan(300);
      // The sample's verdicts (samples/misspecification/README.md) and the missing a -> c edge, read from Spark.
      const stab = got.stability as Record<string, { verdict: string; loeoFlagged: boolean; chow: { verdict: string; statistic: number } }>;
      expect([stab.line.chow.verdict, stab.quadratic.chow.verdict, String(stab.line.loeoFlagged), String(stab.quadratic.loeoFlagged)]).toEqual(["fail", "pass", "true", "false"]);
      const sweeps = got.sweeps as Record<string, { test: { verdict: string } }>;
      expect([sweeps.line.test.verdict, sweeps.quadratic.test.verdict]).toEqual(["fail", "pass"]);
      expect((got.localTests as { failing: string[] }).failing).toEqual(["c ⊥ a | b"]);
      const inv = got.invariance as Record<string, { verdict: string; invariantFeatures: string[] | null }>;
      expect([inv.line.verdict, inv.line.invariantFeatures, inv.quadratic.verdict]).toEqual(["fail", null, "pass"]);
    } finally { fileEnv.close(); fileMixed.close(); }
  });

  it("causal-studio diagnose --spark: the whole report on the Spark table equals the report on the CSV file (statistics to 1e-7, every verdict)", async () => {
    process.env.CAUSAL_STUDIO_MODEL_RUNNER ??= await buildChildForTests("spark-diagnose");
    const model = join(__dirname, "..", "..", "samples", "misspecification", "linear.causal.ts");
    const server = [`${options.host}:${options.port}`, ...(options.transport === "http" ? ["--spark-transport", "http"] : []), ...(env.SPARK_THRIFT_USER ? ["--spark-user", env.SPARK_THRIFT_USER] : [])];
    if (env.SPARK_THRIFT_PASSWORD !== undefined) process.env.CAUSAL_STUDIO_SPARK_PASSWORD = env.SPARK_THRIFT_PASSWORD;
    const t0 = performance.now();
    const onSpark = await runCli("diagnose", model, "--spark", ...server, "--table", `${DB}.misspecification`, "--env", "env", "--json");
    figures.diagnoseSpark = ms(t0);
    const onFile = await runCli("diagnose", model, "--data", SAMPLE, "--env", "env", "--json");
    expect(onSpark.stderr).toBe("");
    expect([onSpark.code, onFile.code]).toEqual([0, 0]);
    const a = JSON.parse(onSpark.stdout), b = JSON.parse(onFile.stdout);
    expect(a.data.rows).toBe(2500);
    const key = (c: { kind: string; variable?: string; input?: string }) => `${c.kind}/${c.variable ?? ""}/${c.input ?? ""}`;
    expect(a.checks.map(key).sort()).toEqual(b.checks.map(key).sort());
    for (const c of a.checks) {
      const d = b.checks.find((x: { kind: string }) => key(x as never) === key(c));
      expect(c.verdict, key(c)).toBe(d.verdict);
      expect(Math.abs(c.statistic - d.statistic) / Math.max(1, Math.abs(d.statistic)), key(c)).toBeLessThan(1e-7);
    }
    expect(a.variables.map((v: { variable: string; verdict: string }) => `${v.variable}:${v.verdict}`)).toEqual(b.variables.map((v: { variable: string; verdict: string }) => `${v.variable}:${v.verdict}`));
  }, 600_000);

  it("a seeded row sample of a table larger than the sample: Spark numbers rows in its dialect, the same seed gives the same rows", async () => {
    await spark.rows(`CREATE OR REPLACE VIEW ${DB}.numbered AS SELECT CAST(id AS DOUBLE) AS x FROM range(50000)`);
    const source = await openTableSource(spark, `${DB}.numbered`);
    const a = await sampleTable(source, { rows: 1000, seed: 3 }), b = await sampleTable(source, { rows: 1000, seed: 3 });
    const xs = Array.from(a.columns.get("x")!.values);
    expect(xs).toHaveLength(1000);
    expect(new Set(xs).size).toBe(1000);
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1])).toBe(true); // in the table's order
    expect(Array.from(b.columns.get("x")!.values)).toEqual(xs);
    // About uniform over the 50,000 rows: the mean near 25,000 (sd of the mean about 460).
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 25_000)).toBeLessThan(2_500);
  });

  it("streams a table in many fetches (700 rows each): the streamed sums equal DuckDB's", async () => {
    const small = await connectSpark({ ...options, fetchRows: 700 });
    try {
      const source = await openTableSource(small, `${DB}.misspecification`, { columns: ["x", "y"] });
      let rows = 0, chunks = 0, sx = 0, sxy = 0;
      await source.scan(["x", "y"], ([x, y], n) => { chunks++; rows += n; for (let i = 0; i < n; i++) { sx += x[i]; sxy += x[i] * y[i]; } });
      expect([rows, chunks]).toEqual([2500, 4]);
      const file = await openDataSource(SAMPLE);
      try {
        const [[fx, fxy]] = await file.sql!(`SELECT SUM("x"), SUM("x" * "y") FROM data`) as number[][];
        expect(Math.abs(sx - fx) / Math.abs(fx)).toBeLessThan(1e-12);
        expect(Math.abs(sxy - fxy) / Math.abs(fxy)).toBeLessThan(1e-12);
      } finally { file.close(); }
    } finally { await small.close(); }
  });

  it("10^7 rows stay in Spark: a view's moment matrix and counts equal their closed forms", async () => {
    const N = 10_000_000;
    // x = i / N for i = 0..N-1, g = i mod 4: sums of powers of i have closed forms.
    await spark.rows(`CREATE OR REPLACE VIEW ${DB}.big AS SELECT CAST(id AS DOUBLE) / ${N} AS x, CAST(id % 4 AS INT) AS g FROM range(${N})`);
    const t0 = performance.now();
    const stats = await openTableStatistics(spark, `${DB}.big`);
    const [m] = await stats.moments({ columns: ["x", "g"] });
    figures.moments1e7 = ms(t0);
    const S1 = (N - 1) * N / 2, S2 = (N - 1) * N * (2 * N - 1) / 6;
    expect(m.n).toBe(N);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(m.m[0][1], S1 / N)).toBeLessThan(1e-9);
    expect(rel(m.m[0][4], S2 / N ** 2)).toBeLessThan(1e-9);
    // sum g = N/4 * (0 + 1 + 2 + 3); sum g^2 = N/4 * 14
    expect(m.m[0][2]).toBe(1.5 * N);
    expect(m.m[0][8]).toBe(3.5 * N);
    const counts = await stats.counts(["g"]);
    expect(counts.counts).toEqual([N / 4, N / 4, N / 4, N / 4]);
  });

  it("speaks Spark's dialect: a DuckDB-quoted name is a string literal there, so the source quotes with backticks", async () => {
    expect(await spark.rows(`SELECT "x" FROM ${DB}.misspecification LIMIT 1`)).toEqual([["x"]]);
    const s = await openTableSource(spark, `${DB}.misspecification`, { columns: ["x"] });
    expect(s.sqlName!("x")).toBe("`x`");
  });

  it("a bad query or table is a CausalError with Spark's message", async () => {
    await expect(openTableSource(spark, `${DB}.absent_table`)).rejects.toThrow(new RegExp(`Spark SQL at .*, table ${DB}\\.absent_table: cannot read the table \\(\\[TABLE_OR_VIEW_NOT_FOUND\\] The table or view .*absent_table.* cannot be found`));
    await expect(openTableSource(spark, `${DB}.misspecification`, { columns: ["nope"] })).rejects.toThrow('no column "nope" (the table has: x, y, env).');
  });
});
