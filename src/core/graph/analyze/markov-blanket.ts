/**
 * The Markov blanket of an observed variable V: the smallest set of observed variables that makes V
 * independent of every other observed variable. In a DAG it is V's parents, children and the
 * children's other parents; in general (latents projected out, <-> edges) it is every node joined to
 * V by a collider path — a path whose inner nodes are all colliders (Richardson 2003, "Markov
 * properties for acyclic directed mixed graphs"). Found by a search along such paths.
 */
import type { CausalGraph } from "../causal-graph";
import { latentProjection } from "../transform/latent-projection";

export function markovBlanket(g: CausalGraph, variable: string): string[] {
  g.requireAcyclic();
  const h = latentProjection(g);
  const v = h.indexOf(variable);
  const blanket = new Uint8Array(h.size);
  // A state is a node reached with an arrowhead into it (so it is a collider if the next edge points into it too).
  const seen = new Uint8Array(h.size);
  const stack: number[] = [];
  const reach = (w: number, headIn: boolean) => {
    if (w === v) return;
    blanket[w] = 1;
    if (headIn && !seen[w]) { seen[w] = 1; stack.push(w); }
  };
  // From V along any edge; a node entered by an arrowhead continues along edges with an arrowhead at it.
  for (const p of h.pa[v]) reach(p, false);
  for (const c of h.ch[v]) reach(c, true);
  for (const s of h.sp[v]) reach(s, true);
  while (stack.length) {
    const w = stack.pop()!;
    for (const p of h.pa[w]) reach(p, false); // w <- p: w is a collider between the arrow that entered it and this one
    for (const s of h.sp[w]) reach(s, true);
  }
  return h.nodeIds.filter((_, i) => blanket[i]);
}
