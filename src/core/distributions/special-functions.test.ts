import { describe, expect, it } from "vitest";
import { betaI, gammaP, invertMonotone, logGamma } from "./special-functions";

describe("special functions against closed forms", () => {
  it("logGamma matches log((n-1)!) and Gamma(1/2) = sqrt(pi)", () => {
    let f = 1;
    for (let n = 1; n < 20; n++) { expect(logGamma(n)).toBeCloseTo(Math.log(f), 10); f *= n; }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
  it("gammaP: P(1, x) = 1 - e^-x and P(2, x) = 1 - (1 + x) e^-x", () => {
    for (const x of [0.01, 0.5, 1, 2.5, 7, 30]) {
      expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
      expect(gammaP(2, x)).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 12);
    }
  });
  it("betaI: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1-x)^b, and symmetry", () => {
    for (const x of [0.05, 0.3, 0.5, 0.8, 0.99]) {
      expect(betaI(2.5, 1, x)).toBeCloseTo(Math.pow(x, 2.5), 12);
      expect(betaI(1, 3, x)).toBeCloseTo(1 - Math.pow(1 - x, 3), 12);
      expect(betaI(2, 3, x) + betaI(3, 2, 1 - x)).toBeCloseTo(1, 12);
    }
  });
  it("invertMonotone inverts a cdf", () => {
    expect(invertMonotone((x) => 1 - Math.exp(-x), 0.5, 0, 10)).toBeCloseTo(Math.LN2, 12);
  });
});
