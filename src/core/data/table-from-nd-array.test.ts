import { describe, expect, it } from "vitest";
import { encodeNpy } from "./encode-npy";
import { parseNpy } from "./parse-npy";
import { tableFromNdArray } from "./table-from-nd-array";

describe("tableFromNdArray", () => {
  it("a 2-D array (rows × columns) becomes one column per name, like dSprites' latents_values", () => {
    const names = ["color", "shape", "scale", "orientation", "posX", "posY"];
    const rows = [
      [1, 1, 0.5, 0, 0, 0],
      [1, 3, 1, 2 * Math.PI, 1, 31 / 31],
    ];
    const table = tableFromNdArray(parseNpy(encodeNpy(rows.flat(), [2, 6], "f8"), "latents.npy"), names);
    expect(table).toMatchObject({ rowCount: 2, names, source: "latents.npy" });
    expect(Array.from(table.columns.get("shape")!.values)).toEqual([1, 3]);
    expect(table.columns.get("shape")!.kind).toBe("integer");
    expect(table.columns.get("orientation")!.kind).toBe("numeric");
    expect(Array.from(table.columns.get("orientation")!.values)).toEqual([0, 2 * Math.PI]);
  });
  it("a 1-D array (u1 too) becomes one column", () => {
    const table = tableFromNdArray(parseNpy(encodeNpy([3, 4, 5], [3], "u1")), ["x"]);
    expect(Array.from(table.columns.get("x")!.values)).toEqual([3, 4, 5]);
  });
  it("wrong name counts, repeated names, 3-D arrays and NaN are errors naming the array", () => {
    const a = parseNpy(encodeNpy([1, 2, 3, 4], [2, 2], "f8"), "a.npy");
    expect(() => tableFromNdArray(a, ["x"])).toThrow("a.npy: the array has 2 columns (shape (2, 2)), but 1 column name was given (x).");
    expect(() => tableFromNdArray(a, ["x", "x"])).toThrow('the column name "x" is given twice');
    expect(() => tableFromNdArray(parseNpy(encodeNpy([1, 2], [1, 1, 2], "f8"), "c.npy"), ["x"])).toThrow("c.npy: a table needs a 1-D or 2-D array, this one has shape (1, 1, 2)");
    expect(() => tableFromNdArray(parseNpy(encodeNpy([1, NaN], [2], "f8")), ["x"])).toThrow('column "x", row 2: NaN');
  });
});
