import { linearGaussian, normal, scm } from "causal-studio";

// A quadratic for y: y = a + b x + c x^2 + noise, linear in its features {x, x2}. Well specified
// for data from y = x^2 (truth.ts): the diagnostics (main.ts) should pass it in every environment.
export default scm("quadratic")
  .variable("x", () => normal(0, 1))
  .variable("y", linearGaussian(({ x }) => ({ x, x2: x * x })));
