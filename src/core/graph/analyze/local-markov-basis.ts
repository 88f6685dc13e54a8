/**
 * The local Markov basis of a graph's testable implications, one statement per variable, as DAGitty
 * lists it ("basis set"): X ⊥ ND(X) \ Pa(X) | Pa(X), where ND(X) are X's non-descendants. Every
 * conditional independence a DAG implies follows from these n statements (Lauritzen et al. 1990).
 *
 * Latent variables are projected out first (an ADMG over the observed ones). There the set
 * A = ND(X) ∪ {X} is ancestral and X has no child in it, so by the local Markov property of ADMGs
 * (Richardson 2003) X ⊥ A \ ({X} ∪ mb) | mb with mb the Markov blanket of X in A: X's district
 * in A (nodes joined to X by ↔ paths inside A) and the parents of that district, X excluded. For a
 * DAG the district is {X} and mb = Pa(X).
 *
 * Cost: descendants by one reverse-topological pass of bitsets (O(m · n / 32)), then O(n) per
 * statement plus its output: O(n² / 32 + m · n / 32 + output). Nothing is searched per pair.
 */
import type { CausalGraph } from "../causal-graph";
import { latentProjection } from "../transform/latent-projection";

/** x ⊥ every variable of y, jointly, given `given` (y non-empty; sets in topological order). */
export interface SetIndependence {
  x: string;
  y: string[];
  given: string[];
}

/** One basis statement by node index of the projected graph (ordered by topological position). */
export interface BasisIdx {
  x: number;
  y: number[];
  given: number[];
}

/** The basis statements of `h` (an ADMG over observed nodes), in topological order of x. */
export function* localMarkovBasisIdx(h: CausalGraph): Generator<BasisIdx> {
  const order = h.requireAcyclic();
  const n = h.size;
  const words = (n + 31) >>> 5;
  const desc = new Uint32Array(n * words);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k];
    const row = v * words;
    desc[row + (v >>> 5)] |= 1 << (v & 31);
    for (const c of h.ch[v]) {
      const from = c * words;
      for (let w = 0; w < words; w++) desc[row + w] |= desc[from + w];
    }
  }
  const isDesc = (v: number, u: number): boolean => (desc[v * words + (u >>> 5)] & (1 << (u & 31))) !== 0;
  const inBlanket = new Uint8Array(n);
  const inDistrict = new Uint8Array(n);
  for (const v of order) {
    // The district of v among its non-descendants (v itself is the one descendant admitted).
    const district = [v];
    inDistrict[v] = 1;
    for (let i = 0; i < district.length; i++) {
      for (const s of h.sp[district[i]]) {
        if (!inDistrict[s] && !isDesc(v, s)) {
          inDistrict[s] = 1;
          district.push(s);
        }
      }
    }
    const blanket: number[] = [];
    const mark = (w: number): void => {
      if (w !== v && !inBlanket[w]) {
        inBlanket[w] = 1;
        blanket.push(w);
      }
    };
    for (const d of district) {
      mark(d);
      for (const p of h.pa[d]) mark(p);
    }
    const y: number[] = [];
    const given: number[] = [];
    for (const u of order) {
      if (inBlanket[u]) given.push(u);
      else if (!isDesc(v, u)) y.push(u);
    }
    for (const d of district) inDistrict[d] = 0;
    for (const b of blanket) inBlanket[b] = 0;
    if (y.length) yield { x: v, y, given };
  }
}

/** The local Markov basis of g's observed variables, by name. Throws (CausalError) on a directed cycle. */
export function localMarkovBasis(g: CausalGraph): SetIndependence[] {
  return [...namedLocalMarkovBasis(g)];
}

/** The basis statements by name, one at a time (latents projected out first). */
export function* namedLocalMarkovBasis(g: CausalGraph): Generator<SetIndependence> {
  const h = latentProjection(g);
  const names = (xs: number[]): string[] => xs.map((i) => h.nodeIds[i]);
  for (const s of localMarkovBasisIdx(h)) yield { x: h.nodeIds[s.x], y: names(s.y), given: names(s.given) };
}
