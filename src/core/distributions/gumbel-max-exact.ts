/**
 * Exact counterfactual distributions of the Gumbel-max SCM, in closed form: the independent second
 * algorithm against which the Monte Carlo sampler in gumbel-max.ts is tested, and what the
 * FrozenLake sample uses where it needs a distribution rather than a draw.
 *
 * Derivation (ours; checked against the sampler in gumbel-max-exact.test.ts). Normalise p and p'.
 * Given Y = i, the maximum T of log p_j + g_j is Gumbel(0), so E = exp(-T) ~ Exponential(1), and
 * each other log p_j + g_j is an independent Gumbel(log p_j) truncated below T (categories with
 * p_j = 0 keep their prior). In terms of w = exp(-(perturbed counterfactual logit)), the rival j has
 * P(w_j >= w) = exp(-E (p'_j w/E - p_j)) for w >= rho_j E and 1 below, where rho_j = p_j / p'_j,
 * while category i sits at w_i = rho_i E. Integrating first over w on each interval between
 * consecutive rho's and then over E ~ Exp(1) gives, for k with rho_k < rho_i,
 *
 *     P(Y' = k | Y = i) = sum over intervals [v0, v1] of (p'_k / a) (1/(1 - b + a v0) - 1/(1 - b + a v1)),
 *
 * with a = p'_k + sum of p'_j and b = p_k + sum of p_j over the rivals j already active (rho_j <= v0);
 * P(Y' = k | Y = i) = 0 when rho_k >= rho_i (counterfactual stability); and
 * P(Y' = i | Y = i) = 1 / (1 + A rho_i - B) summing over the rivals with rho_j <= rho_i.
 */
import { CausalError, error } from "../errors/diagnostic";
import { checkProbabilities } from "./gumbel-max";

/**
 * P(Y' = k | Y = observed) for every k under the Gumbel-max SCM, when the mechanism's
 * probabilities change from p to pPrime (both normalised here).
 */
export function counterfactualCategoricalExact(p: ArrayLike<number>, observed: number, pPrime: ArrayLike<number>): Float64Array {
  const q = normalise(p, "p"), qp = normalise(pPrime, "pPrime");
  if (q.length !== qp.length) throw invalid(`pPrime has ${qp.length} categories but p has ${q.length}; they must describe the same variable`);
  if (!Number.isInteger(observed) || observed < 0 || observed >= q.length) throw invalid(`observed category ${observed} is not an index of p (0..${q.length - 1})`);
  if (q[observed] === 0) throw new CausalError(error("impossible-evidence", `category ${observed} was observed but has probability 0 under p`));
  const i = observed;
  const rhoI = qp[i] > 0 ? q[i] / qp[i] : Infinity;
  // Rivals: categories other than i that can win in the counterfactual world.
  const rivals: number[] = [];
  for (let j = 0; j < q.length; j++) if (j !== i && qp[j] > 0) rivals.push(j);
  const rho = (j: number) => q[j] / qp[j];
  const out = new Float64Array(q.length);
  if (qp[i] > 0) {
    let A = 0, B = 0;
    for (const j of rivals) if (rho(j) <= rhoI) { A += qp[j]; B += q[j]; }
    out[i] = 1 / (1 + (A * rhoI - B)); // grouped so that p' = p gives exactly 1
  }
  for (const k of rivals) {
    const rhoK = rho(k);
    if (!(rhoK < rhoI)) continue;
    const others = rivals.filter((j) => j !== k);
    const cuts = [rhoK, ...others.map(rho).filter((r) => r > rhoK && r < rhoI).sort((x, y) => x - y), rhoI];
    let total = 0;
    for (let s = 0; s + 1 < cuts.length; s++) {
      const v0 = cuts[s], v1 = cuts[s + 1];
      if (!(v1 > v0)) continue;
      let a = qp[k], b = q[k];
      for (const j of others) if (rho(j) <= v0) { a += qp[j]; b += q[j]; }
      total += (qp[k] / a) * (1 / (1 + (a * v0 - b)) - (v1 === Infinity ? 0 : 1 / (1 + (a * v1 - b))));
    }
    out[k] = total;
  }
  return out;
}

/**
 * The two-category case by a separate argument: Y = 1 iff a Logistic(0, 1) variable D exceeds
 * -logit(p), so Y and Y' are monotonically coupled and P(Y' = 1 | Y = 1) = min(1, p'/p),
 * P(Y' = 1 | Y = 0) = max(0, p' - p) / (1 - p). Returns P(Y' = 1 | Y = observed).
 */
export function binaryCounterfactual(p1: number, p1Prime: number, observed: 0 | 1): number {
  for (const [name, v] of [["p1", p1], ["p1Prime", p1Prime]] as const) {
    if (!(v >= 0 && v <= 1)) throw invalid(`${name} is ${v}; a probability must lie in [0, 1]`);
  }
  if ((observed === 1 && p1 === 0) || (observed === 0 && p1 === 1)) {
    throw new CausalError(error("impossible-evidence", `Y = ${observed} was observed but has probability 0 when P(Y = 1) = ${p1}`));
  }
  return observed === 1 ? Math.min(1, p1Prime / p1) : Math.max(0, p1Prime - p1) / (1 - p1);
}

function normalise(p: ArrayLike<number>, name: string): Float64Array {
  checkProbabilities(p, name);
  let sum = 0;
  for (let j = 0; j < p.length; j++) sum += p[j];
  return Float64Array.from(p, (x) => x / sum);
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-argument", message));
}
