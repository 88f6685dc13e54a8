/**
 * The augmented (moral) graph of an ancestral subgraph, as undirected adjacency lists over the
 * original node indices: (G_{An(S)})^a joins two nodes when a collider path connects them
 * (Richardson 2003). For a DAG this is moralisation: each node with its parents becomes a
 * clique. For an ADMG each district D (bidirected-connected set) with pa(D) becomes a clique.
 * m-separation of X and Y by Z ⊆ An(X ∪ Y ∪ ...) in G equals vertex separation here.
 */
import type { CausalGraph } from "../causal-graph";

export function augmentedGraph(g: CausalGraph, within: Uint8Array): number[][] {
  const n = g.size;
  const sets: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const link = (a: number, b: number): void => {
    if (a !== b) {
      sets[a].add(b);
      sets[b].add(a);
    }
  };
  const district = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    if (!within[v]) continue;
    for (const p of g.pa[v]) if (within[p]) link(p, v);
    if (district[v] >= 0) continue;
    // Collect v's district inside the subgraph, then make district ∪ parents a clique.
    const members = [v];
    district[v] = v;
    for (let k = 0; k < members.length; k++) {
      for (const s of g.sp[members[k]]) {
        if (within[s] && district[s] < 0) {
          district[s] = v;
          members.push(s);
        }
      }
    }
    const clique = new Set<number>(members);
    for (const m of members) for (const p of g.pa[m]) if (within[p]) clique.add(p);
    const list = [...clique];
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) link(list[i], list[j]);
  }
  return sets.map((s) => [...s]);
}
