// samples/causal-bandits: the law the simulator draws from is the SCM's (read by exact queries and
// checked against the model's own sampler); Parallel (first-index ties) and Successive Rejects are
// within derived bands of shared/notes/seeds.md section g; the causal algorithm beats the
// non-causal ones at small m and at every T; adjusting for the graph engine's set beats naive
// Parallel on the confounded variant; the shipped CSVs are what generate.ts draws; and the README
// quotes main.ts's output (deterministic lines verbatim, regrets within derived tolerances).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "causal-studio";
import { describe, expect, it } from "vitest";
import {
  armRewards, betaDraw, closedFormLaw, gammaDraw, lawFromModel, mOfQ, Simulator, type QueryableModel,
} from "../../samples/causal-bandits/bandit";
import { confoundedCsv, parallelCsv } from "../../samples/causal-bandits/generate";
import {
  COLUMNS, EPSILON, figures, formatReport, REFERENCE, runAll, T_FIXED, toJson, type Column,
} from "../../samples/causal-bandits/main";
import { N, parallelBandit } from "../../samples/causal-bandits/parallel.causal";

const dir = join(__dirname, "..", "..", "samples", "causal-bandits");
const RUNS = 200;
const M_TEST = [2, 10, 20, 48];
const T_TEST = [45, 445, 1010];

// Tolerances. A simple regret lies in [0, eps] (the gap of the chosen arm), so its variance is at
// most eps^2 / 4 and the standard error of a mean of R runs at most eps / (2 sqrt(R)). Two
// independent estimates differ by a normal with sd sqrt(se1^2 + se2^2); 3.5 of those bounds the
// difference with probability above 0.999 per comparison (about 40 comparisons in this file).
const seBound = (eps: number, runs: number) => eps / (2 * Math.sqrt(runs));
const band = (eps: number, r1: number, r2: number) => 3.5 * Math.hypot(seBound(eps, r1), seBound(eps, r2));

describe("samples/causal-bandits", () => {
  const report = runAll({ runs: RUNS, mValues: M_TEST, tValues: T_TEST, confoundedRuns: RUNS });
  const at = (m: number) => report.regretVsM.find((r) => r.m === m)!;

  it("reads the closed-form law off the SCM by exact queries at every m, and m(q) = m", () => {
    expect(report.law.every((l) => l.closedFormAgrees)).toBe(true);
    for (const m of M_TEST) expect(mOfQ(closedFormLaw(N, m, EPSILON).q)).toBe(m);
    // The arm rewards: do(X1 = 1) pays 0.5 + eps, every other arm 0.5; the library's sampled answers agree within 4 se.
    expect(report.arms).toHaveLength(2 * N + 1);
    expect(report.arms[1].reward).toBeCloseTo(0.8, 12);
    expect(report.arms.filter((a, k) => k !== 1).every((a) => Math.abs(a.reward - 0.5) < 1e-12)).toBe(true);
    for (const a of report.arms.filter((x) => x.query)) expect(Math.abs(a.query!.value - a.reward)).toBeLessThan(4 * a.query!.standardError);
  });

  it("the simulator draws the SCM's law: its pulls match model.sample and model.do(...).sample within 4 se", () => {
    const m = 10, n = 20_000;
    const model = parallelBandit({ m, epsilon: EPSILON });
    const law = lawFromModel(model as unknown as QueryableModel);
    const sim = new Simulator(law, createRng(99));
    // Observational pulls: every X_i's and Y's frequency against the model's own sampler.
    const sums = new Float64Array(N + 1);
    for (let t = 0; t < n; t++) { const y = sim.observe(); for (let i = 0; i < N; i++) sums[i] += sim.x[i]; sums[N] += y; }
    const drawn = model.sample(n, { seed: 5 }) as unknown as Record<string, Float64Array>;
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
    const tol = (p: number) => 4 * Math.sqrt((2 * p * (1 - p)) / n) + 1e-12;
    for (let i = 0; i < N; i++) expect(Math.abs(sums[i] / n - mean(drawn[`X${i + 1}`]))).toBeLessThanOrEqual(tol(law.q[i]));
    expect(Math.abs(sums[N] / n - mean(drawn.Y))).toBeLessThan(tol(0.5));
    // Arm pulls: Y's frequency under do(X1 = 1), do(X1 = 0), do(X12 = 1) against model.do(...).sample.
    const mu = armRewards(law);
    for (const [arm, assignment] of [[1, { X1: 1 }], [0, { X1: 0 }], [23, { X12: 1 }]] as const) {
      let s = 0;
      for (let t = 0; t < n; t++) s += sim.pull(arm);
      const ys = (model.do(assignment as Record<string, 0 | 1>).sample(n, { seed: 6 + arm }) as unknown as Record<string, Float64Array>).Y;
      expect(Math.abs(s / n - mean(ys))).toBeLessThan(tol(mu[arm]));
      expect(Math.abs(s / n - mu[arm])).toBeLessThan(tol(mu[arm]) / Math.SQRT2);
    }
  });

  it("gammaDraw and betaDraw have the Gamma(k, 1) and Beta(a, b) means and variances (Thompson's posterior draws)", () => {
    const rng = createRng(3), n = 200_000;
    for (const k of [1, 3, 12]) {
      let s = 0, s2 = 0;
      for (let t = 0; t < n; t++) { const g = gammaDraw(k, rng); s += g; s2 += g * g; }
      const mean = s / n, variance = s2 / n - mean * mean;
      expect(Math.abs(mean - k)).toBeLessThan(4 * Math.sqrt(k / n));
      // var of the sample variance of a Gamma(k): (mu4 - sigma^4) / n with mu4 = 3k^2 + 6k.
      expect(Math.abs(variance - k)).toBeLessThan(4 * Math.sqrt((3 * k * k + 6 * k - k * k) / n));
    }
    // Beta(a, b): mean a / (a + b), variance v = ab / ((a + b)^2 (a + b + 1)). The sample mean's sd is
    // sqrt(v / n); a draw lies in [0, 1], so (x - mean)^2 <= 1, mu4 <= v and the sample variance's sd is at most sqrt(v / n) too.
    for (const [a, b] of [[1, 1], [1, 4], [5, 1], [3, 7]]) {
      let s = 0, s2 = 0;
      for (let t = 0; t < n; t++) { const x = betaDraw(a, b, rng); s += x; s2 += x * x; }
      const mean = s / n, variance = s2 / n - mean * mean;
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean - a / (a + b))).toBeLessThan(4 * Math.sqrt(v / n));
      expect(Math.abs(variance - v)).toBeLessThan(4 * Math.sqrt(v / n));
    }
  });

  it("Parallel (first-index ties) and Successive Rejects are within derived bands of seeds.md", () => {
    for (const m of M_TEST) {
      const k = REFERENCE.m.indexOf(m);
      expect(Math.abs(at(m).parallel_first_index.mean - REFERENCE.parallel[k])).toBeLessThan(band(EPSILON, RUNS, REFERENCE.parallelRuns));
      expect(Math.abs(at(m).successive_rejects.mean - REFERENCE.successiveRejects[k])).toBeLessThan(band(EPSILON, RUNS, REFERENCE.successiveRejectsRuns));
    }
  });

  it("the causal algorithm beats every non-causal one at small m and at every T; random ties cost it at large m", () => {
    const others: Column[] = ["successive_rejects", "ucb", "thompson", "uniform"];
    for (const m of [2, 10]) for (const c of others) expect(at(m)[c].mean - at(m).parallel.mean).toBeGreaterThan(band(EPSILON, RUNS, RUNS));
    for (const row of report.regretVsT) for (const c of others) expect(row[c].mean - row.parallel.mean).toBeGreaterThan(band(row.epsilon, RUNS, RUNS));
    // At m = 48 the 48 rare arms get 4 pulls each and tie at 1.0 often: breaking ties at random loses to first-index.
    expect(at(48).parallel.mean - at(48).parallel_first_index.mean).toBeGreaterThan(band(EPSILON, RUNS, RUNS));
  });

  it("confounded: the graph engine adjusts for {Z}; adjusted Parallel beats naive, which reads E[Y | X_i = j]", () => {
    const c = report.confounded;
    expect(c.sets.every((s) => s.length === 1 && s[0] === "Z")).toBe(true);
    expect(c.truth[1]).toBeCloseTo(0.7, 12);
    expect(c.naiveObservational[3]).toBeGreaterThan(c.naiveObservational[1]);
    // The naive estimates' ordering is wrong by 0.154 in expectation; it (almost) never finds do(X1 = 1).
    expect(c.naiveBestRate).toBeLessThan(0.05);
    expect(c.naive - c.adjusted).toBeGreaterThan(band(0.3, RUNS, RUNS));
    expect(c.adjustedBestRate).toBeGreaterThan(0.8);
  });

  it("ships exactly the data generate.ts draws", () => {
    expect(readFileSync(join(dir, "parallel.csv"), "utf8")).toBe(parallelCsv());
    expect(readFileSync(join(dir, "confounded.csv"), "utf8")).toBe(confoundedCsv());
  });

  it("--json has the issue's keys; figures are small and named", () => {
    const j = toJson(report);
    for (const r of j.regret_vs_m) for (const k of ["m", "parallel", "successive_rejects", "ucb", "thompson", "uniform"]) expect(typeof (r as Record<string, unknown>)[k]).toBe("number");
    for (const r of j.regret_vs_T) for (const k of ["T", "parallel", "successive_rejects", "ucb", "thompson", "uniform"]) expect(typeof (r as Record<string, unknown>)[k]).toBe("number");
    expect(typeof j.confounded.naive).toBe("number");
    expect(typeof j.confounded.adjusted).toBe("number");
    const figs = figures(report);
    expect(figs.map((f) => f.id)).toEqual(["regret-vs-m", "regret-vs-t", "confounded"]);
    for (const f of figs) {
      const values = f.marks.reduce((s, mk) => s + ("points" in mk ? mk.points.length : "bars" in mk ? mk.bars.length : "values" in mk ? mk.values.length : 1), 0);
      expect(values).toBeLessThan(100_000);
    }
  });

  it("the README quotes main.ts's output: exact lines verbatim, regrets within derived tolerances of this run", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const block = /```\n(parallel bandit: N = 50[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const quotedRuns = Number(/\((\d+) runs per point/.exec(block!)![1]);
    // Lines that do not depend on the runs: the arms, the true rewards, the law and the exact confounded values.
    const mine = formatReport(report).split("\n");
    for (const prefix of ["arms:", "true rewards", "law read from the SCM", "  adjustment set", "  E[Y | do(a)]", "  E[Y | X_i = j]"]) {
      expect(block).toContain(mine.find((l) => l.startsWith(prefix))!);
    }
    // Each quoted regret against this run's at the same point (the first RUNS runs of the same streams).
    const rowOf = (re: RegExp) => block!.split("\n").map((l) => re.exec(l)).filter((x): x is RegExpExecArray => x !== null);
    const cell = /(\d\.\d{3})±(\d\.\d{3})/g;
    let compared = 0;
    for (const r of rowOf(/^\s+(\d+)\s+(\d\.\d{3}±.*)$/)) {
      const m = Number(r[1]);
      const row = report.regretVsM.find((x) => x.m === m);
      if (!row) continue;
      const quoted = [...r[2].matchAll(cell)].slice(0, COLUMNS.length).map((x) => Number(x[1]));
      COLUMNS.forEach((c, k) => { expect(Math.abs(quoted[k] - row[c].mean)).toBeLessThan(band(EPSILON, RUNS, quotedRuns)); compared++; });
    }
    for (const r of rowOf(/^\s+(\d+)\s+(\d\.\d{3})\s+(\d\.\d{3}±.*)$/)) {
      const row = report.regretVsT.find((x) => x.T === Number(r[1]));
      if (!row) continue;
      const quoted = [...r[3].matchAll(cell)].map((x) => Number(x[1]));
      COLUMNS.forEach((c, k) => { expect(Math.abs(quoted[k] - row[c].mean)).toBeLessThan(band(row.epsilon, RUNS, quotedRuns)); compared++; });
    }
    expect(compared).toBe(COLUMNS.length * (M_TEST.length + T_TEST.length));
    const naive = Number(/naive Parallel:\s+simple regret (\d\.\d{3})/.exec(block!)![1]);
    const adjusted = Number(/adjusted Parallel: simple regret (\d\.\d{3})/.exec(block!)![1]);
    expect(Math.abs(naive - report.confounded.naive)).toBeLessThan(band(0.3, RUNS, quotedRuns));
    expect(Math.abs(adjusted - report.confounded.adjusted)).toBeLessThan(band(0.3, RUNS, quotedRuns));
    expect(T_FIXED).toBe(400);
  });
});
