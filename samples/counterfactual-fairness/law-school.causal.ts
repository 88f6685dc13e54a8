import { linearGaussian, logistic, normal, poissonLogLinear, scm } from "causal-studio";

// Kusner et al.'s (2017) Level-2 law-school model: a latent knowledge K ~ N(0, 1) and the protected
// attributes A = (race, sex) cause GPA (normal), LSAT (Poisson, log link) and the first-year
// average FYA (normal). K has no column in the data: the fair predictor reads only its posterior
// given GPA, LSAT and A (fairness.ts). race = 1 marks the minority group, sex = 1 male. The data
// (law-school.csv) come from truth.ts, whose FYA also reads GPA's own noise: the one thing this
// model gets wrong, on purpose (README.md).
export default scm("law school (Level 2)")
  .latent("K", () => normal(0, 1))
  .variable("race", logistic(() => ({})))
  .variable("sex", logistic(() => ({})))
  .variable("gpa", linearGaussian(({ K, race, sex }) => ({ K, race, sex })))
  .variable("lsat", poissonLogLinear(({ K, race, sex }) => ({ K, race, sex })))
  .variable("fya", linearGaussian(({ K, race, sex }) => ({ K, race, sex })));
