// A sampled distribution (issue 14, item 5): one pass of samples for all states (not one per state),
// each state's frequency equal to the exact probability within its standard error, and a state never
// drawn reported with a non-zero error near 1/n instead of 0 ± 0.
import { describe, expect, it } from "vitest";
import { categorical, normal, scm } from "../index";
import { answer } from "./answer";
import type { QuerySpec } from "./query-spec";

const single = (target: string, over: Partial<QuerySpec & { kind: "single" }> = {}): QuerySpec => ({ kind: "single", counterfactual: false, do: {}, given: {}, target, ...over });

describe("sampled distributions", () => {
  it("draw the samples once for all states", () => {
    let calls = 0;
    const m = scm("k").variable("x", () => categorical([0.1, 0.2, 0.3, 0.25, 0.15])).variable("y", ({ x }) => (calls++, categorical(x > 2 ? [0.5, 0.5] : [0.9, 0.1])));
    const a = answer(m, single("x", { given: { y: 1 } }), { seed: 3, samples: 4000, method: "sampling" });
    expect(a.type).toBe("distribution");
    if (a.type !== "distribution") return;
    expect(a.rows).toHaveLength(5);
    // Row-by-row mechanisms run once per sampled row; one state per pass would be 5 × 4,000.
    expect(calls).toBeLessThan(4000 * 1.5);
  });

  it("each state's frequency is within 4 standard errors of its exact probability, over 20 seeds", () => {
    const m = scm("k").variable("x", () => categorical([0.1, 0.2, 0.3, 0.25, 0.15])).variable("y", ({ x }) => categorical(x > 2 ? [0.5, 0.5] : [0.9, 0.1]));
    const exact = answer(m, single("x", { given: { y: 1 } }), { seed: 1, method: "exact" });
    if (exact.type !== "distribution") throw new Error("expected a distribution");
    let outside = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const a = answer(m, single("x", { given: { y: 1 } }), { seed, samples: 2000, method: "sampling" });
      if (a.type !== "distribution") throw new Error("expected a distribution");
      a.rows.forEach((r, i) => {
        expect(r.estimate.standardError).toBeGreaterThan(0);
        if (Math.abs(r.estimate.value - exact.rows[i].estimate.value) > 4 * r.estimate.standardError) outside++;
      });
    }
    // 100 comparisons at 4 SE: even one miss would be unusual (two-sided 6e-5 each).
    expect(outside).toBe(0);
  });

  it("a state no sample reached gets 0 with an error near 1/n, not 0 ± 0", () => {
    // A continuous parent keeps the network off the exact path; state 2 has probability 1e-12.
    const m = scm("rare").variable("u", () => normal(0, 1)).variable("x", ({ u }) => categorical(u > 0 ? [0.6, 0.4 - 1e-12, 1e-12] : [0.3, 0.7 - 1e-12, 1e-12]));
    const n = 10_000;
    const a = answer(m, single("x"), { seed: 5, samples: n });
    if (a.type !== "distribution") throw new Error("expected a distribution");
    const rare = a.rows.find((r) => r.value === 2)!;
    expect(rare.estimate.value).toBe(0);
    expect(rare.estimate.standardError).toBeGreaterThan(1 / n);
    expect(rare.estimate.standardError).toBeLessThan(4 / n);
    // The seen states keep their binomial errors: sqrt(p (1 - p) / n) at p = 0.45.
    expect(a.rows[0].estimate.standardError).toBeGreaterThan(0.8 * Math.sqrt(0.45 * 0.55 / n));
    expect(a.rows[0].estimate.standardError).toBeLessThan(1.2 * Math.sqrt(0.45 * 0.55 / n));
  });
});
