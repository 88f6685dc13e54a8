// validateQuery runs at the start of answer(), so a library call, the CLI and the panel (runQueryJob in the
// model process) all refuse what has no meaningful answer (issue 13, item 15), and the ATE's second arm
// (seed + 1) stays inside the seed range at the top seed.
import { describe, expect, it } from "vitest";
import { bernoulli, normal, scm } from "../index";
import { answer } from "./answer";
import { runQueryJob } from "./query-job";
import type { QuerySpec } from "./query-spec";
import { queryShapeProblem, runOptionsProblem } from "./validate-query";

const m = scm("m").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => normal(x, 1)).variable("z", ({ x }) => bernoulli(x ? 0.8 : 0.3));
const single = (over: Partial<QuerySpec & { kind: "single" }>): QuerySpec => ({ kind: "single", counterfactual: false, do: {}, given: {}, target: "z", ...over });
const refusal = (spec: QuerySpec, seed = 1, samples?: number): string => {
  try {
    answer(m, spec, { seed, ...(samples !== undefined ? { samples } : {}) });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("answered");
};

describe("validateQuery (through answer())", () => {
  it("refuses seeds outside 0 .. 2^32 - 1 and budgets below 2", () => {
    for (const seed of [-1, 2 ** 32, 1.5, NaN]) expect(refusal(single({}), seed)).toContain("the seed must be an integer from 0 to 4294967295");
    for (const n of [0, 1, 2.5]) expect(refusal(single({}), 1, n)).toContain("at least 2 to estimate a standard error");
    expect(runOptionsProblem({ seed: 0, samples: 2 })).toBeUndefined();
    expect(runOptionsProblem({ seed: 4294967295 })).toBeUndefined();
  });

  it("refuses a target set by do() and a variable both set and observed; allows an observed target (the factual world beside a counterfactual)", () => {
    expect(refusal(single({ do: { z: 1 } }))).toContain("z is set by do(); its answer is the value you set");
    expect(refusal(single({ do: { x: 1 }, given: { x: 1 } }))).toContain("x is both set by do() and observed");
    expect(queryShapeProblem(single({ given: { z: 1 } }))).toBeUndefined();
    // A counterfactual may observe the action's variable and the target (the factual world).
    expect(queryShapeProblem(single({ counterfactual: true, do: { x: 0 }, given: { x: 1, z: 1 } }))).toBeUndefined();
    const joint: QuerySpec = { kind: "joint", worlds: { t: { z: 1 } }, given: {}, mean: { world: "t", variable: "z" } };
    expect(refusal(joint)).toContain("z is set by do() in world t");
  });

  it("refuses P(y = value) for a continuous y and event values outside the support", () => {
    expect(refusal(single({ target: "y", value: 1 }))).toContain("y is continuous (normal): P(y = 1) is 0 whatever the model");
    expect(refusal(single({ value: 2 }))).toContain('prob(z = 2): "z" is bernoulli, whose values are 0 and 1');
    const pns: QuerySpec = { kind: "joint", shortcut: "pns", worlds: { t: { x: 1 }, c: { x: 0 } }, given: {}, event: [{ world: "t", variable: "y", value: 1 }, { world: "c", variable: "y", value: 0 }] };
    expect(refusal(pns)).toContain("y is continuous (normal): the probability of necessity and sufficiency needs a binary outcome; use --ett x y");
    // The binary outcome is answered: bernoulli's shared noise u gives z = 1 when u < p, so P(z_t = 1, z_c = 0) = P(0.3 <= u < 0.8) = 0.5.
    const ok = answer(m, { ...pns, event: [{ world: "t", variable: "z", value: 1 }, { world: "c", variable: "z", value: 0 }] }, { seed: 1 });
    if (ok.type !== "probability") throw new Error("expected a probability");
    expect(Math.abs(ok.estimate.value - 0.5)).toBeLessThanOrEqual(Math.max(1e-12, 4 * ok.estimate.standardError));
  });

  it("the ATE arm at the top seed wraps to seed 0 instead of being refused", async () => {
    const r = await runQueryJob(m, { spec: single({ do: { x: 1 } }), options: { seed: 4294967295, samples: 400, method: "sampling" }, declared: { x: "bernoulli", z: "bernoulli" }, ate: true });
    expect(r.ateFailure).toBeUndefined();
    // ATE on z = 0.8 - 0.3; 400 samples per arm.
    expect(Math.abs(r.ate!.value - 0.5)).toBeLessThan(4 * r.ate!.standardError);
  });
});
