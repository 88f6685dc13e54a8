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
import { dSeparatedIdx } from "./d-separation";
import { projectedPairs, type Independence } from "./implied-independencies";
import { listMinimalSeparators } from "./separators";

export function* allMinimalSeparations(g: CausalGraph, selected: readonly string[] = []): Generator<Independence> {
  const { h, statement, pairs } = projectedPairs(g);
  const include = h.indicesOf(selected);
  const allowed = new Uint8Array(h.size).fill(1);
  for (const [v, u] of pairs()) {
    if (include.includes(u) || include.includes(v)) continue;
    if (dSeparatedIdx(h, [v], [u], include)) yield statement(v, u, include);
    else for (const z of listMinimalSeparators(h, [v], [u], allowed, include)) yield statement(v, u, z);
  }
}
