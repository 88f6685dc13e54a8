import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { requireVariation } from "./require-variation";
import { tableColumn, tableFromColumns } from "./table";

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CausalError) return e.message;
    throw e;
  }
  throw new Error("expected a CausalError");
}

describe("tableFromColumns", () => {
  it("types number arrays, Float64Arrays, strings and broadcast numbers", () => {
    const t = tableFromColumns({ n: [1, 2, 3], x: new Float64Array([0.5, 1, 2]), g: ["b", "a", "b"], c: 7 });
    expect(t.rowCount).toBe(3);
    expect(t.names).toEqual(["n", "x", "g", "c"]);
    expect(t.columns.get("n")?.kind).toBe("integer");
    expect(t.columns.get("x")?.kind).toBe("numeric");
    expect(t.columns.get("g")).toMatchObject({ kind: "categorical", levels: ["b", "a"] });
    expect(Array.from(t.columns.get("g")!.values)).toEqual([0, 1, 0]);
    expect(Array.from(t.columns.get("c")!.values)).toEqual([7, 7, 7]);
    expect(tableFromColumns({ a: 1, b: 2 }).rowCount).toBe(1);
  });
  it("copies its input: later writes to the caller's array do not change the table", () => {
    const x = new Float64Array([1, 2]);
    const t = tableFromColumns({ x });
    x[0] = 99;
    expect(t.columns.get("x")!.values[0]).toBe(1);
  });
  it("keeps a declared level order and rejects other categories", () => {
    const t = tableFromColumns({ g: ["lo", "hi"] }, { levels: { g: ["hi", "lo"] } });
    expect(t.columns.get("g")).toMatchObject({ levels: ["hi", "lo"] });
    expect(Array.from(t.columns.get("g")!.values)).toEqual([1, 0]);
    expect(message(() => tableFromColumns({ g: ["lo", "mid"] }, { levels: { g: ["hi", "lo"] } }))).toBe(
      `column "g", row 2: category "mid" is not one of the declared levels (hi, lo).`,
    );
  });
  it("rejects NaN, infinity, unequal lengths, empty strings and levels for an unknown column", () => {
    expect(message(() => tableFromColumns({ x: [1, NaN] }))).toBe(`column "x", row 2: NaN (not a number).`);
    expect(message(() => tableFromColumns({ x: [Infinity] }))).toBe(`column "x", row 1: Infinity (not finite).`);
    expect(message(() => tableFromColumns({ x: [1, 2], y: [1] }))).toBe(`column "y" has 1 rows, but column "x" has 2.`);
    expect(message(() => tableFromColumns({ g: ["a", ""] }))).toBe(`column "g", row 2: empty string; every row needs a category.`);
    expect(message(() => tableFromColumns({ g: ["a"] }, { levels: { h: ["a"] } }))).toBe(`no column "h" (the table has: g).`);
  });
  it("tableColumn names the columns and suggests the closest", () => {
    const t = tableFromColumns({ wage: [1], edu: ["a"] });
    expect(message(() => tableColumn(t, "wages"))).toBe(`no column "wages" (the table has: wage, edu). Did you mean "wage"?`);
  });
});

describe("requireVariation", () => {
  it("passes a varying column and names a constant one", () => {
    const t = tableFromColumns({ x: [1, 2], k: [3, 3], g: ["a", "a"] });
    expect(() => requireVariation(t, "x")).not.toThrow();
    expect(message(() => requireVariation(t, "k"))).toBe(`column "k" is constant (all 2 rows hold 3); a mechanism that uses it needs it to vary.`);
    expect(message(() => requireVariation({ ...t, source: "d.csv" }, "g", "y's mechanism needs g to vary"))).toBe(
      `d.csv: column "g" is constant (all 2 rows hold "a"); y's mechanism needs g to vary.`,
    );
  });
  it("reports the diagnostic code constant-column", () => {
    expect.assertions(1);
    try {
      requireVariation(tableFromColumns({ k: [1] }), "k");
    } catch (e) {
      expect((e as CausalError).diagnostic.code).toBe("constant-column");
    }
  });
});
