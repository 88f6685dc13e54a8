/**
 * A confounded parallel bandit: an observed binary Z (say, the season) drives every cause and the
 * reward. Z ~ Bernoulli(0.5); X1 ~ Bernoulli(0.1) when Z = 1 and Bernoulli(0.9) when Z = 0; every
 * other cause X2..X10 ~ Bernoulli(0.9) when Z = 1 and Bernoulli(0.1) when Z = 0; and
 * P(Y = 1 | X, Z) = 0.15 + 0.3 X1 + 0.5 Z. The best arm is still do(X1 = 1) (reward 0.7), every other
 * arm but do(X1 = 0) (0.4) pays 0.55. But E[Y | X_i = 1] = 0.654 for i >= 2, above E[Y | X1 = 1] = 0.5:
 * reading E[Y | do(X_i = j)] off E[Y | X_i = j], as Algorithm 1 does, picks a useless arm. Adjusting for
 * the set the graph engine finds ({Z}) recovers the interventional rewards (confounded.ts).
 * Z is observed here on purpose: with Z latent no adjustment set exists.
 */
import { bernoulli, scm } from "causal-studio";

export const CONFOUNDED_N = 10;

export default scm("confounded parallel bandit (N = 10)")
  .variable("Z", () => bernoulli(0.5))
  .variable("X1", ({ Z }) => bernoulli(Z ? 0.1 : 0.9))
  .variable("X2", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X3", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X4", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X5", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X6", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X7", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X8", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X9", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  .variable("X10", ({ Z }) => bernoulli(Z ? 0.9 : 0.1))
  // Y reads Z and every cause (the parallel graph plus Z -> Y); only X1 and Z change its law.
  .variable("Y", ({ Z, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10 }) => bernoulli(0.15 + 0.3 * X1 + 0.5 * Z));
