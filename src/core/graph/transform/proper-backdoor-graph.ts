/**
 * The proper back-door graph and the forbidden set of the generalised adjustment criterion
 * (Shpitser, VanderWeele & Robins 2010; van der Zander, Liskiewicz & Textor 2019):
 *   PCP(X, Y)  = (De_{G with edges into X removed}(X) \ X) ∩ An_{G with edges out of X removed}(Y),
 *                the nodes on proper causal paths from X to Y other than X;
 *   Dpcp(X, Y) = De(PCP(X, Y)), nodes that no adjustment set may contain;
 *   G^pbd      = G without the first edge X -> w of every proper causal path (w in PCP).
 * Z is an adjustment set for (X, Y) iff Z ∩ Dpcp = ∅ and Z d-separates X and Y in G^pbd.
 */
import { CausalGraph } from "../causal-graph";
import type { GraphEdge } from "../types";

export interface ProperBackdoor {
  /** Nodes on proper causal paths from X to Y, X excluded. */
  pcp: Uint8Array;
  /** Descendants of PCP (the forbidden set). */
  dpcp: Uint8Array;
  graph: CausalGraph;
}

export function properBackdoor(g: CausalGraph, xs: readonly number[], ys: readonly number[]): ProperBackdoor {
  const isX = new Uint8Array(g.size);
  for (const x of xs) isX[x] = 1;
  const deX = g.closure(xs, g.ch, (w) => !isX[w]);
  const anY = g.closure(ys.filter((y) => !isX[y]), g.pa, (p) => !isX[p]);
  const pcp = new Uint8Array(g.size);
  const pcpList: number[] = [];
  for (let i = 0; i < g.size; i++) {
    if (deX[i] && anY[i] && !isX[i]) {
      pcp[i] = 1;
      pcpList.push(i);
    }
  }
  const dpcp = g.closure(pcpList, g.ch);
  const index = new Map(g.nodeIds.map((id, i) => [id, i]));
  const keep = (e: GraphEdge): boolean => !(e.kind === "directed" && isX[index.get(e.from)!] && pcp[index.get(e.to)!]);
  const graph = CausalGraph.from({ nodes: [...g.nodes], edges: g.edges.filter(keep) });
  return { pcp, dpcp, graph };
}
