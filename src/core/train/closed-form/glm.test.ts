// Logistic, Poisson and softmax fitters against references computed here on plain arrays:
// Newton/IRLS by Gaussian elimination (logistic, Poisson), the score equations at the fit and a
// finite-difference Hessian (softmax); the SQL path on a CSV equals the in-memory path.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type DataSource, memoryDataSource, openDataSource } from "../../data/data-source";
import { createRng } from "../../random/rng";
import { csvText, glmReference, invert, learnedSpec, relativeError } from "./closed-form.test-util";
import { fitLogistic } from "./logistic";
import { fitPoisson } from "./poisson";
import { fitSoftmax } from "./softmax";

const dir = mkdtempSync(join(tmpdir(), "causal-glm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 4000, rng = createRng(7);
const x1 = new Float64Array(n), x2 = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n), g = new Float64Array(n);
const sig = (e: number) => 1 / (1 + Math.exp(-e));
for (let i = 0; i < n; i++) {
  x1[i] = rng.normal(); x2[i] = 3 + 2 * rng.normal();
  b[i] = rng.next() < sig(-0.5 + 1.2 * x1[i] - 0.3 * x2[i]) ? 1 : 0;
  // Poisson by inversion of its cdf.
  const mu = Math.exp(0.3 + 0.4 * x1[i] + 0.1 * x2[i]);
  let k = 0, p = Math.exp(-mu), cdf = p;
  const u = rng.next();
  while (u > cdf && k < 1000) { k++; p *= mu / k; cdf += p; }
  c[i] = k;
  const e1 = 0.2 + x1[i], e2 = -0.4 - 0.5 * x1[i] + 0.2 * x2[i], z = 1 + Math.exp(e1) + Math.exp(e2), v = rng.next();
  g[i] = v < 1 / z ? 0 : v < (1 + Math.exp(e1)) / z ? 1 : 2;
}
const data = { x1, x2, b, c, g };
const csv = join(dir, "glm.csv");
writeFileSync(csv, csvText(data));
const X = Array.from({ length: n }, (_, i) => [1, x1[i], x2[i]]);
const withFile = async <T>(f: (s: DataSource) => Promise<T>) => {
  const s = await openDataSource(csv);
  try { return await f(s); } finally { s.close(); }
};

describe("fitLogistic", () => {
  const spec = learnedSpec("logistic", "b", ["x1", "x2"]);
  const ref = glmReference(X, b, sig, (e) => sig(e) * (1 - sig(e)));
  it("equals an IRLS reference (coefficients and observed-information standard errors), from memory and from the CSV by SQL", async () => {
    const mem = await fitLogistic({ variable: "b", parents: ["x1", "x2"], learned: spec, source: memoryDataSource(data) });
    expect(relativeError(mem.params["b.coef"] as Float64Array, ref.b)).toBeLessThan(1e-8);
    expect(relativeError(mem.standardErrors["b.coef"] as Float64Array, ref.cov.map((r, j) => Math.sqrt(r[j])))).toBeLessThan(1e-6);
    expect(mem.converged).toBe(true);
    const nll = X.reduce((s, r, i) => { const e = r.reduce((t, v, j) => t + v * ref.b[j], 0); return s + Math.log(1 + Math.exp(e)) - b[i] * e; }, 0) / n;
    expect(mem.loss).toBeCloseTo(nll, 10);
    const sql = await withFile((source) => fitLogistic({ variable: "b", parents: ["x1", "x2"], learned: spec, source }));
    const scan = await withFile((source) => fitLogistic({ variable: "b", parents: ["x1", "x2"], learned: spec, source, path: "scan" }));
    for (const r of [sql, scan]) {
      expect(relativeError(r.params["b.coef"] as Float64Array, mem.params["b.coef"] as Float64Array)).toBeLessThan(1e-9);
      expect(r.iterations).toBe(mem.iterations);
      expect(r.loss).toBeCloseTo(mem.loss, 12);
    }
  });
  it("separated data (no finite MLE) stop unconverged, with no error", async () => {
    const xs = Float64Array.from({ length: 200 }, (_, i) => i / 10 - 10), bs = xs.map((v) => (v > 0.05 ? 1 : 0));
    const r = await fitLogistic({ variable: "b", parents: ["x1"], learned: learnedSpec("logistic", "b", ["x1"]), source: memoryDataSource({ x1: xs, b: bs }) });
    expect(r.converged).toBe(false);
    expect(r.loss).toBeLessThan(1e-3);
    expect((r.params["b.coef"] as Float64Array)[1]).toBeGreaterThan(10);
  });
  it("a child that is not 0/1 names the file, the column and the row", async () => {
    const path = join(dir, "bad-binary.csv");
    writeFileSync(path, csvText({ x1: [1, 2, 3], b: [0, 2, 1] }));
    const source = await openDataSource(path);
    try {
      await expect(fitLogistic({ variable: "b", parents: ["x1"], learned: learnedSpec("logistic", "b", ["x1"]), source })).rejects.toThrow(`${path}, row 3, column "b": 2 in the child of a logistic mechanism, which takes 0 or 1.`);
    } finally { source.close(); }
  });
});

describe("fitPoisson", () => {
  const spec = learnedSpec("poisson", "c", ["x1", "x2"]);
  const ref = glmReference(X, c, Math.exp, Math.exp);
  it("equals an IRLS reference, from memory and from the CSV by SQL", async () => {
    const mem = await fitPoisson({ variable: "c", parents: ["x1", "x2"], learned: spec, source: memoryDataSource(data) });
    expect(relativeError(mem.params["c.coef"] as Float64Array, ref.b)).toBeLessThan(1e-8);
    expect(relativeError(mem.standardErrors["c.coef"] as Float64Array, ref.cov.map((r, j) => Math.sqrt(r[j])))).toBeLessThan(1e-6);
    const sql = await withFile((source) => fitPoisson({ variable: "c", parents: ["x1", "x2"], learned: spec, source }));
    expect(relativeError(sql.params["c.coef"] as Float64Array, mem.params["c.coef"] as Float64Array)).toBeLessThan(1e-9);
    expect(sql.loss).toBeCloseTo(mem.loss, 10);
    expect(sql.converged).toBe(true);
  });
});

describe("fitSoftmax", () => {
  const spec = learnedSpec("softmax", "g", ["x1", "x2"], { levels: 3 });
  /** Per row the probabilities of levels 0..2 at coefficients w (rows for levels 1 and 2). */
  const probs = (w: ArrayLike<number>, i: number) => {
    const e = [0, w[0] + w[1] * x1[i] + w[2] * x2[i], w[3] + w[4] * x1[i] + w[5] * x2[i]];
    const m = Math.max(...e), z = e.reduce((s, v) => s + Math.exp(v - m), 0);
    return e.map((v) => Math.exp(v - m) / z);
  };
  const nll = (w: ArrayLike<number>) => { let s = 0; for (let i = 0; i < n; i++) s -= Math.log(probs(w, i)[g[i]]); return s; };
  it("solves the score equations, its standard errors invert a finite-difference Hessian, and the CSV by SQL equals memory", async () => {
    const mem = await fitSoftmax({ variable: "g", parents: ["x1", "x2"], learned: spec, source: memoryDataSource(data) });
    const w = mem.params["g.coef"] as Float64Array;
    const score = new Array<number>(6).fill(0);
    for (let i = 0; i < n; i++) {
      const p = probs(w, i), z = [1, x1[i], x2[i]];
      for (let r = 0; r < 2; r++) for (let a = 0; a < 3; a++) score[r * 3 + a] += z[a] * ((g[i] === r + 1 ? 1 : 0) - p[r + 1]);
    }
    expect(Math.max(...score.map(Math.abs))).toBeLessThan(1e-8 * n);
    const h = 1e-4, H = Array.from({ length: 6 }, (_, a) => Array.from({ length: 6 }, (__, c2) => {
      const at = (da: number, dc: number) => { const v = Array.from(w); v[a] += da; v[c2] += dc; return nll(v); };
      return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
    }));
    const se = invert(H).map((r, j) => Math.sqrt(r[j]));
    expect(relativeError(mem.standardErrors["g.coef"] as Float64Array, se)).toBeLessThan(1e-3);
    expect(mem.loss).toBeCloseTo(nll(w) / n, 10);
    const sql = await withFile((source) => fitSoftmax({ variable: "g", parents: ["x1", "x2"], learned: spec, source }));
    expect(relativeError(sql.params["g.coef"] as Float64Array, w)).toBeLessThan(1e-9);
    expect(sql.converged && mem.converged).toBe(true);
  });
});
