import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { categorical } from "../distributions/categorical";
import { normal, normalColumns } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { CausalError } from "../errors/diagnostic";
import { createRng, type Rng } from "../random/rng";
import { ParamStore } from "../runtime/param-store";
import { binomialRegion } from "./calibration.test-util";
import { interventionalFidelityDiagnosis } from "./diagnosis-rows";
import { interventionalFidelity } from "./interventional-fidelity";

function thrown(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError");
}

/** The model: x ~ N(0, 1), y = 1 + b x + N(0, 1), w = 0.5 - y + N(0, 0.5^2) (b a param, default 2). */
const chain = scm("chain")
  .param("b", 2)
  .variable("x", () => normal(0, 1))
  .variable("y", ({ x }, { b }) => normalColumns(x.map((v) => 1 + b * v), 1), { vectorized: true })
  .variable("w", ({ y }) => normalColumns(y.map((v) => 0.5 - v), 0.5), { vectorized: true });

/** The same variables with the x-y edge reversed: y ~ N(1, sqrt 5), x = (2/5)(y - 1) + N(0, 1/5) (the same observational joint). */
const reversed = scm("reversed")
  .variable("y", () => normal(1, Math.sqrt(5)))
  .variable("x", ({ y }) => normalColumns(y.map((v) => 0.4 * (v - 1)), Math.sqrt(0.2)), { vectorized: true })
  .variable("w", ({ y }) => normalColumns(y.map((v) => 0.5 - v), 0.5), { vectorized: true });

type Rows = { x: number[]; y: number[]; w: number[]; did: string[] };

/**
 * Data from the true chain (slope `b` under intervention: a different mechanism when it is not 2):
 * `obs` observational rows, then `per` rows under each of do(x = 1), do(x = -1), do(y = 0).
 */
function chainData(rng: Rng, obs: number, per: number, bUnderDo = 2): Rows {
  const d: Rows = { x: [], y: [], w: [], did: [] };
  const row = (did: string, x: number | null, y: number | null, b: number) => {
    const xv = x ?? rng.normal();
    const yv = y ?? 1 + b * xv + rng.normal();
    d.x.push(xv); d.y.push(yv); d.w.push(0.5 - yv + 0.5 * rng.normal()); d.did.push(did);
  };
  for (let i = 0; i < obs; i++) row("none", null, null, 2);
  for (let i = 0; i < per; i++) row("x", 1, null, bUnderDo);
  for (let i = 0; i < per; i++) row("x", -1, null, bUnderDo);
  for (let i = 0; i < per; i++) row("y", null, 0, 2);
  return d;
}

describe("interventional fidelity: the do-predictions against closed forms", () => {
  it("samples E[y | do(x)] = 1 + 2x and E[w | do(x)] = -0.5 - 2x within Monte Carlo error, and E[x | do(y)] = E[x] = 0 (x is not a descendant of y)", () => {
    const d = chainData(createRng(1), 100, 60);
    const r = interventionalFidelity(chain, d, { column: "did", samples: 40000, seed: 3 });
    expect(r.observationalRows).toBe(100);
    expect(r.interventionalRows).toBe(180);
    expect(r.groups.map((g) => [g.intervention, g.rows, g.method])).toEqual([["x := -1", 60, "monte-carlo"], ["x := 1", 60, "monte-carlo"], ["y := 0", 60, "monte-carlo"]]);
    const closed: Record<string, number> = { "x := 1|y": 3, "x := 1|w": -2.5, "x := -1|y": -1, "x := -1|w": 1.5, "y := 0|x": 0, "y := 0|w": 0.5 };
    const sd: Record<string, number> = { "x := 1|y": 1, "x := 1|w": Math.sqrt(1.25), "x := -1|y": 1, "x := -1|w": Math.sqrt(1.25), "y := 0|x": 1, "y := 0|w": 0.5 };
    expect(r.comparisons).toHaveLength(6);
    for (const c of r.comparisons) {
      const key = `${c.intervention}|${c.variable}`;
      // The MC standard error is sd / sqrt(draws), and the estimate lies within 4 of them of the closed form.
      expect(c.predictedSE).toBeCloseTo(sd[key] / Math.sqrt(40000), 3);
      expect(Math.abs(c.predicted - closed[key])).toBeLessThan(4 * sd[key] / Math.sqrt(40000));
      expect(c.relation).toBe(key.startsWith("y := 0|x") ? "non-descendant" : "descendant");
      // The observed side is the group's plain mean and sd / sqrt(n).
      const g = r.groups.find((gr) => gr.intervention === c.intervention)!;
      expect(c.rows).toBe(g.rows);
    }
    const c = r.comparisons.find((x) => x.intervention === "x := 1" && x.variable === "y")!;
    const ys = d.y.slice(100, 160), m = ys.reduce((a, b) => a + b, 0) / 60;
    const s = Math.sqrt(ys.reduce((a, b) => a + (b - m) ** 2, 0) / 59);
    expect(c.observed).toBeCloseTo(m, 12);
    expect(c.observedSE).toBeCloseTo(s / Math.sqrt(60), 12);
    expect(c.statistic).toBeCloseTo((m - c.predicted) / Math.sqrt(c.observedSE ** 2 + c.predictedSE ** 2), 10);
    // The plot: a row per intervention for y, with the 95% intervals.
    const plot = r.plots.find((p) => p.variable === "y")!;
    expect(plot.rows.map((p) => p.intervention)).toEqual(["x := -1", "x := 1"]);
    expect(plot.rows[1].observedUpper - plot.rows[1].observed).toBeCloseTo(1.959964 * c.observedSE, 5);
  });

  it("is exact on a discrete model: P(y = 1 | do(x = 1)) = 0.8 and P(z = k | do(x)) from the tables, with G against them", () => {
    const m = scm("disc")
      .variable("x", () => bernoulli(0.3))
      .variable("y", ({ x }) => bernoulli(x ? 0.8 : 0.1))
      .variable("z", ({ y }) => categorical(y ? [0.2, 0.3, 0.5] : [0.6, 0.3, 0.1]));
    const rng = createRng(5), d = { x: [] as number[], y: [] as number[], z: [] as number[], did: [] as string[] };
    for (let i = 0; i < 300; i++) {
      const x = i < 100 ? (rng.next() < 0.3 ? 1 : 0) : i < 200 ? 1 : 0;
      const y = rng.next() < (x ? 0.8 : 0.1) ? 1 : 0;
      const p = y ? [0.2, 0.3, 0.5] : [0.6, 0.3, 0.1], u = rng.next();
      d.x.push(x); d.y.push(y); d.z.push(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2); d.did.push(i < 100 ? "" : "x");
    }
    const r = interventionalFidelity(m, d, { column: "did" });
    expect(r.groups.every((g) => g.method === "exact")).toBe(true);
    const y1 = r.comparisons.find((c) => c.intervention === "x := 1" && c.variable === "y")!;
    expect(y1.predicted).toBeCloseTo(0.8, 12);
    expect(y1.predictedSE).toBe(0);
    expect(r.comparisons.some((c) => c.variable === "y" && c.test === "distribution")).toBe(false);
    const z1 = r.comparisons.find((c) => c.intervention === "x := 1" && c.variable === "z" && c.test === "distribution")!;
    // P(z | do(x = 1)) = 0.8 [0.2, 0.3, 0.5] + 0.2 [0.6, 0.3, 0.1].
    const pz = [0.28, 0.3, 0.42];
    z1.predictedProbabilities!.forEach((p, k) => expect(p).toBeCloseTo(pz[k], 12));
    expect(z1.predicted).toBeCloseTo(0.3 + 2 * 0.42, 12);
    const counts = [0, 1, 2].map((k) => d.z.slice(100, 200).filter((v) => v === k).length);
    const G = 2 * counts.reduce((s, o, k) => s + (o > 0 ? o * Math.log(o / (100 * pz[k])) : 0), 0);
    expect(z1.observedCounts).toEqual(counts);
    expect(z1.statistic).toBeCloseTo(G, 10);
    expect(z1.df).toEqual([2]);
    // chi-square(2) upper tail is exp(-G/2).
    expect(z1.log10P).toBeCloseTo(-G / 2 / Math.LN10, 10);
    expect(r.verdict).not.toBe("fail");
  });
});

describe("interventional fidelity: a nominal variable under a sampled prediction", () => {
  it("tests a categorical column's counts against the sampled ones by the G of homogeneity, with no mean and no plot row", () => {
    const probs = (x: number) => { const e = [1, Math.exp(x), Math.exp(-x)], t = e[0] + e[1] + e[2]; return e.map((v) => v / t); };
    // A latent u makes the prediction non-exact (u is continuous): z ~ categorical(probs(x + u / 2)).
    const m = scm("nominal").variable("x", () => normal(0, 1)).latent("u", () => normal(0, 1)).variable("z", ({ x, u }) => categorical(probs(x + 0.5 * u)));
    const rng = createRng(13), n = 200, x = new Float64Array(n), z = new Float64Array(n), did = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i < 100 ? rng.normal() : 1;
      const p = probs(x[i] + 0.5 * rng.normal()), u = rng.next();
      z[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
      did[i] = i < 100 ? 0 : 1;
    }
    const table = {
      rowCount: n, names: ["x", "z", "did"],
      columns: new Map([
        ["x", { kind: "numeric" as const, values: x }],
        ["z", { kind: "categorical" as const, values: z, levels: ["a", "b", "c"] }],
        ["did", { kind: "categorical" as const, values: did, levels: ["none", "x"] }],
      ]),
    };
    const r = interventionalFidelity(m, table, { column: "did", samples: 5000, seed: 1 });
    expect(r.observationalRows).toBe(100);
    expect(r.comparisons).toHaveLength(1);
    const c = r.comparisons[0];
    expect([c.test, c.method, c.statisticName]).toEqual(["distribution", "monte-carlo", "G"]);
    // The sampled frequencies are near P(z | do(x = 1)) = E_u probs(1 + u / 2) (a Riemann sum over u), and G is the
    // 2 x 3 homogeneity G of the two count rows.
    const p1 = [0, 0, 0];
    for (let u = -8; u <= 8; u += 0.001) probs(1 + 0.5 * u).forEach((p, k) => { p1[k] += p * Math.exp(-u * u / 2) / Math.sqrt(2 * Math.PI) * 0.001; });
    c.predictedProbabilities!.forEach((p, k) => expect(Math.abs(p - p1[k])).toBeLessThan(4 * Math.sqrt(p1[k] * (1 - p1[k]) / 5000)));
    const o = c.observedCounts!, sc = c.predictedProbabilities!.map((p) => Math.round(p * 5000));
    let G = 0;
    for (let k = 0; k < 3; k++) {
      const col = o[k] + sc[k];
      if (o[k] > 0) G += 2 * o[k] * Math.log(o[k] / (100 * col / 5100));
      if (sc[k] > 0) G += 2 * sc[k] * Math.log(sc[k] / (5000 * col / 5100));
    }
    expect(c.statistic).toBeCloseTo(G, 9);
    expect(c.df).toEqual([2]);
    expect(r.plots).toEqual([]);
    expect(c.verdict).not.toBe("fail");
  });
});

describe("interventional fidelity on the front-door sample (a latent confounder, all discrete)", () => {
  it("predicts P(cancer | do(smoking)) exactly through the latent genotype: 0.5 + 0.05 P(tar | do(smoking)) = 0.5475 and 0.5025", async () => {
    const model = (await import("../../../samples/frontdoor/model.causal")).default;
    const rows = (s: number, n: number, seed: number) => model.do({ smoking: s }).sample(n, { seed });
    const a = rows(1, 400, 1), b = rows(0, 400, 2);
    const cat = (k: "smoking" | "tar" | "cancer") => [...a[k], ...b[k]];
    const d = { smoking: cat("smoking"), tar: cat("tar"), cancer: cat("cancer"), did: new Array<string>(800).fill("smoking") };
    const r = interventionalFidelity(model, d, { column: "did" });
    expect(r.groups.map((g) => [g.intervention, g.method])).toEqual([["smoking := 0", "exact"], ["smoking := 1", "exact"]]);
    const p = (v: string, y: string) => r.comparisons.find((c) => c.intervention === v && c.variable === y)!.predicted;
    expect(p("smoking := 1", "cancer")).toBeCloseTo(0.5475, 12);
    expect(p("smoking := 0", "cancer")).toBeCloseTo(0.5025, 12);
    expect(p("smoking := 1", "tar")).toBeCloseTo(0.95, 12);
    expect(r.verdict).not.toBe("fail");
  });
});

describe("interventional fidelity: calibration and power", () => {
  it("keeps each comparison's false-positive rate near alpha over 400 seeds when the model is right", () => {
    const alpha = 0.05, seeds = 400;
    const rejections = new Array<number>(6).fill(0);
    let familyWise = 0;
    for (let s = 0; s < seeds; s++) {
      const r = interventionalFidelity(chain, chainData(createRng(1000 + s), 0, 40), { column: "did", samples: 4000, seed: 50000 + s, alpha });
      expect(r.comparisons).toHaveLength(6);
      r.comparisons.forEach((c, j) => { if (c.p < alpha) rejections[j]++; });
      if (r.verdict === "fail") familyWise++;
    }
    const [lo, hi] = binomialRegion(seeds, alpha);
    const rate = rejections.reduce((a, b) => a + b, 0) / (6 * seeds);
    console.log(`interventional fidelity: false-positive rate ${rate.toFixed(4)} at alpha ${alpha} (per comparison ${rejections.join(", ")} of ${seeds}); family-wise (Holm) ${familyWise}/${seeds}`);
    for (const k of rejections) { expect(k).toBeGreaterThanOrEqual(lo); expect(k).toBeLessThanOrEqual(hi); }
    expect(familyWise).toBeLessThanOrEqual(hi);
  });

  it("stays near alpha with the slope fitted on the data's 500 observational rows (the params' estimation error is not in the test) over 200 seeds", () => {
    const alpha = 0.05, seeds = 200;
    let rejected = 0, total = 0;
    for (let s = 0; s < seeds; s++) {
      const d = chainData(createRng(3000 + s), 500, 40);
      // Least squares of y - 1 on x through the origin, over the observational rows.
      let sxy = 0, sxx = 0;
      for (let i = 0; i < 500; i++) { sxy += d.x[i] * (d.y[i] - 1); sxx += d.x[i] ** 2; }
      const r = interventionalFidelity(chain, d, { column: "did", samples: 4000, seed: 70000 + s, alpha, params: new ParamStore({ b: sxy / sxx }) });
      for (const c of r.comparisons) { total++; if (c.p < alpha) rejected++; }
    }
    const [lo, hi] = binomialRegion(total, alpha);
    console.log(`interventional fidelity, fitted slope: false-positive rate ${(rejected / total).toFixed(4)} at alpha ${alpha} (${rejected}/${total})`);
    // The comparisons of one seed share its data, so the count's spread is wider than binomial: allow 1.5x the binomial region's half-width.
    const mid = alpha * total, halfWidth = 1.5 * Math.max(mid - lo, hi - mid);
    expect(Math.abs(rejected - mid)).toBeLessThanOrEqual(halfWidth);
  });

  it("flags y under do(x) when the interventional data come from a different mechanism (slope 3 where the model has 2)", () => {
    const r = interventionalFidelity(chain, chainData(createRng(7), 200, 80, 3), { column: "did", samples: 20000, seed: 1 });
    const y = r.comparisons.filter((c) => c.variable === "y" && c.intervened === "x");
    expect(y.every((c) => c.verdict === "fail")).toBe(true);
    expect(Math.max(...y.map((c) => c.log10PAdjusted))).toBeLessThan(-6);
    // do(y = 0) rows follow the model (the changed mechanism is y's): x and w pass.
    expect(r.comparisons.filter((c) => c.intervened === "y").every((c) => c.verdict === "pass")).toBe(true);
    expect(r.verdict).toBe("fail");
    expect(r.plots.find((p) => p.variable === "y")!.verdict).toBe("fail");
  });

  it("flags a reversed edge through the non-descendant comparison: y moves under do(x), the model (y -> x) says it cannot", () => {
    const r = interventionalFidelity(reversed, chainData(createRng(8), 200, 80), { column: "did", samples: 20000, seed: 2 });
    const y = r.comparisons.filter((c) => c.variable === "y" && c.intervened === "x");
    expect(y.map((c) => c.relation)).toEqual(["non-descendant", "non-descendant"]);
    // The model predicts E[y] = 1 under every do(x); the data have 1 + 2x = -1 and 3.
    for (const c of y) { expect(c.predicted).toBeCloseTo(1, 1); expect(c.verdict).toBe("fail"); }
    expect(y[0].text).toMatch(/not a descendant of x/);
    // And x under do(y = 0): the model (x a child of y) predicts E[x] = 0.4 (0 - 1) = -0.4, the data 0.
    const x = r.comparisons.find((c) => c.variable === "x" && c.intervened === "y")!;
    expect(x.relation).toBe("descendant");
    expect(x.predicted).toBeCloseTo(-0.4, 1);
    expect(x.verdict).toBe("fail");
  });

  it("uses the params given: the chain with b = 3 passes the slope-3 interventional data", () => {
    const d = chainData(createRng(9), 0, 80, 3);
    d.did = d.did.map((s, i) => (i >= 160 ? "none" : s));
    const r = interventionalFidelity(chain, d, { column: "did", samples: 20000, seed: 4, params: new ParamStore({ b: 3 }) });
    expect(r.comparisons.find((c) => c.intervention === "x := 1" && c.variable === "y")!.predicted).toBeCloseTo(4, 1);
    expect(r.verdict).not.toBe("fail");
  });
});

describe("interventional fidelity: bad input", () => {
  const d = chainData(createRng(11), 10, 5);
  it("names a missing intervention column", () => {
    const e = thrown(() => interventionalFidelity(chain, { x: d.x, y: d.y, w: d.w }, { column: "did" }));
    expect(e.diagnostic.code).toBe("missing-column");
    expect(e.diagnostic.message).toMatch(/no intervention column "did".*x, y, w/);
  });
  it("names the row whose intervention column names no variable of the model", () => {
    const did = [...d.did];
    did[12] = "q";
    const e = thrown(() => interventionalFidelity(chain, { ...d, did }, { column: "did" }));
    expect(e.diagnostic.code).toBe("unknown-variable");
    expect(e.diagnostic.message).toMatch(/row 13: "q" is not a variable of model "chain" \(its variables: x, y, w\)/);
  });
  it("names the row when the intervened variable has no column for its set value", () => {
    const e = thrown(() => interventionalFidelity(chain, { y: d.y, w: d.w, did: d.did }, { column: "did" }));
    expect(e.diagnostic.code).toBe("missing-column");
    expect(e.diagnostic.message).toMatch(/row 11: the row intervenes on "x", but the data has no column "x"/);
  });
  it("skips a group of one row and a variable set at more than 20 values, saying why; empty and null cells are observational", () => {
    const rng = createRng(12), x: number[] = [], y: number[] = [], w: number[] = [], did: (string | null)[] = [];
    for (let i = 0; i < 40; i++) {
      const xv = i < 10 ? rng.normal() : i < 12 ? 2 : i === 12 ? 5 : 0.5 * rng.normal();
      const yv = i >= 13 ? i / 3 : 1 + 2 * xv + rng.normal();
      x.push(xv); y.push(yv); w.push(0.5 - yv + 0.5 * rng.normal());
      did.push(i < 5 ? "" : i < 10 ? null : i < 13 ? "x" : "y");
    }
    const r = interventionalFidelity(chain, { x, y, w, did }, { column: "did", samples: 2000 });
    expect(r.observationalRows).toBe(10);
    expect(r.groups.map((g) => g.intervention)).toEqual(["x := 2"]);
    const one = r.skipped.find((s) => s.value === 5)!;
    expect(one.reason).toMatch(/do\(x := 5\) has 1 row \(row 13\); a comparison needs at least 2 rows/);
    const many = r.skipped.find((s) => s.intervened === "y" && s.value === undefined)!;
    expect(many.reason).toMatch(/27 distinct values \(more than 20\).*record interventions at a few set values/);
  });
  it("says so when no row is interventional", () => {
    const r = interventionalFidelity(chain, { x: d.x, y: d.y, w: d.w, did: d.x.map(() => "none") }, { column: "did" });
    expect(r.comparisons).toEqual([]);
    expect(r.skipped[0].reason).toMatch(/all 25 rows are observational/);
  });
});

describe("interventional fidelity as report rows", () => {
  it("maps each comparison to a DiagnoseCheck and each variable's plot to a DiagnosisPlot that the report schema accepts", async () => {
    const { DiagnosisReportSchema } = await import("../io/diagnose-schema");
    const r = interventionalFidelity(chain, chainData(createRng(7), 200, 80, 3), { column: "did", samples: 5000, seed: 1 });
    const { checks, plots, skipped } = interventionalFidelityDiagnosis(r);
    expect(checks).toHaveLength(r.comparisons.length);
    expect(checks[0]).toMatchObject({ kind: "interventional-fidelity", variable: r.comparisons[0].variable, input: "x", statisticName: "t" });
    expect(plots.map((p) => p.kind === "interventional-fidelity" && [p.id, p.rows.length])).toEqual([["interventional-fidelity-x", 1], ["interventional-fidelity-y", 2], ["interventional-fidelity-w", 3]]);
    const report = {
      file: "m.causal.ts", model: "chain", data: { file: "d.csv", rows: 440 }, alpha: 0.05, environment: null, interventions: "did", params: { source: "none" },
      verdict: r.verdict, counts: { pass: 0, warn: 0, fail: 0 }, checks, skipped, cannotSee: [], variables: [], edges: [], violated: [], plots, timings: {},
    };
    expect(DiagnosisReportSchema.safeParse(report).success).toBe(true);
  });
});
