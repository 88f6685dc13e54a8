/**
 * The moments a linear-Gaussian model implies, in closed form (issue 15: the facts a misspecification
 * check compares with data). With x = b0 + B x + D e, e ~ N(0, I), in causal order, A = (I - B)^-1 is
 * lower triangular and built row by row: A[i] = unit_i + Σ_{p ∈ pa(i)} b_ip · A[p]. Then
 *   mean       m = A b0,
 *   covariance Σ = A D² Aᵀ: by the trek rule, Σ_ij = Σ_k A_ik · sd_k² · A_jk (a sum over the treks
 *              i ← … ← k → … → j through each source k of noise),
 *   effects    A_ij, the total effect of j on i: the sum over directed paths j → … → i of the
 *              products of their coefficients (Wright's path tracing; dE[x_i | do(x_j)] / dx_j).
 * NotExactError (naming the mechanism) when the model is not linear-Gaussian.
 */
import type { ModelSpec } from "../runtime/model-spec";
import { linearGaussianForm } from "./gaussian-network";

export interface LinearGaussianMoments {
  /** In the model's (causal) order; latent variables included. */
  variables: string[];
  mean: number[];
  covariance: number[][];
  /** totalEffect[i][j]: the total effect of variables[j] on variables[i] (1 on the diagonal, 0 where j is not an ancestor of i). */
  totalEffect: number[][];
}

export function linearGaussianMoments(spec: ModelSpec): LinearGaussianMoments {
  const { rows } = linearGaussianForm(spec);
  const n = rows.length;
  const a: Float64Array[] = [];
  const mean: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(n);
    row[i] = 1;
    let m = rows[i].b0;
    rows[i].parents.forEach((p, k) => {
      const b = rows[i].coef[k];
      const ap = a[p];
      for (let j = 0; j <= p; j++) row[j] += b * ap[j];
      m += b * mean[p];
    });
    a.push(row);
    mean.push(m);
  }
  const variance = rows.map((r) => r.sd * r.sd);
  const covariance = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += a[i][k] * variance[k] * a[j][k];
      covariance[i][j] = covariance[j][i] = s;
    }
  }
  return { variables: spec.variables.map((v) => v.name), mean, covariance, totalEffect: a.map((r) => Array.from(r)) };
}
