import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printable } from "./printable";

describe("printable", () => {
  it("escapes terminal controls and bidirectional overrides, keeps tabs, newlines and other text", () => {
    expect(printable("a\u0000b\u001b[31mred\u007f\u009b\u202eevil\tx\ny é ∑")).toBe("a\\x00b\\x1b[31mred\\x7f\\x9b\\u202eevil\tx\ny é ∑");
  });

  it("leaves no control character but tab and newline in any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
      expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(printable(s))).toBe(false);
    }), { numRuns: 2000, seed: 13 });
  });
});
