import { bernoulli, normal, scm, sigmoid } from "causal-studio";

// What we claim to know: the graph and the families (linear-Gaussian, logistic); every number is
// learned from data.csv by `causal-studio train` (see README.md).
export default scm("wages")
  .param("educ_b", new Float64Array(2))
  .param("educ_sd", 1, { constraint: "positive" })
  .param("train_b", new Float64Array(2))
  .param("wage_b", new Float64Array(4))
  .param("wage_sd", 1, { constraint: "positive" })
  .variable("ability", () => normal(0, 1))
  .variable("educ", ({ ability }, { educ_b, educ_sd }) => normal(educ_b[0] + educ_b[1] * ability, educ_sd))
  .variable("training", ({ ability }, { train_b }) => bernoulli(sigmoid(train_b[0] + train_b[1] * ability)))
  .variable("wage", ({ educ, training, ability }, { wage_b, wage_sd }) =>
    normal(wage_b[0] + wage_b[1] * educ + wage_b[2] * training + wage_b[3] * ability, wage_sd));
