/**
 * Every minimal separation of every non-adjacent pair of observed variables (DAGitty's "all pairs"):
 * x ⊥ y | Z for each minimal Z ⊆ observed \ {x, y} that d-separates them, latents projected out
 * first. Pairs in topological order (x the later of the two), each pair's sets as
 * listMinimalSeparators finds them (polynomial delay per set). There can be exponentially many, so
 * this is a generator: take what you show and stop. A pair that no set separates (an inducing path
 * through hidden common causes) gives nothing. With `selected` (selection nodes, conditioned on by
 * design) every set contains them and is minimal among those that do; their own pairs are skipped.
 */
import type { CausalGraph } from "../causal-graph";
import { latentProjection } from "../transform/latent-projection";
import { dSeparatedIdx } from "./d-separation";
import type { Independence } from "./implied-independencies";
import { listMinimalSeparators } from "./separators";

export function* allMinimalSeparations(g: CausalGraph, selected: readonly string[] = []): Generator<Independence> {
  const h = latentProjection(g);
  const include = h.indicesOf(selected);
  const order = h.requireAcyclic();
  const n = h.size;
  const position = new Int32Array(n);
  order.forEach((v, k) => (position[v] = k));
  const allowed = new Uint8Array(n).fill(1);
  const adjacent = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const v = order[k];
    for (const w of [...h.pa[v], ...h.ch[v], ...h.sp[v]]) adjacent[w] = 1;
    for (let j = 0; j < k; j++) {
      const u = order[j];
      if (adjacent[u] || include.includes(u) || include.includes(v)) continue;
      const statement = (z: number[]): Independence => ({
        x: h.nodeIds[v], y: h.nodeIds[u], given: [...z].sort((a, b) => position[a] - position[b]).map((i) => h.nodeIds[i]),
      });
      if (dSeparatedIdx(h, [v], [u], include)) yield statement(include);
      else for (const z of listMinimalSeparators(h, [v], [u], allowed, include)) yield statement(z);
    }
    for (const w of [...h.pa[v], ...h.ch[v], ...h.sp[v]]) adjacent[w] = 0;
  }
}
