/**
 * The verdict every criticism test gets at a significance level alpha: "fail" when its
 * multiplicity-adjusted p-value is below alpha, "warn" when only its raw p-value is (evidence that
 * does not survive the correction for the number of tests), else "pass". Compared in log10.
 */
export type Verdict = "pass" | "warn" | "fail";

export function verdictOf(log10P: number, log10PAdjusted: number, alpha: number): Verdict {
  const la = Math.log10(alpha);
  return log10PAdjusted < la ? "fail" : log10P < la ? "warn" : "pass";
}

/** The worst of several verdicts ("pass" for none). */
export function worstVerdict(vs: readonly Verdict[]): Verdict {
  return vs.includes("fail") ? "fail" : vs.includes("warn") ? "warn" : "pass";
}
