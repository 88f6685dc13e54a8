// An mlp job survives structured cloning (what postMessage does) and trains to the same params as
// trainMlp called directly.
import { describe, expect, it } from "vitest";
import { createRng } from "../../random/rng";
import type { LearnedSpec } from "../../runtime/model-spec";
import { trainMlp } from "./mlp";
import { mlpJob, runMlpJob } from "./mlp-job";

describe("mlp jobs", () => {
  it("a structured clone of the job trains to exactly trainMlp's params (categorical, relu, resumed from init)", async () => {
    const rng = createRng(1), n = 300;
    const x = Float64Array.from({ length: n * 2 }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => (x[2 * i] + x[2 * i + 1] > 0 ? 2 : x[2 * i] > 0 ? 1 : 0));
    const spec: LearnedSpec = {
      family: "mlp", features: ["a", "b"], featureParents: ["a", "b"], featuresOf: (p) => Float64Array.of(p.a, p.b),
      hidden: [6], activation: "relu", likelihood: "categorical", levels: 3, params: { weights: ["c.w0", "c.w1"], biases: ["c.b0", "c.b1"] },
    };
    const init = { "c.b1": Float64Array.of(0.1, 0.2, 0.3) };
    const direct = await trainMlp({ name: "c", spec, x, y, n, d: 2 }, { epochs: 3, batch: 50, seed: 4, backend: "wasm", init });
    const job = structuredClone(mlpJob({ name: "c", spec, x, y, n, d: 2 }, { epochs: 3, batch: 50, seed: 4, backend: "wasm", init }));
    const viaJob = await runMlpJob(job);
    expect(Object.keys(viaJob.params).sort()).toEqual(["c.b0", "c.b1", "c.w0", "c.w1"]);
    for (const k of Object.keys(direct.params)) expect(Array.from(viaJob.params[k])).toEqual(Array.from(direct.params[k]));
    expect(viaJob.steps).toBe(direct.steps);
  });
});
