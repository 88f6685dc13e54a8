// Issue 13 item 4: two categorical parents with 10^5 categories each. Exact tables would need
// 10^10 parent configurations; the guard must look at the product of the supports before
// enumerating anything (it used to fill a Map until "Map maximum size exceeded", 41 s, 2.4 GB)
// and fall back to sampling with a note saying why the answer is not exact.
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { categorical } from "../distributions/categorical";
import { scm } from "../dsl/scm";
import { CausalError } from "../errors/diagnostic";
import { answer } from "./answer";

const K = 100_000;
const uniform = Array.from({ length: K }, () => 1 / K);
// P(y = 1) = 0.1 + 0.8 * P(a < 50000) * P(b < 20000) = 0.1 + 0.8 * 0.5 * 0.2 = 0.18.
const big = scm("big")
  .variable("a", () => categorical(uniform))
  .variable("b", () => categorical(uniform))
  .variable("y", ({ a, b }) => bernoulli(a < 50_000 && b < 20_000 ? 0.9 : 0.1));
const TRUTH = 0.18;
const NOTE = /exact tables would need 10\^10 parent configurations; sampled instead/;

describe("a model whose exact tables are too large", () => {
  it("answers in seconds by sampling, with a note, within 4 binomial standard errors of the closed form", () => {
    const samples = 100_000;
    const started = performance.now();
    const e = big.prob({ y: 1 }, { seed: 3, samples });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(5);
    expect(e.method).toMatch(NOTE);
    expect(e.samples).toBe(samples);
    // The tolerance comes from the sample size alone: 4 * sqrt(p (1 - p) / n) = 0.0049.
    const se = Math.sqrt((TRUTH * (1 - TRUTH)) / samples);
    expect(Math.abs(e.value - TRUTH)).toBeLessThan(4 * se);
    expect(e.standardError).toBeCloseTo(se, 3);
  });

  it("answer() (the CLI's and the panel's path) samples too and carries the note on every row", () => {
    const a = answer(big, big.do({}).toSpec("y", 1), { seed: 5, samples: 40_000, batches: 2 });
    if (a.type !== "distribution") throw new Error(`expected a distribution, got ${a.type}`);
    const e = a.rows[0].estimate;
    expect(e.method).toMatch(NOTE);
    expect(Math.abs(e.value - TRUTH)).toBeLessThan(4 * Math.sqrt((TRUTH * (1 - TRUTH)) / 40_000));
  });

  it("method \"exact\" refuses at once with the same reason", () => {
    const started = performance.now();
    let err: unknown;
    try { big.prob({ y: 1 }, { method: "exact" }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CausalError);
    expect((err as CausalError).diagnostic.code).toBe("exact-inference-unavailable");
    expect((err as CausalError).diagnostic.message).toMatch(/10\^10 parent configurations/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
