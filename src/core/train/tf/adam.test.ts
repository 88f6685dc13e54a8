// FusedAdam takes the same steps as tf.train.adam (same formula, one fused in-place pass), on cpu and
// wasm; a variable whose storage another tensor shares is updated by assign, leaving the other intact;
// and on wasm a matMul sees the updated weights (XNNPACK caches packed weights per tensor).
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../../random/rng";
import { initBackend, tf } from "./backend";
import { FusedAdam } from "./adam";

function problem(seed: number) {
  const rng = createRng(seed);
  const A = tf.tensor2d(Float32Array.from({ length: 30 * 4 }, () => rng.normal()), [30, 4]);
  const y = tf.tensor2d(Float32Array.from({ length: 30 * 3 }, () => rng.normal()), [30, 3]);
  const w0 = Float32Array.from({ length: 12 }, () => rng.normal());
  const b0 = Float32Array.from({ length: 3 }, () => rng.normal());
  return { A, y, w0, b0 };
}

describe("FusedAdam", () => {
  afterAll(async () => { await initBackend("cpu"); });
  for (const backend of ["cpu", "wasm"] as const) {
    it(`on ${backend}: 25 steps equal tf.train.adam's (relative 1e-5), losses too`, async () => {
      await initBackend(backend);
      const { A, y, w0, b0 } = problem(1);
      const run = (fused: boolean) => {
        const [w, b] = tf.tidy(() => [tf.variable(tf.tensor2d(Float32Array.from(w0), [4, 3])), tf.variable(tf.tensor1d(Float32Array.from(b0)))]);
        const f = () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(A, w), b), y))) as tf.Scalar;
        const losses: number[] = [];
        if (fused) {
          const opt = new FusedAdam([w, b], 0.05);
          for (let s = 0; s < 25; s++) losses.push(opt.minimize(f));
        } else {
          const opt = tf.train.adam(0.05);
          for (let s = 0; s < 25; s++) losses.push(tf.tidy(() => opt.minimize(f, true, [w, b])!.dataSync()[0]));
          opt.dispose();
        }
        const out = [...w.dataSync(), ...b.dataSync(), ...losses];
        w.dispose(); b.dispose();
        return out;
      };
      const before = tf.memory().numTensors;
      const ref = run(false), got = run(true);
      expect(tf.memory().numTensors).toBe(before);
      expect(got[got.length - 1]).toBeLessThan(got[12 + 3]); // the loss fell
      for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref[i])));
      tf.dispose([A, y]);
    });

    it(`on ${backend}: a variable shared with a live tensor is updated by assign, the tensor keeps its values`, async () => {
      await initBackend(backend);
      const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
      const alias = tf.reshape(w, [3, 1]);
      const opt = new FusedAdam([w], 0.1);
      opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
      expect(Array.from(alias.dataSync())).toEqual([1, 2, 3]);
      const after = Array.from(w.dataSync());
      after.forEach((v, i) => expect(v).toBeCloseTo(i + 1 - 0.1, 5));
      tf.dispose([w, alias]);
    });
  }
});

describe("FusedAdam on wasm, large variables", () => {
  afterAll(async () => { await initBackend("cpu"); });
  it("three variables of 1M floats each (the size of an image decoder's): the fused steps equal tf.train.adam's", async () => {
    await initBackend("wasm");
    const size = 1 << 20, rng = createRng(3);
    const init = Float32Array.from({ length: size }, () => rng.normal());
    const target = tf.tensor1d(Float32Array.from({ length: size }, () => rng.normal()));
    const run = (fused: boolean) => {
      const ws = tf.tidy(() => [0, 1, 2].map(() => tf.variable(tf.tensor1d(init))));
      const f = () => tf.addN(ws.map((w) => tf.sum(tf.square(tf.sub(w, target))))) as tf.Scalar;
      if (fused) {
        const opt = new FusedAdam(ws, 0.01);
        for (let s = 0; s < 3; s++) opt.minimize(f);
      } else {
        const opt = tf.train.adam(0.01);
        for (let s = 0; s < 3; s++) tf.tidy(() => { opt.minimize(f, false, ws); });
        opt.dispose();
      }
      const out = ws.map((w) => w.dataSync().slice(0, 1000));
      tf.dispose(ws);
      return out;
    };
    const got = run(true), ref = run(false);
    ref.forEach((r, k) => r.forEach((v, i) => expect(Math.abs(got[k][i] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)))));
    target.dispose();
  }, 60_000);
});
