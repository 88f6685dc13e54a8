// The criticism checks through the public API, as a user calls them: a model built with the DSL,
// fitted by maximum likelihood, a Table made by tableFromColumns, and the graph from m.graph().
import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng";
import { eValue, fitMaximumLikelihood, linearGaussian, localTests, normal, residualChecks, scm, tableFromColumns } from "../index";

describe("criticism through the library", () => {
  it("flags a linear mechanism fitted to y = x^2 on U(0, 2) and passes the quadratic one; local tests read the model's graph", () => {
    const rng = createRng(21), n = 400;
    const x = Array.from({ length: n }, () => 2 * rng.next());
    const y = x.map((v) => v * v + 0.1 * rng.normal());
    const z = y.map((v) => 0.5 * v + rng.normal());
    const table = tableFromColumns({ x, y, z });
    const linear = scm("line")
      .variable("x", () => normal(1, 1))
      .variable("y", linearGaussian(({ x }) => ({ x })))
      .variable("z", linearGaussian(({ y }) => ({ y })));
    const fitted = fitMaximumLikelihood(linear, table);
    const slope = (fitted.params.get("y.coef") as Float64Array)[1];
    expect(slope).toBeCloseTo(2, 0); // x ~ U(0, 2): the best line has slope l + u = 2
    const lin = residualChecks(fitted.model, table);
    const y1 = lin.mechanisms.find((m) => m.variable === "y")!;
    expect(y1.verdict).toBe("fail");
    expect(y1.range).toBeDefined();
    const quadratic = scm("quad")
      .variable("x", () => normal(1, 1))
      .variable("y", linearGaussian(({ x }) => ({ x, x2: x * x })))
      .variable("z", linearGaussian(({ y }) => ({ y })));
    const q = residualChecks(fitMaximumLikelihood(quadratic, table).model, table);
    expect(q.mechanisms.find((m) => m.variable === "y")!.tests.find((t) => t.test === "reset")!.verdict).not.toBe("fail");
    const local = localTests(linear, table);
    expect(local.tests.map((t) => t.text)).toEqual(["z ⊥ x | y"]);
    expect(local.tests[0].ranges.x).toBeDefined();
    expect(local.tests[0].verdict).not.toBe("fail");
  });

  it("says how strong hidden confounding would need to be", () => {
    expect(eValue({ measure: "risk-ratio", estimate: 2, lower: 1.5, upper: 2.7, exposure: "x", outcome: "y" }).sentence).toMatch(/^An unobserved confounder associated with both x and y by a risk ratio of 3\.41 each/);
  });
});
