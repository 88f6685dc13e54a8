import { linearGaussian, logistic, mlp, normal, scm } from "causal-studio";

// What we claim to know: the graph and the families — linear-Gaussian schooling and wage, a logistic
// rule for training, and a satisfaction score whose dependence on the wage we do not know (a small
// neural net, fed the wage in standard units). Every number is learned from data.csv by
// `causal-studio train` (see README.md); the ability score is standardised, so its mechanism is fixed.
export default scm("wages")
  .variable("ability", () => normal(0, 1))
  .variable("educ", linearGaussian(({ ability }) => ({ ability })))
  .variable("training", logistic(({ ability }) => ({ ability })))
  .variable("wage", linearGaussian(({ educ, training, ability }) => ({ educ, training, ability })))
  .variable("satisfaction", mlp(({ wage }) => ({ wage: (wage - 20) / 5 }), { hidden: [32, 32] }));
