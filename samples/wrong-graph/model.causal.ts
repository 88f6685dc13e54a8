import { linearGaussian, normal, scm } from "causal-studio";

// Our claim: exercise acts on heart health only through fitness. The truth (truth.ts) has a direct
// edge exercise -> heart as well; the local tests (main.ts) find the independence it breaks.
export default scm("heart health")
  .variable("age", () => normal(0, 1))
  .variable("exercise", () => normal(0, 1))
  .variable("diet", () => normal(0, 1))
  .variable("fitness", linearGaussian(({ exercise, age }) => ({ exercise, age })))
  .variable("heart", linearGaussian(({ fitness, age, diet }) => ({ fitness, age, diet })));
