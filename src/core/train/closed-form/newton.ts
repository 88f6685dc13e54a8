/**
 * Newton's method for a generalised linear mechanism — for a canonical link this is IRLS (Fisher
 * scoring and Newton coincide; McCullagh & Nelder, Generalized Linear Models, 2nd ed., §2.5) —
 * where each iteration is ONE pass over the data: the family's row terms (as SQL for DuckDB and
 * as JS for streamed rows) give, at the current coefficients, the log-likelihood's gradient
 * sum_i z_i (y_i - mu_i), the observed information sum_i w_i z_i z_i^T (block by block for
 * several linear predictors) and the negative log-likelihood, all summed in that pass. A step
 * that does not lower the loss is halved. Standard errors: sqrt(diag(I^-1)) at the optimum.
 * Features are centred first (better conditioned; featureCentres); coefficients are mapped back.
 */
import { type CrossProducts, crossProducts, featureCentres, type RowTerms } from "../../data/sufficient-statistics";
import { type ClosedFormInput, featureColumns, singular } from "./closed-form";
import { cholesky, choleskyInverse, choleskySolve, standardErrorsOf, unshift } from "./linear-algebra";

export interface NewtonFamily {
  /** Number of linear predictors (1; levels - 1 for softmax). */
  blocks: number;
  /** Row terms: one vector (gradient) per block, weights for the info blocks (r <= s, row-major over pairs), one scalar: the row's negative log-likelihood. */
  terms: RowTerms;
}

export interface NewtonResult {
  coef: Float64Array;
  se: Float64Array;
  loss: number;
  rows: number;
  iterations: number;
  converged: boolean;
}

export async function fitNewton(input: ClosedFormInput, family: NewtonFamily): Promise<NewtonResult> {
  const features = featureColumns(input);
  const shift = await featureCentres(input.source, features, input.path);
  const d = shift.length, m = d + 1, R = family.blocks, P = R * m;
  const pass = (beta: Float64Array) => crossProducts(input.source, {
    ...features, shift, terms: family.terms, ...(input.path ? { path: input.path } : {}),
    predictors: Array.from({ length: R }, (_, r) => beta.subarray(r * m, (r + 1) * m)),
  });
  let beta = new Float64Array(P);
  let at = await pass(beta);
  const n = at.n;
  let loss = at.sums[0] / n, iterations = 0, converged = false;
  const maxIt = input.maxIterations ?? 100;
  let L: Float64Array | undefined;
  for (; iterations < maxIt; ) {
    const { g, H } = assemble(at, R, m);
    L = cholesky(H, P);
    // Singular at the start: the features are collinear. Singular later: the weights underflowed
    // on the way to infinite coefficients (separated data have no finite MLE) — stop, unconverged.
    if (!L && iterations === 0) throw singular(input, "the information matrix is singular");
    if (!L) break;
    const step = choleskySolve(L, P, g);
    const size = Math.max(...step.map(Math.abs)), scale = 1 + Math.max(0, ...beta.map(Math.abs));
    if (size <= 1e-10 * scale) { beta = beta.map((b, i) => b + step[i]); converged = true; break; }
    let t = 1, next = beta, nextAt = at, nextLoss = Infinity;
    for (let k = 0; k < 50; k++, t /= 2) {
      next = beta.map((b, i) => b + t * step[i]);
      nextAt = await pass(next);
      nextLoss = nextAt.sums[0] / n;
      if (nextLoss <= loss + 1e-12 * Math.abs(loss)) break;
    }
    iterations++;
    if (!(nextLoss <= loss + 1e-12 * Math.abs(loss))) break; // no step lowers the loss at this precision
    beta = next; at = nextAt; loss = nextLoss;
    if (input.onIteration?.(iterations, loss)) break;
  }
  if (!L && maxIt === 0) L = cholesky(assemble(at, R, m).H, P);
  const { coef, cov } = unshift(beta, L ? choleskyInverse(L, P) : new Float64Array(P * P).fill(NaN), shift, R);
  return { coef, se: standardErrorsOf(cov, P).map((v) => (L ? v : NaN)), loss, rows: n, iterations, converged };
}

/** The gradient (blocks of vectors) and the information (blocks of weights, pairs r <= s) as full vectors and matrices. */
function assemble(cp: CrossProducts, R: number, m: number): { g: Float64Array; H: Float64Array } {
  const P = R * m, g = new Float64Array(P), H = new Float64Array(P * P);
  for (let r = 0; r < R; r++) g.set(cp.xv[r], r * m);
  let k = 0;
  for (let r = 0; r < R; r++) {
    for (let s = r; s < R; s++, k++) {
      const W = cp.xwx[k];
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
        H[(r * m + a) * P + s * m + b] = W[a * m + b];
        H[(s * m + b) * P + r * m + a] = W[a * m + b];
      }
    }
  }
  return { g, H };
}
