// samples/misspecification: the shipped CSV is what generate.ts draws; the line fails every check
// (drift, Chow, invariance, LOEO, curvature) and the quadratic passes every one; the per-environment
// slopes are near l + u and the figures near seeds.md section h; and the README quotes the output.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataCsv } from "../../samples/misspecification/generate";
import { diagnose, figures, formatReport, SEEDS } from "../../samples/misspecification/main";
import { checkFigures } from "../../src/protocol/figure-messages";
import { ENVIRONMENTS } from "../../samples/misspecification/truth";

const dir = join(__dirname, "..", "..", "samples", "misspecification");

describe("samples/misspecification", async () => {
  const report = await diagnose(join(dir, "data.csv"));
  const [line, quadratic] = report.models;

  it("returns figures the run panel can draw: the line's slope per environment beside seeds.md, and both models' held-out error", () => {
    const [slopes, loeo] = figures(report);
    expect(checkFigures([slopes, loeo]).ok).toBe(true);
    const bars = (f: typeof slopes, k: number) => { const m = f.marks[k]; return m.kind === "bar" ? m.bars.map((b) => b.value) : []; };
    expect(bars(slopes, 0)).toEqual(line.environments.map((e) => e.slope));
    expect(bars(slopes, 1)).toEqual(SEEDS.slopes);
    expect(bars(loeo, 1)).toEqual(quadratic.environments.map((e) => e.loeoRmse));
  });

  it("ships exactly the data generate.ts draws (seed 2018)", () => {
    expect(readFileSync(join(dir, "data.csv"), "utf8")).toBe(dataCsv());
  });

  it("flags the line on every check and passes the quadratic on every one", () => {
    expect(line.checks.map((c) => [c.check, c.verdict])).toEqual(["drift", "chow", "invariance", "loeo", "curvature"].map((c) => [c, "fail"]));
    expect(quadratic.checks.map((c) => [c.check, c.verdict])).toEqual(["drift", "chow", "invariance", "loeo", "curvature"].map((c) => [c, "pass"]));
    expect(line.verdict).toBe("fail");
    expect(quadratic.verdict).toBe("pass");
    expect(line.chowLog10P).toBeLessThan(-10);
    expect(line.driftLog10P).toBeLessThan(-10);
  });

  it("per-environment slopes are near 2 E[x] and the LOEO errors within 15% of seeds.md; the quadratic's near the noise", () => {
    // Uniform environments: within 0.15 (seeds.md's tolerance). Normal N(mu, s): the slope is
    // 2 mu + m3 / s^2 with m3 the sample's third central moment, whose sd is about s sqrt(15 / 500)
    // (0.17 s), so within 3 of those.
    const sds = [0, 0, 0, 1, 0.5];
    line.environments.forEach((e, k) => {
      expect(e.name).toBe(ENVIRONMENTS[k].name);
      expect(Math.abs(e.slope - ENVIRONMENTS[k].slope)).toBeLessThan(sds[k] ? 3 * sds[k] * Math.sqrt(15 / 500) : 0.15);
      expect(Math.abs(e.loeoRmse / SEEDS.loeoLinear[k] - 1)).toBeLessThan(0.15);
    });
    for (const e of quadratic.environments) expect(Math.abs(e.loeoRmse - 0.1)).toBeLessThan(0.015);
  });

  it("the README quotes the output as printed", () => {
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(formatReport(report));
  });
});
