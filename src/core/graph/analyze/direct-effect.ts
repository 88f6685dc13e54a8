/**
 * Two more adjustment analyses DAGitty users reach for (written from the papers):
 * - The canonical adjustment set (van der Zander, Liśkiewicz & Textor 2019, after Perković et al.
 *   2018): An(X ∪ Y ∪ I) ∩ observed, minus X, Y and Dpcp(X, Y), I the forced nodes ([adjusted],
 *   [selected]). It is an adjustment set whenever any set holding I is, so it answers "is the effect
 *   identifiable by adjustment?" with one set.
 * - Adjustment sets for the direct effect of X on Y along the edge X -> Y, by Pearl's single-door
 *   criterion (Causality 2009, Theorem 5.3.1; the path coefficient of a linear model): Z holds no
 *   descendant of Y and d-separates X and Y in the graph without that edge. The minimal ones are the
 *   minimal separators there, over the observed non-descendants of Y.
 */
import { CausalError, error } from "../../errors/diagnostic";
import { CausalGraph } from "../causal-graph";
import { properBackdoor } from "../transform/proper-backdoor-graph";
import { checkAdjustmentSet, forcedAdjustment } from "./adjustment-sets";
import { listMinimalSeparators } from "./separators";

/** The canonical adjustment set for the total effect of X on Y (holding `include`), or undefined when no adjustment set holding it exists. */
export function canonicalAdjustmentSet(g: CausalGraph, exposures: string[], outcomes: string[], include: string[] = forcedAdjustment(g)): string[] | undefined {
  g.requireAcyclic();
  const xs = g.indicesOf(exposures), ys = g.indicesOf(outcomes);
  const { dpcp } = properBackdoor(g, xs, ys);
  const forced = g.indicesOf(include);
  if (forced.some((v) => g.latent[v] || dpcp[v] || xs.includes(v) || ys.includes(v))) return undefined;
  const an = g.closure([...xs, ...ys, ...forced], g.pa);
  const z: string[] = [];
  for (let v = 0; v < g.size; v++) if (an[v] && !g.latent[v] && !dpcp[v] && !xs.includes(v) && !ys.includes(v)) z.push(g.nodeIds[v]);
  return checkAdjustmentSet(g, exposures, outcomes, z).valid ? z : undefined;
}

/**
 * The minimal sets that identify the direct effect of `exposure` on `outcome` (the edge between them)
 * by the single-door criterion, one at a time; `include` is forced into each. Throws when there is no
 * edge exposure -> outcome (the direct effect is then zero by the graph: nothing to estimate).
 */
export function* directEffectSets(g: CausalGraph, exposure: string, outcome: string, include: readonly string[] = []): Generator<string[]> {
  g.requireAcyclic();
  const x = g.indexOf(exposure), y = g.indexOf(outcome);
  if (x === y) throw new CausalError(error("invalid-argument", `"${exposure}" is both the exposure and the outcome.`));
  if (!g.ch[x].includes(y)) throw new CausalError(error("invalid-argument", `there is no edge ${exposure} -> ${outcome}: by the graph the direct effect is zero (the total effect goes through other variables)`));
  const without = CausalGraph.from({ nodes: [...g.nodes], edges: g.edges.filter((e) => !(e.kind === "directed" && e.from === exposure && e.to === outcome)) });
  const deY = g.closure([y], g.ch);
  const allowed = new Uint8Array(g.size);
  for (let v = 0; v < g.size; v++) if (!g.latent[v] && !deY[v] && v !== x) allowed[v] = 1;
  const forced = g.indicesOf([...include]);
  if (forced.some((v) => !allowed[v])) return;
  for (const set of listMinimalSeparators(without, [x], [y], allowed, forced)) yield set.map((i) => g.nodeIds[i]);
}
