// samples/dsprites-vae/dgp.ts: the tables are distributions and encode the DAG's arrows; sampled
// frequencies (causal, interventional, independent) match the exact probabilities within 4
// standard errors of the sample size; renderDataset lays the images out in order.
import { describe, expect, it } from "vitest";
import {
  P_ORIENTATION_GIVEN_SHAPE,
  P_POSX_GIVEN_ORIENTATION,
  P_POSY_GIVEN_SCALE,
  P_SCALE_GIVEN_SHAPE,
  P_SHAPE,
  exactMarginals,
  posXMean,
  renderDataset,
  sampleFactors,
  sampleFactorsDo,
  trueScaleGivenDoShape,
  type FactorColumns,
} from "../../../samples/dsprites-vae/dgp";
import { FACTOR_NAMES, LEVELS, renderSprite } from "../../../samples/dsprites-vae/sprites";

const N = 30_000;

/** Every frequency of `values` among `rows` within 4 binomial standard errors of p. */
function expectFrequencies(values: ArrayLike<number>, rows: number[], p: readonly number[]): void {
  const counts = new Array<number>(p.length).fill(0);
  for (const i of rows) counts[values[i]]++;
  const n = rows.length;
  p.forEach((q, k) => {
    const se = Math.sqrt(Math.max(q * (1 - q), 1 / n) / n);
    expect(Math.abs(counts[k] / n - q), `level ${k}: ${counts[k]}/${n} against ${q}`).toBeLessThan(4 * se);
  });
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);
const where = (col: Int32Array, v: number) => all(col.length).filter((i) => col[i] === v);
const tv = (p: readonly number[], q: readonly number[]) => 0.5 * p.reduce((a, x, i) => a + Math.abs(x - q[i]), 0);

describe("dsprites-vae dgp", () => {
  it("every table row is a distribution over the factor's grid", () => {
    const tables: [readonly (readonly number[])[], number, number][] = [
      [[P_SHAPE], 1, 3],
      [P_SCALE_GIVEN_SHAPE, 3, 6],
      [P_ORIENTATION_GIVEN_SHAPE, 3, 40],
      [P_POSX_GIVEN_ORIENTATION, 40, 32],
      [P_POSY_GIVEN_SCALE, 6, 32],
    ];
    for (const [t, rows, levels] of tables) {
      expect(t).toHaveLength(rows);
      for (const row of t) {
        expect(row).toHaveLength(levels);
        expect(row.every((p) => p >= 0)).toBe(true);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it("the mechanisms differ clearly by parent (the arrows carry information)", () => {
    // each row of P(scale | shape) is at least 0.15 in TV from their mixture (what a model without the arrow answers)
    const mixture = P_SCALE_GIVEN_SHAPE[0].map((_, k) => P_SCALE_GIVEN_SHAPE.reduce((a, row) => a + row[k] / 3, 0));
    for (const row of P_SCALE_GIVEN_SHAPE) expect(tv(row, mixture)).toBeGreaterThan(0.15);
    expect(tv(P_ORIENTATION_GIVEN_SHAPE[0], P_ORIENTATION_GIVEN_SHAPE[2])).toBeGreaterThan(0.5);
    expect(tv(P_POSY_GIVEN_SCALE[0], P_POSY_GIVEN_SCALE[5])).toBeGreaterThan(0.9);
    expect(tv(P_POSX_GIVEN_ORIENTATION[10], P_POSX_GIVEN_ORIENTATION[29])).toBeGreaterThan(0.9);
    expect(posXMean(0)).toBe(15.5);
  });

  it("causal samples follow P(shape), P(scale | shape), P(orientation | shape), P(posY | scale), P(posX | orientation)", () => {
    const f = sampleFactors(N, 11, "causal");
    for (const k of FACTOR_NAMES) expect(f[k]).toBeInstanceOf(Int32Array);
    expectFrequencies(f.shape, all(N), P_SHAPE);
    for (let s = 0; s < 3; s++) {
      expectFrequencies(f.scale, where(f.shape, s), P_SCALE_GIVEN_SHAPE[s]);
      expectFrequencies(f.orientation, where(f.shape, s), P_ORIENTATION_GIVEN_SHAPE[s]);
    }
    for (let s = 0; s < 6; s++) expectFrequencies(f.posY, where(f.scale, s), P_POSY_GIVEN_SCALE[s]);
    // 40 orientations leave few rows each: check posX's marginal and its conditional mean per orientation.
    const exact = exactMarginals();
    expectFrequencies(f.posX, all(N), exact.posX);
    for (let o = 0; o < 40; o++) {
      const rows = where(f.orientation, o);
      const p = P_POSX_GIVEN_ORIENTATION[o];
      const mean = p.reduce((a, q, x) => a + q * x, 0);
      const sd = Math.sqrt(p.reduce((a, q, x) => a + q * (x - mean) ** 2, 0));
      const got = rows.reduce((a, i) => a + f.posX[i], 0) / rows.length;
      expect(Math.abs(got - mean)).toBeLessThan((4 * sd) / Math.sqrt(rows.length));
    }
  });

  it("do(shape = s) moves scale, orientation, posX and posY through their mechanisms; the exact answers match", () => {
    for (let s = 0; s < 3; s++) {
      const f = sampleFactorsDo(N / 3, 20 + s, { shape: s });
      expect(f.shape.every((v) => v === s)).toBe(true);
      const exact = exactMarginals({ shape: s });
      expect(trueScaleGivenDoShape(s)).toEqual([...P_SCALE_GIVEN_SHAPE[s]]);
      expect(exact.scale).toEqual(trueScaleGivenDoShape(s));
      for (const k of ["scale", "orientation", "posX", "posY"] as const) expectFrequencies(f[k], all(N / 3), exact[k]);
    }
  });

  it("do() on a child leaves its ancestors alone and cuts its descendants loose from them", () => {
    const f = sampleFactorsDo(N, 31, { scale: 5 });
    expect(f.scale.every((v) => v === 5)).toBe(true);
    expectFrequencies(f.shape, all(N), P_SHAPE);
    expectFrequencies(f.posY, all(N), P_POSY_GIVEN_SCALE[5]);
    // Scale no longer depends on shape, so posY's distribution is the same within each shape.
    for (let s = 0; s < 3; s++) expectFrequencies(f.posY, where(f.shape, s), P_POSY_GIVEN_SCALE[5]);
    expect(() => sampleFactorsDo(10, 1, { scale: 6 })).toThrow(/scale/);
    expect(() => sampleFactorsDo(10, 1, { colour: 0 } as never)).toThrow(/unknown factor/);
  });

  it("the independent variant: every factor uniform, scale the same within each shape", () => {
    const f = sampleFactors(N, 41, "independent");
    FACTOR_NAMES.forEach((k, j) => expectFrequencies(f[k], all(N), new Array<number>(LEVELS[j]).fill(1 / LEVELS[j])));
    for (let s = 0; s < 3; s++) expectFrequencies(f.scale, where(f.shape, s), new Array<number>(6).fill(1 / 6));
  });

  it("is reproducible by seed and differs across seeds", () => {
    expect(sampleFactors(100, 5, "causal")).toEqual(sampleFactors(100, 5, "causal"));
    expect(sampleFactors(100, 5, "causal").orientation).not.toEqual(sampleFactors(100, 6, "causal").orientation);
  });

  it("renderDataset: image i is renderSprite of row i, at 32 and 64", () => {
    const f: FactorColumns = sampleFactors(7, 3, "causal");
    for (const size of [32, 64]) {
      const data = renderDataset(f, size);
      expect(data).toHaveLength(7 * size * size);
      for (let i = 0; i < 7; i++) {
        const row = { shape: f.shape[i], scale: f.scale[i], orientation: f.orientation[i], posX: f.posX[i], posY: f.posY[i] };
        expect(data.subarray(i * size * size, (i + 1) * size * size)).toEqual(renderSprite(row, size));
      }
    }
    expect(() => renderDataset({ ...f, posX: Int32Array.of(40, 0, 0, 0, 0, 0, 0) }, 32)).toThrow(/posX = 40/);
  });
});
