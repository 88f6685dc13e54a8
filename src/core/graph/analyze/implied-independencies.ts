/**
 * Testable implications: a basis of conditional independencies implied by the graph among its
 * observed variables. Latent variables are projected out first. With a topological order, each
 * variable v is independent of every earlier, non-adjacent u given its Markov blanket in the
 * subgraph of v and its predecessors (the ordered local Markov property; for a DAG the blanket is
 * pa(v)). Each statement's conditioning set is then shrunk to a minimal separator inside that
 * blanket. For a DAG this lists every non-adjacent pair exactly once, as DAGitty does; in an ADMG a
 * pair inside the blanket that is not adjacent is listed too when any set separates it, so every
 * separable pair of observed variables has its statement.
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
  return firstImpliedIndependencies(g, Infinity).list;
}

/**
 * The first `limit` statements of impliedIndependencies (same order, same sets) and how many there
 * are in all, without searching separators for the rest: each pair u before v outside v's blanket is
 * one statement, so the total is counted from the blankets (O(n · (n + m))), plus one separator search
 * per non-adjacent pair inside a blanket (none in a DAG).
 */
export function firstImpliedIndependencies(g: CausalGraph, limit: number): { list: Independence[]; total: number } {
  const list: Independence[] = [];
  let total = 0;
  const pairs = orderedPairs(g);
  for (const p of pairs) {
    total++;
    if (list.length < limit) list.push(p.statement());
  }
  return { list, total };
}

/** impliedIndependencies one statement at a time: stop early and the rest's separators are never searched. */
export function* pairwiseIndependencies(g: CausalGraph): Generator<Independence> {
  for (const p of orderedPairs(g)) yield p.statement();
}

/**
 * The latent projection of g with its topological positions, and each pair (v, u) of observed nodes
 * with u before v and not adjacent to v (no edge of any kind): the pairs every pairwise list walks.
 */
export function projectedPairs(g: CausalGraph) {
  const h = latentProjection(g);
  const order = h.requireAcyclic();
  const position = new Int32Array(h.size);
  order.forEach((v, k) => (position[v] = k));
  /** v ⊥ u | z, with z in topological order. */
  const statement = (v: number, u: number, z: readonly number[]): Independence => ({
    x: h.nodeIds[v], y: h.nodeIds[u], given: [...z].sort((a, b) => position[a] - position[b]).map((i) => h.nodeIds[i]),
  });
  function* pairs(): Generator<[number, number]> {
    const adjacent = new Uint8Array(h.size);
    for (let k = 0; k < order.length; k++) {
      const v = order[k];
      const near = [...h.pa[v], ...h.ch[v], ...h.sp[v]];
      for (const w of near) adjacent[w] = 1;
      for (let j = 0; j < k; j++) if (!adjacent[order[j]]) yield [v, order[j]];
      for (const w of near) adjacent[w] = 0;
    }
  }
  return { h, position, statement, pairs };
}

/**
 * Each non-adjacent pair (v, u), u before v, whose statement exists, made on request: outside v's
 * blanket it always does and costs nothing to count; each statement() is one separator search (O(n + m)).
 */
export function* orderedPairs(g: CausalGraph): Generator<{ statement(): Independence }> {
  const { h, position, statement, pairs } = projectedPairs(g);
  const everywhere = new Uint8Array(h.size).fill(1);
  let blanketOf = -1;
  let blanket: Uint8Array = new Uint8Array(0);
  for (const [v, u] of pairs()) {
    if (v !== blanketOf) [blanketOf, blanket] = [v, markovBlanket(h, v, position)];
    if (blanket[u]) {
      // In an ADMG v's blanket can hold a node it is not adjacent to (a parent of its district) that
      // another set separates from it (W2 ⊥ Z1 | W1 on DAGitty's commentator graph): searched over
      // every node, which finds a separator whenever one exists (An(u, v) minus u, v separates then).
      const z = findMinimalSeparator(h, [v], [u], [], everywhere);
      if (!z) continue;
      const found = statement(v, u, z);
      yield { statement: () => found };
      continue;
    }
    const within = blanket;
    // Never undefined: u and v are separated by v's blanket (the ordered local Markov property).
    yield { statement: () => statement(v, u, findMinimalSeparator(h, [v], [u], [], within)!) };
  }
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

/**
 * With selection nodes S (DAGitty's [selected]: the data are conditioned on them by design): one
 * statement x ⊥ y | Z per pair of other observed variables that some Z ⊇ S separates, Z minimal
 * among the sets containing S (FindMinSep with I = S finds one whenever any exists). The ordered
 * local Markov property does not hold given S, so every non-adjacent pair is searched.
 */
export function* selectedIndependencies(g: CausalGraph, selected: readonly string[]): Generator<Independence> {
  const { h, statement, pairs } = projectedPairs(g);
  const include = h.indicesOf(selected);
  const everywhere = new Uint8Array(h.size).fill(1);
  for (const [v, u] of pairs()) {
    if (include.includes(u) || include.includes(v)) continue;
    const z = findMinimalSeparator(h, [v], [u], include, everywhere);
    if (z) yield statement(v, u, z);
  }
}
