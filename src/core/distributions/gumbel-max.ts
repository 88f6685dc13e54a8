/**
 * The Gumbel-max structural causal model of a categorical variable (Oberst & Sontag, ICML 2019):
 *
 *     Y = argmax_j (logits_j + g_j),   g_j ~ Gumbel(0, 1) iid.
 *
 * Its marginal is softmax(logits), so it can stand behind any categorical mechanism, and it is
 * counterfactually stable: having seen Y = i under probabilities p, the counterfactual under p'
 * never picks a j with p'_j/p_j < p'_i/p_i. This file samples it, abducts the noise given an
 * observed outcome (the "top-down" truncated-Gumbel sampler from Maddison's Gumbel notes), and
 * estimates counterfactual distributions by Monte Carlo. The exact closed form for the same
 * distribution is in gumbel-max-exact.ts (a second, independent algorithm for tests).
 *
 * Logits may be unnormalised and may be -Infinity (probability zero). Nothing here keeps state:
 * all randomness comes from the Rng passed in.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Rng } from "../random/rng";

/** A standard Gumbel(0, 1) draw: -log(-log U), with U uniform on (0, 1). */
export function standardGumbel(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return -Math.log(-Math.log(u));
}

/** log(sum_j exp(logits_j)), stable for large and -Infinity entries. */
export function logSumExp(logits: ArrayLike<number>): number {
  let max = -Infinity;
  for (let j = 0; j < logits.length; j++) if (logits[j] > max) max = logits[j];
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < logits.length; j++) s += Math.exp(logits[j] - max);
  return max + Math.log(s);
}

/** The index of the largest logits_j + noise_j (first index on ties). */
export function perturbedArgmax(logits: ArrayLike<number>, noise: ArrayLike<number>): number {
  let best = -1, bestValue = -Infinity;
  for (let j = 0; j < logits.length; j++) {
    const v = logits[j] + noise[j];
    if (v > bestValue) { bestValue = v; best = j; }
  }
  return best;
}

/** One draw of the Gumbel-max SCM: the category whose perturbed logit is largest. */
export function gumbelMaxSample(logits: ArrayLike<number>, rng: Rng): number {
  checkLogits(logits, "logits");
  let best = -1, bestValue = -Infinity;
  for (let j = 0; j < logits.length; j++) {
    if (logits[j] === -Infinity) continue;
    const v = logits[j] + standardGumbel(rng);
    if (v > bestValue) { bestValue = v; best = j; }
  }
  return best;
}

/**
 * Samples the exogenous noise g from its posterior given that argmax_j(logits_j + g_j) = observed.
 * Top-down: the maximum is Gumbel with location logSumExp(logits) and sits at `observed`; every
 * other perturbed logit is an independent Gumbel(logits_j) truncated below that maximum. Entries
 * with logit -Infinity are unconstrained by the observation and keep their Gumbel(0, 1) prior.
 * Returns the noise itself (not the perturbed logits), so the counterfactual under new logits is
 * perturbedArgmax(newLogits, noise).
 */
export function posteriorGumbels(logits: ArrayLike<number>, observed: number, rng: Rng, out?: Float64Array): Float64Array {
  checkObserved(logits, observed, "logits");
  const k = logits.length;
  const g = out && out.length === k ? out : new Float64Array(k);
  const lObs = logits[observed];
  const top = logSumExp(logits) + standardGumbel(rng);
  g[observed] = top - lObs;
  const bound = lObs + g[observed]; // the perturbed maximum as floating point will see it
  for (let j = 0; j < k; j++) {
    if (j === observed) continue;
    const lj = logits[j];
    if (lj === -Infinity) { g[j] = standardGumbel(rng); continue; }
    // Gumbel(lj) truncated to (-inf, top): -log(exp(-top) + exp(-G)), G ~ Gumbel(lj), computed stably.
    const G = lj + standardGumbel(rng);
    const x = Math.min(top, G) - Math.log1p(Math.exp(-Math.abs(top - G)));
    let gj = x - lj;
    // Rounding can put lj + gj on or above the maximum when x is within an ulp of it; step down.
    while (lj + gj >= bound) gj -= (Math.abs(lj) + Math.abs(gj) + Number.MIN_VALUE) * Number.EPSILON;
    g[j] = gj;
  }
  return g;
}

/**
 * Monte Carlo estimate of the counterfactual distribution P(Y' = k | Y = observed) when the
 * mechanism's probabilities change from p to pPrime with the Gumbel noise held fixed: n posterior
 * noise draws, each pushed through argmax(log pPrime + g). Probabilities need not be normalised.
 */
export function counterfactualCategorical(p: ArrayLike<number>, observed: number, pPrime: ArrayLike<number>, rng: Rng, n: number): Float64Array {
  checkProbabilities(p, "p");
  checkProbabilities(pPrime, "pPrime");
  if (pPrime.length !== p.length) throw invalid(`pPrime has ${pPrime.length} categories but p has ${p.length}; they must describe the same variable`);
  if (!Number.isInteger(n) || n < 1) throw invalid(`the number of samples must be a positive integer, got ${n}`);
  const logits = Float64Array.from(p, Math.log), logitsPrime = Float64Array.from(pPrime, Math.log);
  checkObserved(logits, observed, "p");
  const counts = new Float64Array(p.length), noise = new Float64Array(p.length);
  for (let s = 0; s < n; s++) {
    posteriorGumbels(logits, observed, rng, noise);
    counts[perturbedArgmax(logitsPrime, noise)]++;
  }
  for (let j = 0; j < counts.length; j++) counts[j] /= n;
  return counts;
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-argument", message));
}

function checkLogits(logits: ArrayLike<number>, name: string): void {
  if (logits.length === 0) throw invalid(`${name} is empty; a categorical variable needs at least one category`);
  let any = false;
  for (let j = 0; j < logits.length; j++) {
    const l = logits[j];
    if (Number.isNaN(l) || l === Infinity) throw invalid(`${name}[${j}] is ${l}; logits must be finite or -Infinity`);
    if (l !== -Infinity) any = true;
  }
  if (!any) throw invalid(`every entry of ${name} is -Infinity; at least one category needs positive probability`);
}

/** Throws "invalid-argument" unless p is a non-empty list of finite, non-negative numbers with a positive sum. */
export function checkProbabilities(p: ArrayLike<number>, name: string): void {
  if (p.length === 0) throw invalid(`${name} is empty; a categorical variable needs at least one category`);
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    if (!(p[j] >= 0) || !Number.isFinite(p[j])) throw invalid(`${name}[${j}] is ${p[j]}; probabilities must be finite and non-negative`);
    sum += p[j];
  }
  if (!(sum > 0)) throw invalid(`${name} sums to 0; at least one category needs positive probability`);
}

function checkObserved(logits: ArrayLike<number>, observed: number, name: string): void {
  checkLogits(logits, name);
  if (!Number.isInteger(observed) || observed < 0 || observed >= logits.length) {
    throw invalid(`observed category ${observed} is not an index of ${name} (0..${logits.length - 1})`);
  }
  if (logits[observed] === -Infinity) {
    throw new CausalError(error("impossible-evidence", `category ${observed} was observed but has probability 0 under ${name}; the observation cannot have happened under this mechanism`));
  }
}
