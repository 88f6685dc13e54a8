// trainModel's per-family dispatch: learnable families fit from sufficient statistics (in memory
// and from a CSV DataSource, the same answer), a hand-written mechanism with a param goes to
// BFGS with the closed-form params held fixed, and the reported log-likelihood is the model's.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDataSource } from "../../data/data-source";
import { normal } from "../../distributions/normal";
import { scm } from "../../dsl/scm";
import { logLikelihood } from "../../infer/log-likelihood";
import { linearGaussian } from "../../learned/linear-gaussian";
import { logistic } from "../../learned/logistic";
import { tabular } from "../../learned/tabular";
import { createRng } from "../../random/rng";
import { trainModel } from "../train-model";
import { csvText, leastSquaresQr, relativeError } from "./closed-form.test-util";

const dir = mkdtempSync(join(tmpdir(), "causal-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trainModel dispatch", () => {
  const n = 3000, rng = createRng(11);
  const x = new Float64Array(n), t = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n), w = new Float64Array(n), c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    t[i] = rng.next() < 1 / (1 + Math.exp(0.2 - x[i])) ? 1 : 0;
    y[i] = 1 + 2 * x[i] - t[i] + 0.7 * rng.normal();
    z[i] = -0.5 + 0.3 * y[i] + rng.normal();
    w[i] = 0.8 * x[i] + rng.normal();
    c[i] = rng.next() < (t[i] ? 0.7 : 0.2) ? 1 : 0;
  }
  const data = { x, t, y, z, w, c };
  const m = scm("dispatch")
    .param("a", 0)
    .variable("x", () => normal(0, 1))
    .variable("t", logistic(({ x }) => ({ x })))
    .variable("y", linearGaussian(({ x, t }) => ({ x, t })))
    .variable("z", linearGaussian(({ y }) => ({ y })))
    .variable("w", ({ x }, { a }) => normal(a * x, 1))
    .variable("c", tabular(({ t }) => ({ t }), { levels: 2, featureLevels: { t: 2 } }));

  it("fits each family by its method, the rest by BFGS, and reports the model's log-likelihood", async () => {
    const r = await trainModel(m, data);
    expect(r.mechanisms.map((k) => [k.mechanism, k.method])).toEqual([["t", "IRLS"], ["y", "closed form"], ["z", "closed form"], ["c", "counts"], ["x", "BFGS"], ["w", "BFGS"]]);
    const ols = leastSquaresQr(Array.from({ length: n }, (_, i) => [1, x[i], t[i]]), Array.from(y));
    expect(relativeError(r.params.get("y.coef") as Float64Array, ols.b)).toBeLessThan(1e-8);
    // w ~ normal(a x, 1): the MLE of a is sum(x w) / sum(x^2).
    const aHat = x.reduce((s, v, i) => s + v * w[i], 0) / x.reduce((s, v) => s + v * v, 0);
    expect(r.params.get("a") as number).toBeCloseTo(aHat, 6);
    expect(r.logLikelihood).toBeCloseTo(logLikelihood(m.spec(), data, { params: r.params }).total, 6);
    expect(r.rows).toBe(n);
    expect(r.standardErrors["y.sd"]).toBeCloseTo((r.params.get("y.sd") as number) / Math.sqrt(2 * n), 12);
  });

  it("a CSV DataSource gives the same params (one shared moment matrix for the linear mechanisms)", async () => {
    const path = join(dir, "dispatch.csv");
    writeFileSync(path, csvText(data));
    const source = await openDataSource(path);
    try {
      const file = await trainModel(m, source);
      const mem = await trainModel(m, data);
      for (const name of ["t.coef", "y.coef", "z.coef", "c.cpt"]) {
        expect(relativeError(file.params.get(name) as Float64Array, mem.params.get(name) as Float64Array)).toBeLessThan(1e-9);
      }
      expect(file.params.get("y.sd") as number).toBeCloseTo(mem.params.get("y.sd") as number, 10);
      expect(file.logLikelihood).toBeCloseTo(mem.logLikelihood, 5);
    } finally {
      source.close();
    }
  });

  it("reports progress per mechanism with its method, and shouldStop stops before the next mechanism", async () => {
    const seen: string[] = [];
    const r = await trainModel(m, data, { onProgress: (p) => { if (p.mechanism !== "*") seen.push(`${p.mechanism}:${p.method}`); } });
    expect([...new Set(seen)]).toEqual(["t:IRLS", "y:closed form", "z:closed form", "c:counts"]);
    expect(r.stopped).toBe(false);
    let calls = 0;
    const stopped = await trainModel(m, data, { shouldStop: () => ++calls > 1 });
    expect(stopped.stopped).toBe(true);
    expect(stopped.mechanisms.map((k) => k.mechanism)).toEqual(["t"]);
    expect(Array.from(stopped.params.get("y.coef") as Float64Array)).toEqual([0, 0, 0]);
  });

  it("a model of learnable families only never loads the rows: its log-likelihood is the fitters' sum", async () => {
    const only = scm("only").variable("x", linearGaussian(() => ({}))).variable("y", linearGaussian(({ x }) => ({ x })));
    const r = await trainModel(only, { x, y });
    expect(r.mechanisms.map((k) => k.method)).toEqual(["closed form", "closed form"]);
    expect((r.params.get("x.coef") as Float64Array)[0]).toBeCloseTo(x.reduce((s, v) => s + v, 0) / n, 12);
    expect(r.logLikelihood).toBeCloseTo(logLikelihood(only.spec(), { x, y }, { params: r.params }).total, 6);
  });

  it("a table with a level never seen after a configuration trains to a zero and its params load again (regression: withParams refused the zero)", async () => {
    const k = scm("zeros")
      .variable("a", tabular(() => ({}), { levels: 2, featureLevels: {} }))
      .variable("b", tabular(({ a }) => ({ a }), { levels: 3, featureLevels: { a: 2 } }));
    // b = 2 never follows a = 0
    const r = await trainModel(k, { a: [0, 0, 0, 1, 1, 1], b: [0, 1, 1, 0, 1, 2] });
    const cpt = r.params.get("b.cpt") as Float64Array;
    expect(Array.from(cpt)).toEqual([1 / 3, 2 / 3, 0, 1 / 3, 1 / 3, 1 / 3]);
    const loaded = k.withParams(r.params);
    expect(loaded.condition({ a: 0 }).prob({ b: 2 }).value).toBe(0);
    expect(() => k.withParams({ "b.cpt": Float64Array.of(0.5, 0.6, -0.1, 1 / 3, 1 / 3, 1 / 3) })).toThrow(/row 0: entry 2 is -0.1/);
  });

  it("a pseudo-count a gives each row (counts + a) / (total + k a), the Dirichlet posterior mean", async () => {
    const k = scm("smoothed")
      .variable("a", tabular(() => ({}), { levels: 2, featureLevels: {} }))
      .variable("b", tabular(({ a }) => ({ a }), { levels: 3, featureLevels: { a: 2 }, pseudoCount: 1 }));
    const r = await trainModel(k, { a: [0, 0, 0, 1, 1, 1], b: [0, 1, 1, 0, 1, 2] });
    const cpt = Array.from(r.params.get("b.cpt") as Float64Array);
    [2 / 6, 3 / 6, 1 / 6, 2 / 6, 2 / 6, 2 / 6].forEach((p, i) => expect(cpt[i]).toBeCloseTo(p, 14));
    expect(Array.from(r.params.get("a.cpt") as Float64Array)).toEqual([0.5, 0.5]);
    expect(() => scm("bad").variable("a", tabular(() => ({}), { levels: 2, featureLevels: {}, pseudoCount: -1 }))).toThrow(/pseudoCount must be a finite number >= 0/);
  });
});
