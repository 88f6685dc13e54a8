/**
 * The truth behind data.csv (generate.ts): exercise and age build fitness; heart health depends on
 * fitness, age and diet — and on exercise directly (say, through blood pressure), the edge the
 * model (model.causal.ts) leaves out. Standardised units, literal numbers.
 */
import { normal, scm } from "causal-studio";

/** The direct effect of exercise on heart that the model omits. */
export const OMITTED_EFFECT = 0.3;

export default scm("heart health (truth)")
  .variable("age", () => normal(0, 1))
  .variable("exercise", () => normal(0, 1))
  .variable("diet", () => normal(0, 1))
  .variable("fitness", ({ exercise, age }) => normal(0.7 * exercise - 0.4 * age, 1))
  .variable("heart", ({ fitness, age, diet, exercise }) => normal(0.6 * fitness - 0.5 * age + 0.4 * diet + OMITTED_EFFECT * exercise, 1));
