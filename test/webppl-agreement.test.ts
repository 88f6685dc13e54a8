// Our exact inference against an independent second algorithm: WebPPL's exact enumeration
// (Infer({ method: 'enumerate' })) on the same binary networks, written as WebPPL programs.
import { describe, expect, it } from "vitest";
import { Query } from "../src/core/index";
import { binaryNetwork, binaryNetworkNodes, type Shape } from "../bench/binary-networks";
import { compileWebppl, runWebppl, webpplProgram } from "../bench/webppl-enumerate";

describe("exact inference agrees with WebPPL's enumeration", () => {
  for (const shape of ["chain", "loopy"] as Shape[]) {
    it(`P(x9 = 1 | x0 = 1) on the 10-node ${shape}`, () => {
      const ours = new Query(() => binaryNetwork(shape, 10, 42)).condition({ x0: 1 }).prob({ x9: 1 }, { method: "exact" });
      const theirs = runWebppl(compileWebppl(webpplProgram(binaryNetworkNodes(shape, 10, 42), "x0", "x9")));
      expect(ours.method).toMatch(/exact|elimination/i);
      expect(theirs.probability).toBeGreaterThan(0.01); // a real probability, not a degenerate 0 or 1
      expect(theirs.probability).toBeLessThan(0.99);
      expect(Math.abs(ours.value - theirs.probability)).toBeLessThanOrEqual(1e-9);
    });
  }

  it("the comparison can fail: a different conditioning gives a different WebPPL answer", () => {
    const nodes = binaryNetworkNodes("loopy", 10, 42);
    const ours = new Query(() => binaryNetwork("loopy", 10, 42)).condition({ x0: 1 }).prob({ x9: 1 }, { method: "exact" });
    const conditionedOnX1 = runWebppl(compileWebppl(webpplProgram(nodes, "x1", "x9")));
    expect(Math.abs(ours.value - conditionedOnX1.probability)).toBeGreaterThan(1e-6);
  });
});
