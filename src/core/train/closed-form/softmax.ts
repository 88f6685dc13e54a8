/**
 * Softmax (multinomial logistic) mechanisms: y in 0..k-1, logits [0, coef_1 . z, ..., coef_{k-1} . z]
 * (level 0 the reference). Newton's method on all (k - 1)(1 + d) coefficients at once, the block
 * information I_rs = sum_i p_ir (delta_rs - p_is) z_i z_i^T and the gradient blocks
 * sum_i z_i (1[y_i = r] - p_ir) aggregated in one SQL pass per iteration (max-shifted exponentials).
 */
import { type ClosedFormFitter, paramName, requireLevels, requireVaryingFeatures } from "./closed-form";
import { fitNewton } from "./newton";

export const fitSoftmax: ClosedFormFitter = async (input) => {
  const k = input.learned.levels ?? 0;
  await requireVaryingFeatures(input, "softmax");
  await requireLevels(input.source, input.variable, k, "the child of a softmax mechanism");
  const R = k - 1, rs = Array.from({ length: R }, (_, r) => r);
  const pairs = rs.flatMap((r) => rs.filter((s) => s >= r).map((s) => [r, s] as const));
  const r = await fitNewton(input, {
    blocks: R,
    terms: {
      sql: {
        lets: [
          [["mx", `greatest(0, ${rs.map((r) => `eta${r}`).join(", ")})`]],
          [["eref", "exp(-mx)"], ...rs.map((r) => [`ez${r}`, `exp(eta${r} - mx)`] as const)],
          [["zsum", ["eref", ...rs.map((r) => `ez${r}`)].join(" + ")]],
          rs.map((r) => [`p${r}`, `ez${r} / zsum`] as const),
        ],
        weights: pairs.map(([r, s]) => (r === s ? `p${r} * (1 - p${r})` : `-(p${r} * p${s})`)),
        vectors: rs.map((r) => `(CASE WHEN y = ${r + 1} THEN 1 ELSE 0 END) - p${r}`),
        scalars: [`ln(zsum) + mx - (CASE ${rs.map((r) => `WHEN y = ${r + 1} THEN eta${r}`).join(" ")} ELSE 0 END)`],
      },
      js(eta, y, w, v, s) {
        let mx = 0;
        for (let r = 0; r < R; r++) mx = Math.max(mx, eta[r]);
        let z = Math.exp(-mx);
        const p = new Float64Array(R);
        for (let r = 0; r < R; r++) { p[r] = Math.exp(eta[r] - mx); z += p[r]; }
        for (let r = 0; r < R; r++) { p[r] /= z; v[r] = (y === r + 1 ? 1 : 0) - p[r]; }
        pairs.forEach(([a, b], i) => { w[i] = a === b ? p[a] * (1 - p[a]) : -(p[a] * p[b]); });
        s[0] = Math.log(z) + mx - (y > 0 ? eta[y - 1] : 0);
      },
    },
  });
  const coef = paramName(input, "coef");
  return { params: { [coef]: r.coef }, standardErrors: { [coef]: r.se }, loss: r.loss, rows: r.rows, iterations: r.iterations, converged: r.converged, method: "IRLS", warnings: [] };
};
