import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { decodeVlq, inlineSourceMap, readSourceMap } from "./source-map";

describe("source maps", () => {
  it("decodes base64 VLQ (values worked out by hand from the v3 spec)", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("CD")).toEqual([1, -1]);
    expect(decodeVlq("gB")).toEqual([16]);
    expect(decodeVlq("2H")).toEqual([123]);
    expect(decodeVlq("3H")).toEqual([-123]);
    expect(() => decodeVlq("A!")).toThrow(/invalid/);
  });

  it("maps identifiers in esbuild output back to their place in the TypeScript source", () => {
    const source = [
      "type T = { a: number };",
      "const first: T = { a: 1 };",
      "",
      "function later(x: number): number {",
      "  return x + first.a;",
      "}",
      "export const result = later(41);",
    ].join("\n");
    const out = transformSync(source, { loader: "ts", format: "cjs", sourcemap: "inline", sourcefile: "user.ts" });
    const map = inlineSourceMap(out.code)!;
    expect(map.sources).toEqual(["user.ts"]);
    const reader = readSourceMap(map);
    const outLines = out.code.split("\n");
    for (const token of ["later(x", "first.a", "later(41)"]) {
      const genLine = outLines.findIndex((l) => l.includes(token));
      const genCol = outLines[genLine].indexOf(token);
      const srcLines = source.split("\n");
      const srcLine = srcLines.findIndex((l) => l.includes(token));
      expect(reader.originalPosition(genLine + 1, genCol)).toEqual({
        source: "user.ts", line: srcLine + 1, column: srcLines[srcLine].indexOf(token), offset: source.indexOf(token),
      });
    }
    expect(reader.originalPosition(10_000, 0)).toBeUndefined();
  });
});
