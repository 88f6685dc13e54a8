// samples/wrong-graph: the shipped CSV is what generate.ts draws; of the graph's implications only
// the one the omitted edge exercise -> heart breaks fails after Holm (the rest pass); the SQL path
// and the in-memory path agree; the flagged pair carries both variables' names; the README quotes the output.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataCsv } from "../../samples/wrong-graph/generate";
import { diagnose, figures, formatReport } from "../../samples/wrong-graph/main";
import { checkFigures } from "../../src/protocol/figure-messages";

const dir = join(__dirname, "..", "..", "samples", "wrong-graph");

describe("samples/wrong-graph", async () => {
  const report = await diagnose(join(dir, "data.csv"));

  it("returns a figure the run panel can draw: each implication's estimate and interval, the violated one in the fail series", () => {
    const figs = figures(report);
    expect(checkFigures(figs).ok).toBe(true);
    const bars = figs[0].marks.flatMap((m) => (m.kind === "bar" ? m.bars.map((b) => ({ series: m.series, ...b })) : []));
    expect(bars).toHaveLength(report.sql.tests.length);
    expect(bars.filter((b) => b.series === "fail").map((b) => b.label)).toEqual(report.sql.tests.filter((t) => t.verdict === "fail").map((t) => t.text));
    for (const t of report.sql.tests) expect(bars.find((b) => b.label === t.text)).toMatchObject({ value: t.effect.estimate, lo: t.effect.lower, hi: t.effect.upper });
  });

  it("ships exactly the data generate.ts draws (seed 7)", () => {
    expect(readFileSync(join(dir, "data.csv"), "utf8")).toBe(dataCsv());
  });

  it("flags exactly the violated independence, heart ⊥ exercise | age, fitness, after Holm", () => {
    const failed = report.sql.tests.filter((t) => t.verdict === "fail");
    expect(failed.map((t) => t.text)).toEqual(["heart ⊥ exercise | age, fitness"]);
    expect(report.sql.tests.filter((t) => t.verdict !== "fail").every((t) => t.verdict === "pass")).toBe(true);
    expect(report.sql.tests.length).toBe(5);
    // The partial correlation the truth implies: given fitness and age, exercise keeps variance
    // 1 - 0.49 / 1.49; heart's residual is 0.4 diet + noise + 0.3 (exercise's residual), so
    // r = 0.3 v / sqrt(v (0.16 + 1 + 0.09 v)) = 0.222; the interval covers it.
    const v = 1 - 0.49 / 1.49, r = (0.3 * v) / Math.sqrt(v * (0.16 + 1 + 0.09 * v));
    expect(r).toBeCloseTo(0.222, 3);
    expect(failed[0].effect.lower).toBeLessThan(r);
    expect(failed[0].effect.upper).toBeGreaterThan(r);
    expect(failed[0].log10PAdjusted).toBeLessThan(-10);
    // The pair to mark on the DAG, with the source ranges of both variables in model.causal.ts.
    expect([failed[0].implication.x, failed[0].implication.y].sort()).toEqual(["exercise", "heart"]);
    expect(failed[0].ranges.x?.file).toMatch(/model\.causal\.ts$/);
    expect(failed[0].ranges.y?.file).toMatch(/model\.causal\.ts$/);
  });

  it("SQL statistics and the rows in memory give the same statistics and verdicts", () => {
    expect(report.memory.tests.map((t) => [t.text, t.verdict])).toEqual(report.sql.tests.map((t) => [t.text, t.verdict]));
    report.sql.tests.forEach((t, i) => expect(Math.abs(t.statistic - report.memory.tests[i].statistic)).toBeLessThan(1e-9 * Math.max(1, Math.abs(t.statistic))));
  });

  it("the README quotes the output as printed", () => {
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(formatReport(report));
  });
});
