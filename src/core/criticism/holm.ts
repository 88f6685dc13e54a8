/**
 * Holm's step-down adjustment (Holm 1979, "A simple sequentially rejective multiple test
 * procedure"), on log10 p-values so that p-values far below 1e-300 keep their order and size:
 * sorted ascending, the i-th (0-based) of m gets min(1, (m - i) p_(i)), made monotone by a running
 * maximum. It controls the family-wise error rate under any dependence between the tests.
 */
export function holmLog10(log10P: readonly number[]): number[] {
  const m = log10P.length;
  const order = log10P.map((_, i) => i).sort((a, b) => log10P[a] - log10P[b]);
  const out = new Array<number>(m);
  let running = -Infinity;
  order.forEach((idx, rank) => {
    const adjusted = Math.min(0, log10P[idx] + Math.log10(m - rank));
    running = Math.max(running, adjusted);
    out[idx] = running;
  });
  return out;
}
