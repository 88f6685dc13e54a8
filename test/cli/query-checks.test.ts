// `causal-studio query` refuses what the panel refuses, and what has no meaningful answer, with a
// message naming the fix (issue 13, item 15). Each case failed (answered, or wrapped silently) before.
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli";

const SMOKING = fixture("smoking.causal.ts");
const CHECKS = fixture("query-checks.causal.ts");

async function usage(...argv: string[]): Promise<string> {
  const r = await runCli("query", ...argv);
  expect(r.stdout).toBe("");
  expect(r.code).toBe(2);
  return r.stderr;
}

async function refused(...argv: string[]): Promise<string> {
  const r = await runCli("query", ...argv);
  expect(r.stdout).toBe("");
  expect(r.code).toBe(1);
  return r.stderr;
}

describe("query checks the CLI shares with the panel", () => {
  it("refuses a target that do() sets", async () => {
    expect(await usage(SMOKING, "--do", "cancer=1", "--target", "cancer")).toContain("cancer is set by do(); its answer is the value you set — ask about another variable");
    expect(await usage(SMOKING, "--counterfactual", "--given", "smoking=1", "--do", "cancer=0", "--target", "cancer=1")).toContain("cancer is set by do()");
    expect(await usage(SMOKING, "--world", "t:cancer=1", "--target", "t.cancer")).toContain("cancer is set by do() in world t");
  });

  it("refuses an observed target in an interventional query, as the panel does; a counterfactual may observe it", async () => {
    expect(await usage(SMOKING, "--given", "cancer=1", "--target", "cancer")).toContain("cancer is both observed (--given) and the target");
    const cf = await runCli("query", SMOKING, "--counterfactual", "--given", "smoking=1,cancer=1", "--do", "smoking=0", "--target", "cancer", "--json");
    expect(cf.code).toBe(0);
  });

  it("refuses seeds outside 0 .. 2^32 - 1 and non-integers, naming the range", async () => {
    for (const seed of ["4294967296", "4294967297", "-1", "1.5", "1e20"]) {
      expect(await usage(SMOKING, "--target", "cancer", "--seed", seed)).toContain(`--seed must be an integer from 0 to 4294967295, got "${seed}"`);
    }
    const top = await runCli("query", SMOKING, "--target", "cancer", "--seed", "4294967295", "--samples", "200", "--method", "sampling", "--json");
    expect(top.code).toBe(0);
    expect(JSON.parse(top.stdout).options.seed).toBe(4294967295);
  });

  it("refuses a flag given with an empty value instead of reading it as 0 or nothing", async () => {
    expect(await usage(SMOKING, "--target", "cancer", "--seed=")).toContain('--seed= has an empty value');
    expect(await usage(SMOKING, "--target", "cancer", "--do=")).toContain('--do= has an empty value');
    expect(await usage(SMOKING, "--target", "cancer", "--given", " ")).toContain('--given has an empty value');
    expect(await usage(SMOKING, "--target", "cancer", "--params=")).toContain('--params= has an empty value');
  });

  it("refuses --samples below 2 (a standard error of 0 means an exact answer)", async () => {
    for (const n of ["1", "0"]) expect(await usage(SMOKING, "--target", "cancer", "--samples", n, "--method", "sampling")).toContain("--samples needs at least 2 to estimate a standard error");
  });

  it("refuses --to with --json in graph (--to writes the graph as text), and query has no --to", async () => {
    const g = await runCli("graph", SMOKING, "--to", "dot", "--json");
    expect(g.code).toBe(2);
    expect(g.stdout).toBe("");
    expect(g.stderr).toContain("--to prints the graph in dagitty, dot, mermaid, lavaan or bnlearn syntax; it has no --json form");
    expect(await usage(SMOKING, "--target", "cancer", "--to", "dot", "--json")).toContain("'--to'");
  });

  it("takes a negative number as the value of a flag that expects one", async () => {
    const r = await runCli("query", SMOKING, "--pns", "smoking", "cancer", "--treated", "1", "--control", "-1", "--json");
    // smoking is bernoulli: -1 is read as the control's value (and refused as outside the support), not as an unknown option.
    expect(r.stderr).toContain('do(smoking = -1): "smoking" is bernoulli');
    const t = await runCli("query", SMOKING, "--ett", "tar", "cancer", "--treated", "-1", "--control", "-2.5", "--samples", "2000", "--json");
    expect(t.stderr).toBe("");
    expect(JSON.parse(t.stdout).query.worlds).toEqual({ t: { tar: -1 }, c: { tar: -2.5 } });
  });

  it("refuses --ett, --pns and --harm whose treated value equals the control", async () => {
    expect(await usage(SMOKING, "--ett", "smoking", "cancer", "--treated", "1", "--control", "1")).toContain("--ett compares treated with control, but both set smoking = 1");
    expect(await usage(SMOKING, "--pns", "smoking", "cancer", "--treated", "0", "--control", "0")).toContain("--pns compares treated with control, but both set smoking = 0");
  });
});

describe("query checks that need the model (run in the model process)", () => {
  it("refuses --pns and --harm on a continuous outcome", async () => {
    expect(await refused(SMOKING, "--pns", "smoking", "tar")).toContain("tar is continuous (normal): the probability of necessity and sufficiency needs a binary outcome");
    expect(await refused(SMOKING, "--harm", "smoking", "tar")).toContain("tar is continuous (normal): the probability of harm needs a binary outcome");
  });

  it("says how to ask about a continuous target instead of answering P(tar = 1.5) = 0", async () => {
    const e = await refused(SMOKING, "--target", "tar=1.5");
    expect(e).toContain('tar is continuous (normal): P(tar = 1.5) is 0 whatever the model; use --target tar for its mean or a threshold event such as --target "tar>1.5"');
    const w = await refused(SMOKING, "--world", "t:smoking=1", "--event", "t.tar=1.5");
    expect(w).toContain("tar is continuous (normal): P(t.tar = 1.5) is 0 whatever the model; use --target t.tar for its mean");
  });

  it("refuses an --event value outside the support with the message --target gives", async () => {
    const target = await refused(SMOKING, "--target", "cancer=2");
    const event = await refused(SMOKING, "--world", "t:smoking=1", "--event", "t.cancer=2");
    expect(target).toContain('prob(cancer = 2): "cancer" is bernoulli, whose values are 0 and 1');
    expect(event).toContain('prob(cancer = 2): "cancer" is bernoulli, whose values are 0 and 1');
  });

  it("warns on stderr when --samples is above 10^7", async () => {
    // The answer is exact (variable elimination), so the warning is all the huge budget costs here.
    const r = await runCli("query", CHECKS, "--target", "x", "--samples", "20000000");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: --samples 20000000 is more than 10,000,000");
  });

  it("counts every sample drawn when all of them contradict the evidence", async () => {
    const e = await refused(CHECKS, "--given", "sure=0", "--target", "x", "--method", "sampling", "--samples", "100000");
    expect(e).toContain("every one of the 100000 samples (in 8 batches) contradicts the evidence");
    expect(e).not.toContain("1562");
  });
});
