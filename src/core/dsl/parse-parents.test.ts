import { describe, expect, it } from "vitest";
import { parentsFromSource, parseParents } from "./parse-parents";

describe("parentsFromSource", () => {
  it.each([
    ["({ a, b }) => 1", ["a", "b"]],
    ["({ a: renamed, b = 2, c: d = f(1, [2, 3]) }) => renamed", ["a", "b", "c"]],
    ["({ /* the } parent */ a, // b\n c }) => a", ["a", "c"]],
    ["({ 'quoted': q, a, ...rest }) => q", ["quoted", "a"]],
    ["({ a = { x: 1, y: '}' } , b }) => a", ["a", "b"]],
    ["async ({ a }) => a", ["a"]],
    ["function ({ x, y }) { return x; }", ["x", "y"]],
    ["function mech({ x }) { return x; }", ["x"]],
    ["({ x } = {}) => x", ["x"]],
    ["() => 1", []],
    ["v => v.a + v['b'] + w.c", ["a", "b"]],
    // what a down-level transpiler emits for ({ tar, genotype }) => ...
    ["function (_a) { var tar = _a.tar, genotype = _a.genotype; return tar; }", ["tar", "genotype"]],
  ])("%s", (src, expected) => {
    expect(parentsFromSource(src)).toEqual(expected);
  });

  it("reads real functions through toString", () => {
    const f = ({ smoking, genotype: g = 0 }: { smoking: number; genotype?: number }) => smoking + g;
    expect(parseParents(f as never)).toEqual(["smoking", "genotype"]);
  });
});
