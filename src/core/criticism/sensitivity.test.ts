import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { eValue, eValueOfRiskRatio } from "./sensitivity";

describe("E-values (VanderWeele & Ding 2017)", () => {
  it("smoking and lung cancer (Hammond & Horn 1958): RR 10.73 (8.02, 14.36) gives 20.95 and 15.52", () => {
    const r = eValue({ measure: "risk-ratio", estimate: 10.73, lower: 8.02, upper: 14.36, exposure: "smoking", outcome: "lung cancer" });
    expect(r.eValue).toBeCloseTo(20.94777, 4);
    expect(r.eValueInterval).toBeCloseTo(15.52336, 4);
    expect(r.sentence).toBe("An unobserved confounder associated with both smoking and lung cancer by a risk ratio of 20.9 each, beyond the measured covariates, could explain away the observed risk ratio of 10.7; a weaker one could not.");
    expect(r.intervalSentence).toMatch(/risk ratio of 15\.5 with both smoking and lung cancer/);
  });

  it("RR 3.9 (1.8, 8.7) gives 7.26 and 3.0; a protective RR 0.28 (0.14, 0.54) is inverted (6.60, 3.11)", () => {
    const harmful = eValue({ measure: "risk-ratio", estimate: 3.9, lower: 1.8, upper: 8.7 });
    expect(harmful.eValue).toBeCloseTo(7.263, 3);
    expect(harmful.eValueInterval).toBeCloseTo(3.0, 10);
    const protective = eValue({ measure: "risk-ratio", estimate: 0.28, lower: 0.14, upper: 0.54 });
    expect(protective.eValue).toBeCloseTo(6.602, 3);
    expect(protective.eValueInterval).toBeCloseTo(3.108, 3);
  });

  it("is where the bounding factor E^2 / (2E - 1) equals the risk ratio (Ding & VanderWeele 2016)", () => {
    for (const rr of [1.01, 1.3, 2, 3.9, 10.73, 250]) {
      const e = eValueOfRiskRatio(rr);
      expect((e * e) / (2 * e - 1)).toBeCloseTo(rr, 9);
      expect(eValueOfRiskRatio(1 / rr)).toBeCloseTo(e, 9);
    }
    expect(eValueOfRiskRatio(1)).toBe(1);
  });

  it("an interval that includes the null has E-value 1, said in words", () => {
    const r = eValue({ measure: "risk-ratio", estimate: 1.4, lower: 0.9, upper: 2.2 });
    expect(r.eValueInterval).toBe(1);
    expect(r.intervalSentence).toMatch(/already includes no effect/);
  });

  it("converts a standardized mean difference by exp(0.91 d), interval exp(0.91 d -+ 1.78 se)", () => {
    const r = eValue({ measure: "standardized-mean-difference", estimate: 0.5, se: 0.1 });
    expect(r.riskRatio.estimate).toBeCloseTo(1.5762, 4);
    expect(r.riskRatio.lower).toBeCloseTo(1.3192, 4);
    expect(r.eValue).toBeCloseTo(2.529, 3);
    expect(r.eValueInterval).toBeCloseTo(1.968, 3);
    expect(r.sentence).toMatch(/standardized difference of 0\.50 \(a risk ratio of about 1\.58\)/);
  });

  it("converts common-outcome odds and hazard ratios", () => {
    expect(eValue({ measure: "odds-ratio-common", estimate: 4 }).riskRatio.estimate).toBeCloseTo(2, 12);
    const hr = eValue({ measure: "hazard-ratio-common", estimate: 2 }).riskRatio.estimate;
    expect(hr).toBeCloseTo((1 - 0.5 ** Math.SQRT2) / (1 - 0.5 ** Math.SQRT1_2), 12);
    expect(eValue({ measure: "odds-ratio-rare", estimate: 2.5 }).eValue).toBeCloseTo(eValueOfRiskRatio(2.5), 12);
  });

  it("rejects impossible input with a message naming the argument", () => {
    const err = (f: () => unknown): CausalError => { try { f(); } catch (e) { return e as CausalError; } throw new Error("no error"); };
    expect(err(() => eValue({ measure: "risk-ratio", estimate: -2 })).message).toMatch(/estimate: .* positive/);
    expect(err(() => eValue({ measure: "risk-ratio", estimate: 2, lower: 2.5 })).message).toMatch(/does not contain the estimate 2/);
    expect(err(() => eValue({ measure: "standardized-mean-difference", estimate: 0.3, se: 0 })).message).toMatch(/se must be positive/);
    expect(err(() => eValue({ measure: "risk-ratio", estimate: NaN })).diagnostic.code).toBe("invalid-argument");
  });
});
