import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { positionAt, rangeFromOffsets } from "./diagnostic";

/** The obvious definition, scanning from the start: the reference for the indexed version. */
function naive(text: string, offset: number) {
  const stop = Math.min(Math.max(offset, 0), text.length);
  const before = text.slice(0, stop);
  const line = before.split("\n").length;
  return { line, column: stop - (before.lastIndexOf("\n") + 1), offset: stop };
}

describe("positionAt", () => {
  it("gives 1-based lines and 0-based columns", () => {
    expect(positionAt("ab\ncd", 4)).toEqual({ line: 2, column: 1, offset: 4 });
    expect(rangeFromOffsets("x\ny", 2, 3, "f.ts")).toEqual({ file: "f.ts", start: { line: 2, column: 0, offset: 2 }, end: { line: 2, column: 1, offset: 3 } });
  });
  it("agrees with a scan from the start for any text and offset, across alternating texts", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "\r", "é") }), fc.string(), fc.integer({ min: -3, max: 60 }), (a, b, k) => {
      expect(positionAt(a, k)).toEqual(naive(a, k));
      expect(positionAt(b, k)).toEqual(naive(b, k));
      expect(positionAt(a, k + 1)).toEqual(naive(a, k + 1));
    }), { seed: 5, numRuns: 500 });
  });
});
