import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { bernoulli } from "../distributions/bernoulli";
import { beta } from "../distributions/beta";
import { categorical } from "../distributions/categorical";
import { delta } from "../distributions/delta";
import { gamma } from "../distributions/gamma";
import { normal } from "../distributions/normal";
import { poisson } from "../distributions/poisson";
import { scm } from "../dsl/scm";
import { supportProbe } from "./support-probe";

const m = scm("supports")
  .variable("b", () => bernoulli(0.3))
  .variable("c", () => categorical([0.2, 0.3, 0.5]))
  .variable("n", ({ b }) => poisson(b ? 2 : 0.5))
  .variable("r", () => beta(2, 3))
  .variable("g", () => gamma(2, 1))
  .variable("y", ({ n, r, g }) => normal(n + r + g, 1))
  .variable("sure", () => bernoulli(1))
  .variable("d", ({ b, c }) => delta(b + c))
  .variable("mix", ({ b }) => (b ? categorical([0.2, 0.3, 0.5]) : bernoulli(0.5)));

function failure(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError");
}
const code = (f: () => unknown) => { try { f(); return "no error"; } catch (e) { if (e instanceof CausalError) return e.diagnostic.code; throw e; } };

const BERNOULLI = '"b" is bernoulli, whose values are 0 and 1';
const CATEGORICAL = '"c" is categorical, whose values are 0, 1 and 2';
const POISSON = '"n" is poisson, whose values are the integers 0, 1, 2, ...';
const BETA = '"r" is beta, whose values are the numbers strictly between 0 and 1';
const GAMMA = '"g" is gamma, whose values are the positive numbers';

describe("values outside a variable's support are one outside-support error", () => {
  it.each<[string, () => unknown, string]>([
    ["do on bernoulli", () => m.do({ b: 3 }), `do(b = 3): ${BERNOULLI}`],
    ["condition on categorical", () => m.condition({ c: 3 }), `condition(c = 3): ${CATEGORICAL}`],
    ["do on categorical, non-integer", () => m.do({ c: 1.5 }), `do(c = 1.5): ${CATEGORICAL}`],
    ["condition on poisson, negative", () => m.condition({ n: -1 }), `condition(n = -1): ${POISSON}`],
    ["do on poisson, non-integer", () => m.do({ n: 2.5 }), `do(n = 2.5): ${POISSON}`],
    ["do on beta", () => m.do({ r: 1.5 }), `do(r = 1.5): ${BETA}`],
    ["condition on gamma", () => m.condition({ g: -1 }), `condition(g = -1): ${GAMMA}`],
    ["event on bernoulli", () => m.prob({ b: 7 }), `prob(b = 7): ${BERNOULLI}`],
    ["event after do", () => m.do({ b: 1 }).prob({ n: -2 }), `prob(n = -2): ${POISSON}`],
    ["counterfactual do", () => m.counterfactual({ given: { b: 1 }, do: { r: 1.5 } }), `world "counterfactual": do(r = 1.5): ${BETA}`],
    ["counterfactual given", () => m.counterfactual({ given: { n: 0.5 }, do: { b: 0 } }), `given(n = 0.5): ${POISSON}`],
    ["counterfactual event", () => m.counterfactual({ given: { b: 1 }, do: { b: 0 } }).prob({ c: -1 }), `prob(c = -1): ${CATEGORICAL}`],
    ["worlds", () => m.worlds({ t: { g: -1 }, u: { b: 0 } }), `world "t": do(g = -1): ${GAMMA}`],
    ["worlds given", () => m.worlds({ t: { b: 1 } }).given({ b: 2 }), `given(b = 2): ${BERNOULLI}`],
    ["ate arms", () => m.ate({ treatment: "b", outcome: "y", treated: 2 }), `do(b = 2): ${BERNOULLI}`],
  ])("%s", (_label, f, message) => {
    const e = failure(f);
    expect(e.diagnostic.code).toBe("outside-support");
    expect(e.message).toBe(message);
  });

  it("names every family a parent-dependent mechanism can take", () => {
    const e = failure(() => m.do({ mix: 5 }));
    expect(e.diagnostic.code).toBe("outside-support");
    expect(e.message).toBe('do(mix = 5): "mix" is bernoulli (values 0 and 1) or categorical (values 0, 1 and 2), depending on its parents');
    // 2 is a value of the categorical branch only, and allowed: P(mix = 2) = 0.3 * 0.5 (sampled: y is continuous).
    const p = m.prob({ mix: 2 }, { samples: 20000, seed: 4 });
    expect(Math.abs(p.value - 0.15)).toBeLessThanOrEqual(4 * Math.sqrt((0.15 * 0.85) / 20000));
  });

  it("NaN and infinities stay invalid-argument", () => {
    expect(code(() => m.do({ y: NaN }))).toBe("invalid-argument");
    expect(code(() => m.do({ y: Infinity }))).toBe("invalid-argument");
    expect(code(() => m.condition({ g: -Infinity }))).toBe("invalid-argument");
  });
});

describe("legal edge cases still answer", () => {
  it("do(x = 0) where x ~ bernoulli(1): in the family's support though it has no mass", () => {
    const q = scm("sure").variable("x", () => bernoulli(1)).variable("y", ({ x }) => bernoulli(x ? 0.9 : 0.2));
    expect(q.do({ x: 0 }).prob({ y: 1 }).value).toBeCloseTo(0.2, 12);
    // Observing it is allowed too; it is then impossible evidence, not an out-of-support value.
    expect(code(() => q.condition({ x: 0 }).prob({ y: 1 }))).toBe("impossible-evidence");
  });

  it("a delta variable can be set to any number", () => {
    const q = scm("det").variable("x", () => bernoulli(0.5)).variable("d", ({ x }) => delta(2 * x)).variable("y", ({ d }) => normal(d, 1));
    expect(q.do({ d: 123.5 }).mean("y", { samples: 4000, seed: 2 }).value).toBeCloseTo(123.5, 0);
    expect(q.do({ d: -7 }).prob({ d: -7 }).value).toBe(1);
  });

  it("a normal variable set to -1e6", () => {
    const q = scm("lin").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(2 * x, 1));
    const e = q.do({ x: -1e6 }).mean("y", { samples: 4000, seed: 3 });
    expect(Math.abs(e.value + 2e6)).toBeLessThanOrEqual(4 * e.standardError + 1e-6);
  });

  it("agrees with exact inference on a parent configuration the forward draw rarely reaches", () => {
    // rare = 1 has probability 1e-4, so 64 forward rows almost surely miss it; the probe enumerates
    // the finite parent domain instead, as variable elimination does: P(k = 4) = 1e-4 * 0.2.
    const q = scm("rare").variable("rare", () => bernoulli(1e-4)).variable("k", ({ rare }) => (rare ? categorical([0.2, 0.2, 0.2, 0.2, 0.2]) : bernoulli(0.5)));
    expect(q.prob({ k: 4 }).value).toBeCloseTo(1e-4 * 0.2, 15);
    expect(q.do({ k: 4 }).prob({ k: 4 }).value).toBe(1);
    expect(code(() => q.do({ k: 5 }))).toBe("outside-support");
  });

  it("probes each model once", () => {
    const spec = m.spec();
    expect(supportProbe(spec)).toBe(supportProbe(spec));
    expect([...supportProbe(spec).keys()]).toEqual(spec.variables.map((v) => v.name));
  });
});
