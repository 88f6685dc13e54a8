/**
 * Pools independent sampling batches of one estimate into the estimate over all their samples.
 *
 * Plain Monte Carlo batches (no effectiveSampleSize) pool exactly: with n_b samples, mean m_b and
 * standard error s_b, the batch's sum of squared deviations is SS_b = s_b^2 n_b^2 (weighted-mean.ts
 * uses SE = sd / sqrt(n) with sd^2 = SS / n); the pooled mean is sum n_b m_b / N and
 * SS = sum SS_b + sum n_b (m_b - m)^2 (the parallel-variance identity), so SE = sqrt(SS) / N —
 * the same numbers one pass over all N samples would give.
 *
 * Likelihood-weighting batches are self-normalised ratio estimates whose weight totals the Estimate
 * does not carry, so they are averaged with weights n_b / N (each batch is a consistent estimate;
 * the average's extra bias is O(1 / n_b)), with SE^2 = sum (n_b / N)^2 s_b^2 (independent batches)
 * and an effective sample size that is the sum of the batches' ones.
 *
 * A batch in which no sample was compatible with the evidence is left out; if every batch so far
 * is like that the result is undefined, and on the final call its error is thrown.
 */
import type { CausalError } from "../errors/diagnostic";
import type { Estimate } from "../infer/estimate";

export function poolBatches(batches: readonly (Estimate | CausalError)[], final: boolean): Estimate | undefined {
  const ok = batches.filter((b): b is Estimate => !(b instanceof Error));
  if (!ok.length) {
    if (final && batches.length) throw batches[0];
    return undefined;
  }
  if (ok.length === 1) return ok[0];
  const n = ok.map((b) => b.samples ?? 1);
  const total = n.reduce((a, x) => a + x, 0);
  const value = ok.reduce((a, b, i) => a + (n[i] / total) * b.value, 0);
  const weighted = ok.some((b) => b.effectiveSampleSize !== undefined);
  let standardError: number;
  if (weighted) standardError = Math.sqrt(ok.reduce((a, b, i) => a + (n[i] / total) ** 2 * b.standardError ** 2, 0));
  else {
    const ss = ok.reduce((a, b, i) => a + b.standardError ** 2 * n[i] ** 2 + n[i] * (b.value - value) ** 2, 0);
    standardError = Math.sqrt(ss) / total;
  }
  return {
    value, standardError, method: ok[0].method, samples: total,
    ...(weighted ? { effectiveSampleSize: ok.reduce((a, b) => a + (b.effectiveSampleSize ?? 0), 0) } : {}),
  };
}
