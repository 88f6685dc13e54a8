// Fitted-params tables: a vector's entries stay together; a long vector without standard errors
// (a net's weights) becomes one summary; anything with standard errors (even singular ones) is shown whole.
import { describe, expect, it } from "vitest";
import { groupParamRows } from "./param-groups";

const vec = (name: string, n: number, se?: number | null) => Array.from({ length: n }, (_, i) => ({ name: `${name}[${i}]`, value: i - 2, ...(se !== undefined ? { standardError: se } : {}) }));

describe("groupParamRows", () => {
  it.each([
    ["a scalar", [{ name: "sd", value: 1, standardError: 0.1 }], [["rows", "sd", 1]]],
    ["six weights stay rows", vec("w", 6), [["rows", "w", 6]]],
    ["seven weights become a summary", vec("w", 7), [["summary", "w", 7]]],
    ["coefficients with standard errors stay rows", vec("coef", 20, 0.5), [["rows", "coef", 20]]],
    ["singular standard errors (null) stay rows", vec("coef", 20, null), [["rows", "coef", 20]]],
    ["groups in order", [...vec("a.w0", 8), ...vec("a.b0", 2), { name: "b", value: 3 }], [["summary", "a.w0", 8], ["rows", "a.b0", 2], ["rows", "b", 1]]],
  ])("%s", (_, table, expected) => {
    expect(groupParamRows(table).map((g) => [g.kind, g.name, g.kind === "rows" ? g.rows.length : g.count])).toEqual(expected);
  });
  it("a summary has the vector's range", () => {
    expect(groupParamRows(vec("w", 9))[0]).toEqual({ kind: "summary", name: "w", count: 9, min: -2, max: 6 });
  });
});
