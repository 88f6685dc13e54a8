/**
 * Minimal front-door sets (Pearl 2009, def. 3.3.3) for the effect of one exposure X on one
 * outcome Y: Z (i) intercepts every directed path X -> ... -> Y, (ii) has no open back-door path
 * from X (X ⊥ z in G with X's outgoing edges removed), and (iii) every back-door path from each
 * z to Y is blocked by X (z ⊥ Y | X in G with z's outgoing edges removed). Conditions (ii) and
 * (iii) concern single nodes, so they fix the nodes allowed in Z; the minimal front-door sets are
 * then the minimal cuts of the directed X-to-Y paths through allowed nodes.
 */
import { CausalError, error } from "../../errors/diagnostic";
import { CausalGraph } from "../causal-graph";
import { markOf, reachable } from "./d-separation";
import { minimalCuts } from "./minimal-cuts";

export function withoutOutgoing(g: CausalGraph, v: number): CausalGraph {
  const id = g.nodeIds[v];
  return CausalGraph.from({ nodes: [...g.nodes], edges: g.edges.filter((e) => !(e.kind === "directed" && e.from === id)) });
}

/** Observed nodes other than X and Y satisfying conditions (ii) and (iii). */
export function frontdoorCandidates(g: CausalGraph, x: number, y: number): Uint8Array {
  const n = g.size;
  const none = new Uint8Array(n);
  const fromX = reachable(withoutOutgoing(g, x), [x], none).reached;
  const ok = new Uint8Array(n);
  const xMark = markOf(n, [x]);
  for (let z = 0; z < n; z++) {
    if (z === x || z === y || g.latent[z] || fromX[z]) continue;
    if (!reachable(withoutOutgoing(g, z), [z], xMark).reached[y]) ok[z] = 1;
  }
  return ok;
}

export function frontdoorSets(g: CausalGraph, exposure: string, outcome: string, options: { limit?: number } = {}): string[][] {
  g.requireAcyclic();
  const x = g.indexOf(exposure);
  const y = g.indexOf(outcome);
  if (x === y) throw new CausalError(error("invalid-argument", `"${exposure}" is both the exposure and the outcome.`));
  const allowed = frontdoorCandidates(g, x, y);
  const deX = g.closure([x], g.ch);
  const anY = g.closure([y], g.pa);
  const active = deX.map((d, i) => d & anY[i]);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const out: string[][] = [];
  if (!active[y]) return [[]];
  for (const cut of minimalCuts({ adj: g.ch, radj: g.pa, sources: [x], targets: [y], allowed, active })) {
    out.push(cut.map((i) => g.nodeIds[i]));
    if (out.length >= limit) break;
  }
  return out;
}
