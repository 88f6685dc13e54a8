// `causal-studio query`, run in-process. Every number is checked against a closed form worked
// out from the fixture's mechanisms (comments in test/fixtures/*.causal.ts), or for sampling
// answers within 4 standard errors of it.
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli";

const CONFOUNDED = fixture("confounded.causal.ts");
const TREATMENT = fixture("treatment.causal.ts");
const SMOKING = fixture("smoking.causal.ts");

async function json(...argv: string[]) {
  const r = await runCli(...argv, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Exact answers match to 1e-10; sampled ones lie within 4 of their standard errors. */
function expectNear(estimate: { value: number; standardError: number }, truth: number) {
  expect(Math.abs(estimate.value - truth)).toBeLessThanOrEqual(1e-10 + 4 * estimate.standardError);
}

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), for the normal CDF. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const rowsOf = (answer: { rows: { value: number; estimate: { value: number } }[] }) => Object.fromEntries(answer.rows.map((r) => [r.value, r.estimate.value]));

describe("causal-studio query", () => {
  it("answers interventional and observational queries exactly on a discrete model", async () => {
    const doX = await json("query", CONFOUNDED, "--do", "X=1", "--target", "Y");
    expect(doX.answer.type).toBe("distribution");
    expect(rowsOf(doX.answer)[1]).toBeCloseTo(0.6 + 0.3 * 0.5, 12);
    expect(rowsOf(doX.answer)[0]).toBeCloseTo(0.25, 12);
    expect(doX.answer.rows[0].estimate.standardError).toBe(0);
    const seeX = await json("query", CONFOUNDED, "--given", "X=1", "--target", "Y=1");
    // P(Z=1 | X=1) = 0.8 * 0.5 / (0.8 * 0.5 + 0.2 * 0.5) = 0.8
    expect(seeX.answer.rows).toHaveLength(1);
    expect(seeX.answer.rows[0].estimate.value).toBeCloseTo(0.6 + 0.3 * 0.8, 12);
  });

  it("prints a readable table", async () => {
    const r = await runCli("query", CONFOUNDED, "--do", "X=1", "--target", "Y");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^P\(Y \| do\(X=1\)\):\n {2}Y=0 {2}0\.25 {2}\(.+\)\n {2}Y=1 {2}0\.75 {2}\(.+\)\n$/);
  });

  it("answers a counterfactual: --given is the fact, --do the action", async () => {
    const cf = await json("query", CONFOUNDED, "--counterfactual", "--given", "X=1,Y=1", "--do", "X=0", "--target", "Y=1");
    // Abduction: P(Z=1 | X=1, Y=1) = 0.8*0.9 / (0.8*0.9 + 0.2*0.6); with monotone noise,
    // P(Y_0=1 | Y_1=1, z) = p0(z) / p1(z) = 0.4/0.9 for z=1 and 0.1/0.6 for z=0.
    const pz1 = (0.8 * 0.9) / (0.8 * 0.9 + 0.2 * 0.6);
    expect(cf.answer.rows[0].estimate.value).toBeCloseTo(pz1 * (0.4 / 0.9) + (1 - pz1) * (0.1 / 0.6), 10);
    expect(cf.query.counterfactual).toBe(true);
  });

  it("answers the joint counterfactual shortcuts PNS, harm and ETT", async () => {
    // Binary outcome with monotone (Gumbel-max / threshold) noise: PNS = P(Y_1=1) - P(Y_0=1), harm = 0.
    // (treatment.causal.ts has a Poisson child, so these are sampled)
    expectNear((await json("query", TREATMENT, "--pns", "X", "Y", "--samples", "20000")).answer.estimate, 0.9 - 0.2);
    expect((await json("query", TREATMENT, "--harm", "X", "Y", "--samples", "20000")).answer.estimate.value).toBe(0);
    expect((await json("query", CONFOUNDED, "--pns", "X", "Y")).answer.estimate.value).toBeCloseTo(0.75 - 0.25, 10);
    // The effect is 0.5 in probability for every z, so the effect on the treated is 0.5 as well.
    const ett = await json("query", CONFOUNDED, "--ett", "X", "Y");
    expect(ett.answer).toMatchObject({ type: "mean" });
    expect(ett.answer.estimate.value).toBeCloseTo(0.5, 10);
    expect(ett.query).toMatchObject({ kind: "joint", shortcut: "ett", worlds: { t: { X: 1 }, c: { X: 0 } }, given: { X: 1 } });
  });

  it("answers an explicit --world/--event query the same as the shortcut", async () => {
    const explicit = await json("query", CONFOUNDED, "--world", "yes:X=1", "--world", "no:X=0", "--event", "yes.Y=1,no.Y=0");
    const shortcut = await json("query", CONFOUNDED, "--pns", "X", "Y");
    expect(explicit.answer.estimate).toEqual(shortcut.answer.estimate);
    const mean = await json("query", TREATMENT, "--world", "t:X=1", "--target", "t.Y", "--samples", "20000");
    expectNear(mean.answer.estimate, 0.9);
  });

  it("estimates a continuous mean by sampling, within 4 standard errors of the truth", async () => {
    const r = await json("query", SMOKING, "--do", "smoking=1", "--target", "tar", "--samples", "20000", "--seed", "11");
    expect(r.answer.type).toBe("mean");
    const e = r.answer.estimate;
    expect(e.samples).toBe(20000);
    // tar ~ normal(3, 1) under do(smoking=1): SE = 1/sqrt(n)
    expect(e.standardError).toBeGreaterThan(0.5 / Math.sqrt(20000));
    expect(Math.abs(e.value - 3)).toBeLessThan(4 / Math.sqrt(20000));
  });

  it("reports a continuous target's sd and 90% interval beside its mean, in JSON and text", async () => {
    // tar ~ normal(3, 1) under do(smoking=1): sd 1, 90% interval 3 ± 1.645; percentile SE = 2.113 / sqrt(n)
    const n = 40_000;
    const r = await json("query", SMOKING, "--do", "smoking=1", "--target", "tar", "--samples", String(n), "--seed", "3");
    const s = r.answer.spread;
    expect(Math.abs(s.sd - 1)).toBeLessThan(4 / Math.sqrt(2 * n));
    expect(s.interval.level).toBe(0.9);
    expect(Math.abs(s.interval.low - (3 - 1.6448536))).toBeLessThan(4 * 2.113 / Math.sqrt(n));
    expect(Math.abs(s.interval.high - (3 + 1.6448536))).toBeLessThan(4 * 2.113 / Math.sqrt(n));
    expect(s.histogram).toHaveLength(30);
    const text = await runCli("query", SMOKING, "--do", "smoking=1", "--target", "tar", "--samples", String(n), "--seed", "3");
    // digits tied to the se (0.0050: two significant digits, four decimals), the spread at the mean's decimals
    expect(text.stdout).toMatch(/^E\[tar \| do\(smoking=1\)\] = \d\.\d{4} ± 0\.00\d{2} {2}\(ancestral sampling, 40000 samples\)\n {2}sd \d\.\d{4}, 90% interval \[1\.\d{4}, 4\.\d{4}\] \(5th and 95th percentiles\)\n$/);
  });

  it("answers threshold events --target \"VAR>c\" (>=, <, <=) against the normal CDF and exactly on a discrete model", async () => {
    const phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
    const gt = await json("query", SMOKING, "--do", "smoking=1", "--target", "tar>3.5", "--samples", "40000");
    expect(gt.answer.type).toBe("probability");
    expect(gt.query).toMatchObject({ kind: "single", target: "tar", threshold: { op: ">", value: 3.5 }, text: "tar>3.5 | do(smoking=1)" });
    expectNear(gt.answer.estimate, 1 - phi(0.5));
    // observed: tar ~ 0.5 N(3, 1) + 0.5 N(0, 1) (P(smoking = 1) = 0.5 * 0.8 + 0.5 * 0.2)
    expectNear((await json("query", SMOKING, "--target", "tar<=1", "--samples", "40000")).answer.estimate, 0.5 * phi(-2) + 0.5 * phi(1));
    const exact = await json("query", CONFOUNDED, "--do", "X=1", "--target", "Y>=1");
    expect(exact.answer.estimate).toMatchObject({ standardError: 0, method: "variable elimination" });
    expect(exact.answer.estimate.value).toBeCloseTo(0.75, 12);
    expect((await json("query", CONFOUNDED, "--do", "X=1", "--target", "Y<1")).answer.estimate.value).toBeCloseTo(0.25, 12);
    const text = await runCli("query", CONFOUNDED, "--do", "X=1", "--target", "Y>0");
    expect(text.stdout).toBe("P(Y>0 | do(X=1)) = 0.75  (variable elimination, largest table 4 entries)\n");
  });

  it("honours --method sampling with --seed (reproducible, within 4 SE)", async () => {
    const args = ["query", CONFOUNDED, "--do", "X=1", "--target", "Y=1", "--method", "sampling", "--samples", "20000", "--seed", "5"];
    const a = await json(...args);
    const b = await json(...args);
    expect(a.answer.rows[0].estimate).toEqual(b.answer.rows[0].estimate);
    const se = Math.sqrt((0.75 * 0.25) / 20000);
    expect(Math.abs(a.answer.rows[0].estimate.value - 0.75)).toBeLessThan(4 * se);
  });

  it("tabulates a count variable over the values it takes", async () => {
    const r = await json("query", TREATMENT, "--do", "X=1", "--target", "N", "--samples", "20000");
    expect(r.answer.type).toBe("distribution");
    // N ~ Poisson(2) w.p. 0.9 and Poisson(0.5) w.p. 0.1 under do(X=1): P(N=0) = 0.9 e^-2 + 0.1 e^-0.5
    const p0 = 0.9 * Math.exp(-2) + 0.1 * Math.exp(-0.5);
    const row0 = r.answer.rows.find((x: { value: number }) => x.value === 0).estimate;
    expect(Math.abs(row0.value - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / 20000));
  });
});

describe("causal-studio query: bad input", () => {
  it("stops at static errors with file:line:col, before running any model code", async () => {
    const r = await runCli("query", fixture("bad/unknown-parent.causal.ts"), "--target", "tar");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad/unknown-parent.causal.ts:8:23: error: "tar" reads "smokng", which is not declared in model "typo". Did you mean "smoking"?');
    expect(r.stderr).not.toContain("must not run");
    expect(r.stdout).toBe("");
  });

  it.each([
    ["bad/later-parent.causal.ts", /later-parent\.causal\.ts:4:23: error: "tar" reads "smoking", which is declared after it\n[\s\S]*note: move the declaration of "smoking" above "tar"/],
    ["bad/duplicate.causal.ts", /duplicate\.causal\.ts:5:13: error: "a" is declared twice[\s\S]*note: first declared at line 4/],
    ["bad/syntax.causal.ts", /syntax\.causal\.ts:5:54: error: the file does not parse: '\)' expected/],
    ["bad/throws.causal.ts", /throws\.causal\.ts:4:9: error: throws\.causal\.ts threw TypeError: prior\(\) is not implemented yet/],
    ["bad/not-a-model.causal.ts", /not-a-model\.causal\.ts:1:1: error: not-a-model\.causal\.ts default-exports a number, not a model\n[\s\S]*note: it exports models named "model"/],
    ["bad/invalid-parameter.causal.ts", /invalid-parameter\.causal\.ts:5:\d+: error: .*bernoulli.*1\.5/],
  ])("%s: one clear message, exit 1, no stack trace", async (file, expected) => {
    const r = await runCli("query", fixture(file), "--target", file.includes("invalid") ? "b" : "a");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("names unknown variables with a suggestion", async () => {
    const r = await runCli("query", SMOKING, "--do", "smokin=1", "--target", "cancer");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('model "smoking and cancer" has no variable "smokin". Did you mean "smoking"?');
  });

  it("refuses a variable both set and observed in an interventional query (as the panel does; impossible evidence: query-checks.test.ts)", async () => {
    const r = await runCli("query", CONFOUNDED, "--do", "X=1", "--given", "X=0", "--target", "Y");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("X is both set by do() and observed (given): an interventional query cannot ask that; use --counterfactual");
  });

  it.each([
    [["--do", "X=3", "--target", "Y"], 'error: do(X = 3): "X" is bernoulli, whose values are 0 and 1'],
    [["--given", "Y=0.5", "--target", "X"], 'error: condition(Y = 0.5): "Y" is bernoulli, whose values are 0 and 1'],
    [["--counterfactual", "--given", "X=1", "--do", "X=-1", "--target", "Y"], 'error: world "counterfactual": do(X = -1): "X" is bernoulli, whose values are 0 and 1'],
    [["--do", "X=1", "--target", "Y=2"], 'error: prob(Y = 2): "Y" is bernoulli, whose values are 0 and 1'],
  ])("a value outside the support %j is one line, exit 1", async (args, message) => {
    const r = await runCli("query", CONFOUNDED, ...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message as string);
  });

  it.each([
    [["--do", "X", "--target", "Y"], /--do expects NAME=VALUE/],
    [["--do", "X=abc", "--target", "Y"], /"abc" is not a number/],
    [["--target", "Y", "--samples", "0"], /--samples needs at least 2 to estimate a standard error/],
    [["--target", "Y", "--method", "magic"], /--method must be exact, sampling or auto/],
    [["--pns", "X"], /--pns expects a treatment and an outcome/],
    [["--counterfactual", "--target", "Y"], /--counterfactual needs --do/],
    [["--world", "t:X=1", "--event", "u.Y=1"], /--event refers to world "u"/],
    [["--target", "Y", "--frobnicate"], /Unknown option '--frobnicate'/],
    [["--do", "X=1"], /missing --target/],
    [["--target", "Y>"], /--target Y>: "" is not a number/],
    [["--target", "Y>1>2"], /--target has one comparison/],
    [["--target", ">1"], /--target expects VAR, VAR=VALUE or VAR>VALUE/],
  ])("bad usage %j exits 2", async (args, message) => {
    const r = await runCli("query", CONFOUNDED, ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("reports a missing file", async () => {
    const r = await runCli("query", fixture("nope.causal.ts"), "--target", "Y");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*nope\.causal\.ts: no such file/);
  });
});
