// The job channel's messages are validated per kind: the payload of a job, a progress report and a
// result is checked against the schemas JOB_KINDS lists for its kind, on receipt on either side.
import { describe, expect, it } from "vitest";
import { FromChild, JOB_KINDS, ToChild } from "./model-process-messages";

const spec = { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" };
const answer = { type: "mean", estimate: { value: 1, standardError: 0.1, method: "m" } };

describe("model-process messages", () => {
  it("a job names its kind, and its input is checked against that kind's schema", () => {
    expect(Object.keys(JOB_KINDS)).toEqual(["query"]);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "query", file: "/m.causal.ts", input: { spec, options: { seed: 1 }, ate: true } }).success).toBe(true);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "query", file: "/m.causal.ts", input: { spec: { ...spec, do: { X: Infinity } }, options: { seed: 1 } } }).success).toBe(false);
    expect(ToChild.safeParse({ type: "job", id: 1, kind: "train", file: "/m.causal.ts", input: {} }).success).toBe(false);
    expect(ToChild.safeParse({ type: "stop", id: 1 }).success).toBe(true);
  });

  it("progress and results are checked against the kind's schemas too", () => {
    expect(FromChild.safeParse({ type: "progress", id: 1, kind: "query", progress: { type: "answered", answered: { model: "m", answer } } }).success).toBe(true);
    expect(FromChild.safeParse({ type: "progress", id: 1, kind: "query", progress: { type: "answered", answered: { model: "m" } } }).success).toBe(false);
    expect(FromChild.safeParse({ type: "done", id: 1, kind: "query", bundled: false, result: { model: "m", answer, summaries: [] } }).success).toBe(true);
    expect(FromChild.safeParse({ type: "done", id: 1, kind: "query", bundled: false, result: { model: "m", answer: { type: "nope" } } }).success).toBe(false);
  });
});
