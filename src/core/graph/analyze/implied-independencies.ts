/**
 * Testable implications: a basis of conditional independencies implied by the graph among its
 * observed variables. Latent variables are projected out first. With a topological order, each
 * variable v is independent of every earlier, non-adjacent u given its Markov blanket in the
 * subgraph of v and its predecessors (the ordered local Markov property; for a DAG the blanket is
 * pa(v)). Each statement's conditioning set is then shrunk to a minimal separator inside that
 * blanket. For a DAG this lists every non-adjacent pair exactly once, as DAGitty does.
 */
import type { CausalGraph } from "../causal-graph";
import { latentProjection } from "../transform/latent-projection";
import { findMinimalSeparator } from "./separators";

export interface Independence {
  x: string;
  y: string;
  given: string[];
}

export function impliedIndependencies(g: CausalGraph): Independence[] {
  const h = latentProjection(g);
  const order = h.requireAcyclic();
  const n = h.size;
  const position = new Int32Array(n);
  order.forEach((v, k) => (position[v] = k));
  const out: Independence[] = [];
  for (let k = 0; k < order.length; k++) {
    const v = order[k];
    const blanket = markovBlanket(h, v, position);
    for (let j = 0; j < k; j++) {
      const u = order[j];
      if (blanket[u]) continue;
      const z = findMinimalSeparator(h, [v], [u], [], blanket);
      if (!z) continue; // cannot happen by the ordered local Markov property; kept as a guard
      z.sort((a, b) => position[a] - position[b]);
      out.push({ x: h.nodeIds[v], y: h.nodeIds[u], given: z.map((i) => h.nodeIds[i]) });
    }
  }
  return out;
}

/** District of v among v and its predecessors, with their parents, v excluded. */
function markovBlanket(h: CausalGraph, v: number, position: Int32Array): Uint8Array {
  const before = (w: number): boolean => position[w] < position[v];
  const mark = new Uint8Array(h.size);
  const district = [v];
  const inDistrict = new Uint8Array(h.size);
  inDistrict[v] = 1;
  for (let i = 0; i < district.length; i++) {
    for (const s of h.sp[district[i]]) {
      if (before(s) && !inDistrict[s]) {
        inDistrict[s] = 1;
        district.push(s);
      }
    }
  }
  for (const d of district) {
    if (d !== v) mark[d] = 1;
    for (const p of h.pa[d]) if (p !== v) mark[p] = 1;
  }
  return mark;
}
