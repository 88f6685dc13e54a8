// trainModel sends mlp mechanisms to the Adam trainer and the others to their own fitters; it reports
// the backend and steps/s; its loss is the log-likelihood the JS runtime computes for the trained params.
import { describe, expect, it } from "vitest";
import { normal } from "../../distributions/normal";
import { scm } from "../../dsl/scm";
import { logLikelihood } from "../../infer/log-likelihood";
import { linearGaussian } from "../../learned/linear-gaussian";
import { mlp } from "../../learned/mlp";
import { createRng } from "../../random/rng";
import { trainModel, type TrainProgress } from "../train-model";

describe("trainModel with mlp mechanisms", () => {
  it("trains y = mlp(x) by Adam next to a closed-form linear mechanism, and its loss equals the runtime's log-likelihood of the trained params", async () => {
    const rng = createRng(3), n = 1500;
    const x = Float64Array.from({ length: n }, () => -2 + 4 * rng.next());
    const y = Float64Array.from(x, (v) => Math.sin(2 * v) + 0.2 * rng.normal());
    const z = Float64Array.from(y, (v) => 1 + 2 * v + 0.5 * rng.normal());
    const m = scm("t")
      .variable("x", () => normal(0, 1.2))
      .variable("y", mlp(({ x }) => ({ x }), { hidden: [32, 32] }))
      .variable("z", linearGaussian(({ y }) => ({ y })));
    const seen: TrainProgress[] = [];
    const r = await trainModel(m, { x, y, z }, { epochs: 25, batch: 64, lr: 5e-3, seed: 1, backend: "wasm", onProgress: (p) => seen.push(p) });
    expect(r.backend).toBe("wasm");
    expect(r.stepsPerSecond).toBeGreaterThan(0);
    const ym = r.mechanisms.find((q) => q.mechanism === "y")!;
    expect(ym.method).toBe("Adam");
    expect(ym.steps).toBe(25 * Math.ceil(n / 64));
    expect(r.mechanisms.find((q) => q.mechanism === "z")!.method).toBe("closed form");
    const adam = seen.filter((p) => p.method === "Adam");
    expect(adam.length).toBeGreaterThanOrEqual(25);
    expect(adam.every((p) => p.mechanism === "y" && p.epochs === 25)).toBe(true);
    expect(adam.at(-1)!.epoch).toBe(25);
    const ll = logLikelihood(m, { x, y, z }, { params: r.params });
    expect(-ll.perMechanism.y.total / n).toBeCloseTo(ym.finalLoss, 3);
    // close to the noise's entropy (0.5 log(2 pi e 0.04) = 0.81): the mean function was learned
    expect(ym.finalLoss).toBeLessThan(0.95);
    expect(r.logLikelihood).toBeCloseTo(ll.total, 0);
  });

  it("an mlp whose child has no column is an error naming the column", async () => {
    const m = scm("t").variable("x", () => normal(0, 1)).variable("y", mlp(({ x }) => ({ x }), { hidden: [4] }));
    await expect(trainModel(m, { x: [1, 2, 3] } as never, { epochs: 1, backend: "cpu" })).rejects.toThrow(/"y"/);
  });
});
