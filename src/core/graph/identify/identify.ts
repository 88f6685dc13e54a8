/**
 * identify(g, Y, X): is P(Y | do(X)) identifiable from the observational distribution of the
 * observed variables, and by which formula? Latent nodes are projected out first. When a
 * (minimal) adjustment set exists the answer is the back-door form sum_Z P(Y | X, Z) P(Z), with
 * the set reported; otherwise the ID algorithm's formula, simplified; otherwise the hedge.
 *
 * DAGitty's marks: [adjusted] nodes go into the adjustment set when some valid set holds them (else the
 * result notes that none does). [selected] nodes S mean the data are P(v | S = 1): there the answer is
 * Σ_z P(y | x, z, S) P(z | S) for an adjustment set Z without S such that (Y ⊥ S | X ∪ Z) and (Z ⊥ S),
 * which makes each factor equal its unselected one (a sufficient condition, after Bareinboim, Tian &
 * Pearl 2014 and Correa, Tian & Bareinboim 2018, who also use unbiased external data that this does
 * not). The ID algorithm assumes unselected data, so with S and no such Z the answer is "not shown
 * recoverable", not a formula.
 */
import { CausalError, error } from "../../errors/diagnostic";
import type { CausalGraph } from "../causal-graph";
import { allAdjustmentSetsIdx, forcedAdjustment, minimalAdjustmentSets } from "../analyze/adjustment-sets";
import { selectionNodes } from "../analyze/implications";
import { dSeparatedIdx } from "../analyze/d-separation";
import { latentProjection } from "../transform/latent-projection";
import { prob, product, sum, toLatex, toText, type Expr } from "./expression";
import { idAlgorithm } from "./id-algorithm";
import { nameRank, simplify, type Oracle } from "./simplify";

export type Identification =
  | { identifiable: true; formula: { text: string; latex: string }; expression: Expr; adjustmentSet?: string[]; note?: string }
  | { identifiable: false; hedge: { f: string[]; fPrime: string[] }; reason: string }
  | { identifiable: false; selection: string[]; reason: string };

/** Adjustment sets examined for one that also makes selection ignorable (there can be 2^n). */
const SELECTION_SEARCH = 10_000;

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
  const selected = selectionNodes(g);
  const adjusted = forcedAdjustment(g).filter((v) => !selected.includes(v));
  if (selected.length) return underSelection(g, outcomes, exposures, adjusted, selected, render);
  if (exposures.length > 0 && options.preferAdjustment !== false) {
    const sets = minimalAdjustmentSets(g, exposures, outcomes, { limit: 64, include: adjusted });
    if (sets.length > 0) {
      const z = sets.reduce((best, s) => (s.length < best.length ? s : best));
      const expression = z.length === 0 ? prob(outcomes, exposures) : sum(z, product([prob(outcomes, [...exposures, ...z]), prob(z)]));
      return { identifiable: true, formula: render(expression), expression, adjustmentSet: z };
    }
  }
  const note = adjusted.length ? `no valid adjustment set contains the [adjusted] ${adjusted.join(", ")}: this formula does not adjust for ${adjusted.length === 1 ? "it" : "them"}` : undefined;
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
  return { identifiable: true, formula: render(expression), expression, ...(note ? { note } : {}) };
}

/** P(Y | do(X)) from data selected on S (see the header): the smallest adjustment set (holding `adjusted`) that makes S ignorable. */
function underSelection(g: CausalGraph, outcomes: string[], exposures: string[], adjusted: string[], selected: string[], render: (e: Expr) => { text: string; latex: string }): Identification {
  const [xs, ys, ss] = [g.indicesOf(exposures), g.indicesOf(outcomes), g.indicesOf(selected)];
  let best: number[] | undefined;
  let examined = 0;
  if (exposures.length > 0) {
    for (const z of allAdjustmentSetsIdx(g, xs, ys, g.indicesOf(adjusted))) {
      if (++examined > SELECTION_SEARCH) break;
      if (z.some((v) => ss.includes(v)) || (best && best.length <= z.length)) continue;
      if (dSeparatedIdx(g, ys, ss, [...xs, ...z]) && dSeparatedIdx(g, z, ss, [])) best = z;
    }
  } else if (dSeparatedIdx(g, ys, ss, [])) best = [];
  const s = selected.join(", ");
  if (!best) {
    const searched = examined > SELECTION_SEARCH ? ` (among the first ${SELECTION_SEARCH} adjustment sets)` : "";
    return {
      identifiable: false, selection: selected,
      reason: `not shown recoverable from data selected on ${s}: no adjustment set Z${searched} without ${s} has ${outcomes.join(", ")} ⊥ ${s} | ${[...exposures, "Z"].join(", ")} and Z ⊥ ${s}, which would let P(· | ${s}) stand for P. Data on Z collected without the selection (a census) may recover it.`,
    };
  }
  const z = best.map((i) => g.nodeIds[i]);
  const expression = z.length === 0 ? prob(outcomes, [...exposures, ...selected]) : sum(z, product([prob(outcomes, [...exposures, ...z, ...selected]), prob(z, selected)]));
  return { identifiable: true, formula: render(expression), expression, adjustmentSet: z, note: `from data selected on ${s}, every row with ${s} = 1: ${outcomes.join(", ")} ⊥ ${s} given the exposure and the set, and the set ⊥ ${s}` };
}
