import { describe, expect, it } from "vitest";
import { decimalsFor, estimateText, significantText, standardErrorText, valueText } from "./estimate-text";

describe("estimateText: digits tied to the standard error", () => {
  it("rounds the se to two significant digits and the value to the same decimal place", () => {
    expect(estimateText(26.01734, 0.01123)).toBe("26.017 ± 0.011");
    expect(estimateText(0.30853, 0.00146)).toBe("0.3085 ± 0.0015");
    expect(estimateText(12345.6, 56.2)).toBe("12346 ± 56");
    expect(estimateText(-0.5, 0.25)).toBe("-0.50 ± 0.25");
  });
  it("never shows more than six significant digits: a tiny se is '< unit', not 5.274e-9", () => {
    expect(estimateText(26.01734, 5.274e-9)).toBe("26.0173 ± < 0.0001");
    expect(standardErrorText(26.01734, 5.274e-9)).not.toMatch(/e-/);
    expect(decimalsFor(26.01734, 5.274e-9)).toBe(4);
  });
  it("says exact instead of ± 0", () => {
    expect(estimateText(0.9025, 0)).toBe("0.9025 exact");
    expect(estimateText(1 / 3, 0)).toBe("0.333333 exact");
    expect(estimateText(0, 0)).toBe("0 exact");
  });
  it("uses scientific notation for very large or small magnitudes", () => {
    expect(significantText(1.5e-7)).toBe("1.5e-7");
    expect(valueText(1.234567e7, 1.2e4)).toBe("1.2346e+7");
    expect(estimateText(2.5e-6, 3.1e-7)).toBe("2.50e-6 ± 3.1e-7");
  });
});
