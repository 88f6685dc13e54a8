/**
 * Minimal m-separators (van der Zander, Liskiewicz & Textor 2019, "Separators and adjustment
 * sets in causal graphs"): every minimal separator of X and Y lies in An(X ∪ Y), and for sets
 * inside An(X ∪ Y), m-separation in G is vertex separation in the augmented graph
 * (G_{An(X ∪ Y)})^a. So minimal m-separators restricted to R are the minimal vertex cuts of that
 * undirected graph that use only R. These functions do not change the graph.
 */
import type { CausalGraph } from "../causal-graph";
import { augmentedGraph } from "../transform/augmented-graph";
import { minimalCuts } from "./minimal-cuts";

function ancestralAugmented(g: CausalGraph, xs: readonly number[], ys: readonly number[], include: readonly number[] = []) {
  const within = g.closure([...xs, ...ys, ...include], g.pa);
  return { within, adj: augmentedGraph(g, within) };
}

/**
 * All minimal m-separators Z of X and Y with I ⊆ Z ⊆ allowed ∪ I (minimal among the separators
 * containing I: van der Zander et al. 2019's I-minimal ones) as sorted index lists, lazily with
 * polynomial delay. Every I-minimal separator lies in An(X ∪ Y ∪ I), where separation by Z is vertex
 * separation in the augmented graph; Z ⊇ I separates there iff Z \ I separates with I's vertices
 * removed, so the sets are I plus the minimal cuts of the graph without I. None when I meets X or Y.
 */
export function* listMinimalSeparators(g: CausalGraph, xs: readonly number[], ys: readonly number[], allowed: Uint8Array, include: readonly number[] = []): Generator<number[]> {
  if (include.some((v) => xs.includes(v) || ys.includes(v))) return;
  const { within, adj } = ancestralAugmented(g, xs, ys, include);
  const ok = allowed.slice();
  for (const v of [...xs, ...ys]) ok[v] = 0;
  const active = within.slice();
  for (const v of include) active[v] = 0;
  for (const cut of minimalCuts({ adj, radj: adj, sources: xs, targets: ys, allowed: ok, active })) {
    yield include.length ? [...new Set([...cut, ...include])].sort((a, b) => a - b) : cut;
  }
}

/**
 * One minimal m-separator Z with I ⊆ Z ⊆ R (minimal among separators containing I), or
 * undefined when none exists: FindMinSep of van der Zander et al. 2019 in O(n + m).
 * With `nearTo: "y"` the separator is the one closest to Y (their "nearest" separator).
 */
export function findMinimalSeparator(
  g: CausalGraph, xs: readonly number[], ys: readonly number[], include: readonly number[], allowed: Uint8Array, nearTo: "x" | "y" = "x",
): number[] | undefined {
  const { within, adj } = ancestralAugmented(g, xs, ys, include);
  const n = g.size;
  const terminal = new Uint8Array(n);
  for (const v of [...xs, ...ys]) terminal[v] = 1;
  const forced = new Uint8Array(n);
  for (const v of include) {
    if (terminal[v] || !allowed[v]) return undefined;
    forced[v] = 1;
  }
  const z0 = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (within[v] && allowed[v] && !terminal[v] && !forced[v]) z0[v] = 1;
  const [first, second] = nearTo === "x" ? [xs, ys] : [ys, xs];
  const isSecond = markList(n, second);
  // Boundary of the first side's component in H - (Z0 ∪ I); fails if it reaches the other side.
  const touched1 = touch(adj, within, first, (v) => z0[v] === 1 || forced[v] === 1);
  if (touched1.reachedAny(isSecond)) return undefined;
  const z1 = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (z0[v] && touched1.touched[v]) z1[v] = 1;
  const touched2 = touch(adj, within, second, (v) => z1[v] === 1 || forced[v] === 1);
  const result: number[] = [];
  for (let v = 0; v < n; v++) if ((z1[v] && touched2.touched[v]) || forced[v]) result.push(v);
  return result;
}

function markList(n: number, list: readonly number[]): Uint8Array {
  const m = new Uint8Array(n);
  for (const v of list) m[v] = 1;
  return m;
}

/** Breadth-first search from `starts` that stops at blocking vertices (which are recorded as touched). */
function touch(adj: number[][], within: Uint8Array, starts: readonly number[], blocks: (v: number) => boolean) {
  const n = adj.length;
  const visited = new Uint8Array(n);
  const touched = new Uint8Array(n);
  const stack: number[] = [];
  for (const s of starts) {
    visited[s] = 1;
    stack.push(s);
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of adj[v]) {
      if (!within[w] || visited[w]) continue;
      visited[w] = 1;
      if (blocks(w)) touched[w] = 1;
      else stack.push(w);
    }
  }
  return { touched, reachedAny: (mark: Uint8Array) => mark.some((m, i) => m === 1 && visited[i] === 1) };
}
