/**
 * identify(g, Y, X): is P(Y | do(X)) identifiable from the observational distribution of the
 * observed variables, and by which formula? Latent nodes are projected out first. When a
 * (minimal) adjustment set exists the answer is the back-door form sum_Z P(Y | X, Z) P(Z), with
 * the set reported; otherwise the ID algorithm's formula, simplified; otherwise the hedge.
 */
import { CausalError, error } from "../../errors/diagnostic";
import type { CausalGraph } from "../causal-graph";
import { minimalAdjustmentSets } from "../analyze/adjustment-sets";
import { dSeparatedIdx } from "../analyze/d-separation";
import { latentProjection } from "../transform/latent-projection";
import { prob, product, sum, toLatex, toText, type Expr } from "./expression";
import { idAlgorithm } from "./id-algorithm";
import { nameRank, simplify, type Oracle } from "./simplify";

export type Identification =
  | { identifiable: true; formula: { text: string; latex: string }; expression: Expr; adjustmentSet?: string[] }
  | { identifiable: false; hedge: { f: string[]; fPrime: string[] }; reason: string };

export function identify(g: CausalGraph, outcomes: string[], exposures: string[], options: { preferAdjustment?: boolean } = {}): Identification {
  g.requireAcyclic();
  g.indicesOf([...outcomes, ...exposures]);
  if (outcomes.length === 0) throw new CausalError(error("invalid-argument", "identify needs at least one outcome."));
  const latent = [...outcomes, ...exposures].find((v) => g.isLatent(v));
  if (latent) throw new CausalError(error("invalid-argument", `"${latent}" is latent; outcomes and exposures must be observed.`));
  const both = outcomes.find((v) => exposures.includes(v));
  if (both) throw new CausalError(error("invalid-argument", `"${both}" is both an exposure and an outcome.`));
  const h = latentProjection(g);
  const order = h.requireAcyclic();
  const pos = new Map(order.map((v, k) => [h.nodeIds[v], k]));
  const oracle: Oracle = {
    separated: (a, c, given) => dSeparatedIdx(h, h.indicesOf(a), [h.indexOf(c)], h.indicesOf(given)),
    rank: (v) => pos.get(v) ?? 0,
  };
  const render = (e: Expr) => {
    const rank = nameRank(oracle, e);
    return { text: toText(e, rank), latex: toLatex(e, rank) };
  };
  if (exposures.length > 0 && options.preferAdjustment !== false) {
    const sets = minimalAdjustmentSets(g, exposures, outcomes, { limit: 64 });
    if (sets.length > 0) {
      const z = sets.reduce((best, s) => (s.length < best.length ? s : best));
      const expression = z.length === 0 ? prob(outcomes, exposures) : sum(z, product([prob(outcomes, [...exposures, ...z]), prob(z)]));
      return { identifiable: true, formula: render(expression), expression, adjustmentSet: z };
    }
  }
  const result = idAlgorithm(h, h.indicesOf(outcomes), h.indicesOf(exposures));
  if (!result.ok) {
    const { f, fPrime } = result.hedge;
    return {
      identifiable: false,
      hedge: result.hedge,
      reason: `P(${outcomes.join(", ")} | do(${exposures.join(", ")})) is not identifiable: the hedge F = {${f.join(", ")}} ⊃ F' = {${fPrime.join(", ")}} (two c-forests rooted at the outcome's ancestors, F containing exposures) lets two models agree on P yet disagree on the effect.`,
    };
  }
  const expression = simplify(result.expr, oracle);
  return { identifiable: true, formula: render(expression), expression };
}
