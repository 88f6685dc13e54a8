// The job channel's messages are validated per kind: the payload of a job, a progress report and a
// result is checked against the schemas JOB_KINDS lists for its kind, on receipt on either side.
import { describe, expect, it } from "vitest";
import { FromChild, JOB_KINDS, ToChild } from "./model-process-messages";

const spec = { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" };
const answer = { type: "mean", estimate: { value: 1, standardError: 0.1, method: "m" } };

describe("model-process messages", () => {
  it("a job names its kind, and its input is checked against that kind's schema", () => {
    expect(Object.keys(JOB_KINDS)).toEqual(["query", "train", "diagnose", "export", "simulate"]);
    const simulate = (input: unknown) => ToChild.safeParse({ type: "job", id: 1, kind: "simulate", file: "/m.causal.ts", input }).success;
    expect(simulate({ rows: 10, seed: 1, do: { x: 1 }, latent: false })).toBe(true);
    expect(simulate({ rows: 10, seed: 1, do: {}, latent: true, params: { file: "/p.json", strict: true } })).toBe(true);
    for (const bad of [{ rows: 0, seed: 1, do: {}, latent: false }, { rows: 1_000_001, seed: 1, do: {}, latent: false }, { rows: 10, seed: -1, do: {}, latent: false }, { rows: 10, seed: 1, do: { x: Infinity }, latent: false }, { rows: 10, seed: 1, do: {} }]) {
      expect(simulate(bad)).toBe(false);
    }
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "export", file: "/m.causal.ts", input: { format: "bif" } }).success).toBe(true);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "export", file: "/m.causal.ts", input: { format: "xdsl" } }).success).toBe(false);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "query", file: "/m.causal.ts", input: { spec, options: { seed: 1 }, ate: true } }).success).toBe(true);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "query", file: "/m.causal.ts", input: { spec: { ...spec, do: { X: Infinity } }, options: { seed: 1 } } }).success).toBe(false);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "train", file: "/m.causal.ts", input: {} }).success).toBe(false);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "query", file: "/m.causal.ts", input: { spec, options: { seed: 1 }, params: { file: "/p.json" } } }).success).toBe(true);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "query", file: "/m.causal.ts", input: { spec, options: { seed: 1 }, params: { file: "" } } }).success).toBe(false);
    expect(ToChild.safeParse({ type: "stop", id: 1 }).success).toBe(true);
  });

  it("progress and results are checked against the kind's schemas too", () => {
    expect(FromChild.safeParse({ type: "progress", id: 1, kind: "query", progress: { type: "answered", answered: { model: "m", answer } } }).success).toBe(true);
    expect(FromChild.safeParse({ type: "progress", id: 1, kind: "query", progress: { type: "answered", answered: { model: "m" } } }).success).toBe(false);
    expect(FromChild.safeParse({ type: "done", id: 1, kind: "query", bundled: false, result: { model: "m", answer, summaries: [] } }).success).toBe(true);
    expect(FromChild.safeParse({ type: "done", id: 1, kind: "query", bundled: false, result: { model: "m", answer: { type: "nope" } } }).success).toBe(false);
  });

  it.each([
    ["the smallest train job", { data: "/d.csv", out: "/p.json" }, true],
    ["every option", { data: "/d.csv", out: "/p.json", map: { y: "wage" }, levels: { g: ["a", "b"] }, epochs: 5, batch: 64, lr: 0.01, seed: 2, backend: "wasm", resume: "/p.json", checkpoint: { path: "/c.json", every: 10 } }, true],
    ["no out", { data: "/d.csv" }, false],
    ["zero epochs", { data: "/d.csv", out: "/p.json", epochs: 0 }, false],
    ["a negative learning rate", { data: "/d.csv", out: "/p.json", lr: -1 }, false],
    ["an unknown backend", { data: "/d.csv", out: "/p.json", backend: "gpu" }, false],
    ["a checkpoint every 0 steps", { data: "/d.csv", out: "/p.json", checkpoint: { path: "/c.json", every: 0 } }, false],
  ])("train input: %s", (_, input, ok) => {
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "train", file: "/m.causal.ts", input }).success).toBe(ok);
  });

  it.each([
    ["the smallest diagnose job", { data: "/d.csv" }, true],
    ["every option", { data: "/d.csv", map: { y: "wage" }, params: "/p.json", environment: "env", interventions: "did", alpha: 0.05, seed: 3 }, true],
    ["no data", {}, false],
    ["alpha 1", { data: "/d.csv", alpha: 1 }, false],
    ["an empty environment column", { data: "/d.csv", environment: "" }, false],
  ])("diagnose input: %s", (_, input, ok) => {
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "diagnose", file: "/m.causal.ts", input }).success).toBe(ok);
  });

  it("a diagnose result is checked field by field: a forged verdict or a plot of the wrong kind is refused", () => {
    const report = {
      file: "/m.causal.ts", model: "m", data: { file: "/d.csv", rows: 10 }, alpha: 0.01, environment: null, interventions: null, params: { source: "none" },
      verdict: "pass", counts: { pass: 1, warn: 0, fail: 0 },
      checks: [{ kind: "chow", variable: "y", statisticName: "F", statistic: 1, df: [1, 8], p: 0.3, log10P: -0.5, pAdjusted: 0.3, log10PAdjusted: -0.5, effect: null, verdict: "pass", text: "y ok" }],
      skipped: [], cannotSee: [], variables: [{ variable: "y", verdict: "pass", sentence: "fine", checks: [0], plots: [] }], edges: [], violated: [],
      plots: [{ kind: "loeo", id: "loeo-y", variable: "y", title: "t", rows: [{ environment: "a", heldOut: 1, inDistribution: 1, ratio: 1 }], threshold: 2, verdict: "pass" }], timings: { open: 1 },
    };
    const done = (result: unknown) => FromChild.safeParse({ type: "done", id: 1, kind: "diagnose", bundled: false, result }).success;
    expect(done(report)).toBe(true);
    expect(done({ ...report, verdict: "great" })).toBe(false);
    expect(done({ ...report, plots: [{ ...report.plots[0], kind: "pie" }] })).toBe(false);
    expect(done({ ...report, checks: [{ ...report.checks[0], statistic: "1" }] })).toBe(false);
  });

  it("train progress and results have the trainer's shapes", () => {
    const progress = { mechanism: "y", method: "Adam", step: 3, steps: 10, epoch: 1, epochs: 5, loss: 1.5, stepsPerSecond: 100, elapsedMs: 30 };
    expect(FromChild.safeParse({ type: "progress", id: 1, kind: "train", progress }).success).toBe(true);
    expect(FromChild.safeParse({ type: "progress", id: 1, kind: "train", progress: { ...progress, method: "magic" } }).success).toBe(false);
    const result = {
      model: "m", paramsFile: "/p.json", rows: 10, mechanisms: [{ mechanism: "y", method: "BFGS", finalLoss: 1.2, steps: 7, converged: true }],
      params: { b: 1, w: [1, 2] }, standardErrors: { b: NaN }, table: [{ name: "b", value: 1, standardError: NaN }],
      data: { file: "/d.csv", rows: 10, stamp: { size: 100, mtimeMs: 1 } }, logLikelihood: -12, stopped: false, checkpoints: 0, trainedAt: "2026-01-01T00:00:00Z", elapsedMs: 5,
    };
    expect(FromChild.safeParse({ type: "done", id: 1, kind: "train", bundled: true, result }).success).toBe(true);
    expect(FromChild.safeParse({ type: "done", id: 1, kind: "train", bundled: true, result: { ...result, data: { file: "/d.csv", rows: 10 } } }).success).toBe(false);
  });
});
