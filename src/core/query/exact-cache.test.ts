// Exact answers reuse the model's tables and joints (issue 14, item 1, first step): the K rows of a
// distribution cost one network build and one elimination, not K; a model that cannot be exact is found
// out once; answers equal brute-force enumeration of the joint.
import { describe, expect, it } from "vitest";
import { bernoulli, categorical, normal, scm } from "../index";
import { answer } from "./answer";
import { supportProbe } from "./support-probe";

function counted() {
  const calls = { y: 0 };
  const m = scm("counted")
    .variable("x", () => bernoulli(0.3))
    .variable("z", ({ x }) => bernoulli(x ? 0.8 : 0.25))
    .variable("y", ({ x, z }) => (calls.y++, categorical(x ? [0.1, 0.2, 0.3, 0.25, 0.15] : z ? [0.3, 0.3, 0.2, 0.1, 0.1] : [0.05, 0.05, 0.1, 0.4, 0.4])));
  return { m, calls };
}

/** P(y = k | do) by enumerating x and z. */
function enumerated(doX?: number): number[] {
  const out = [0, 0, 0, 0, 0];
  for (const x of [0, 1]) for (const z of [0, 1]) {
    const px = doX === undefined ? (x ? 0.3 : 0.7) : x === doX ? 1 : 0;
    const pz = z ? (x ? 0.8 : 0.25) : x ? 0.2 : 0.75;
    const py = x ? [0.1, 0.2, 0.3, 0.25, 0.15] : z ? [0.3, 0.3, 0.2, 0.1, 0.1] : [0.05, 0.05, 0.1, 0.4, 0.4];
    py.forEach((p, k) => (out[k] += px * pz * p));
  }
  return out;
}

describe("exact answers share tables and eliminations", () => {
  it("a 5-state distribution runs y's mechanism once per parent configuration (no more than one P(y = k) does), and equals enumeration", () => {
    const one = counted();
    answer(one.m, { kind: "single", counterfactual: false, do: {}, given: {}, target: "y", value: 2 }, { seed: 1 });
    const all = counted();
    const a = answer(all.m, { kind: "single", counterfactual: false, do: {}, given: {}, target: "y" }, { seed: 1 });
    if (a.type !== "distribution") throw new Error("expected a distribution");
    expect(a.rows.map((r) => r.value)).toEqual([0, 1, 2, 3, 4]);
    a.rows.forEach((r, k) => expect(r.estimate.value).toBeCloseTo(enumerated()[k], 14));
    // One table build: y's mechanism on its 4 parent configurations (a single P(y = k) also probes y's support to check k).
    expect(all.calls.y).toBe(4);
    expect(all.calls.y).toBeLessThanOrEqual(one.calls.y);
  });

  it("a second query on the same model version builds nothing again; do() and given answer as enumeration says", () => {
    const { m, calls } = counted();
    const doX1 = { kind: "single", counterfactual: false, do: { x: 1 }, given: {}, target: "y" } as const;
    const first = answer(m, doX1, { seed: 1 });
    const before = calls.y;
    const again = answer(m, doX1, { seed: 2 });
    expect(calls.y).toBe(before);
    expect(again).toEqual(first);
    if (first.type !== "distribution") throw new Error("expected a distribution");
    first.rows.forEach((r, k) => expect(r.estimate.value).toBeCloseTo(enumerated(1)[k], 14));
    // P(z = 1 | y = 4) by Bayes over the enumeration.
    const given = answer(m, { kind: "single", counterfactual: false, do: {}, given: { y: 4 }, target: "z", value: 1 }, { seed: 1 });
    let num = 0, den = 0;
    for (const x of [0, 1]) for (const z of [0, 1]) {
      const p = (x ? 0.3 : 0.7) * (z ? (x ? 0.8 : 0.25) : x ? 0.2 : 0.75) * (x ? 0.15 : z ? 0.1 : 0.4);
      den += p;
      if (z) num += p;
    }
    if (given.type !== "distribution") throw new Error("expected rows");
    expect(given.rows[0].estimate.value).toBeCloseTo(num / den, 14);
  });

  it("builds only the part of the network a query touches: a continuous child elsewhere no longer makes P(y) inexact", () => {
    let wCalls = 0;
    const m = scm("part")
      .variable("x", () => bernoulli(0.3))
      .variable("y", ({ x }) => bernoulli(x ? 0.9 : 0.2))
      .variable("w", ({ x }) => (wCalls++, normal(x, 1)));
    supportProbe(m.spec()); // the value check's probe runs every mechanism once per model version
    wCalls = 0;
    const a = answer(m, { kind: "single", counterfactual: false, do: {}, given: {}, target: "y", value: 1 }, { seed: 1, method: "exact" });
    if (a.type !== "distribution") throw new Error("expected rows");
    expect(a.rows[0].estimate).toMatchObject({ standardError: 0, method: "variable elimination" });
    expect(a.rows[0].estimate.value).toBeCloseTo(0.3 * 0.9 + 0.7 * 0.2, 15);
    expect(wCalls).toBe(0);
    // A query that needs w is refused as exact, with the reason, and samples under auto.
    expect(() => answer(m, { kind: "single", counterfactual: false, do: {}, given: {}, target: "w" }, { seed: 1, method: "exact" })).toThrow(/not finite|exact/);
  });
});
