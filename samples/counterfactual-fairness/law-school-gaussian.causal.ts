import { linearGaussian, normal, scm } from "causal-studio";

// law-school.causal.ts with every observed mechanism linear-Gaussian, for `causal-studio diagnose`:
// its latent-variable checks fit K by SVI, which compiles only normal-prior latents and
// linearGaussian/mlp observed variables. LSAT (a count near 33, sd about 6) is close to normal;
// race and sex are fixed normal roots with their shares' mean and sd (a root linearGaussian(() => ({}))
// makes SVI throw "Pass at least one tensor to concat"); the graph is the Level-2 model's (README.md).
export default scm("law school (Level 2, Gaussian LSAT)")
  .latent("K", () => normal(0, 1))
  .variable("race", () => normal(0.25, 0.433))
  .variable("sex", () => normal(0.45, 0.497))
  .variable("gpa", linearGaussian(({ K, race, sex }) => ({ K, race, sex })))
  .variable("lsat", linearGaussian(({ K, race, sex }) => ({ K, race, sex })))
  .variable("fya", linearGaussian(({ K, race, sex }) => ({ K, race, sex })));
