/**
 * Poisson log-linear mechanisms (y a count, y ~ poisson(exp(coef . [1, x]))) by IRLS: one SQL
 * aggregate pass per iteration computes X'WX with w = mu = exp(eta), X'(y - mu) and the negative
 * log-likelihood mu - y eta + log(y!). An overflowing exp makes the loss infinite, so the step is
 * halved. Standard errors from the observed information (= the expected one: canonical link).
 */
import { logGamma } from "../../distributions/special-functions";
import { type ClosedFormFitter, paramName, requireVaryingFeatures } from "./closed-form";
import { fitNewton } from "./newton";

export const fitPoisson: ClosedFormFitter = async (input) => {
  await requireVaryingFeatures(input, "Poisson");
  await input.source.requireValues(input.variable, {
    valid: (v) => v >= 0 && Number.isInteger(v),
    sqlInvalid: "v < 0 OR v <> floor(v)",
    what: (v) => `${v} in the child of a Poisson mechanism, which takes counts 0, 1, 2, ...`,
  });
  const r = await fitNewton(input, {
    blocks: 1,
    terms: {
      sql: { lets: [[["mu", "exp(eta0)"]]], weights: ["mu"], vectors: ["y - mu"], scalars: ["mu - y * eta0 + lgamma(y + 1)"] },
      js(eta, y, w, v, s) {
        const mu = Math.exp(eta[0]);
        w[0] = mu; v[0] = y - mu; s[0] = mu - y * eta[0] + logGamma(y + 1);
      },
    },
  });
  const coef = paramName(input, "coef");
  return { params: { [coef]: r.coef }, standardErrors: { [coef]: r.se }, loss: r.loss, rows: r.rows, iterations: r.iterations, converged: r.converged, method: "IRLS", warnings: [] };
};
