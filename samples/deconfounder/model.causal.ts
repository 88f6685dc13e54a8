import { linearGaussian, normal, scm } from "causal-studio";

// The franchise corner of the movie data as an SCM: a latent "franchise-ness" Z (the deconfounder's
// substitute confounder for the planted franchise factor) drives three actors' casting and the
// (standardised log) revenue; the actors act on revenue. Every observed mechanism is linearGaussian
// (a linear probability model for the 0/1 cast columns), so `causal-studio diagnose` can fit Z by
// SVI. main.ts sets the params from the deconfounder's regression (Z = the PMF franchise component)
// and answers E[revenue | do(hero = 1)] - E[revenue | do(hero = 0)] with the library.
//   lee: the Stan-Lee-like actor (every franchise film); smulders: beta = 0; hero: beta = 0.3.
export default scm("deconfounder: franchise actors and revenue")
  .latent("Z", () => normal(0, 1))
  .variable("lee", linearGaussian(({ Z }) => ({ Z })))
  .variable("smulders", linearGaussian(({ Z }) => ({ Z })))
  .variable("hero", linearGaussian(({ Z }) => ({ Z })))
  .variable("revenue", linearGaussian(({ Z, lee, smulders, hero }) => ({ Z, lee, smulders, hero })));
