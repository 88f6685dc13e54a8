/**
 * The verdict every criticism test gets at a significance level alpha: "fail" when its
 * multiplicity-adjusted p-value is below alpha, "warn" when only its raw p-value is (evidence that
 * does not survive the correction for the number of tests), else "pass". Compared in log10.
 */
import { CausalError, error } from "../errors/diagnostic";

export type Verdict = "pass" | "warn" | "fail";

export function verdictOf(log10P: number, log10PAdjusted: number, alpha: number): Verdict {
  const la = Math.log10(alpha);
  return log10PAdjusted < la ? "fail" : log10P < la ? "warn" : "pass";
}

/** The worst of several verdicts ("pass" for none). */
export function worstVerdict(vs: readonly Verdict[]): Verdict {
  return vs.includes("fail") ? "fail" : vs.includes("warn") ? "warn" : "pass";
}

/** A probability option strictly between 0 and 1, else a CausalError naming it. */
export function requireLevel(name: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new CausalError(error("invalid-argument", `${name} must be between 0 and 1 (exclusive); got ${value}`));
}
