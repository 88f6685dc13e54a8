/**
 * Latent projection (Verma & Pearl 1990): an ADMG over the observed nodes with the same
 * m-separations among them and the same identification answers. For observed a, b:
 *   a -> b   when a directed path a -> ... -> b has only latent nodes inside;
 *   a <-> b  when a and b have a common latent "source": a latent l (or the two ends of a
 *            bidirected edge) from which both are reached by directed paths through latents.
 */
import { CausalGraph, edgeKey } from "../causal-graph";
import type { GraphEdge } from "../types";

export function latentProjection(g: CausalGraph): CausalGraph {
  if (!g.latent.some(Boolean)) return g;
  const n = g.size;
  /** Observed nodes reached from v along directed paths whose inner nodes are latent (v excluded). */
  const reach = (v: number): number[] => {
    const out: number[] = [];
    const seen = new Uint8Array(n);
    const stack = [...g.ch[v]];
    while (stack.length > 0) {
      const w = stack.pop()!;
      if (seen[w]) continue;
      seen[w] = 1;
      if (g.latent[w]) stack.push(...g.ch[w]);
      else out.push(w);
    }
    return out;
  };
  /** The observed nodes a node stands for at the end of a bidirected edge: itself, or what a latent reaches. */
  const ends = (v: number): number[] => (g.latent[v] ? reach(v) : [v]);
  const edges: GraphEdge[] = [];
  const keys = new Set<string>();
  const add = (e: GraphEdge): void => {
    if (e.kind === "bidirected" && e.from === e.to) return;
    const k = edgeKey(e);
    if (!keys.has(k)) {
      keys.add(k);
      edges.push(e);
    }
  };
  const id = (i: number): string => g.nodeIds[i];
  for (let v = 0; v < n; v++) {
    const reached = reach(v);
    if (!g.latent[v]) {
      for (const w of reached) add({ from: id(v), to: id(w), kind: "directed" });
    } else {
      for (let i = 0; i < reached.length; i++) for (let j = i + 1; j < reached.length; j++) add({ from: id(reached[i]), to: id(reached[j]), kind: "bidirected" });
    }
    for (const s of g.sp[v]) {
      if (s < v) continue;
      for (const a of ends(v)) for (const b of ends(s)) add({ from: id(a), to: id(b), kind: "bidirected" });
    }
  }
  // A directed cycle through latents would make a self-loop a -> a; keep it so cycle checks still see it.
  return CausalGraph.from({ nodes: g.nodes.filter((_, i) => !g.latent[i]), edges });
}
