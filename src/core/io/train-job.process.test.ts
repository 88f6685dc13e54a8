// The "train" job through the real model process, and a query job that carries a parameters file:
// used when it fits the model's declared params, else the declared values answer and the result
// says why (params-file.ts's rule). slope.causal.ts: y = slope * x + b + N(0, 0.5), declared slope 2, b 0.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelProcess } from "./model-process";
import { buildChildForTests } from "./model-process.test-util";

const SLOPE = join(__dirname, "..", "..", "..", "test", "fixtures", "slope.causal.ts");
const dir = mkdtempSync(join(tmpdir(), "cs-trainjob-"));
let proc: ModelProcess;
beforeAll(async () => void (proc = new ModelProcess({ entry: await buildChildForTests("train-job"), timeoutMs: 60_000, memoryMb: 512 })), 60_000);
afterAll(() => (proc?.dispose(), rmSync(dir, { recursive: true, force: true })));

// Rows with x in {0, 1}: the MLE is b = mean(y | x = 0), slope = mean(y | x = 1) - b.
const rows = [[0, 1], [0, 1.5], [0, 0.5], [1, 4], [1, 4.5], [1, 3.5], [1, 4]];
const data = join(dir, "d.csv");
writeFileSync(data, "x,y\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
const b = 1, slope = 4 - 1;
const doX1 = { kind: "single" as const, counterfactual: false, do: { x: 1 }, given: {}, target: "y" };

describe("train job in the model process", () => {
  const out = join(dir, "slope.params.json");
  it("reads the data, trains, writes the params file atomically and answers with the table, per-mechanism losses and the data stamp", async () => {
    const r = await proc.runJob("train", SLOPE, { data, out, checkpoint: { path: join(dir, "slope.params.checkpoint.json"), every: 5 } });
    if (r.status !== "done") throw new Error(JSON.stringify(r));
    const t = r.result;
    expect(t.rows).toBe(7);
    expect(t.params.b as number).toBeCloseTo(b, 5);
    expect(t.params.slope as number).toBeCloseTo(slope, 5);
    expect(t.table.map((x) => x.name).sort()).toEqual(["b", "slope"]);
    expect(t.mechanisms.map((m) => m.mechanism).sort()).toEqual(["x", "y"]);
    expect(t.data.stamp.size).toBe(readFileSync(data).length);
    expect(t.stopped).toBe(false);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.params).toEqual(t.params);
    expect(saved.declared).toEqual({ slope: 1, b: 1 });
    expect(existsSync(join(dir, "slope.params.checkpoint.json"))).toBe(false); // removed once the params file is written
  });

  it("a query with the params file answers with the trained values: E[y | do(x = 1)] = slope + b = 4", async () => {
    const r = await proc.runJob("query", SLOPE, { spec: doX1, options: { seed: 1, samples: 20_000 }, params: { file: out } });
    if (r.status !== "done" || r.result.answer.type !== "mean") throw new Error(JSON.stringify(r));
    expect(r.result.params).toEqual({ file: out, used: true });
    const e = r.result.answer.estimate;
    expect(Math.abs(e.value - 4)).toBeLessThan(4 * e.standardError + 1e-9);
  });

  it("a stale params file (a param the model no longer declares) is not used: the declared values answer, E = 2, and the reason is given", async () => {
    const stale = join(dir, "stale.json");
    writeFileSync(stale, JSON.stringify({ model: "slope", params: { slope: 3, b: 1, old: 5 } }));
    const r = await proc.runJob("query", SLOPE, { spec: doX1, options: { seed: 1, samples: 20_000 }, params: { file: stale } });
    if (r.status !== "done" || r.result.answer.type !== "mean") throw new Error(JSON.stringify(r));
    expect(r.result.params).toEqual({ file: stale, used: false, stale: 'the model\'s params changed since training: "old" is no longer declared' });
    const e = r.result.answer.estimate;
    expect(Math.abs(e.value - 2)).toBeLessThan(4 * e.standardError + 1e-9);
  });

  it("a stop asked before the job starts still ends done, with stopped: true and what was learned written", async () => {
    const stopped = join(dir, "stopped.json");
    const stop = new AbortController();
    stop.abort();
    const r = await proc.runJob("train", SLOPE, { data, out: stopped }, { stop: stop.signal });
    if (r.status !== "done") throw new Error(JSON.stringify(r));
    expect(r.result.stopped).toBe(true);
    expect(JSON.parse(readFileSync(stopped, "utf8")).stopped).toBe(true);
  });

  it("bad data is a failure naming the file and the missing column; nothing is written", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "x,z\n0,1\n1,2\n");
    const r = await proc.runJob("train", SLOPE, { data: bad, out: join(dir, "never.json") });
    if (r.status !== "failed") throw new Error(JSON.stringify(r));
    expect(r.diagnostics[0].message).toMatch(/bad\.csv/);
    expect(r.diagnostics[0].message).toMatch(/"?y"?/);
    expect(existsSync(join(dir, "never.json"))).toBe(false);
  });
});
