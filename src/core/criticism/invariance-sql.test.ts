// invarianceFromStatistics (per-environment moment matrices, one GROUP BY aggregate) against
// invariance (rows, Gram-Schmidt residuals) on the same CSV with four environments: every subset's
// statistics and p-values to 1e-9 relative, on an invariant mechanism, on a mechanism whose own
// feature set is not invariant but a subset is (ICP's estimate {x1}), and on a misspecified one
// with no invariant set; through SQL and through the streamed provider; and the SQL is portable.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDataSource, openDataSource } from "../data/data-source";
import { readTable } from "../data/read-table";
import { statisticsProvider } from "../data/source-statistics";
import { normal } from "../distributions/normal";
import { expandLearned, learnedRecipe } from "../learned/learned-mechanism";
import { LINEAR_GAUSSIAN, linearGaussian } from "../learned/linear-gaussian";
import { createRng } from "../random/rng";
import type { Mechanism, ModelSpec } from "../runtime/model-spec";
import { invariance, type InvarianceReport } from "./invariance";
import { invarianceFromStatistics } from "./invariance-sql";
import { model } from "./steinhardt.test-util";

const dir = mkdtempSync(join(tmpdir(), "invariance-sql-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENVS = ["e0", "e1", "e2", "e3"];

/** Four environments of `per` rows: x1 ~ N(mu_e, 1), y = 1 + 2 x1 + N(0, 1), x2 = y + N(shift_e, 1), q = x1^2 + N(0, 0.3^2). */
function csv(seed: number, per: number): string {
  const rng = createRng(seed), lines = ["x1,x2,y,q,env"];
  const mu = [-1, 0, 1.5, 3], shift = [0, 2, -1, 0.5];
  ENVS.forEach((e, k) => {
    for (let i = 0; i < per; i++) {
      const x1 = mu[k] + rng.normal(), y = 1 + 2 * x1 + rng.normal(), x2 = y + shift[k] + rng.normal(), q = x1 * x1 + 0.3 * rng.normal();
      lines.push(`${x1},${x2},${y},${q},${e}`);
    }
  });
  return lines.join("\n") + "\n";
}

/** A model whose only learned mechanism is `child`'s linear-Gaussian one on `features` of its parents (as the DSL builder stores it). */
function lgModel(child: string, parents: string[], features: (p: Record<string, number>) => Record<string, number>): ModelSpec {
  const { spec: learned, decls, mechanism } = expandLearned(child, parents, learnedRecipe(linearGaussian(features))!, LINEAR_GAUSSIAN);
  return {
    name: "invariance",
    variables: [
      ...parents.map((name) => ({ name, latent: false, parents: [], mechanism: (() => normal(0, 1)) as unknown as Mechanism })),
      { name: child, latent: false, parents, mechanism: mechanism as unknown as Mechanism, vectorized: true, learned },
    ],
    params: decls,
  };
}

const twoFeatureModel = () => lgModel("y", ["x1", "x2"], ({ x1, x2 }) => ({ x1, x2 }));

function close(a: number, b: number, tol = 1e-9): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

function expectSame(got: InvarianceReport, want: InvarianceReport): void {
  expect(got.skipped).toEqual(want.skipped);
  expect(got.mechanisms.map((m) => m.variable)).toEqual(want.mechanisms.map((m) => m.variable));
  got.mechanisms.forEach((m, i) => {
    const w = want.mechanisms[i];
    expect(m.invariantFeatures).toEqual(w.invariantFeatures);
    expect(m.statement).toBe(w.statement);
    expect(m.full.verdict).toBe(w.full.verdict);
    expect(close(m.full.log10PAdjusted, w.full.log10PAdjusted)).toBe(true);
    expect(m.subsets.length).toBe(w.subsets.length);
    m.subsets.forEach((s, j) => {
      const t = w.subsets[j], what = `${m.variable} {${s.features.join(", ")}}`;
      expect(s.features).toEqual(t.features);
      expect(s.accepted, what).toBe(t.accepted);
      expect(s.meanDf).toEqual(t.meanDf);
      expect(s.spreadDf).toBe(t.spreadDf);
      for (const key of ["meanF", "log10PMean", "spreadChiSquare", "spreadF", "log10PSpread", "log10P"] as const) {
        expect(close(s[key], t[key]), `${what} ${key}: ${s[key]} vs ${t[key]}`).toBe(true);
      }
    });
  });
}

describe("invariance from per-environment moments = invariance on the rows", async () => {
  const file = join(dir, "four.csv");
  writeFileSync(file, csv(42, 400));
  const table = await readTable(file);
  const source = await openDataSource(file);
  afterAll(() => source.close());
  const providers = () => [statisticsProvider(source), statisticsProvider(memoryDataSource(table))];

  it("an invariant mechanism (y on x1): accepted on both paths, every number to 1e-9", async () => {
    const m = lgModel("y", ["x1"], ({ x1 }) => ({ x1 }));
    const want = invariance(m, table, { environment: "env", alpha: 0.01 });
    expect(want.mechanisms[0].full.accepted).toBe(true);
    expect(want.mechanisms[0].invariantFeatures).toEqual(["x1"]);
    for (const stats of providers()) expectSame(await invarianceFromStatistics(m, stats, { environment: "env", alpha: 0.01 }), want);
  });

  it("a non-invariant feature set (y on x1 and x2, x2 shifted per environment): rejected, ICP's estimate {x1} on both paths", async () => {
    const m = twoFeatureModel();
    const want = invariance(m, table, { environment: "env", alpha: 0.01 });
    const w = want.mechanisms[0];
    expect(w.full.accepted).toBe(false);
    expect(w.full.verdict).toBe("fail");
    expect(w.subsets.filter((s) => s.accepted).map((s) => s.features)).toEqual([["x1"]]);
    expect(w.invariantFeatures).toEqual(["x1"]);
    for (const stats of providers()) expectSame(await invarianceFromStatistics(m, stats, { environment: "env", alpha: 0.01 }), want);
  });

  it("no invariant set (a line fitted to q = x1^2 + noise, and the quadratic's computed feature through the streamed path)", async () => {
    const line = lgModel("q", ["x1"], ({ x1 }) => ({ x1 }));
    const want = invariance(line, table, { environment: "env", alpha: 0.01 });
    expect(want.mechanisms[0].invariantFeatures).toBeNull();
    expect(want.mechanisms[0].statement).toMatch(/^No invariant set/);
    for (const stats of providers()) expectSame(await invarianceFromStatistics(line, stats, { environment: "env", alpha: 0.01 }), want);
    const quadratic = lgModel("q", ["x1"], ({ x1 }) => ({ x1, sq: x1 * x1 }));
    const wq = invariance(quadratic, table, { environment: "env", alpha: 0.01 });
    expect(wq.mechanisms[0].full.accepted).toBe(true);
    for (const stats of providers()) expectSame(await invarianceFromStatistics(quadratic, stats, { environment: "env", alpha: 0.01 }), wq);
  });

  it("reads one grouped aggregate per mechanism after the centring pass, in portable SQL", async () => {
    const queries: string[] = [];
    const stats = statisticsProvider({ ...source, sql: (q: string) => { queries.push(q); return source.sql!(q); } });
    await invarianceFromStatistics(twoFeatureModel(), stats, { environment: "env" });
    expect(queries.length).toBe(2);
    expect(queries[1]).toMatch(/GROUP BY g/);
    const functions = new Set(queries.flatMap((q) => [...q.matchAll(/\b([A-Za-z_]+)\s*\(/g)].map((x) => x[1].toUpperCase())));
    expect([...functions].filter((f) => !["COUNT", "SUM", "CAST", "FROM"].includes(f))).toEqual([]);
  });

  it("bad input: one environment, an environment of one row, too few rows", async () => {
    const n = 30, x = Float64Array.from({ length: n }, (_, i) => Math.sin(i)), y = x.map((v) => 2 * v + Math.cos(7 * v));
    const line = model(({ x: v }) => ({ x: v }));
    const stats = (env: Float64Array) => statisticsProvider(memoryDataSource({ x, y, env }));
    await expect(invarianceFromStatistics(line, stats(new Float64Array(n).fill(1)), { environment: "env" })).rejects.toThrow(/environment column "env" has one level/);
    await expect(invarianceFromStatistics(line, stats(Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 2 : 1))), { environment: "env" })).rejects.toThrow(/environment 2 has 1 row/);
    const tiny = { x: x.subarray(0, 4), y: y.subarray(0, 4), env: Float64Array.from([0, 0, 1, 1]) };
    await expect(invarianceFromStatistics(line, statisticsProvider(memoryDataSource(tiny)), { environment: "env" })).rejects.toThrow(/too few rows for the invariance test of "y": 4 rows for 2 environments/);
    await expect(invarianceFromStatistics(line, stats(new Float64Array(n)), { environment: "nope" })).rejects.toThrow(/no column "nope"/);
  });
});
