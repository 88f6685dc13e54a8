// What the editor remembers per model file, and the DAG panel's "trained on …" line.
import { describe, expect, it } from "vitest";
import { defaultParamsFile, recordTrained, rememberData, rememberedData, trainedLabel, trainedParams } from "./trained-params";

describe("trained params memory", () => {
  it("keeps the data file and the last training per model file, apart from other files", async () => {
    const m = new Map<string, unknown>();
    const state = { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k: string, v: unknown) => void m.set(k, v) };
    await rememberData(state, "/w/a.causal.ts", "/w/a.csv");
    await recordTrained(state, "/w/a.causal.ts", { paramsFile: "/w/a.params.json", data: "/w/a.csv", rows: 3, trainedAt: "2026-01-02T03:04:05Z" });
    expect(rememberedData(state, "/w/a.causal.ts")).toBe("/w/a.csv");
    expect(trainedParams(state, "/w/a.causal.ts")?.paramsFile).toBe("/w/a.params.json");
    expect(rememberedData(state, "/w/b.causal.ts")).toBeUndefined();
    expect(trainedParams(state, "/w/b.causal.ts")).toBeUndefined();
  });
  it("labels a training by data file name, rows with thousands separators and local time", () => {
    const at = new Date(2026, 11, 1, 23, 40).toISOString();
    expect(trainedLabel({ paramsFile: "p", data: "/w/samples/wages.csv", rows: 4000, trainedAt: at })).toBe("trained on wages.csv, 4,000 rows, 2026-12-01 23:40");
  });
  it("puts the params file beside the model, as the CLI does", () => {
    expect(defaultParamsFile("/w/model.causal.ts")).toBe("/w/model.params.json");
  });
});
