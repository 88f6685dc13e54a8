// A table in a SQL engine through the connection interface (sql-connection.ts, table-source.ts),
// here DuckDB: the statistics and the checks' numbers and verdicts equal those from the CSV file
// source (openDataSource) and from the rows in memory (a second algorithm: sums in JS), to 1e-9;
// bad tables are refused naming the column; the dialects quote as their engines need; a Spark
// connection to a port where nothing listens says what to start and what to check.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDataSource, openDataSource } from "./data-source";
import { readTable } from "./read-table";
import { statisticsProvider } from "./source-statistics";
import { connectSpark, sparkMessage } from "./spark-connection";
import { DUCKDB_DIALECT, duckdbConnection, SPARK_DIALECT, type SqlConnection } from "./sql-connection";
import { openTableSource, openTableStatistics } from "./table-source";
import { checksReport, expectSameReport, mixedCsv, ORDER_SENSITIVE } from "../../../test/spark/checks-report";

const SAMPLE = join(__dirname, "..", "..", "..", "samples", "misspecification", "data.csv");
const dir = mkdtempSync(join(tmpdir(), "table-source-"));
const MIXED = join(dir, "mixed.csv");
writeFileSync(MIXED, mixedCsv(11, 3000, 0.3));

const connections: SqlConnection[] = [];
afterAll(async () => {
  for (const c of connections) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

async function duck(): Promise<SqlConnection> {
  const c = await duckdbConnection();
  connections.push(c);
  return c;
}

describe("a DuckDB table through the connection interface", async () => {
  const connection = await duck();
  await connection.rows(`CREATE TABLE misspec AS SELECT * FROM read_csv(${DUCKDB_DIALECT.quoteString(SAMPLE)})`);
  await connection.rows(`CREATE TABLE mixed AS SELECT * FROM read_csv(${DUCKDB_DIALECT.quoteString(MIXED)})`);
  const fileEnv = await openDataSource(SAMPLE), fileMixed = await openDataSource(MIXED);
  afterAll(() => { fileEnv.close(); fileMixed.close(); });
  // The CSV's first-seen level order, declared for the table (an engine's table has no row order).
  const levels = { env: fileEnv.column("env").levels! };

  it("statistics, local tests, Chow, LOEO, the sweep and every verdict equal the file's and the in-memory rows' to 1e-9", async () => {
    const fromFile = await checksReport(statisticsProvider(fileEnv), statisticsProvider(fileMixed));
    const table = await openTableStatistics(connection, "misspec", { levels });
    expect(table.path).toBe("sql");
    const fromTable = await checksReport(table, await openTableStatistics(connection, "mixed"));
    const inMemory = await checksReport(statisticsProvider(memoryDataSource(await readTable(SAMPLE))), statisticsProvider(memoryDataSource(await readTable(MIXED))));
    const a = expectSameReport(fromTable, fromFile, 1e-9), b = expectSameReport(fromTable, inMemory, 1e-9);
    expect(a.compared).toBeGreaterThan(500);
    expect(b.compared).toBe(a.compared);
    // The sample's verdicts (samples/misspecification/README.md): the line fails, the quadratic passes; a -> c is the missing edge.
    const stab = fromTable.stability as Record<string, { verdict: string; chow: { verdict: string } }>;
    expect([stab.line.chow.verdict, stab.quadratic.chow.verdict]).toEqual(["fail", "pass"]);
    expect((fromTable.localTests as { failing: string[] }).failing).toEqual(["c ⊥ a | b"]);
    const inv = fromTable.invariance as Record<string, { verdict: string; invariantFeatures: string[] | null }>;
    expect([inv.line.verdict, inv.line.invariantFeatures, inv.quadratic.verdict]).toEqual(["fail", null, "pass"]);
  });

  it("the same rows in another order: every figure to 1e-9 but the quadratic's drift Wald statistic, which moves by more (ORDER_SENSITIVE)", async () => {
    // What an engine that sums in its own order (Spark's partitions) can match at best: DuckDB against itself, rows shuffled.
    const fromFile = await checksReport(statisticsProvider(fileEnv), statisticsProvider(fileMixed));
    let worstLooser = 0;
    for (const seed of [0.1, 0.2, 0.3, 0.4]) {
      await connection.rows(`SELECT setseed(${seed})`);
      await connection.rows(`CREATE OR REPLACE TABLE shuffled AS SELECT * FROM misspec ORDER BY random()`);
      await connection.rows(`CREATE OR REPLACE TABLE shuffled_mixed AS SELECT * FROM mixed ORDER BY random()`);
      const r = await checksReport(await openTableStatistics(connection, "shuffled", { levels }), await openTableStatistics(connection, "shuffled_mixed"));
      const c = expectSameReport(r, fromFile, 1e-9, ORDER_SENSITIVE);
      worstLooser = Math.max(worstLooser, c.worstLooser);
    }
    // the exemption is needed (the order moves it past 1e-9) and stays small
    expect(worstLooser).toBeGreaterThan(1e-9);
    expect(worstLooser).toBeLessThan(1e-7);
  });

  it("without declared levels a text column's levels are its values in code-unit order", async () => {
    const s = await openTableSource(connection, "misspec");
    expect(s.column("env").levels).toEqual(["N(0,1)", "N(2,0.5)", "U(-1,0)", "U(0,1)", "U(1,2)"]);
    expect(s.column("x").kind).toBe("numeric");
    const m = await statisticsProvider(s).moments({ columns: ["x"], groupBy: "env" });
    expect(m.map((g) => [g.group, g.n])).toEqual([[0, 500], [1, 500], [2, 500], [3, 500], [4, 500]]);
    // U(0,1)'s mean of x is near 1/2: the level index 3 names it
    expect(Math.abs(m[3].m[0][1] / 500 - 0.5)).toBeLessThan(0.05);
  });

  it("an identifier that needs quoting (spaces, quotes) and a mapped column name", async () => {
    await connection.rows(`CREATE TABLE odd AS SELECT x AS "x ""1""", y AS ${DUCKDB_DIALECT.quoteName("y`2")} FROM misspec`);
    const s = await openTableSource(connection, "odd", { columns: ["x", 'y`2'], map: { x: 'x "1"' } });
    const stats = statisticsProvider(s);
    const [g] = await stats.moments({ columns: ["x", "y`2"] });
    const t = await readTable(SAMPLE);
    let sxy = 0;
    const x = t.columns.get("x")!.values, y = t.columns.get("y")!.values;
    for (let i = 0; i < t.rowCount; i++) sxy += x[i] * y[i];
    expect(Math.abs(g.m[0][1 * 3 + 2] - sxy)).toBeLessThan(1e-9 * Math.abs(sxy));
    let rows = 0;
    await s.scan(["x"], (cols, n) => { rows += n; expect(cols[0].length).toBe(n); });
    expect(rows).toBe(2500);
  });

  it("refuses a bad table naming the column: missing, NULL, NaN, infinite, outside its levels, unsupported type, constant, empty", async () => {
    await connection.rows(`CREATE TABLE bad AS SELECT * FROM (VALUES (1.5, 'a', 2, DATE '2020-01-01', 7), (NULL, 'b', 3, DATE '2020-01-02', 7), (2.5, 'c', CAST('NaN' AS DOUBLE), DATE '2020-01-03', 7), (3.5, 'a', CAST('Infinity' AS DOUBLE), DATE '2020-01-04', 7)) AS t(x, g, z, d, k)`);
    await connection.rows(`CREATE TABLE empty AS SELECT 1.5 AS x WHERE false`);
    const label = "DuckDB (in memory), table bad";
    await expect(openTableSource(connection, "bad", { columns: ["nope"] })).rejects.toThrow(`${label}: no column "nope" (the table has: x, g, z, d, k).`);
    await expect(openTableSource(connection, "bad", { columns: ["x"] })).rejects.toThrow(`${label}: column "x" has 1 of 4 rows that are not usable; one is empty (NULL).`);
    await expect(openTableSource(connection, "bad", { columns: ["z"] })).rejects.toThrow(/column "z" has 2 of 4 rows that are not usable; one is (NaN \(not a number\)|Infinity \(not finite\))/);
    await expect(openTableSource(connection, "bad", { columns: ["g"], levels: { g: ["a", "b"] } })).rejects.toThrow(`column "g" has 1 of 4 rows that are not usable; one is "c", not one of its levels (a, b).`);
    await expect(openTableSource(connection, "bad", { columns: ["d"] })).rejects.toThrow(`${label}: column "d" has type DATE, which is not a number, a boolean or text`);
    await expect(openTableSource(connection, "empty")).rejects.toThrow("DuckDB (in memory), table empty: the table has no rows.");
    await expect(openTableSource(connection, "absent")).rejects.toThrow(/table absent: cannot read the table \(.*\); check its name/);
    const ok = await openTableSource(connection, "bad", { columns: ["g", "k"] });
    expect(ok.column("g")).toEqual({ kind: "categorical", levels: ["a", "b", "c"] });
    await expect(ok.requireVariation(["g", "k"])).rejects.toThrow(`${label}: column "k" is constant (all 4 rows hold 7)`);
    await expect(ok.requireValues("g", { valid: (v) => v < 2, sqlInvalid: "v >= 2", what: (v) => `${v} is too big` })).rejects.toThrow(`${label}: column "g", 1 of 4 rows: 2 is too big.`);
    expect(ok.centre!("k")).toBe(7);
    expect(ok.range!("k")).toEqual({ min: 7, max: 7 });
    expect(ok.range!("g")).toBeUndefined();
    expect(ok.centre!("g")).toBeUndefined();
  });
});

describe("dialects", () => {
  it("Spark quotes identifiers with backticks and escapes backslashes in strings; DuckDB doubles its quotes", () => {
    expect(SPARK_DIALECT.quoteName("a`b c")).toBe("`a``b c`");
    expect(SPARK_DIALECT.quoteString("it's a \\ path")).toBe("'it\\'s a \\\\ path'");
    expect(DUCKDB_DIALECT.quoteName('a"b')).toBe('"a""b"');
    expect(DUCKDB_DIALECT.quoteString("it's")).toBe("'it''s'");
  });

  it("the statistics queries quote with the source's dialect, never DuckDB's double quotes, on a Spark-dialect source", async () => {
    // A DuckDB connection that speaks with Spark's quoting: every statement is recorded (none may hold a double quote),
    // then its backticks become double quotes for DuckDB, so the numbers come back.
    const inner = await duck();
    await inner.rows(`CREATE TABLE mixed AS SELECT * FROM read_csv(${DUCKDB_DIALECT.quoteString(MIXED)})`);
    const sent: string[] = [];
    const spoken: SqlConnection = { ...inner, dialect: { ...SPARK_DIALECT, quoteString: DUCKDB_DIALECT.quoteString }, rows: (q) => { sent.push(q); return inner.rows(q.replace(/`/g, '"')); }, stream: (q, f) => { sent.push(q); return inner.stream(q.replace(/`/g, '"'), f); }, describe: (r) => { sent.push(r); return inner.describe(r.replace(/`/g, '"')); } };
    const stats = await openTableStatistics(spoken, "mixed");
    await stats.moments({ columns: ["a", "b"], groupBy: "u", weights: [{ kind: "one" }, { kind: "tilt", column: "a", centre: 10, scale: 1, t: 0.5 }] });
    await stats.counts(["u", "v"]);
    await stats.distinct("w", 5);
    expect((await stats.moments({ columns: ["a"] }))[0].n).toBe(3000);
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.filter((q) => q.includes('"'))).toEqual([]);
    expect(sent.every((q) => q.includes("`"))).toBe(true);
  });
});

describe("Spark's error text", () => {
  it("loses the Java exception names and the repeated error class, keeping Spark's sentence", () => {
    const raw = "org.apache.hive.service.cli.HiveSQLException: Error running query: [TABLE_OR_VIEW_NOT_FOUND] org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `db`.`t` cannot be found. Verify the spelling.\n\tat org.apache.spark...";
    expect(sparkMessage(raw)).toBe("[TABLE_OR_VIEW_NOT_FOUND] The table or view `db`.`t` cannot be found. Verify the spelling.");
    expect(sparkMessage("[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.")).toBe("[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.");
  });
});

describe("a Spark connection where no server listens", () => {
  it("is a CausalError naming the host, port, transport and auth, saying what to start and what to check", async () => {
    const port = await new Promise<number>((resolve) => { const s = createServer(); s.listen(0, "127.0.0.1", () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
    await expect(connectSpark({ host: "127.0.0.1", port, connectTimeoutMs: 5000 })).rejects.toThrow(new RegExp(`^Spark SQL at 127\\.0\\.0\\.1:${port} \\(binary transport, NOSASL\\): .*Start Spark's Thrift server .*check the host, the port`));
  });
});
