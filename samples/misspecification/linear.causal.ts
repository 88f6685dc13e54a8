import { linearGaussian, normal, scm } from "causal-studio";

// A line for y: y = a + b x + noise. Mis-specified for data from y = x^2 (truth.ts), so its best
// fit depends on where x came from — the diagnostics (main.ts) should say so. x's own
// distribution differs per environment and is not what is diagnosed.
export default scm("misspecified line")
  .variable("x", () => normal(0, 1))
  .variable("y", linearGaussian(({ x }) => ({ x })));
