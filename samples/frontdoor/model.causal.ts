/**
 * Front-door adjustment: smoking -> tar -> cancer with a hidden confounder (genotype) of
 * smoking and cancer. The observational joint is the one in Pearl's tobacco example
 * (Causality, 2nd ed., §3.3.2, Table 3.1): half the population smokes; 95% of smokers and 5%
 * of non-smokers have tar deposits; cancer rates are 10% / 15% for smokers without / with tar
 * and 90% / 95% for non-smokers without / with tar. The hidden mechanism below is one SCM that
 * produces exactly that joint (the genotype makes smoking rare and cancer likely).
 */
import { bernoulli, scm } from "causal-studio";

export default scm("front-door: smoking, tar and cancer")
  .latent("genotype", () => bernoulli(0.5))
  .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.05 : 0.95))
  .variable("tar", ({ smoking }) => bernoulli(smoking ? 0.95 : 0.05))
  .variable("cancer", ({ genotype, tar }) => bernoulli((genotype ? 17 / 18 : 1 / 18) + 0.05 * tar));
