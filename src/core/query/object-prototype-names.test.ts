// Issue 13 item 8: variables (and worlds) named after Object.prototype's keys. A `__proto__`
// variable got probabilities that sum to 2 (its event was stored in a plain {} where
// `o["__proto__"] = 1` sets the prototype, so the event was empty and always true). Every answer
// of a model with such names must equal the same model with safe names, which exact enumeration
// gives. The property draws names from a list holding all of Object.prototype's keys.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { scm } from "../dsl/scm";
import type { Estimate } from "../infer/estimate";
import { answer, type Answer } from "./answer";
import type { QuerySpec } from "./query-spec";

type Mech = (p: Record<string, number>) => ReturnType<typeof bernoulli>;
const PROBS = [[0.3], [0.8, 0.1], [0.6, 0.2], [0.1, 0.5, 0.3]];

/** A chain n0 -> n1 -> n2, and n3 <- n2, n0; each mechanism destructures its parents by (quoted) name. */
function build(names: readonly string[]) {
  const mech = (parents: string[], body: string): Mech => {
    const pattern = parents.map((p, j) => `${JSON.stringify(p)}: v${j}`).join(", ");
    return new Function("bernoulli", `return ({ ${pattern} }) => bernoulli(${body});`)(bernoulli) as Mech;
  };
  const [a, b, c, d] = names;
  return scm("names")
    .variable(a, mech([], `${PROBS[0][0]}`))
    .variable(b, mech([a], `v0 ? ${PROBS[1][0]} : ${PROBS[1][1]}`))
    .variable(c, mech([b], `v0 ? ${PROBS[2][0]} : ${PROBS[2][1]}`))
    .variable(d, mech([c, a], `${PROBS[3][0]} + ${PROBS[3][1]} * v0 + ${PROBS[3][2]} * v1`)) as unknown as ReturnType<typeof scm>;
}

const SAFE = ["a", "b", "c", "d"];
const rename = (names: readonly string[]) => (x: string) => names[SAFE.indexOf(x)] ?? x;
const rec = (entries: [string, number][], to: (x: string) => string) => Object.fromEntries(entries.map(([k, v]) => [to(k), v]));

/** Queries on the safe names, renamed: marginals, do, given, a counterfactual, and joint worlds whose names are hostile too. */
function queries(to: (x: string) => string, worlds: [string, string]): QuerySpec[] {
  const out: QuerySpec[] = [];
  for (const t of SAFE) out.push({ kind: "single", counterfactual: false, do: {}, given: {}, target: to(t) });
  out.push({ kind: "single", counterfactual: false, do: rec([["b", 1]], to), given: {}, target: to("d") });
  out.push({ kind: "single", counterfactual: false, do: {}, given: rec([["c", 0]], to), target: to("a"), value: 1 });
  out.push({ kind: "single", counterfactual: true, do: rec([["a", 0]], to), given: rec([["d", 1]], to), target: to("b") });
  out.push({
    kind: "joint", worlds: { [worlds[0]]: rec([["a", 1]], to), [worlds[1]]: rec([["a", 0]], to) }, given: {},
    event: [{ world: worlds[0], variable: to("d"), value: 1 }, { world: worlds[1], variable: to("d"), value: 0 }],
  });
  return out;
}

const values = (a: Answer): number[] => {
  const e = (x: Estimate) => x.value;
  return a.type === "distribution" ? a.rows.flatMap((r) => [r.value, e(r.estimate)]) : [e(a.estimate)];
};

function compare(names: readonly string[], worlds: [string, string], method: "exact" | "sampling") {
  const hostile = build(names), safe = build(SAFE);
  const hq = queries(rename(names), worlds), sq = queries((x) => x, ["t", "c"]);
  hq.forEach((q, i) => {
    const options = { seed: 7, samples: 2000, method, batches: 2, distribution: "bernoulli" } as const;
    const got = values(answer(hostile, q, options)), want = values(answer(safe, sq[i], options));
    expect(got, JSON.stringify(q)).toEqual(want);
  });
}

const HOSTILE = ["__proto__", "toString", "constructor", "hasOwnProperty"];

describe("variables named after Object.prototype's keys", () => {
  it("__proto__, toString, constructor, hasOwnProperty answer as safe names do (exact and sampled)", () => {
    compare(HOSTILE, ["__proto__", "toString"], "exact");
    compare(HOSTILE, ["constructor", "valueOf"], "sampling");
  });

  it("the exact marginal of __proto__ is a distribution (it summed to 2)", () => {
    const a = answer(build(HOSTILE), { kind: "single", counterfactual: false, do: {}, given: {}, target: "__proto__" }, { seed: 1, distribution: "bernoulli" });
    const [v0, p0, v1, p1] = values(a);
    expect([v0, v1]).toEqual([0, 1]);
    expect(p0).toBeCloseTo(0.7, 12);
    expect(p1).toBeCloseTo(0.3, 12);
  });

  it("fluent queries take them too: do, condition and prob with computed keys", () => {
    const m = build(HOSTILE) as unknown as { do(v: object): { condition(v: object): { prob(e: object): Estimate } } };
    const safe = build(SAFE) as unknown as typeof m;
    const got = m.do({ ["__proto__"]: 1 }).condition({ constructor: 0 }).prob({ hasOwnProperty: 1 }).value;
    expect(got).toBeCloseTo(safe.do({ a: 1 }).condition({ c: 0 }).prob({ d: 1 }).value, 12);
  });

  it("property: names drawn from Object.prototype's keys and __proto__ give the safe model's answers", () => {
    const pool = [...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__", "then", "toJSON", "x", "y"])];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...pool), { minLength: 4, maxLength: 4 }), fc.uniqueArray(fc.constantFrom(...pool.filter((w) => /^[A-Za-z_]\w*$/.test(w))), { minLength: 2, maxLength: 2 }), (names, worlds) => {
        compare(names, worlds as [string, string], "exact");
      }),
      { seed: 13, numRuns: 60 },
    );
  });
});
