// Counterfactuals of inverse-CDF mechanisms: the shared noise u ~ U(F(y-1), F(y)) is abducted
// from the observation and pushed through the new CDF. Independent answer: the overlap of the
// two CDF intervals, P(Y' = j | Y = k) = |[F(k-1), F(k)] ∩ [F'(j-1), F'(j)]| / P(Y = k).
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { poisson } from "../distributions/poisson";
import { uniform } from "../distributions/uniform";
import { scm } from "../dsl/scm";

describe("inverse-CDF counterfactuals", () => {
  it("poisson: the counterfactual count follows the CDF-interval overlap", () => {
    const m = scm("counts").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => poisson(x ? 4 : 2));
    const F = (rate: number, k: number) => poisson(rate).cdf(k);
    const k = 2, pk = F(2, k) - F(2, k - 1);
    const cf = m.counterfactual({ given: { x: 0, y: k }, do: { x: 1 } });
    for (const j of [2, 3, 4]) {
      const overlap = Math.max(0, Math.min(F(2, k), F(4, j)) - Math.max(F(2, k - 1), F(4, j - 1))) / pk;
      const e = cf.prob({ y: j }, { samples: 40_000, seed: 20 + j });
      expect(e.method).toBe("multi-world likelihood weighting");
      if (overlap === 0) expect(e.value).toBe(0);
      else expect(Math.abs(e.value - overlap)).toBeLessThan(4 * e.standardError);
    }
    expect(cf.prob({ y: 0 }, { samples: 5_000 }).value).toBe(0); // a higher rate never lowers the count (monotone coupling)
  });

  it("uniform: y = a + (b - a) u is inverted exactly", () => {
    const m = scm("u").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => uniform(0, x ? 4 : 2));
    const e = m.counterfactual({ given: { x: 0, y: 1.5 }, do: { x: 1 } }).mean("y", { samples: 1_000 });
    expect(e.value).toBeCloseTo(3, 12);
  });
});
