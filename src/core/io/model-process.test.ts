// The child-process model runner: answers, progress, timeouts, throws, cancellation, out of
// memory, crashes and a fresh child after each kill. Numbers are checked against closed forms
// in the fixtures' comments (test/fixtures/runner/) and against the in-process answer().
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type QueryProgress } from "../query/answer";
import type { QuerySpec } from "../query/query-spec";
import { loadModelFile } from "./load-module";
import { ModelProcess, type ModelRunResult } from "./model-process";
import { buildChildForTests, runnerFixture } from "./model-process.test-util";

let entry = "";
beforeAll(async () => void (entry = await buildChildForTests()), 60_000);

const doX1: QuerySpec = { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" };
const answered = (r: ModelRunResult) => {
  if (r.status !== "answered") throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  return r;
};
const failed = (r: ModelRunResult) => {
  if (r.status !== "failed") throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r.diagnostics[0];
};
const estimateOf = (r: ModelRunResult) => {
  const a = answered(r).answer;
  if (a.type === "distribution") throw new Error("expected a single estimate");
  return a.estimate;
};

describe("ModelProcess", () => {
  const made: ModelProcess[] = [];
  const fresh = (o?: { timeoutMs?: number; memoryMb?: number }) => {
    const p = new ModelProcess({ entry, timeoutMs: o?.timeoutMs ?? 20_000, memoryMb: o?.memoryMb ?? 256 });
    made.push(p);
    return p;
  };
  afterAll(() => made.forEach((p) => p.dispose()));

  it("answers a sampling query with progress before the answer, deterministically, as in-process answer() does", async () => {
    const p = fresh();
    const events: string[] = [];
    const progress: QueryProgress[] = [];
    const r1 = await p.run({ file: runnerFixture("linear.causal.ts"), spec: doX1, options: { seed: 7, samples: 40_000, method: "sampling" }, comparison: true }, {
      onProgress: (x) => (events.push("progress"), progress.push(x)),
    }).then((r) => (events.push("answer"), r));
    const e = estimateOf(r1);
    expect(Math.abs(e.value - 3)).toBeLessThan(4 * e.standardError); // E[Y | do(X=1)] = 3
    expect(e.samples).toBe(40_000);
    expect(events).toEqual([...Array(8).fill("progress"), "answer"]);
    expect(progress.map((x) => x.samples)).toEqual([625, 1250, 2500, 5000, 10_000, 20_000, 30_000, 40_000]);
    expect(progress.at(-1)!.answer).toEqual(answered(r1).answer);
    const cmp = answered(r1).comparison!;
    expect(cmp.type).toBe("mean");
    if (cmp.type === "mean") expect(Math.abs(cmp.estimate.value - 3)).toBeLessThan(4 * cmp.estimate.standardError); // seeing: E[Y | X = 1] = 3 (X unconfounded)

    const r2 = await p.run({ file: runnerFixture("linear.causal.ts"), spec: doX1, options: { seed: 7, samples: 40_000, method: "sampling" } });
    expect(answered(r2).answer).toEqual(answered(r1).answer);
    const loaded = await loadModelFile(runnerFixture("linear.causal.ts"));
    if ("diagnostics" in loaded) throw new Error("fixture does not load");
    expect(answer(loaded.model, doX1, { seed: 7, samples: 40_000, method: "sampling" })).toEqual(answered(r1).answer);
    const r3 = await p.run({ file: runnerFixture("linear.causal.ts"), spec: doX1, options: { seed: 8, samples: 40_000, method: "sampling" } });
    expect(estimateOf(r3).value).not.toBe(e.value);
  }, 60_000);

  it("reports an exact answer once, with the comparison", async () => {
    const p = fresh();
    const progress: QueryProgress[] = [];
    const r = answered(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 }, comparison: true, distribution: "bernoulli" }, { onProgress: (x) => progress.push(x) }));
    expect(progress).toHaveLength(1);
    expect(progress[0].exact).toBe(true);
    if (r.answer.type !== "distribution" || r.comparison?.type !== "distribution") throw new Error("expected distributions");
    expect(r.answer.rows.map((x) => x.value)).toEqual([0, 1]);
    expect(r.answer.rows[1].estimate.value).toBeCloseTo(0.9, 12);
    expect(r.comparison.rows[1].estimate.value).toBeCloseTo(0.9, 12); // seeing: P(Y = 1 | X = 1), not the marginal 0.41
    expect(r.model).toBe("coin");
  }, 30_000);

  it("stops an endless loop at the timeout, then answers the next query in a fresh child", async () => {
    const p = fresh({ timeoutMs: 1500 });
    await p.warm();
    const first = p.pid;
    const t0 = performance.now();
    const d = failed(await p.run({ file: runnerFixture("loop.causal.ts"), spec: doX1, options: { seed: 1 } }));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(d.code).toBe("model-timeout");
    expect(d.message).toMatch(/did not finish within 1500 ms/);
    p.setLimits({ timeoutMs: 20_000 });
    const r = answered(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 } }));
    expect(r.model).toBe("coin");
    expect(p.pid).not.toBe(first);
  }, 30_000);

  it("reports a throw in a mechanism at the user's file:line:col; the next job gets a fresh child", async () => {
    const p = fresh();
    const file = runnerFixture("throws.causal.ts");
    const d = failed(await p.run({ file, spec: doX1, options: { seed: 1, samples: 1000 } }));
    const lines = readFileSync(file, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes("throw new Error")) + 1;
    expect(d.message).toMatch(/X is too large for this mechanism/);
    expect(d.range?.file).toBe(file);
    expect(d.range?.start.line).toBe(line);
    expect(d.range?.start.column).toBe(lines[line - 1].indexOf("new Error"));
    answered(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 } }));
  }, 30_000);

  it("cancels mid-run (after the first progress report), then runs the next query in a fresh child", async () => {
    const p = fresh();
    await p.warm();
    const first = p.pid;
    const ac = new AbortController();
    let reports = 0;
    const r = await p.run({ file: runnerFixture("linear.causal.ts"), spec: doX1, options: { seed: 1, samples: 8_000_000, method: "sampling" } }, {
      signal: ac.signal, onProgress: () => void (reports++, ac.abort()),
    });
    expect(r.status).toBe("cancelled");
    expect(reports).toBeGreaterThanOrEqual(1);
    expect(reports).toBeLessThan(8);
    answered(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 } }));
    expect(p.pid).not.toBe(first);
    const pre = new AbortController();
    pre.abort();
    expect((await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 } }, { signal: pre.signal })).status).toBe("cancelled");
  }, 60_000);

  it("reports running out of memory under a small limit, then works again", async () => {
    const p = fresh({ memoryMb: 96 });
    const d = failed(await p.run({ file: runnerFixture("oom.causal.ts"), spec: doX1, options: { seed: 1 } }));
    expect(d.code).toBe("model-out-of-memory");
    expect(d.message).toMatch(/ran out of memory \(the limit is 96 MB\)/);
    answered(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 } }));
  }, 60_000);

  it("reports process.exit in a mechanism as that, at its line, then works again", async () => {
    const p = fresh();
    const file = runnerFixture("crash.causal.ts");
    const d = failed(await p.run({ file, spec: doX1, options: { seed: 1 } }));
    expect(d.code).toBe("model-crashed");
    expect(d.message).toMatch(/crash\.causal\.ts: the model called process\.exit\(7\)/);
    expect(d.range?.file).toBe(file);
    expect(d.range?.start.line).toBe(readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes("process.exit")) + 1);
    answered(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 } }));
  }, 30_000);

  it("reports model files that do not load, and unknown variables, as diagnostics", async () => {
    const p = fresh();
    const notModel = failed(await p.run({ file: runnerFixture("not-a-model.causal.ts"), spec: doX1, options: { seed: 1 } }));
    expect(notModel.code).toBe("not-a-model");
    expect(notModel.range?.file).toBe(runnerFixture("not-a-model.causal.ts"));
    const missing = failed(await p.run({ file: runnerFixture("no-such-file.causal.ts"), spec: doX1, options: { seed: 1 } }));
    expect(missing.message).toMatch(/no-such-file/);
    const unknown = failed(await p.run({ file: runnerFixture("coin.causal.ts"), spec: { ...doX1, target: "Z" }, options: { seed: 1 } }));
    expect(unknown.code).toBe("unknown-variable");
    expect(unknown.message).toMatch(/no variable "Z"/);
  }, 30_000);

  it("each job loads the model file as it is now: editing an import or touching the file counts", async () => {
    const p = fresh();
    const dir = mkdtempSync(join(tmpdir(), "cs-model-cache-"));
    const file = join(dir, "cached.causal.ts");
    const helper = join(dir, "rate.ts");
    writeFileSync(helper, "export const RATE = 0.9;\n");
    writeFileSync(file, `import { bernoulli, scm } from "causal-studio";\nimport { RATE } from "./rate";\nexport default scm("cached").variable("X", () => bernoulli(0.3)).variable("Y", ({ X }) => bernoulli(X ? RATE : 0.2));\n`);
    const ask = async () => answered(await p.run({ file, spec: doX1, options: { seed: 1 }, distribution: "bernoulli" }));
    const p1 = (r: ModelRunResult) => {
      const a = answered(r).answer;
      return a.type === "distribution" ? a.rows.find((x) => x.value === 1)!.estimate.value : NaN;
    };
    const first = await ask();
    expect(first.bundled).toBe(true);
    expect(p1(first)).toBeCloseTo(0.9, 12);
    const second = await ask();
    expect(second.answer).toEqual(first.answer);

    writeFileSync(helper, "export const RATE = 0.6;\n"); // an import changes: the next query sees it
    const edited = await ask();
    expect(p1(edited)).toBeCloseTo(0.6, 12);

    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later); // touching the entry file counts as a change
    const touched = await ask();
    expect(p1(touched)).toBeCloseTo(0.6, 12);
  }, 30_000);
});
