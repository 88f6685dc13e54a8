// answer / answerProgressive on in-memory models: batches and their running
// estimates, exact answers reported once, pooled answers against closed forms, and queryAsCode's
// CLI line, run through the CLI, giving the very same answer.
import { describe, expect, it } from "vitest";
import { bernoulli, normal, scm } from "../index";
import { main } from "../../cli/main";
import { ensureModelRunner } from "../../../test/cli/run-cli";
import { answer, answerProgressive, batchEnds, comparisonSpec, type QueryProgress } from "./answer";
import { queryAsCode, shellQuote } from "./query-as-code";
import type { QuerySpec } from "./query-spec";
import { join } from "node:path";

const linear = scm("linear").variable("X", () => normal(0, 1)).variable("Y", ({ X }) => normal(2 * X + 1, 1));
const coin = scm("coin").variable("X", () => bernoulli(0.3)).variable("Y", ({ X }) => bernoulli(X ? 0.9 : 0.2));
const doX1: QuerySpec = { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" };

describe("answerProgressive", () => {
  it("reports 8 batches with growing samples and a running estimate that ends at the answer", async () => {
    const seen: QueryProgress[] = [];
    // method "sampling": a linear-Gaussian model would otherwise be answered in closed form, once.
    const a = await answerProgressive(linear, doX1, { seed: 5, samples: 16_000, method: "sampling" }, (p) => void seen.push(p));
    expect(seen.map((p) => [p.batch, p.samples])).toEqual([[1, 250], [2, 500], [3, 1000], [4, 2000], [5, 4000], [6, 8000], [7, 12_000], [8, 16_000]]);
    expect(seen.every((p) => !p.exact && p.batches === 8 && p.totalSamples === 16_000)).toBe(true);
    expect(seen.at(-1)!.answer).toEqual(a);
    if (a.type !== "mean") throw new Error("expected a mean");
    expect(Math.abs(a.estimate.value - 3)).toBeLessThan(4 * a.estimate.standardError);
    // sd(Y | do(X=1)) = 1, so SE = 1 / sqrt(16000) up to sampling noise in the sd
    expect(a.estimate.standardError).toBeCloseTo(1 / Math.sqrt(16_000), 3);
    const first = seen[0].answer;
    if (first.type !== "mean") throw new Error("expected a mean");
    expect(first.estimate.standardError).toBeGreaterThan(4 * a.estimate.standardError); // 250 vs 16,000 samples: about 8x
    expect(batchEnds(10, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 10]);
    expect(batchEnds(100, 2)).toEqual([50, 100]);
    expect(batchEnds(3, 3)).toEqual([1, 2, 3]);
    expect(answer(linear, doX1, { seed: 5, samples: 16_000, method: "sampling" })).toEqual(a);
  });

  it("pools likelihood-weighted batches close to the closed form", async () => {
    // E[X | Y = 3] for X ~ N(0,1), Y = 2X + 1 + N(0,1): X | Y ~ N(2 (y - 1) / 5, 1/5), mean 0.8
    const spec: QuerySpec = { kind: "single", counterfactual: false, do: {}, given: { Y: 3 }, target: "X" };
    const a = await answerProgressive(linear, spec, { seed: 2, samples: 80_000, method: "sampling" }, () => undefined);
    if (a.type !== "mean") throw new Error("expected a mean");
    expect(a.estimate.effectiveSampleSize).toBeGreaterThan(0);
    expect(Math.abs(a.estimate.value - 0.8)).toBeLessThan(4 * a.estimate.standardError);
    // ... and auto answers it in closed form: 0.8 with sd sqrt(1/5).
    const closed = answer(linear, spec, { seed: 2 });
    if (closed.type !== "mean") throw new Error("expected a mean");
    expect(closed.estimate).toMatchObject({ standardError: 0, method: "closed form (Gaussian conditioning)" });
    expect(closed.estimate.value).toBeCloseTo(0.8, 12);
    expect(closed.spread!.sd).toBeCloseTo(Math.sqrt(1 / 5), 12);
  });

  it("reports an exact answer once; method: exact refuses a continuous model it has no closed form for", async () => {
    const seen: QueryProgress[] = [];
    const a = await answerProgressive(coin, doX1, { seed: 1, distribution: "bernoulli" }, (p) => void seen.push(p));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ exact: true, batch: 1, batches: 1 });
    if (a.type !== "distribution") throw new Error("expected a distribution");
    expect(a.rows[1].estimate).toMatchObject({ standardError: 0 });
    expect(a.rows[1].estimate.value).toBeCloseTo(0.9, 12);
    const curved = scm("curved").variable("X", () => normal(0, 1)).variable("Y", ({ X }) => normal(X * X, 1));
    await expect(answerProgressive(curved, doX1, { seed: 1, method: "exact" }, () => undefined)).rejects.toThrow(/exact inference is not possible/);
  });

  it("gives the comparison world: seeing (the do values observed) beside doing; the factual world beside a counterfactual", () => {
    expect(comparisonSpec({ ...doX1, given: { Z: 0 } })).toEqual({ ...doX1, do: {}, given: { Z: 0, X: 1 } });
    expect(comparisonSpec({ ...doX1, counterfactual: true, given: { Y: 1 } })).toEqual({ ...doX1, counterfactual: false, do: {}, given: { Y: 1 } });
    expect(comparisonSpec({ ...doX1, do: {} })).toBeUndefined();
  });
});

describe("queryAsCode", () => {
  it("writes the TypeScript expression and the CLI line", () => {
    expect(queryAsCode({ ...doX1, given: { Z: 0 } }, "model.causal.ts", { seed: 1, support: [0, 1] })).toEqual({
      typescript: "[0, 1].map((value) => m.do({ X: 1 }).condition({ Z: 0 }).prob({ Y: value }, { seed: 1 }))",
      cli: "causal-studio query model.causal.ts --do X=1 --given Z=0 --target Y --seed 1",
    });
    const cf = queryAsCode({ kind: "single", counterfactual: true, do: { X: 0 }, given: { X: 1, Y: 1 }, target: "Y", value: 1 }, "my model.causal.ts", { seed: 3, samples: 500, method: "sampling" });
    expect(cf.typescript).toBe('m.counterfactual({ given: { X: 1, Y: 1 }, do: { X: 0 } }).prob({ Y: 1 }, { seed: 3, samples: 500, method: "sampling" })');
    expect(cf.cli).toBe("causal-studio query 'my model.causal.ts' --do X=0 --given X=1,Y=1 --target Y=1 --counterfactual --seed 3 --samples 500 --method sampling");
    const pns = queryAsCode({ kind: "joint", shortcut: "pns", worlds: { t: { X: 1 }, c: { X: 0 } }, given: {}, event: [{ world: "t", variable: "Y", value: 1 }, { world: "c", variable: "Y", value: 0 }] }, "m.ts");
    expect(pns.typescript).toBe("m.worlds({ t: { X: 1 }, c: { X: 0 } }).prob((w) => w.t.Y === 1 && w.c.Y === 0, { seed: 1 })");
    expect(pns.cli).toBe("causal-studio query m.ts --pns X Y --treated 1 --control 0 --seed 1");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const gt = queryAsCode({ ...doX1, threshold: { op: ">", value: 3.5 } }, "m.ts");
    expect(gt).toEqual({ typescript: "m.do({ X: 1 }).prob((v) => v.Y > 3.5, { seed: 1 })", cli: "causal-studio query m.ts --do X=1 --target 'Y>3.5' --seed 1" });
  });

  const FIXTURES = join(__dirname, "..", "..", "..", "test", "fixtures");
  /** Splits a command line written by shellQuote (bare words and single-quoted words). */
  const words = (line: string) => [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]));

  async function cliAnswer(line: string) {
    const [bin, ...argv] = words(line);
    expect(bin).toBe("causal-studio");
    await ensureModelRunner(); // the CLI answers in the model process, as in the editor
    let out = "";
    const code = await main([...argv, "--json"], { stdout: (t) => void (out += t), stderr: (t) => void (out += t), cwd: FIXTURES });
    expect(code, out).toBe(0);
    return JSON.parse(out).answer;
  }

  it.each<[string, QuerySpec, { samples?: number }]>([
    ["an exact interventional distribution", { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" }, {}],
    ["a sampled counterfactual", { kind: "single", counterfactual: true, do: { X: 0 }, given: { X: 1, Y: 1 }, target: "N" }, { samples: 4000 }],
    ["a threshold event P(N > 1 | do(X = 1)) (sampled: N is poisson)", { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "N", threshold: { op: ">", value: 1 } }, { samples: 4000 }],
    ["a counterfactual threshold event P(N_{X=0} <= 0 | X = 1, Y = 1)", { kind: "single", counterfactual: true, do: { X: 0 }, given: { X: 1, Y: 1 }, target: "N", threshold: { op: "<=", value: 0 } }, { samples: 4000 }],
    ["a probability of necessity and sufficiency", { kind: "joint", shortcut: "pns", worlds: { t: { X: 1 }, c: { X: 0 } }, given: {}, event: [{ world: "t", variable: "Y", value: 1 }, { world: "c", variable: "Y", value: 0 }] }, {}],
  ])("the CLI line for %s, run, gives the in-process answer", async (_what, spec, o) => {
    const file = join(FIXTURES, "treatment.causal.ts");
    const { loadModelFile } = await import("../io/load-module");
    const loaded = await loadModelFile(file);
    if ("diagnostics" in loaded) throw new Error("fixture does not load");
    const opts = { seed: 11, ...o };
    const distribution = spec.kind === "single" && spec.target === "Y" ? "bernoulli" : undefined;
    const expected = answer(loaded.model, spec, { ...opts, distribution });
    const { cli } = queryAsCode(spec, file, opts);
    expect(await cliAnswer(cli)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
