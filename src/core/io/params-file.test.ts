// Parameters files: both forms read, errors name the file, and the staleness rule (names and sizes).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ParamStore } from "../runtime/param-store";
import { paramLayout, readParamsFile, staleReason } from "./params-file";

const dir = mkdtempSync(join(tmpdir(), "cs-pf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));

describe("readParamsFile", () => {
  it("reads a plain object and training's form (values under params)", async () => {
    const plain = await readParamsFile(file("a.json", `{"b": 1, "w": [1, 2]}`));
    const trained = await readParamsFile(file("b.json", `{"model": "m", "params": {"b": 1, "w": [1, 2]}, "data": {"file": "d.csv", "rows": 3}}`));
    for (const r of [plain, trained]) {
      if ("diagnostics" in r) throw new Error(r.diagnostics[0].message);
      expect(r.store.toJSON()).toEqual({ b: 1, w: [1, 2] });
    }
    expect("saved" in trained && trained.saved?.data?.rows).toBe(3);
  });
  it.each([
    ["not JSON", "{", /bad\.json: not valid JSON/],
    ["an array", "[1]", /bad\.json: expected an object of parameter values/],
    ["a string value", `{"b": "x"}`, /bad\.json: param "b" must be a number or an array of numbers/],
  ])("%s is a diagnostic naming the file", async (_, text, message) => {
    const r = await readParamsFile(file("bad.json", text));
    expect("diagnostics" in r && r.diagnostics[0].message).toMatch(message);
  });
});

describe("staleReason: a file fits when the model declares exactly its names with the same sizes", () => {
  const store = new ParamStore({ b: 1, w: Float64Array.from([1, 2]) });
  it.each([
    ["the same names and sizes", { b: 1, w: 2 }, undefined],
    ["a param added", { b: 1, w: 2, c: 1 }, /"c" is new since training/],
    ["a param removed", { b: 1 }, /"w" is no longer declared/],
    ["a vector resized", { b: 1, w: 3 }, /"w" has size 3 now, 2 in the file/],
    ["a param renamed", { a: 1, w: 2 }, /"b" is no longer declared; "a" is new since training/],
  ])("%s", (_, declared, reason) => {
    const r = staleReason(declared, store);
    if (reason === undefined) expect(r).toBeUndefined();
    else expect(r).toMatch(reason);
  });
  it("paramLayout sizes numbers as 1 and vectors by length", () => {
    expect(paramLayout([{ name: "b", init: 0 }, { name: "w", init: Float64Array.from([0, 0, 0]) }])).toEqual({ b: 1, w: 3 });
    expect(paramLayout(undefined)).toEqual({});
  });
});
