/**
 * The true structural causal model that generated data.csv (generate.ts): schooling, an observed
 * ability score that confounds job training and wages, training chosen by a logistic rule, and a
 * linear-Gaussian wage, and a job-satisfaction score that rises with the wage and saturates (not
 * linear: the model learns it with an mlp mechanism). Written with literal numbers, apart from the learnable model.causal.ts, so
 * that the fitted values can be compared with these.
 */
import { bernoulli, normal, scm, sigmoid } from "causal-studio";

export const TRUE_VALUES = {
  educ: { mean: 12, sd: 2 },
  training: { intercept: -1, ability: 0.8 },
  wage: { intercept: 5, educ: 1.2, training: 3, ability: 2, sd: 4 },
  satisfaction: { scale: 4, centre: 21, width: 5, sd: 0.5 },
} as const;

/** The true mean of satisfaction at a wage: scale * tanh((wage - centre) / width). */
export function satisfactionMean(wage: number): number {
  const s = TRUE_VALUES.satisfaction;
  return s.scale * Math.tanh((wage - s.centre) / s.width);
}

const t = TRUE_VALUES;
export default scm("wages (truth)")
  .variable("ability", () => normal(0, 1))
  .variable("educ", ({ ability }) => normal(t.educ.mean + 0.5 * ability, t.educ.sd))
  .variable("training", ({ ability }) => bernoulli(sigmoid(t.training.intercept + t.training.ability * ability)))
  .variable("wage", ({ educ, training, ability }) => normal(t.wage.intercept + t.wage.educ * educ + t.wage.training * training + t.wage.ability * ability, t.wage.sd))
  .variable("satisfaction", ({ wage }) => normal(satisfactionMean(wage), t.satisfaction.sd));
