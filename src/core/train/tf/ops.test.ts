// matMulFast / conv2dFast / conv2dTransposeFast: values equal to the built-in ops, and gradients (for
// x and the filter) equal to the cpu backend's built-in gradients, on cpu and on wasm.
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../../random/rng";
import { initBackend, tf } from "./backend";
import { conv2dFast, conv2dTransposeFast, matMulData, matMulFast } from "./ops";

function randn(shape: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

/** max |a - b| / max(1, max |b|) */
function relErr(a: Float32Array | Float64Array, b: Float32Array | Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0, m = 1;
  for (let i = 0; i < a.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); m = Math.max(m, Math.abs(b[i])); }
  return d / m;
}

type Case = { name: string; shapes: number[][]; fast: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor; builtin: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor };
const cases: Case[] = [
  { name: "matMulFast 7x13 · 13x5", shapes: [[7, 13], [13, 5]], fast: (x, w) => matMulFast(x as tf.Tensor2D, w as tf.Tensor2D), builtin: (x, w) => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D) },
  // a wide weight against a few rows: dx = transpose(w · dyᵀ); many rows against a narrow weight: dw = transpose(dyᵀ · x)
  { name: "matMulFast 3x40 · 40x30", shapes: [[3, 40], [40, 30]], fast: (x, w) => matMulFast(x as tf.Tensor2D, w as tf.Tensor2D), builtin: (x, w) => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D) },
  { name: "matMulFast 50x40 · 40x2", shapes: [[50, 40], [40, 2]], fast: (x, w) => matMulFast(x as tf.Tensor2D, w as tf.Tensor2D), builtin: (x, w) => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D) },
  { name: "conv2dFast 3x3 stride 1", shapes: [[2, 8, 8, 3], [3, 3, 3, 4]], fast: (x, k) => conv2dFast(x as tf.Tensor4D, k as tf.Tensor4D, 1), builtin: (x, k) => tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, "same") },
  { name: "conv2dFast 3x3 stride 2", shapes: [[2, 9, 8, 3], [3, 3, 3, 4]], fast: (x, k) => conv2dFast(x as tf.Tensor4D, k as tf.Tensor4D, 2), builtin: (x, k) => tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 2, "same") },
  { name: "conv2dTransposeFast 4x4 stride 2", shapes: [[2, 4, 4, 5], [4, 4, 3, 5]], fast: (x, k) => conv2dTransposeFast(x as tf.Tensor4D, k as tf.Tensor4D, [2, 8, 8, 3], 2), builtin: (x, k) => tf.conv2dTranspose(x as tf.Tensor4D, k as tf.Tensor4D, [2, 8, 8, 3], 2, "same") },
];

/** Value and gradients of sum(op(a, b) * r) for a fixed random r. */
function run(op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, c: Case): Float32Array[] {
  return tf.tidy(() => {
    const a = tf.tensor(randn(c.shapes[0], 1), c.shapes[0]), b = tf.tensor(randn(c.shapes[1], 2), c.shapes[1]);
    const y = op(a, b);
    const r = tf.tensor(randn(y.shape, 3), y.shape);
    const g = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(op(p, q), r)));
    const [ga, gb] = g([a, b]);
    return [y.dataSync() as Float32Array, ga.dataSync() as Float32Array, gb.dataSync() as Float32Array];
  });
}

describe("fast ops against the cpu backend's built-in gradients", () => {
  afterAll(async () => { await initBackend("cpu"); });
  for (const c of cases) {
    it(`${c.name}: cpu and wasm agree with the cpu built-in`, async () => {
      await initBackend("cpu");
      const ref = run(c.builtin, c);
      const fastCpu = run(c.fast, c);
      expect(await initBackend("wasm")).toBe("wasm");
      const fastWasm = run(c.fast, c);
      for (let k = 0; k < 3; k++) {
        expect(relErr(fastCpu[k], ref[k]), `cpu output ${k}`).toBeLessThan(1e-5);
        expect(relErr(fastWasm[k], ref[k]), `wasm output ${k}`).toBeLessThan(1e-5);
      }
      // the gradients are not trivially zero
      expect(Math.max(...Array.from(ref[2], Math.abs))).toBeGreaterThan(0.1);
    });
  }
  it("matMulData: the value and weight gradient of the built-in matMul, a zero gradient for the data", async () => {
    const c = cases[0];
    for (const backend of ["cpu", "wasm"] as const) {
      await initBackend("cpu");
      const ref = run(c.builtin, c);
      await initBackend(backend);
      const got = run((x, w) => matMulData(x as tf.Tensor2D, w as tf.Tensor2D), c);
      expect(relErr(got[0], ref[0])).toBeLessThan(1e-5);
      expect(relErr(got[2], ref[2])).toBeLessThan(1e-5);
      expect(Array.from(got[1]).every((v) => v === 0)).toBe(true);
    }
  });
  it("conv2d's built-in filter gradient is missing on wasm (why conv2dFast exists)", async () => {
    await initBackend("wasm");
    expect(() => run((x, k) => tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, "same"), cases.find((c) => c.name === "conv2dFast 3x3 stride 1")!)).toThrow(/Conv2DBackpropFilter/);
  });
});
