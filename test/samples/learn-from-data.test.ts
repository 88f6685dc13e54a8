// samples/learn-from-data: the shipped CSV is what generate.ts makes; the fitted values agree with
// the truth within their standard errors; the wage coefficients equal the normal equations on the
// file's own values; the mlp learns the saturating satisfaction curve; do-answers of the fitted
// model match the true SCM's within tolerances derived from the standard errors; and the README
// quotes the sample's output as it is.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataCsv } from "../../samples/learn-from-data/generate";
import { figures, formatReport, learn } from "../../samples/learn-from-data/main";
import { checkFigures } from "../../src/protocol/figure-messages";

const dir = join(__dirname, "..", "..", "samples", "learn-from-data");

describe("samples/learn-from-data", async () => {
  const report = await learn(join(dir, "data.csv"));

  it("returns figures the run panel can draw: the net's curve beside the truth's, each coefficient beside its true value", () => {
    const [curve, coefs] = figures(report);
    expect(checkFigures([curve, coefs]).ok).toBe(true);
    expect(curve.marks).toEqual([
      { kind: "line", series: "truth", points: report.curve.map((c) => ({ x: c.wage, y: c.truth })) },
      { kind: "line", series: "trained mlp", points: report.curve.map((c) => ({ x: c.wage, y: c.fitted })) },
    ]);
    const fitted = coefs.marks[0];
    expect(fitted.kind === "bar" && fitted.bars.map((b) => [b.label, b.value])).toEqual(report.params.map((p) => [p.name, p.fitted]));
  });

  it("ships exactly the data generate.ts draws (seed 2026)", () => {
    expect(readFileSync(join(dir, "data.csv"), "utf8")).toBe(dataCsv());
  });

  it("fits each mechanism by its family's method", () => {
    expect(report.methods).toEqual({ educ: "closed form", training: "IRLS", wage: "closed form", satisfaction: "Adam" });
  });

  it("recovers every true value within 3 standard errors, and the effect of training", () => {
    for (const p of report.params) expect(Math.abs(p.fitted - p.truth), p.name).toBeLessThan(3 * p.standardError);
    expect(Math.abs(report.effect.fitted - 3)).toBeLessThan(3 * report.effect.fittedStandardError);
    // The confounded raw difference is far from the effect: more than 5 standard errors away.
    expect(report.effect.naiveDifference - 3).toBeGreaterThan(5 * report.effect.fittedStandardError);
  });

  it("the wage coefficients equal ordinary least squares on the file's values (1e-8)", () => {
    const rows = readFileSync(join(dir, "data.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    // columns: ability, educ, training, wage, satisfaction; regressors 1, educ, training, ability (Gaussian elimination here)
    const X = rows.map((r) => [1, r[1], r[2], r[0]]), y = rows.map((r) => r[3]);
    const A = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((c) => X.reduce((s, r) => s + r[a] * r[c], 0)));
    const c = [0, 1, 2, 3].map((a) => X.reduce((s, r, i) => s + r[a] * y[i], 0));
    const M = A.map((r, i) => [...r, c[i]]);
    for (let i = 0; i < 4; i++) for (let r = i + 1; r < 4; r++) { const f = M[r][i] / M[i][i]; for (let j = i; j <= 4; j++) M[r][j] -= f * M[i][j]; }
    const b = [0, 0, 0, 0];
    for (let i = 3; i >= 0; i--) { let s = M[i][4]; for (let j = i + 1; j < 4; j++) s -= M[i][j] * b[j]; b[i] = s / M[i][i]; }
    b.forEach((v, j) => expect(Math.abs(report.params.find((p) => p.name === `wage.coef[${j}]`)!.fitted - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v))));
  });

  it("the mlp learns the saturating curve: error well below the noise", () => {
    // 4,000 rows with noise sd 0.5: a smooth fit's error on the bulk of the data is a few hundredths;
    // 0.15 (0.3 noise sd) leaves room for the grid's ends, 2 sd of wage from its mean.
    expect(report.curveRmse).toBeLessThan(0.15);
  });

  it("the fitted model's do-answer for satisfaction matches the true SCM's", () => {
    const s = report.satisfactionEffect;
    // Sampling error of both answers (4 se) plus the wage effect's estimation error carried through
    // the curve (slope at most 4/5 per wage unit, 3 se of the wage coefficient).
    const tol = 4 * Math.hypot(s.truthStandardError, s.fittedStandardError) + 0.8 * 3 * report.effect.fittedStandardError;
    expect(Math.abs(s.fitted - s.truth)).toBeLessThan(tol);
  });

  it("the README quotes the output as printed", () => {
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(formatReport(report));
  });
});
