/**
 * Logistic mechanisms (y in {0, 1}, P(y = 1) = sigmoid(coef . [1, x])) by IRLS: one SQL aggregate
 * pass per iteration computes X'WX with w = p (1 - p), X'(y - p) and the negative log-likelihood
 * (stable forms: p from exp of -|eta|, log(1 + e^eta) = max(eta, 0) + log(1 + e^-|eta|)).
 * Standard errors from the observed information. Separable data have no finite MLE: the fit
 * stops at the iteration limit and says it did not converge.
 */
import { type ClosedFormFitter, paramName, requireVaryingFeatures } from "./closed-form";
import { fitNewton } from "./newton";

const P_SQL = "CASE WHEN eta0 >= 0 THEN 1 / (1 + exp(-eta0)) ELSE exp(eta0) / (1 + exp(eta0)) END";

export const fitLogistic: ClosedFormFitter = async (input) => {
  await requireVaryingFeatures(input, "logistic");
  await input.source.requireValues(input.variable, { valid: (v) => v === 0 || v === 1, sqlInvalid: "v NOT IN (0, 1)", what: (v) => `${v} in the child of a logistic mechanism, which takes 0 or 1` });
  await input.source.requireVariation([input.variable], (n) => `the logistic mechanism of "${n}" needs both 0 and 1 in the data (otherwise its coefficients have no finite maximum)`);
  const r = await fitNewton(input, {
    blocks: 1,
    terms: {
      sql: { lets: [[["p", P_SQL]]], weights: ["p * (1 - p)"], vectors: ["y - p"], scalars: ["greatest(eta0, 0) + ln(1 + exp(-abs(eta0))) - y * eta0"] },
      js(eta, y, w, v, s) {
        const e = eta[0], p = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
        w[0] = p * (1 - p); v[0] = y - p; s[0] = Math.max(e, 0) + Math.log(1 + Math.exp(-Math.abs(e))) - y * e;
      },
    },
  });
  const coef = paramName(input, "coef");
  return { params: { [coef]: r.coef }, standardErrors: { [coef]: r.se }, loss: r.loss, rows: r.rows, iterations: r.iterations, converged: r.converged, method: "IRLS", warnings: [] };
};
