// Issue 13 item 9: normal(1e308, 1e308) printed "NaN ± NaN" and exited 0 (JSON "value": null
// against a number schema; the panel's webview rejected the message and stayed "Running…").
// A non-finite estimate is now a CausalError naming the variable, raised in core so the CLI and
// the model process report it alike, before any progress report carries it. The queries sample
// (method "sampling"): the model is linear-Gaussian, so auto would answer it in closed form.
import { describe, expect, it } from "vitest";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { CausalError } from "../errors/diagnostic";
import { answer, answerProgressive, type QueryProgress } from "./answer";

const m = scm("overflow")
  .variable("x", () => normal(0, 1))
  .variable("y", ({ x }) => normal(1e308 + x, 1e308))
  .variable("z", ({ x }) => normal(x, 1));

function failure(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError, got an answer");
}

describe("a non-finite estimate", () => {
  it("is a non-finite-estimate error naming the variable, not NaN ± NaN", () => {
    const e = failure(() => answer(m, m.do({}).toSpec("y"), { seed: 1, samples: 20_000, method: "sampling" }));
    expect(e.diagnostic.code).toBe("non-finite-estimate");
    expect(e.diagnostic.message).toMatch(/^the estimate of E\[y\] is not finite \((NaN|Infinity|-Infinity)\): samples of y overflowed/);
    expect(e.diagnostic.range?.start.line).toBeGreaterThan(0);
  });

  it("is raised before any progress report carries it", async () => {
    const seen: QueryProgress[] = [];
    await expect(answerProgressive(m, m.do({}).toSpec("y"), { seed: 1, samples: 20_000, method: "sampling" }, (p) => void seen.push(p))).rejects.toThrow(/E\[y\] is not finite/);
    for (const p of seen) expect(JSON.stringify(p)).not.toMatch(/null/);
  });

  it("a threshold event on the overflowing variable stays a finite probability", () => {
    const a = answer(m, { ...m.do({}).toSpec("y"), threshold: { op: ">", value: 0 } }, { seed: 1, samples: 20_000, method: "sampling" });
    if (a.type !== "probability") throw new Error(a.type);
    expect(Number.isFinite(a.estimate.value)).toBe(true);
  });

  it("the other variables of the model still answer", () => {
    const a = answer(m, m.do({}).toSpec("z"), { seed: 1, samples: 20_000, method: "sampling" });
    if (a.type !== "mean") throw new Error(a.type);
    expect(Math.abs(a.estimate.value)).toBeLessThan(4 * a.estimate.standardError);
  });

  it("the fluent mean() refuses too", () => {
    expect(failure(() => m.mean("y", { samples: 5000, method: "sampling" })).diagnostic.message).toMatch(/E\[y\] is not finite/);
  });
});

describe("a non-finite closed form", () => {
  it("auto answers the linear-Gaussian model in closed form, whose sd overflows: the same error, naming the spread", () => {
    const e = failure(() => answer(m, m.do({}).toSpec("y"), { seed: 1 }));
    expect(e.diagnostic.code).toBe("non-finite-estimate");
    expect(e.diagnostic.message).toBe("the estimate of E[y] has a spread (sd or 90% interval) that is not finite: y's values, or their squares, pass the largest double (about 1.8e308); rescale y (other units) or check the parameters of its mechanism");
  });
});
