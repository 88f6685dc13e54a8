import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Query } from "../query/query";
import { WorldsQuery } from "../query/counterfactual";
import { Factor, fusedSumOut, multiply, productSumOut, reduce, sumOut } from "./factor";
import { planElimination } from "./variable-elimination";
import { bruteForce, configurations, randomNetwork } from "./random-network.test-util";

describe("factor operations", () => {
  const card = (v: number) => [2, 3, 2][v];
  const a = new Factor([0, 1], [2, 3], Float64Array.from([1, 2, 3, 4, 5, 6]));
  const b = new Factor([1, 2], [3, 2], Float64Array.from([1, 10, 100, 2, 20, 200]));
  it("multiplies pointwise over the union scope", () => {
    const ab = multiply(a, b, card);
    expect(ab.vars).toEqual([0, 1, 2]);
    // entry (x0=1, x1=2, x2=1): a[1 + 2*2] * b[2 + 3*1] = 6 * 200
    expect(ab.values[1 + 2 * 2 + 6 * 1]).toBe(1200);
  });
  it("sums out and reduces", () => {
    expect(Array.from(sumOut(a, 0).values)).toEqual([3, 7, 11]);
    expect(Array.from(reduce(a, 1, 2).values)).toEqual([5, 6]);
  });
  it("productSumOut equals multiplying the factors then summing out, on random factors (fast-check)", () => {
    const cards = [2, 3, 4, 1, 5];
    const factorArb = fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }).chain((vars) =>
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: vars.reduce((p, v) => p * cards[v], 1), maxLength: vars.reduce((p, v) => p * cards[v], 1) })
        .map((vals) => new Factor(vars, vars.map((v) => cards[v]), Float64Array.from(vals))));
    fc.assert(fc.property(fc.array(factorArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 4 }), (fs, pick) => {
      const withV = fs.filter((f) => f.vars.includes(pick));
      if (!withV.length) return;
      const fused = productSumOut(withV, pick, (v) => cards[v]);
      let prod = withV[0];
      for (let i = 1; i < withV.length; i++) prod = multiply(prod, withV[i], (v) => cards[v]);
      const slow = sumOut(prod, pick);
      // The same variables (in the contraction's order); entries equal, read in fused's layout, up to the order of the additions.
      expect([...fused.vars].sort()).toEqual([...slow.vars].sort());
      const ones = new Factor(fused.vars, fused.card, new Float64Array(fused.values.length).fill(1));
      const laidOut = multiply(ones, slow, (v) => cards[v]);
      fused.values.forEach((x, i) => expect(Math.abs(x - laidOut.values[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(laidOut.values[i]))));
      // The one-loop fallback (for factors too large to pair) in first-seen order.
      const loop = fusedSumOut(withV, pick, slow.vars, (v) => cards[v]);
      loop.values.forEach((x, i) => expect(Math.abs(x - slow.values[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(slow.values[i]))));
    }), { seed: 9, numRuns: 300 });
  });
  it("an exact answer reports the largest table its elimination built", async () => {
    const { bernoulli, scm } = await import("../index");
    // y reads three binary parents: eliminating them needs the table over (x1, x2, x3, y), 16 entries.
    const m = scm("fan").variable("x1", () => bernoulli(0.3)).variable("x2", () => bernoulli(0.6)).variable("x3", () => bernoulli(0.5))
      .variable("y", ({ x1, x2, x3 }) => bernoulli(0.1 + 0.2 * x1 + 0.3 * x2 + 0.3 * x3));
    expect(m.prob({ y: 1 }, { method: "exact" }).largestTable).toBe(16);
    // A chain's marginal never needs more than two variables at once.
    const chain = scm("chain").variable("a", () => bernoulli(0.3)).variable("b", ({ a }) => bernoulli(a ? 0.8 : 0.1)).variable("c", ({ b }) => bernoulli(b ? 0.7 : 0.2));
    expect(chain.prob({ c: 1 }, { method: "exact" }).largestTable).toBe(4);
  });
  it("orders a chain without fill-in", () => {
    const plan = planElimination([[0, 1], [1, 2], [2, 3], [3, 4]], [0, 1, 2, 3], () => 2);
    expect(plan.maxClique).toBeLessThanOrEqual(4);
  });
});

describe("variable elimination agrees with brute-force enumeration of the joint", () => {
  it("on random small networks (conditional and interventional queries)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 2, max: 6 }), (seed, n) => {
        const { spec, cpts } = randomNetwork(seed, n, 3, 3);
        const q = new Query(() => spec);
        const target = cpts[n - 1].name, ev = cpts[0].name, act = cpts[Math.min(1, n - 1)].name;
        const exact = q.condition({ [ev]: 1 }).prob({ [target]: 1 }, { method: "exact" });
        expect(exact.method).toBe("variable elimination");
        expect(exact.value).toBeCloseTo(bruteForce(cpts, (x) => x[target] === 1, { [ev]: 1 }), 10);
        const intervened = q.do({ [act]: 0 }).prob((x) => x[target] === 0 || x[cpts[0].name] === 1, { method: "exact" });
        expect(intervened.value).toBeCloseTo(bruteForce(cpts, (x) => x[target] === 0 || x[cpts[0].name] === 1, {}, { [act]: 0 }), 10);
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });

  it("sampling agrees with exact answers within 4 standard errors", () => {
    const { spec, cpts } = randomNetwork(77, 6, 3, 2);
    const q = new Query(() => spec).condition({ v1: 0 });
    const ex = q.prob({ v5: 1 }, { method: "exact" }), lw = q.prob({ v5: 1 }, { method: "sampling", samples: 50_000, seed: 3 });
    expect(lw.method).toBe("likelihood weighting");
    expect(Math.abs(lw.value - ex.value)).toBeLessThan(4 * lw.standardError);
    expect(lw.effectiveSampleSize).toBeGreaterThan(1000);
    void cpts;
  });
});

/**
 * An independent exact counterfactual algorithm for binary networks: enumerate the cells of
 * each variable's exogenous U ~ U(0,1) cut at every threshold its mechanism can use; within a
 * cell every response is fixed, so each world is computed deterministically.
 */
function cellEnumeration(cpts: ReturnType<typeof randomNetwork>["cpts"], evidence: Record<string, number>, worlds: Record<string, Record<string, number>>, f: (w: Record<string, Record<string, number>>) => number): number {
  const cells = cpts.map((c) => {
    const cuts = [...new Set([0, 1, ...[...c.table.values()].map((p) => p[1])])].sort((a, b) => a - b);
    return cuts.slice(1).map((hi, i) => ({ u: (cuts[i] + hi) / 2, p: hi - cuts[i] }));
  });
  let num = 0, den = 0;
  for (const conf of configurations(cells.map((c) => c.length))) {
    const us = conf.map((k, i) => cells[i][k]);
    const prob = us.reduce((s, c) => s * c.p, 1);
    const run = (dos: Record<string, number>) => {
      const x: Record<string, number> = {};
      cpts.forEach((c, i) => { x[c.name] = Object.hasOwn(dos, c.name) ? dos[c.name] : us[i].u < c.table.get(c.parents.map((q) => x[q]).join(","))![1] ? 1 : 0; });
      return x;
    };
    const all: Record<string, Record<string, number>> = { factual: run({}) };
    for (const [w, dos] of Object.entries(worlds)) all[w] = run(dos);
    if (Object.entries(evidence).some(([k, v]) => all.factual[k] !== v)) continue;
    den += prob;
    num += prob * f(all);
  }
  return num / den;
}

describe("twin-network variable elimination agrees with exogenous-cell enumeration", () => {
  it("on random binary networks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 3, max: 6 }), (seed, n) => {
        const { spec, cpts } = randomNetwork(seed, n, 2, 2);
        const a = cpts[0].name, y = cpts[n - 1].name, mid = cpts[1].name;
        const worlds = { t: { [a]: 1 }, c: { [a]: 0 } };
        const evidence = { [mid]: 1 };
        const f = (w: Record<string, Record<string, number>>) => (w.t[y] === 1 && w.c[y] === 0 ? 1 : 0) + 0.5 * w.factual[y];
        let expected: number;
        try { expected = cellEnumeration(cpts, evidence, worlds, f); } catch { return; }
        if (!Number.isFinite(expected)) return; // evidence of probability 0
        const got = new WorldsQuery(() => spec, worlds).given(evidence).mean(f as never, { method: "exact" });
        expect(got.method).toBe("twin-network variable elimination");
        expect(got.value).toBeCloseTo(expected, 10);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe("elimination order: kept scores equal rescoring every candidate at every step", () => {
  /** The plain greedy loop, every candidate rescored at every step (the reference for the incremental one). */
  function rescoring(scopes: number[][], eliminate: number[], card: (v: number) => number) {
    let best: { order: number[]; maxClique: number; cost: number } | undefined;
    for (const h of ["min-fill", "weighted-min-fill", "min-weight", "min-message"] as const) {
      const adj = new Map<number, Set<number>>();
      for (const s of scopes) for (const a of s) { if (!adj.has(a)) adj.set(a, new Set()); for (const b of s) if (a !== b) adj.get(a)!.add(b); }
      const todo = eliminate.filter((v) => adj.has(v));
      const order: number[] = [];
      let maxClique = 1, cost = 0;
      while (todo.length) {
        const scored = todo.map((v) => {
          const ns = [...adj.get(v)!];
          const size = ns.reduce((p, u) => p * card(u), card(v));
          let fill = 0, weighted = 0;
          for (let i = 0; i < ns.length; i++) for (let j = i + 1; j < ns.length; j++) if (!adj.get(ns[i])!.has(ns[j])) { fill++; weighted += card(ns[i]) * card(ns[j]); }
          const score = h === "min-fill" ? fill : h === "weighted-min-fill" ? weighted : h === "min-weight" ? size : size / card(v);
          return { v, score, size };
        });
        const pick = scored.reduce((a, b) => (b.score < a.score || (b.score === a.score && b.size < a.size) ? b : a));
        const ns = [...adj.get(pick.v)!];
        for (const a of ns) { adj.get(a)!.delete(pick.v); for (const b of ns) if (a !== b) adj.get(a)!.add(b); }
        adj.delete(pick.v);
        todo.splice(todo.indexOf(pick.v), 1);
        order.push(pick.v);
        maxClique = Math.max(maxClique, pick.size);
        cost += pick.size;
      }
      if (!best || cost < best.cost) best = { order, maxClique, cost };
    }
    return { order: best!.order, maxClique: best!.maxClique };
  }

  it("on random interaction graphs with unequal cardinalities the plan is the reference's, order and largest table", () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 14 }).chain((n) => fc.tuple(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 2, max: 5 }), { minLength: n, maxLength: n }),
        fc.uniqueArray(fc.integer({ min: 0, max: n + 2 }), { maxLength: n }),
      )),
      ([scopes, cards, eliminate]) => {
        const card = (v: number) => cards[v] ?? 2;
        expect(planElimination(scopes, eliminate, card)).toEqual(rescoring(scopes, eliminate, card));
      },
    ), { seed: 14, numRuns: 400 });
  });
});
