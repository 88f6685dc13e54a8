// Issue 13, the model process: forged answers on the IPC channel (item 6), state surviving between
// queries (7), the model's own throws (13), process.exit and console output (14), a timed-out query's
// partial estimate (17), the environment it inherits (19). Model files are written to a temp folder.
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { QuerySpec } from "../query/query-spec";
import { answer } from "../query/answer";
import { loadModelFile } from "./load-module";
import { ModelProcess, type ModelRunResult } from "./model-process";
import { buildChildForTests, runnerFixture } from "./model-process.test-util";

let entry = "";
beforeAll(async () => void (entry = await buildChildForTests("isolation")), 60_000);
const dir = mkdtempSync(join(tmpdir(), "cs-isolation-"));
const model = (name: string, body: string) => {
  const file = join(dir, `${name}.causal.ts`);
  writeFileSync(file, `import * as cs from "causal-studio";\nimport { bernoulli, normal, scm } from "causal-studio";\n${body}\n`);
  return file;
};
const line = (file: string, text: string) => readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
const pY: QuerySpec = { kind: "single", counterfactual: false, do: {}, given: {}, target: "Y" };
const doX1: QuerySpec = { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" };
const p1 = (r: ModelRunResult) => {
  if (r.status !== "answered") throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  const a = r.answer;
  return a.type === "distribution" ? a.rows.find((x) => x.value === 1)?.estimate.value : a.estimate.value;
};
const failed = (r: ModelRunResult) => {
  if (r.status !== "failed") throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r.diagnostics[0];
};

describe("model process isolation (issue 13)", () => {
  const made: ModelProcess[] = [];
  const fresh = (o: { timeoutMs?: number; modelOutput?: "inherit" | "stderr" | "pipe" } = {}) => {
    const p = new ModelProcess({ entry, timeoutMs: o.timeoutMs ?? 20_000, memoryMb: 256, ...(o.modelOutput ? { modelOutput: o.modelOutput } : {}) });
    made.push(p);
    return p;
  };
  afterAll(() => made.forEach((p) => p.dispose()));

  it("item 6: a forged answer sent with process.send (for this job's id and the next ones) is never returned", async () => {
    const file = model("forger", `
const forge = (id: number) => ({ type: "done", id, kind: "query", bundled: false, result: { model: "forged", answer: { type: "probability", estimate: { value: 0.123456, standardError: 0, method: "exact" } } } });
for (let id = 1; id < 5; id++) process.send?.(forge(id));
export default scm("forger").variable("X", () => bernoulli(0.3)).variable("Y", ({ X }) => {
  for (let id = 1; id < 5; id++) process.send?.(forge(id));
  return bernoulli(X ? 0.9 : 0.2);
});`);
    const p = fresh();
    const d = failed(await p.run({ file, spec: doX1, options: { seed: 1 }, distribution: "bernoulli" }));
    expect(d.message).toMatch(/^forger\.causal\.ts: the model process sent a message that did not come from the runner; the process was restarted/);
    // The next query (id 2, which the model also forged) answers from the model, in a fresh child.
    expect(p1(await p.run({ file: runnerFixture("coin.causal.ts"), spec: doX1, options: { seed: 1 }, distribution: "bernoulli" }))).toBeCloseTo(0.9, 12);
  }, 60_000);

  it("item 7: a module-level or global counter in a mechanism gives the same answer to the same query every time", async () => {
    const file = model("counter", `
let calls = 0;
const g = globalThis as { __loads?: number };
g.__loads = (g.__loads ?? 0) + 1;
export default scm("counter").variable("X", () => bernoulli(0.5)).variable("Y", ({ X }) => bernoulli(Math.min(0.9, 0.1 * (++calls > 2 ? 2 : 1) * g.__loads!)));`);
    const p = fresh();
    const ask = async () => p1(await p.run({ file, spec: pY, options: { seed: 3 }, distribution: "bernoulli" }));
    const first = await ask();
    // The answer from fresh state: this file loaded once in this (test) process, as the CLI does per run.
    const loaded = await loadModelFile(file);
    if ("diagnostics" in loaded) throw new Error("does not load");
    const a = answer(loaded.model, pY, { seed: 3, distribution: "bernoulli" });
    expect(first).toBe(a.type === "distribution" ? a.rows.find((x) => x.value === 1)?.estimate.value : NaN);
    expect(await ask()).toBe(first);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later); // reloaded: the global load counter must not carry over either
    expect(await ask()).toBe(first);
  }, 60_000);

  it("item 7: a model that patches Math and a core class does not change the next query on another file", async () => {
    const linear = runnerFixture("linear.causal.ts");
    const p = fresh();
    const ask = () => p.run({ file: linear, spec: doX1, options: { seed: 7, samples: 5000 } });
    const before = await ask();
    const patcher = model("patcher", `
Math.random = () => 0.5;
Math.sqrt = () => 42;
Math.log = () => 0;
const proto = Object.getPrototypeOf(normal(0, 1)) as Record<string, unknown>;
for (const k of Object.getOwnPropertyNames(proto)) if (k !== "constructor" && typeof proto[k] === "function") proto[k] = () => 0;
export default scm("patcher").variable("X", () => bernoulli(0.5)).variable("Y", () => bernoulli(0.5));`);
    await p.run({ file: patcher, spec: pY, options: { seed: 1 }, distribution: "bernoulli" });
    const after = await ask();
    expect(after.status).toBe("answered");
    expect(after.status === "answered" && after.answer).toEqual(before.status === "answered" && before.answer);
  }, 60_000);

  it("item 14: process.exit(0) in a mechanism is an error at its line, not a silent success", async () => {
    const file = model("exit0", `export default scm("exit0").variable("X", () => bernoulli(0.5)).variable("Y", ({ X }) => {
  if (X) process.exit(0);
  return bernoulli(0.5);
});`);
    const d = failed(await fresh().run({ file, spec: pY, options: { seed: 1 }, distribution: "bernoulli" }));
    expect(d.message).toMatch(/the model called process\.exit\(0\)/);
    expect(d.range?.file).toBe(file);
    expect(d.range?.start.line).toBe(line(file, "process.exit"));
  }, 30_000);

  it("item 14: with modelOutput 'stderr' the model's console.log goes to stderr, never to stdout", async () => {
    const file = model("chatty", `console.log("hello from the model");
export default scm("chatty").variable("Y", () => { console.log("mechanism says hi"); return bernoulli(0.5); });`);
    const out = vi.spyOn(process.stdout, "write");
    const err = vi.spyOn(process.stderr, "write");
    try {
      expect(p1(await fresh({ modelOutput: "stderr" }).run({ file, spec: pY, options: { seed: 1 }, distribution: "bernoulli" }))).toBeCloseTo(0.5, 12);
      await new Promise((r) => setTimeout(r, 200)); // the pipe's last chunk
      expect(out.mock.calls.map((c) => String(c[0])).join("")).not.toMatch(/hello from the model|mechanism says hi/);
      expect(err.mock.calls.map((c) => String(c[0])).join("")).toMatch(/hello from the model/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }, 30_000);

  it("item 17: a slow but finite query that times out returns the estimate so far (samples ± SE) with the timeout", async () => {
    const file = model("slow", `export default scm("slow").variable("X", () => normal(0, 1)).variable("Y", ({ X }) => {
  const t = performance.now();
  while (performance.now() - t < 0.02);
  return normal(2 * X + 1, 1);
});`);
    const r = await fresh({ timeoutMs: 2500 }).run({ file, spec: doX1, options: { seed: 1, samples: 1_000_000, method: "sampling" } });
    const d = failed(r);
    expect(d.code).toBe("model-timeout");
    const partial = r.status === "failed" ? r.partial : undefined;
    if (!partial) throw new Error("no partial estimate");
    expect(partial.requested).toBe(1_000_000);
    expect(partial.samples).toBeGreaterThan(0);
    expect(partial.samples).toBeLessThan(1_000_000);
    expect(Math.abs(partial.estimate! - 3)).toBeLessThan(5 * partial.standardError!); // E[Y | do(X = 1)] = 3
    expect(d.message).toMatch(/^the query stopped after 2\.5 s with [\d,]+ of 1,000,000 samples: [\d.]+ ± [\d.e-]+ \(partial\)\. Raise causalStudio\.queryTimeoutMs \(the CLI: --timeout-ms\)/);
  }, 30_000);

  it("item 19: model code does not see the host's secrets in its environment, but has PATH", async () => {
    process.env.CS_TEST_SECRET_TOKEN = "s3cret";
    try {
      const file = model("env", `export default scm("env").variable("Y", () => bernoulli(process.env.CS_TEST_SECRET_TOKEN === undefined && process.env.PATH ? 0.25 : 0.75));`);
      expect(p1(await fresh().run({ file, spec: pY, options: { seed: 1 }, distribution: "bernoulli" }))).toBeCloseTo(0.25, 12);
    } finally {
      delete process.env.CS_TEST_SECRET_TOKEN;
    }
  }, 30_000);
});
