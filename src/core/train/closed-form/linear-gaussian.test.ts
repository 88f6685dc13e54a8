// OLS from sufficient statistics against an independent Householder-QR least-squares solve on
// the raw design: coefficients, the MLE sd sqrt(RSS / n) and the classical standard errors
// sqrt(diag(sigma^2 (X'X)^-1)); the same answer from memory, from a CSV (SQL sums in DuckDB),
// from its streamed rows, from Parquet and from a shared moment matrix.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDataSource, openDataSource } from "../../data/data-source";
import { openDatabase, sqlString } from "../../data/duckdb";
import { columnMeans, momentMatrix } from "../../data/sufficient-statistics";
import { createRng } from "../../random/rng";
import { csvText, leastSquaresQr, learnedSpec, relativeError } from "./closed-form.test-util";
import { fitLinearGaussian } from "./linear-gaussian";

const dir = mkdtempSync(join(tmpdir(), "causal-ols-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 3000, rng = createRng(101);
const x1 = new Float64Array(n), x2 = new Float64Array(n), x3 = new Float64Array(n), y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  x1[i] = rng.normal(); x2[i] = 0.5 * x1[i] + rng.normal(); x3[i] = 1000 + 10 * rng.normal();
  y[i] = 1 + 2 * x1[i] - 3 * x2[i] + 0.01 * x3[i] + 0.5 * rng.normal();
}
const data = { x1, x2, x3, y };
const csv = join(dir, "ols.csv");
writeFileSync(csv, csvText(data));
const spec = learnedSpec("linear-gaussian", "y", ["x1", "x2", "x3"]);
const input = (source: Parameters<typeof fitLinearGaussian>[0]["source"]) => ({ variable: "y", parents: ["x1", "x2", "x3"], learned: spec, source });

function reference(X: number[][]) {
  const { b, xtxInverse } = leastSquaresQr(X, Array.from(y));
  const rss = X.reduce((s, r, i) => s + (y[i] - r.reduce((t, v, j) => t + v * b[j], 0)) ** 2, 0);
  const s2 = rss / n;
  return { b, sd: Math.sqrt(s2), se: xtxInverse.map((r, j) => Math.sqrt(s2 * r[j])) };
}
const ref = reference(Array.from({ length: n }, (_, i) => [1, x1[i], x2[i], x3[i]]));

describe("fitLinearGaussian", () => {
  it("coefficients, sd (MLE) and standard errors equal the QR solve, from memory", async () => {
    const r = await fitLinearGaussian(input(memoryDataSource(data)));
    expect(relativeError(r.params["y.coef"] as Float64Array, ref.b)).toBeLessThan(1e-8);
    expect(Math.abs((r.params["y.sd"] as number) / ref.sd - 1)).toBeLessThan(1e-8);
    expect(relativeError(r.standardErrors["y.coef"] as Float64Array, ref.se)).toBeLessThan(1e-8);
    expect(r.standardErrors["y.sd"]).toBeCloseTo(ref.sd / Math.sqrt(2 * n), 12);
    expect(r.loss).toBeCloseTo(0.5 * Math.log(2 * Math.PI * ref.sd ** 2) + 0.5, 10);
    expect([r.method, r.rows, r.converged]).toEqual(["closed form", n, true]);
  });

  it("the CSV gives the same fit by SQL sums, by streamed rows and from a shared moment matrix; Parquet too", async () => {
    const mem = await fitLinearGaussian(input(memoryDataSource(data)));
    const source = await openDataSource(csv);
    try {
      const sql = await fitLinearGaussian(input(source));
      const scan = await fitLinearGaussian({ ...input(source), path: "scan" });
      const names = ["x1", "x2", "x3", "y"];
      const moments = await momentMatrix(source, names, await columnMeans(source, names));
      const shared = await fitLinearGaussian({ ...input(source), moments });
      for (const r of [sql, scan, shared]) {
        expect(relativeError(r.params["y.coef"] as Float64Array, mem.params["y.coef"] as Float64Array)).toBeLessThan(1e-10);
        expect(relativeError(r.standardErrors["y.coef"] as Float64Array, ref.se)).toBeLessThan(1e-8);
        expect(Math.abs((r.params["y.sd"] as number) / ref.sd - 1)).toBeLessThan(1e-9);
      }
    } finally {
      source.close();
    }
    const parquet = join(dir, "ols.parquet");
    const db = await openDatabase();
    await db.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(parquet)} (FORMAT parquet)`);
    db.close();
    const pq = await openDataSource(parquet);
    try {
      const r = await fitLinearGaussian(input(pq));
      expect(relativeError(r.params["y.coef"] as Float64Array, ref.b)).toBeLessThan(1e-8);
    } finally {
      pq.close();
    }
  });

  it("a computed feature (x1^2) streams the rows through featuresOf: memory and CSV equal the QR solve", async () => {
    const sq = learnedSpec("linear-gaussian", "y", ["x1", "sq"], { compute: { sq: (r) => r.x1 * r.x1 } });
    const refSq = leastSquaresQr(Array.from({ length: n }, (_, i) => [1, x1[i], x1[i] * x1[i]]), Array.from(y));
    const mem = await fitLinearGaussian({ variable: "y", parents: ["x1"], learned: sq, source: memoryDataSource(data) });
    expect(relativeError(mem.params["y.coef"] as Float64Array, refSq.b)).toBeLessThan(1e-8);
    const source = await openDataSource(csv);
    try {
      const file = await fitLinearGaussian({ variable: "y", parents: ["x1"], learned: sq, source });
      expect(relativeError(file.params["y.coef"] as Float64Array, refSq.b)).toBeLessThan(1e-8);
    } finally {
      source.close();
    }
  });

  it("a constant feature is a constant-column error naming the file; collinear features are an invalid-data error", async () => {
    const path = join(dir, "constant.csv");
    writeFileSync(path, csvText({ x1, k: new Float64Array(n).fill(2), y }));
    const source = await openDataSource(path);
    try {
      const k = learnedSpec("linear-gaussian", "y", ["x1", "k"]);
      await expect(fitLinearGaussian({ variable: "y", parents: ["x1", "k"], learned: k, source })).rejects.toThrow(
        `${path}: column "k" is constant (all ${n} rows hold 2); the linear-Gaussian mechanism of "y" needs "k" to vary (a constant feature is the intercept again).`,
      );
    } finally {
      source.close();
    }
    const twice = learnedSpec("linear-gaussian", "y", ["x1", "x1b"], { compute: { x1b: (r) => 2 * r.x1 } });
    await expect(fitLinearGaussian({ variable: "y", parents: ["x1"], learned: twice, source: memoryDataSource(data) })).rejects.toThrow(/X'X is singular; the features \(x1, x1b\) are collinear/);
  });
});
