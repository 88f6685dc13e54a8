// Independent mlp mechanisms trained in worker threads (the train-worker bundle, built here as
// .ci/build.mjs builds dist/train-worker.js) give exactly the params of training them one after
// another in this thread; checkpoints arrive from the workers; a stop reaches every worker.
import { build } from "esbuild";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tableFromColumns } from "../data/table";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { mlp } from "../learned/mlp";
import { createRng } from "../random/rng";
import { trainModel } from "../train/train-model";
import { workerMlpRunner } from "./worker-mlp-runner";

const root = join(__dirname, "..", "..", "..");
let entry = "";
beforeAll(async () => {
  entry = join(root, ".tmp", "test-train-worker", `train-worker-${process.pid}.js`);
  await build({
    entryPoints: [join(root, "src/core/io/train-worker.ts")], bundle: true, platform: "node", target: "node20", format: "cjs",
    outfile: entry, external: ["@tensorflow/tfjs-node"], logLevel: "warning",
  });
}, 60_000);

const model = scm("two nets")
  .variable("x", () => normal(0, 1))
  .variable("a", mlp(({ x }) => ({ x }), { hidden: [8] }))
  .variable("b", mlp(({ x }) => ({ x }), { hidden: [8], likelihood: "bernoulli" }));

function data(n = 400) {
  const rng = createRng(5);
  const x = Array.from({ length: n }, () => rng.normal());
  return tableFromColumns({ x, a: x.map((v) => Math.sin(v) + 0.1 * rng.normal()), b: x.map((v) => (rng.next() < 1 / (1 + Math.exp(-2 * v)) ? 1 : 0)) });
}

describe("workerMlpRunner", () => {
  it("trains two mlp mechanisms in two workers to exactly the params of training them in turn", async () => {
    const table = data();
    const options = { epochs: 4, batch: 64, seed: 3, backend: "wasm" as const };
    const inTurn = await trainModel(model, table, options);
    let checkpoints = 0;
    const seen = new Set<string>();
    const parallel = await trainModel(model, table, {
      ...options, parallel: workerMlpRunner(entry, 2),
      onProgress: (p) => seen.add(p.mechanism),
      checkpoint: { every: 10, write: () => { checkpoints++; } },
    });
    for (const name of ["a.w0", "a.b0", "a.w1", "a.b1", "b.w0", "b.b0", "b.w1", "b.b1"]) {
      expect(Array.from(parallel.params.get(name) as Float64Array), name).toEqual(Array.from(inTurn.params.get(name) as Float64Array));
    }
    expect(parallel.mechanisms.map((m) => [m.mechanism, m.method])).toEqual([["a", "Adam"], ["b", "Adam"]]);
    expect(parallel.logLikelihood).toBeCloseTo(inTurn.logLikelihood, 6);
    expect([...seen].sort()).toEqual(["a", "b"]);
    // 400 rows / 64 = 7 steps per epoch, 28 per mechanism: checkpoints at steps 10 and 20 of each.
    expect(checkpoints).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("a stop reaches the workers: training ends early with what was learned", async () => {
    let asked = false;
    const r = await trainModel(model, data(), {
      epochs: 10_000, batch: 32, seed: 1, backend: "wasm", parallel: workerMlpRunner(entry, 2),
      onProgress: () => { asked = true; }, shouldStop: () => asked,
    });
    expect(r.stopped).toBe(true);
    for (const m of r.mechanisms) expect(m.steps).toBeLessThan(10_000 * 13);
  }, 120_000);
});
