import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { CausalGraph } from "../graph/causal-graph";
import { parseDagitty } from "../graph/dagitty/parse-dagitty";
import { createRng, type Rng } from "../random/rng";
import { fisherZTest, gTest, residualWilksTest } from "./ci-tests";
import { binomialRegion } from "./calibration.test-util";
import { dataView } from "./data-input";
import { impliedIndependencies } from "../graph/analyze/implied-independencies";
import { type GraphSource, implicationText, localTests } from "./local-tests";
import { invert } from "../../../test/support/invert";

function bernoulli(rng: Rng, p: number): number {
  return rng.next() < p ? 1 : 0;
}
const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));

/** Linear-Gaussian data for a -> b -> c, a -> d (plus a -> c with weight `extra`). */
function chainData(seed: number, n: number, extra = 0): Record<string, Float64Array> {
  const rng = createRng(seed);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n), d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = 0.8 * a[i] + rng.normal();
    c[i] = -0.6 * b[i] + extra * a[i] + rng.normal();
    d[i] = 0.5 * a[i] + rng.normal();
  }
  return { a, b, c, d };
}
const CHAIN = parseDagitty("dag { a -> b -> c  a -> d }").graph!;

/** Discrete a (3 levels) -> b (binary) -> c (3 levels); with `extra`, a also shifts c. */
function discreteData(seed: number, n: number, extra = 0): Record<string, Float64Array> {
  const rng = createRng(seed);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n);
  const pick = (p: number[]): number => { const u = rng.next(); let s = 0; for (let k = 0; k < p.length; k++) { s += p[k]; if (u < s) return k; } return p.length - 1; };
  for (let i = 0; i < n; i++) {
    a[i] = pick([0.3, 0.3, 0.4]);
    b[i] = bernoulli(rng, [0.2, 0.5, 0.8][a[i]]);
    const shift = extra * (a[i] - 1);
    c[i] = pick(b[i] ? [0.2 - shift / 2, 0.3, 0.5 + shift / 2] : [0.5 - shift / 2, 0.3, 0.2 + shift / 2]);
  }
  return { a, b, c };
}
const DISCRETE = parseDagitty("dag { a -> b -> c }").graph!;

/** Mixed: binary a -> continuous b -> continuous c (c linear-Gaussian in b); `extra` adds a -> c. */
function mixedData(seed: number, n: number, extra = 0): Record<string, Float64Array> {
  const rng = createRng(seed);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = bernoulli(rng, 0.4);
    b[i] = 1.2 * a[i] + rng.normal();
    c[i] = 0.7 * b[i] + extra * a[i] + rng.normal();
  }
  return { a, b, c };
}

/** Sparse discrete data: z1, z2 ternary (9 strata) -> x, y ternary; `extra` makes y follow x. */
function sparseData(seed: number, n: number, extra = 0): Record<string, number[]> {
  const rng = createRng(seed);
  const cols: Record<string, number[]> = { z1: [], z2: [], x: [], y: [] };
  const pick = (p: number[]): number => { const u = rng.next(); let c = 0; for (let k = 0; k < p.length; k++) { c += p[k]; if (u < c) return k; } return p.length - 1; };
  for (let i = 0; i < n; i++) {
    const z1 = pick([0.3, 0.3, 0.4]), z2 = pick([0.5, 0.25, 0.25]);
    const x = pick((z1 + z2) % 2 ? [0.6, 0.2, 0.2] : [0.2, 0.3, 0.5]);
    const base = z1 === 0 ? [0.7, 0.2, 0.1] : [0.2, 0.4, 0.4];
    const y = rng.next() < extra ? x : pick(base);
    cols.z1.push(z1); cols.z2.push(z2); cols.x.push(x); cols.y.push(y);
  }
  return cols;
}
const SPARSE = parseDagitty("dag { z1 -> x z2 -> x z1 -> y z2 -> y }").graph!;

describe("Fisher z against an independent computation", () => {
  it("gives the partial correlation of matrix inversion and the closed-form z and p", () => {
    const data = chainData(3, 250);
    const v = dataView(data);
    const out = fisherZTest(v.column("c"), v.column("d"), [v.column("a"), v.column("b")]);
    expect(out.tested).toBe(true);
    if (!out.tested) return;
    // Partial correlation of c, d given a, b: -P_cd / sqrt(P_cc P_dd), P the inverse correlation matrix.
    const names = ["c", "d", "a", "b"], n = 250;
    const mean = names.map((k) => data[k].reduce((s, x) => s + x, 0) / n);
    const S = names.map((ki, i) => names.map((kj, j) => data[ki].reduce((s, x, r) => s + (x - mean[i]) * (data[kj][r] - mean[j]), 0)));
    const P = invert(S);
    const r = -P[0][1] / Math.sqrt(P[0][0] * P[1][1]);
    expect(out.result.effect.estimate).toBeCloseTo(r, 12);
    const z = Math.atanh(r) * Math.sqrt(n - 2 - 3);
    expect(out.result.statistic).toBeCloseTo(z, 10);
    // Two-sided normal p by numerical integration of the density beyond |z| (Simpson).
    const tail = simpson((t) => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI), Math.abs(z), Math.abs(z) + 12, 4000) * 2;
    expect(out.result.log10P).toBeCloseTo(Math.log10(tail), 8);
    expect(out.result.effect.lower).toBeLessThan(r);
    expect(out.result.effect.upper).toBeGreaterThan(r);
    expect(Math.atanh(out.result.effect.upper) - Math.atanh(r)).toBeCloseTo(1.959963984540054 / Math.sqrt(n - 5), 10);
  });
});

describe("G-test against an independent computation", () => {
  it("equals 2 [sum O ln O + sum O_z ln O_z - sum O_xz ln O_xz - sum O_yz ln O_yz] (the conditional mutual information form)", () => {
    const data = discreteData(5, 400, 0.3);
    const v = dataView(data);
    const out = gTest(v.column("a"), v.column("c"), [v.column("b")]);
    expect(out.tested).toBe(true);
    if (!out.tested) return;
    const count = (keys: ((i: number) => number)[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (let i = 0; i < 400; i++) { const k = keys.map((f) => f(i)).join(","); m.set(k, (m.get(k) ?? 0) + 1); }
      return m;
    };
    const xlogx = (m: Map<string, number>): number => [...m.values()].reduce((s, o) => s + o * Math.log(o), 0);
    const A = (i: number) => data.a[i], B = (i: number) => data.b[i], C = (i: number) => data.c[i];
    const g = 2 * (xlogx(count([A, C, B])) + xlogx(count([B])) - xlogx(count([A, B])) - xlogx(count([C, B])));
    expect(out.result.statistic).toBeCloseTo(g, 9);
    expect(out.result.df).toBe(2 * 2 * 2);
    // chi-square(8) upper tail in closed form: exp(-x/2) sum_{k<4} (x/2)^k / k!
    const h = g / 2, closed = Math.exp(-h) * (1 + h + h * h / 2 + h ** 3 / 6);
    expect(out.result.log10P).toBeCloseTo(Math.log10(closed), 10);
  });

  it("counts degrees of freedom only over the levels that occur in each stratum", () => {
    // Stratum z=0: x in {0,1}, y in {0,1}: df 1. Stratum z=1: x only 0: df 0. Stratum z=2: x in {0,1,2}, y in {0,1}: df 2.
    const x = [0, 0, 1, 1, 0, 0, 0, 0, 1, 2, 2, 1, 0];
    const y = [0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1];
    const z = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2];
    const v = dataView({ x, y, z });
    const out = gTest(v.column("x"), v.column("y"), [v.column("z")]);
    expect(out.tested).toBe(true);
    if (!out.tested) return;
    expect(out.result.df).toBe(3);
    expect(out.result.sparse).toBe(true);
    expect(out.result.notes.join(" ")).toMatch(/1 of 3 strata \(3 rows\)/);
  });

  it("reports an implication with no informative stratum as skipped, not as a pass", () => {
    const x = [0, 0, 1, 1], y = [0, 0, 1, 1], z = [0, 0, 1, 1];
    const report = localTests(parseDagitty("dag { x -> z -> y }").graph!, { x, y, z });
    expect(report.tests).toEqual([]);
    expect(report.skipped[0].reason).toMatch(/takes one value/);
  });
});

describe("mixed residual test against an independent computation", () => {
  it("with one continuous column, Wilks' Lambda is RSS(y ~ 1, Z, x dummies) / RSS(y ~ 1, Z) and Bartlett's chi-square follows", () => {
    const rng = createRng(12), n = 300;
    const z = Float64Array.from({ length: n }, () => rng.normal());
    const x = Float64Array.from(z, (v) => (v + rng.normal() > 0.5 ? 2 : rng.next() < 0.5 ? 1 : 0));
    const y = Float64Array.from(z, (v, i) => 0.8 * v + 0.25 * (x[i] === 2 ? 1 : 0) + rng.normal());
    const v = dataView({ x: Array.from(x), y, z }, { types: { x: "discrete" } });
    const out = residualWilksTest(v.column("x"), v.column("y"), [v.column("z")]);
    expect(out.tested).toBe(true);
    if (!out.tested) return;
    const rss = (rows: number[][]): number => {
      const p = rows[0].length;
      const XtX = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => rows.reduce((s, r) => s + r[a] * r[b], 0)));
      const Xty = Array.from({ length: p }, (_, a) => rows.reduce((s, r, i) => s + r[a] * y[i], 0));
      const inv = invert(XtX), beta = inv.map((row) => row.reduce((s, c, j) => s + c * Xty[j], 0));
      return rows.reduce((s, r, i) => s + (y[i] - r.reduce((t, c, j) => t + c * beta[j], 0)) ** 2, 0);
    };
    const reduced = rss(Array.from(z, (zi) => [1, zi]));
    const full = rss(Array.from(z, (zi, i) => [1, zi, x[i] === 1 ? 1 : 0, x[i] === 2 ? 1 : 0]));
    const lambda = full / reduced;
    expect(out.result.statistic).toBeCloseTo(-(n - 1 - 1 - (2 + 1 + 1) / 2) * Math.log(lambda), 8);
    expect(out.result.df).toBe(2);
    expect(out.result.effect.estimate).toBeCloseTo(Math.sqrt(1 - lambda), 10);
    // chi-square(2) tail in closed form: exp(-x/2).
    expect(out.result.log10P).toBeCloseTo(-out.result.statistic / 2 / Math.LN10, 10);
  });
});

describe("calibration: false-positive rate near nominal on data from the model's own graph (400 seeds)", () => {
  const SEEDS = 400, ALPHA = 0.05;
  const [lo, hi] = binomialRegion(SEEDS, ALPHA);

  function rejections(graph: GraphSource, make: (seed: number) => Record<string, Float64Array>, method: string) {
    const counts = new Map<string, number>();
    let familyWise = 0;
    for (let s = 0; s < SEEDS; s++) {
      const report = localTests(graph, make(1000 + s), { alpha: ALPHA });
      let any = false;
      for (const t of report.tests) {
        expect(t.method).toBe(method);
        counts.set(t.text, (counts.get(t.text) ?? 0) + (t.p < ALPHA ? 1 : 0));
        if (t.verdict === "fail") any = true;
      }
      if (any) familyWise++;
    }
    return { counts, familyWise };
  }

  it(`Fisher z: each implication rejects in [${lo}, ${hi}] of ${SEEDS}; Holm's family-wise rate at most nominal`, () => {
    const { counts, familyWise } = rejections(CHAIN, (s) => chainData(s, 100), "fisher-z");
    expect(counts.size).toBe(3);
    for (const [, k] of counts) { expect(k).toBeGreaterThanOrEqual(lo); expect(k).toBeLessThanOrEqual(hi); }
    expect(familyWise).toBeLessThanOrEqual(hi);
  });

  it(`G-test: a ⊥ c | b rejects in [${lo}, ${hi}] of ${SEEDS}`, () => {
    const { counts } = rejections(DISCRETE, (s) => discreteData(s, 300), "g-test");
    expect([...counts.keys()]).toEqual(["c ⊥ a | b"]);
    for (const [, k] of counts) { expect(k).toBeGreaterThanOrEqual(lo); expect(k).toBeLessThanOrEqual(hi); }
  });

  it(`sparse G-test (about 1 row per cell, p from within-strata permutations): y ⊥ x | z1, z2 rejects in [${lo}, ${hi}] of ${SEEDS}`, () => {
    // The chi-square reference alone rejected 99 of these 400 (25%); the permutation p is exact.
    let k = 0;
    for (let s = 0; s < SEEDS; s++) {
      const t = localTests(SPARSE, sparseData(77 + s, 60), { permutations: 500 }).tests.find((r) => r.text === "y ⊥ x | z1, z2")!;
      expect(t.sparse).toBe(true);
      if (t.p < ALPHA) k++;
    }
    expect(k).toBeGreaterThanOrEqual(lo);
    expect(k).toBeLessThanOrEqual(hi);
  });

  it(`mixed residual test: c ⊥ a | b rejects in [${lo}, ${hi}] of ${SEEDS}`, () => {
    const { counts } = rejections(DISCRETE, (s) => mixedData(s, 150), "residual-wilks");
    for (const [, k] of counts) { expect(k).toBeGreaterThanOrEqual(lo); expect(k).toBeLessThanOrEqual(hi); }
  });
});

describe("power: data from a graph with an extra edge a -> c", () => {
  const SEEDS = 100;
  function failRate(graph: GraphSource, make: (seed: number) => Record<string, Float64Array>, text: string): number {
    let fails = 0;
    for (let s = 0; s < SEEDS; s++) {
      const t = localTests(graph, make(5000 + s), { alpha: 0.05 }).tests.find((r) => r.text === text)!;
      if (t.verdict === "fail") fails++;
    }
    return fails / SEEDS;
  }
  it("Fisher z flags c ⊥ a | b in at least 95% of data sets", () => {
    expect(failRate(CHAIN, (s) => chainData(s, 200, 0.4), "c ⊥ a | b")).toBeGreaterThanOrEqual(0.95);
  });
  it("the G-test flags c ⊥ a | b in at least 95% of data sets", () => {
    expect(failRate(DISCRETE, (s) => discreteData(s, 600, 0.5), "c ⊥ a | b")).toBeGreaterThanOrEqual(0.95);
  });
  it("the mixed test flags c ⊥ a | b in at least 95% of data sets", () => {
    expect(failRate(DISCRETE, (s) => mixedData(s, 300, 0.6), "c ⊥ a | b")).toBeGreaterThanOrEqual(0.95);
  });
  it("the sparse G-test flags y ⊥ x | z1, z2 in at least 95% of data sets, the same way on every run", () => {
    let fails = 0;
    for (let s = 0; s < SEEDS; s++) if (localTests(SPARSE, sparseData(9000 + s, 100, 0.5)).tests.find((r) => r.text === "y ⊥ x | z1, z2")!.verdict === "fail") fails++;
    expect(fails / SEEDS).toBeGreaterThanOrEqual(0.95);
    const once = localTests(SPARSE, sparseData(3, 60)).tests, again = localTests(SPARSE, sparseData(3, 60)).tests;
    expect(again.map((t) => t.p)).toEqual(once.map((t) => t.p));
  });
  it("keeps tiny p-values exact in log10 (no floor at 1e-16)", () => {
    const t = localTests(CHAIN, chainData(9, 5000, 1.5)).tests.find((r) => r.text === "c ⊥ a | b")!;
    expect(t.log10P).toBeLessThan(-300);
    expect(Number.isFinite(t.log10P)).toBe(true);
    expect(t.log10PAdjusted).toBeCloseTo(t.log10P + Math.log10(3), 9);
    expect(t.verdict).toBe("fail");
  });
});

describe("reports and bad input", () => {
  it("carries source ranges, Holm-adjusted p-values and the types chosen", () => {
    const range = { start: { line: 3, column: 2, offset: 20 }, end: { line: 3, column: 3, offset: 21 } };
    const g = CausalGraph.from({ nodes: [{ id: "a", range }, { id: "b" }, { id: "c" }, { id: "d" }], edges: CHAIN.edges.map((e) => ({ ...e })) });
    const r = localTests(g, chainData(1, 300));
    expect(r.tests).toHaveLength(3);
    expect(r.types).toEqual({ a: "continuous", b: "continuous", c: "continuous", d: "continuous" });
    const withA = r.tests.filter((t) => t.implication.x === "a" || t.implication.y === "a");
    for (const t of withA) expect(t.ranges.x ?? t.ranges.y).toEqual(range);
    const sorted = [...r.tests].sort((u, v) => u.p - v.p);
    sorted.forEach((t, i) => expect(t.pAdjusted).toBeGreaterThanOrEqual(Math.min(1, t.p * (3 - i)) - 1e-15));
    for (const t of r.tests) for (const v of [t.statistic, t.p, t.pAdjusted, t.effect.lower, t.effect.upper]) expect(Number.isFinite(v)).toBe(true);
  });

  it("uses the ordered local Markov statements of an ADMG", () => {
    // a -> b <-> c -> d: the ordered local Markov statements of the ADMG (d given its parent c).
    const g = CausalGraph.from({ nodes: [], edges: [{ from: "a", to: "b", kind: "directed" }, { from: "b", to: "c", kind: "bidirected" }, { from: "c", to: "d", kind: "directed" }] });
    const rng = createRng(4), n = 200;
    const cols: Record<string, Float64Array> = { a: new Float64Array(n), b: new Float64Array(n), c: new Float64Array(n), d: new Float64Array(n) };
    for (let i = 0; i < n; i++) { const u = rng.normal(); cols.a[i] = rng.normal(); cols.b[i] = cols.a[i] + u + rng.normal(); cols.c[i] = u + rng.normal(); cols.d[i] = cols.c[i] + rng.normal(); }
    const texts = localTests(g, cols).tests.map((t) => t.text).sort();
    expect(texts).toEqual(impliedIndependencies(g).map(implicationText).sort());
    expect(texts).toContain("d ⊥ b | c");
  });

  it("names a constant column, a missing column and too few rows", () => {
    const d = chainData(2, 50);
    const err = (f: () => unknown): CausalError => { try { f(); } catch (e) { return e as CausalError; } throw new Error("no error"); };
    const constant = err(() => localTests(CHAIN, { ...d, d: new Float64Array(50).fill(2) }));
    expect(constant.diagnostic.code).toBe("constant-column");
    expect(constant.message).toMatch(/column "d"/);
    const missing = err(() => localTests(CHAIN, { a: d.a, b: d.b, c: d.c }));
    expect(missing.diagnostic.code).toBe("missing-column");
    expect(missing.message).toMatch(/"d"/);
    const few = err(() => localTests(CHAIN, { a: d.a.slice(0, 4), b: d.b.slice(0, 4), c: d.c.slice(0, 4), d: d.d.slice(0, 4) }));
    expect(few.diagnostic.code).toBe("invalid-data");
    expect(few.message).toMatch(/too few rows .* 4 rows/);
    expect(err(() => localTests(CHAIN, d, { alpha: 5 })).message).toMatch(/alpha must be between 0 and 1/);
    const nan = err(() => localTests(CHAIN, { ...d, b: Float64Array.from(d.b, (x, i) => (i === 7 ? NaN : x)) }));
    expect(nan.message).toMatch(/column "b", row 8/);
  });
});

function simpson(f: (t: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let s = f(a) + f(b);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}
