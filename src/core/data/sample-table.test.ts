// sampleTable: on a file with fewer rows than asked it is readTable's table exactly (so a residual
// check on it equals the check on the whole file); above that it is `rows` rows in file order, the
// same for the same seed, different for another, the same rows from SQL (DuckDB) as from the
// in-memory path (the keys recomputed in JS with BigInt), spread evenly over the file, and its
// SQL is plain (ROW_NUMBER, %, ORDER BY, LIMIT; no engine sampling clause).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { residualChecks } from "../criticism/residuals";
import { model } from "../criticism/steinhardt.test-util";
import { createRng } from "../random/rng";
import { memoryDataSource, openDataSource } from "./data-source";
import { readTable } from "./read-table";
import { sampleKey, sampleSql, sampleTable } from "./sample-table";

const dir = mkdtempSync(join(tmpdir(), "sample-table-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, n: number, seed: number): string {
  const rng = createRng(seed), lines = ["x,y,k,env"];
  for (let i = 0; i < n; i++) {
    const x = rng.normal(), y = x * x + 0.1 * rng.normal();
    lines.push(`${x},${y},${i % 7},${["u", "v", "w"][i % 3]}`);
  }
  const file = join(dir, name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("sampleTable", async () => {
  const small = writeCsv("small.csv", 500, 1);
  const big = writeCsv("big.csv", 20000, 2);

  it("returns every row in file order, equal to readTable, when the file has at most `rows` rows; a residual check on it equals the full one", async () => {
    const full = await readTable(small);
    const source = await openDataSource(small);
    try {
      for (const rows of [500, 200000]) {
        const s = await sampleTable(source, { rows, seed: 7 });
        expect(s.rowCount).toBe(500);
        expect(s.names).toEqual(full.names);
        for (const name of full.names) expect(s.columns.get(name)).toEqual(full.columns.get(name));
        expect(s.source).toBe(full.source);
      }
      const m = model(({ x }) => ({ x }));
      const s = await sampleTable(source, { rows: 1000 });
      expect(residualChecks(m, s)).toEqual(residualChecks(m, full));
    } finally { source.close(); }
  });

  it("above `rows`: n rows in file order, reproducible per seed, the same rows from SQL as in memory", async () => {
    const full = await readTable(big);
    const source = await openDataSource(big);
    try {
      const a = await sampleTable(source, { rows: 1500, seed: 3 });
      const again = await sampleTable(source, { rows: 1500, seed: 3 });
      const other = await sampleTable(source, { rows: 1500, seed: 4 });
      expect(a.rowCount).toBe(1500);
      expect(again).toEqual(a);
      expect(other.columns.get("x")!.values).not.toEqual(a.columns.get("x")!.values);
      expect(a.columns.get("env")).toMatchObject({ kind: "categorical", levels: ["u", "v", "w"] });
      expect(a.columns.get("k")!.kind).toBe("integer");
      // The in-memory path (keys in JS) picks the same rows.
      const mem = await sampleTable(memoryDataSource(full), { rows: 1500, seed: 3 });
      for (const name of full.names) expect(mem.columns.get(name)!.values).toEqual(a.columns.get(name)!.values);
      // Independent: the rows with the 1500 smallest (key, row) computed here, in file order.
      const keys = Array.from({ length: full.rowCount }, (_, i) => [sampleKey(i + 1, 3), i] as const);
      const picked = keys.sort((p, q) => p[0] - q[0] || p[1] - q[1]).slice(0, 1500).map((k) => k[1]).sort((p, q) => p - q);
      const x = full.columns.get("x")!.values;
      expect(Array.from(a.columns.get("x")!.values)).toEqual(picked.map((i) => x[i]));
      // Spread over the file: the 20 blocks of 1,000 rows each hold ~75 (chi-square on 19 df below its 0.999 quantile 43.8).
      const counts = new Array(20).fill(0);
      for (const i of picked) counts[Math.floor(i / 1000)]++;
      const chi = counts.reduce((s, c) => s + (c - 75) ** 2 / 75, 0);
      expect(chi).toBeLessThan(43.8);
      // Each row's inclusion rate over seeds is near rows / n (no row favoured): rows 0..99 over 200 seeds.
      let hits = 0;
      for (let seed = 0; seed < 200; seed++) {
        const k = Array.from({ length: full.rowCount }, (_, i) => sampleKey(i + 1, seed)).sort((p, q) => p - q)[1499];
        for (let i = 0; i < 100; i++) if (sampleKey(i + 1, seed) <= k) hits++;
      }
      expect(Math.abs(hits / (200 * 100) - 0.075)).toBeLessThan(0.01);
    } finally { source.close(); }
  });

  it("asks again with a wider key threshold when too few keys fell below the first (the same rows)", async () => {
    const source = await openDataSource(big);
    try {
      const want = await sampleTable(source, { rows: 1500, seed: 3 });
      const queries: string[] = [];
      const narrowed = { ...source, stream: (q: string, f: (c: readonly Float64Array[], n: number) => void) => {
        queries.push(q);
        return source.stream!(queries.length === 1 ? q.replace(/sample_key < \d+/, "sample_key < 1000000") : q, f);
      } };
      expect(await sampleTable(narrowed, { rows: 1500, seed: 3 })).toEqual(want);
      expect(queries.length).toBe(2);
      const [t1, t2] = queries.map((q) => Number(/sample_key < (\d+)/.exec(q)![1]));
      expect(t2).toBe(4 * t1);
    } finally { source.close(); }
  });

  it("a subset of columns, and bad arguments", async () => {
    const source = await openDataSource(big);
    try {
      const s = await sampleTable(source, { rows: 10, seed: 1, columns: ["y"] });
      expect(s.names).toEqual(["y"]);
      expect(s.rowCount).toBe(10);
      await expect(sampleTable(source, { rows: 0 })).rejects.toThrow(/sample rows must be a positive integer, got 0/);
      await expect(sampleTable(source, { rows: 10, seed: 0.5 })).rejects.toThrow(/sample seed must be an integer/);
      await expect(sampleTable(source, { rows: 10, columns: ["nope"] })).rejects.toThrow(/no column "nope"/);
    } finally { source.close(); }
  });

  it("its SQL is ROW_NUMBER() OVER (), integer %, WHERE, ORDER BY and LIMIT: no engine sampling or hash function", () => {
    const q = sampleSql(["x", "y"], 100, 5, 123456);
    expect(q).toMatch(/WHERE sample_key < 123456 ORDER BY sample_key, sample_row LIMIT 100/);
    const functions = new Set([...q.matchAll(/\b([A-Za-z_]+)\s*\(/g)].map((m) => m[1].toUpperCase()));
    expect([...functions].filter((f) => !["ROW_NUMBER", "OVER", "CAST", "FROM"].includes(f))).toEqual([]);
    expect(q).not.toMatch(/USING SAMPLE|TABLESAMPLE|reservoir|hash|random|::/i);
  });
});
