// The SQL-backed checks against the in-memory ones on the same CSV: local tests from covariances
// and counts (DuckDB aggregates) equal localTests on the rows, and the per-environment normal
// equations give environmentStability's fits, Chow F and LOEO errors, each to 1e-9; the streamed
// (no-SQL) provider gives the same numbers; the SQL text uses no engine-only syntax.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDataSource, openDataSource } from "../data/data-source";
import { readTable } from "../data/read-table";
import { statisticsProvider } from "../data/source-statistics";
import { parseDagitty } from "../graph/dagitty/parse-dagitty";
import { createRng } from "../random/rng";
import { environmentStability } from "./environment-stability";
import { environmentStabilityFromStatistics } from "./environment-stability-sql";
import { localTests } from "./local-tests";
import { localTestsFromStatistics } from "./local-tests-sql";
import { reweightingSweep } from "./reweighting-sweep";
import { model, steinhardtData } from "./steinhardt.test-util";

const dir = mkdtempSync(join(tmpdir(), "criticism-sql-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Continuous a -> b -> c (a -> c too when `extra`), discrete u -> v -> w (3, 2, 3 levels). */
function mixedCsv(seed: number, n: number, extra: number): string {
  const rng = createRng(seed), lines = ["a,b,c,u,v,w"];
  const pick = (p: number[]) => { const r = rng.next(); let s = 0; for (let k = 0; k < p.length; k++) { s += p[k]; if (r < s) return k; } return p.length - 1; };
  for (let i = 0; i < n; i++) {
    const a = 10 + rng.normal(), b = 0.8 * a + rng.normal(), c = -0.6 * b + extra * a + rng.normal();
    const u = pick([0.3, 0.3, 0.4]), v = rng.next() < [0.2, 0.5, 0.8][u] ? 1 : 0, w = pick(v ? [0.2, 0.3, 0.5] : [0.5, 0.3, 0.2]);
    lines.push([a, b, c].map((t) => t.toFixed(6)).concat([u, v, w].map(String)).join(","));
  }
  return lines.join("\n") + "\n";
}

describe("criticism from SQL statistics = in memory", async () => {
  const file = join(dir, "mixed.csv");
  writeFileSync(file, mixedCsv(11, 3000, 0.3));
  const graph = parseDagitty("dag { a -> b -> c  u -> v -> w }").graph!;
  const table = await readTable(file);
  const source = await openDataSource(file);
  const sql = statisticsProvider(source);
  const scan = statisticsProvider(memoryDataSource(table));
  afterAll(() => source.close());

  it("local tests: every implication (Fisher z, G-test, and the mixed residual Wilks test from indicator columns) to 1e-9", async () => {
    const rows = localTests(graph, table);
    expect(sql.path).toBe("sql");
    expect(new Set(rows.tests.map((t) => t.method))).toEqual(new Set(["fisher-z", "g-test", "residual-wilks"]));
    for (const stats of [sql, scan]) {
      const r = await localTestsFromStatistics(graph, stats);
      expect(r.skipped).toEqual(rows.skipped);
      expect(r.tests.map((t) => t.text)).toEqual(rows.tests.map((t) => t.text));
      expect(r.types).toEqual(rows.types);
      r.tests.forEach((t, i) => {
        const m = rows.tests[i];
        expect(t.method).toBe(m.method);
        expect(close(t.statistic, m.statistic), `${t.text} ${t.statistic} ${m.statistic}`).toBe(true);
        expect(close(t.log10P, m.log10P), `${t.text} log10 p`).toBe(true);
        expect(close(t.log10PAdjusted, m.log10PAdjusted)).toBe(true);
        expect(close(t.effect.estimate, m.effect.estimate), `${t.text} effect`).toBe(true);
        expect(close(t.effect.lower, m.effect.lower)).toBe(true);
        expect(t.df).toBe(m.df);
        expect(t.verdict).toBe(m.verdict);
      });
      // a -> c is missing from the graph and present in the data: flagged on both paths, and only it
      expect(r.tests.filter((t) => t.verdict === "fail").map((t) => t.text)).toEqual(["c ⊥ a | b"]);
    }
  });

  it("environment stability from per-environment normal equations: fits, Chow F and LOEO to 1e-9", async () => {
    const data = steinhardtData(2018);
    const envFile = join(dir, "env.csv");
    writeFileSync(envFile, ["x,y,env", ...data.x.map((x, i) => `${x},${data.y[i]},"${data.env[i]}"`)].join("\n") + "\n");
    const t = await readTable(envFile);
    const s = await openDataSource(envFile);
    try {
      for (const features of [({ x }: { x: number }) => ({ x }), ({ x }: { x: number }) => ({ x, x2: x * x })]) {
        const m = model(features);
        const want = environmentStability(m, t, { environment: "env" }).mechanisms[0];
        for (const stats of [statisticsProvider(s), statisticsProvider(memoryDataSource(t))]) {
          const got = (await environmentStabilityFromStatistics(m, stats, { environment: "env" })).mechanisms[0];
          expect(got.environments.map((e) => e.environment)).toEqual(want.environments.map((e) => e.environment));
          expect(got.chow.df).toEqual(want.chow.df);
          expect(close(got.chow.statistic, want.chow.statistic), `${got.chow.statistic} ${want.chow.statistic}`).toBe(true);
          expect(close(got.chow.log10P, want.chow.log10P)).toBe(true);
          got.environments.forEach((e, k) => {
            const w = want.environments[k];
            e.coef.forEach((c, a) => expect(close(c, w.coef[a]), `${e.environment} coef ${a}: ${c} ${w.coef[a]}`).toBe(true));
            e.upper.forEach((c, a) => expect(close(c, w.upper[a]), `${e.environment} upper ${a}`).toBe(true));
            expect(close(e.loeoRmse, w.loeoRmse)).toBe(true);
            expect(close(e.inDistributionRmse, w.inDistributionRmse)).toBe(true);
          });
          expect(got.verdict).toBe(want.verdict);
        }
        // The reweighting sweep's weighted normal equations (EXP(t * (x - c) / s) as the SQL weight) = streamed.
        const [a, b] = await Promise.all([reweightingSweep(m, statisticsProvider(s)), reweightingSweep(m, statisticsProvider(memoryDataSource(t)))]);
        const pa = a.mechanisms[0].parents[0], pb = b.mechanisms[0].parents[0];
        expect(close(pa.test.statistic, pb.test.statistic), `${pa.test.statistic} ${pb.test.statistic}`).toBe(true);
        pa.points.forEach((pt, i) => pt.coef.forEach((c, j) => expect(close(c, pb.points[i].coef[j])).toBe(true)));
        expect(close(pa.drift.change, pb.drift.change)).toBe(true);
      }
    } finally { s.close(); }
  });

  it("the statistics queries are plain portable SQL: only COUNT, SUM, EXP and CAST(... AS DOUBLE) (and subqueries), no '::' casts", async () => {
    const queries: string[] = [];
    const recording = { ...source, sql: (q: string) => { queries.push(q); return source.sql!(q); } };
    const stats = statisticsProvider(recording);
    await localTestsFromStatistics(graph, stats);
    await stats.moments({ columns: ["a", "b"], groupBy: "u", weights: [{ kind: "one" }, { kind: "tilt", column: "a", centre: 10, scale: 1, t: 0.5 }] });
    expect(queries.length).toBeGreaterThan(4);
    const functions = new Set(queries.flatMap((q) => [...q.matchAll(/\b([A-Za-z_]+)\s*\(/g)].map((m) => m[1].toUpperCase())));
    expect([...functions].filter((f) => !["COUNT", "SUM", "EXP", "CAST", "FROM"].includes(f))).toEqual([]);
    expect(functions.has("EXP")).toBe(true);
    expect(queries.some((q) => q.includes("::"))).toBe(false);
    expect(queries.every((q) => !/\b(QUALIFY|PIVOT|LIST|STRUCT|read_csv)\b/i.test(q))).toBe(true);
  });

  it("bad input names the column: missing, constant, an environment with one level, a constant parent for the sweep", async () => {
    const n = 50, x = Float64Array.from({ length: n }, (_, i) => Math.sin(i)), y = x.map((v) => 2 * v + Math.cos(7 * v));
    const stats = (data: Record<string, Float64Array>) => statisticsProvider(memoryDataSource(data));
    await expect(localTestsFromStatistics(parseDagitty("dag { x -> y  z }").graph!, stats({ x, y }))).rejects.toThrow(/no column "z"/);
    await expect(localTestsFromStatistics(parseDagitty("dag { x -> y  z }").graph!, stats({ x, y, z: new Float64Array(n).fill(3) }))).rejects.toThrow(/column "z" is constant/);
    const line = model(({ x: v }) => ({ x: v }));
    await expect(environmentStabilityFromStatistics(line, stats({ x, y, env: new Float64Array(n).fill(1) }), { environment: "env" })).rejects.toThrow(/environment column "env" has one level/);
    await expect(reweightingSweep(line, stats({ x: new Float64Array(n).fill(2), y }))).rejects.toThrow(/column "x" is constant/);
    await expect(reweightingSweep(line, stats({ x, y }), { steps: 4 })).rejects.toThrow(/steps must be an odd integer/);
  });
});
