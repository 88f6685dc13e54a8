/** A seeded random linear-Gaussian model for tests: v_i = b0_i + Σ_j B_ij v_j + sd_i e_i, parents among `lags` earlier variables. */
import { normal } from "../distributions/normal";
import { createRng } from "../random/rng";
import type { ModelSpec } from "../runtime/model-spec";

export function randomLinearGaussian(n: number, seed: number, lags: readonly number[], density: number): { spec: ModelSpec; B: number[][]; b0: number[]; sd: number[] } {
  const rng = createRng(seed);
  const B: number[][] = Array.from({ length: n }, () => Array(n).fill(0));
  const b0 = Array.from({ length: n }, () => 2 * rng.next() - 1);
  const sd = Array.from({ length: n }, () => 0.5 + rng.next());
  for (let i = 1; i < n; i++) for (const lag of lags) if (i - lag >= 0 && rng.next() < density) B[i][i - lag] = 2 * rng.next() - 1;
  const spec: ModelSpec = {
    name: `lg${n}`,
    variables: Array.from({ length: n }, (_, i) => {
      const parents = B[i].flatMap((c, j) => (c ? [`v${j}`] : []));
      return { name: `v${i}`, latent: false, parents, mechanism: (p: Record<string, number>) => normal(b0[i] + parents.reduce((s, q) => s + B[i][Number(q.slice(1))] * p[q], 0), sd[i]) };
    }),
  };
  return { spec, B, b0, sd };
}
