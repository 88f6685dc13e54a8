import { linearGaussian, normal, scm } from "causal-studio";

// A genre label as a "cause" of revenue: the latent genre factor G (the film's membership of one
// genre, standardised) drives both the observed genre label (a noisy proxy: in data.ts the label is
// 1[theta > shape], flipped with probability 0.1) and revenue. Revenue does not read the label, so
// E[revenue | do(genre = 1)] - E[revenue | do(genre = 0)] is 0, while E[revenue | genre = 1] -
// E[revenue | genre = 0] is not (G is a common cause). main.ts sets the params from the fit (G = the
// PMF component most correlated with the label; each mechanism regressed on it) and asks both.
// Both mechanisms are linearGaussian (a linear probability model for the 0/1 label).
export default scm("deconfounder: a genre label and revenue")
  .latent("G", () => normal(0, 1))
  .variable("genre", linearGaussian(({ G }) => ({ G })))
  .variable("revenue", linearGaussian(({ G }) => ({ G })));
