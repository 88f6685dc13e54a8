// Sufficient statistics against sums computed here row by row: n, X'X, X'y, y'y by SQL over a CSV
// and by streamed chunks (computed features through featuresOf), weighted passes with SQL and JS
// terms that agree, the moment matrix, and group-by counts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDataSource, openDataSource } from "./data-source";
import { crossProducts, groupCounts, momentMatrix, sufficientStatistics } from "./sufficient-statistics";

const dir = mkdtempSync(join(tmpdir(), "causal-stats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 500;
const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
const b = Float64Array.from({ length: n }, (_, i) => (i * 7) % 5);
const y = Float64Array.from({ length: n }, (_, i) => 0.5 * a[i] - b[i] + Math.cos(3 * i));
const path = join(dir, "s.csv");
writeFileSync(path, "a,b,y\n" + Array.from({ length: n }, (_, i) => `${a[i]},${b[i]},${y[i]}`).join("\n") + "\n");
const close = (x: ArrayLike<number>, e: ArrayLike<number>) => Array.from(x).forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThan(1e-9 * (1 + Math.abs(e[i]))));

describe("sufficientStatistics", () => {
  const rows = (f: (i: number) => number[]) => Array.from({ length: n }, (_, i) => f(i));
  const Z = rows((i) => [1, a[i] - 1, b[i] - 2]);
  const xtx = [0, 1, 2].flatMap((p) => [0, 1, 2].map((q) => Z.reduce((s, z) => s + z[p] * z[q], 0)));
  const xty = [0, 1, 2].map((p) => Z.reduce((s, z, i) => s + z[p] * y[i], 0));
  const yty = y.reduce((s, v) => s + v * v, 0);

  it("n, X'X, X'y, y'y (features shifted) equal hand sums by SQL, by scan and from memory", async () => {
    const source = await openDataSource(path);
    try {
      for (const [src, p] of [[source, "sql"], [source, "scan"], [memoryDataSource({ a, b, y }), undefined]] as const) {
        const s = await sufficientStatistics(src, { child: "y", featureParents: ["a", "b"], shift: Float64Array.of(1, 2), ...(p ? { path: p } : {}) });
        expect([s.n, s.d]).toEqual([n, 2]);
        close(s.xtx, xtx); close(s.xty, xty); close([s.yty], [yty]);
      }
      const m = await momentMatrix(source, ["a", "b"]);
      expect(m.m[0]).toBe(n);
      close([m.m[1 * 3 + 2]], [a.reduce((s, v, i) => s + v * b[i], 0)]);
    } finally {
      source.close();
    }
  });

  it("a computed feature streams through featuresOf; SQL and JS row terms give the same weighted sums", async () => {
    const source = await openDataSource(path);
    try {
      const computed = await sufficientStatistics(source, { child: "y", featureParents: [undefined], parents: ["a"], featuresOf: (r) => Float64Array.of(r.a * r.a) });
      close([computed.xtx[3]], [a.reduce((s, v) => s + v ** 4, 0)]);
      const terms = {
        sql: { lets: [[["p", "1 / (1 + exp(-eta0))"]] as [string, string][]], weights: ["p * (1 - p)"], vectors: ["y - p"], scalars: ["p"] },
        js: (eta: Float64Array, yy: number, w: Float64Array, v: Float64Array, s: Float64Array) => { const p = 1 / (1 + Math.exp(-eta[0])); w[0] = p * (1 - p); v[0] = yy - p; s[0] = p; },
      };
      const req = { child: "y", featureParents: ["a", "b"], predictors: [Float64Array.of(0.1, 0.2, -0.3)], terms };
      const sql = await crossProducts(source, { ...req, path: "sql" });
      const scan = await crossProducts(source, { ...req, path: "scan" });
      close(sql.xwx[0], scan.xwx[0]); close(sql.xv[0], scan.xv[0]); close(sql.sums, scan.sums);
      const p = (i: number) => 1 / (1 + Math.exp(-(0.1 + 0.2 * a[i] - 0.3 * b[i])));
      close([sql.xwx[0][1 * 3 + 2]], [a.reduce((s, v, i) => s + p(i) * (1 - p(i)) * v * b[i], 0)]);
    } finally {
      source.close();
    }
  });

  it("groupCounts counts (configuration, level) pairs", async () => {
    const g = Float64Array.from({ length: n }, (_, i) => i % 2);
    const counts = await groupCounts(memoryDataSource({ b, g }), { child: "g", featureParents: ["b"], featureLevels: [5], levels: 2 });
    const expected = new Float64Array(10);
    for (let i = 0; i < n; i++) expected[b[i] * 2 + g[i]]++;
    expect(Array.from(counts)).toEqual(Array.from(expected));
  });
});
