// The fluent queries and their data form agree: q.toSpec(...) answered by answer() gives the very
// number q.prob / q.mean gives (exact answers, so to the digit), for do/condition, counterfactual and
// worlds queries; bad names in toSpec are refused like everywhere else.
import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { bernoulli } from "../distributions/bernoulli";
import { scm } from "../dsl/scm";
import { answer } from "./answer";

const m = scm("confounded")
  .variable("Z", () => bernoulli(0.5))
  .variable("X", ({ Z }) => bernoulli(Z ? 0.8 : 0.2))
  .variable("Y", ({ X, Z }) => bernoulli(0.1 + 0.5 * X + 0.3 * Z));

const estimate = (a: ReturnType<typeof answer>) => (a.type === "distribution" ? a.rows[0].estimate.value : a.estimate.value);
const code = (f: () => unknown) => {
  try { f(); } catch (e) { if (e instanceof CausalError) return e.diagnostic.code; throw e; }
  return "no error";
};

describe("toSpec", () => {
  it("Query.toSpec is the QuerySpec of do + condition, and answer() gives prob()'s number", () => {
    const q = m.do({ X: 1 }).condition({ Z: 0 });
    expect(q.toSpec("Y", 1)).toEqual({ kind: "single", counterfactual: false, do: { X: 1 }, given: { Z: 0 }, target: "Y", value: 1 });
    expect(estimate(answer(m, q.toSpec("Y", 1), { seed: 1 }))).toBe(q.prob({ Y: 1 }).value);
    expect(m.do({ X: 0 }).toSpec("Y")).toEqual({ kind: "single", counterfactual: false, do: { X: 0 }, given: {}, target: "Y" });
  });

  it("CounterfactualQuery.toSpec and WorldsQuery.toSpec give the same numbers through answer()", () => {
    const cf = m.counterfactual({ given: { X: 1, Y: 1 }, do: { X: 0 } });
    expect(cf.toSpec("Y", 1)).toEqual({ kind: "single", counterfactual: true, do: { X: 0 }, given: { X: 1, Y: 1 }, target: "Y", value: 1 });
    expect(estimate(answer(m, cf.toSpec("Y", 1), { seed: 1 }))).toBe(cf.prob({ Y: 1 }).value);
    const w = m.worlds({ t: { X: 1 }, c: { X: 0 } });
    const pns = w.toSpec({ event: [{ world: "t", variable: "Y", value: 1 }, { world: "c", variable: "Y", value: 0 }] });
    expect(pns).toEqual({ kind: "joint", worlds: { t: { X: 1 }, c: { X: 0 } }, given: {}, event: [{ world: "t", variable: "Y", value: 1 }, { world: "c", variable: "Y", value: 0 }] });
    expect(estimate(answer(m, pns, { seed: 1 }))).toBe(w.prob((v) => v.t.Y === 1 && v.c.Y === 0).value);
    const ett = w.given({ X: 1 }).toSpec({ mean: { difference: ["t", "c"], variable: "Y" } });
    expect(estimate(answer(m, ett, { seed: 1 }))).toBe(w.given({ X: 1 }).mean((v) => v.t.Y - v.c.Y).value);
  });

  it("refuses unknown variables, worlds and values outside the support", () => {
    expect(code(() => m.do({ X: 1 }).toSpec("nope" as "Y"))).toBe("unknown-variable");
    expect(code(() => m.worlds({ t: { X: 1 } }).toSpec({ mean: { world: "elsewhere", variable: "Y" } }))).toBe("invalid-argument");
    expect(code(() => m.counterfactual({ given: { X: 1 }, do: { X: 0 } }).toSpec("Y", 2))).toBe("outside-support");
  });
});
