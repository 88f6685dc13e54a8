/**
 * Enumerates the minimal vertex cuts between a source set and a target set, with polynomial
 * delay, where only `allowed` vertices may be cut. Works on undirected graphs (adj = radj) and
 * on directed ones (cuts of all directed paths; adj = successors, radj = predecessors).
 *
 * This is a flashlight search in the style of Takata (2010) as used by van der Zander,
 * Liskiewicz & Textor (2019): a state is (A, U), A a set containing the sources and closed
 * under disallowed neighbours, U ⊆ N(A) the vertices already chosen for the cut. The minimal
 * cuts S of that state are those with A on the source side and U ⊆ S. Every vertex v of
 * N(A) \ U is either cut (U + v) or on the source side (A + v), which splits the state in two.
 * A state has a minimal cut iff every u in U has a neighbour in C = {vertices that reach the
 * targets avoiding N[A]}; then N(C) is one (it lies in N(A), so both sides are full). Only
 * non-empty states are expanded, so the delay between two outputs is O(n (n + m)).
 */
export interface CutProblem {
  /** Successor lists (undirected: neighbours). */
  adj: readonly (readonly number[])[];
  /** Predecessor lists (undirected: the same lists). */
  radj: readonly (readonly number[])[];
  sources: readonly number[];
  targets: readonly number[];
  /** Vertices that may be part of a cut. Sources and targets never are. */
  allowed: Uint8Array;
  /** Vertices of the graph in play (others are ignored); all when omitted. */
  active?: Uint8Array;
}

export function* minimalCuts(p: CutProblem): Generator<number[]> {
  const n = p.adj.length;
  const active = p.active ?? new Uint8Array(n).fill(1);
  const isTarget = new Uint8Array(n);
  for (const t of p.targets) isTarget[t] = 1;
  const allowed = (v: number): boolean => p.allowed[v] === 1 && !isTarget[v];

  /** Adds every disallowed vertex reachable from A through disallowed vertices; false if a target is hit. */
  const close = (A: Uint8Array, seeds: number[]): boolean => {
    const stack = [...seeds];
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (const w of p.adj[v]) {
        if (!active[w] || A[w] || allowed(w)) continue;
        if (isTarget[w]) return false;
        A[w] = 1;
        stack.push(w);
      }
    }
    return true;
  };

  const boundary = (A: Uint8Array): number[] => {
    const seen = new Uint8Array(n);
    const out: number[] = [];
    for (let v = 0; v < n; v++) {
      if (!A[v]) continue;
      for (const w of p.adj[v]) {
        if (active[w] && !A[w] && !seen[w]) {
          seen[w] = 1;
          out.push(w);
        }
      }
    }
    return out.sort((a, b) => a - b);
  };

  /** Vertices that reach a target in the graph minus N[A]. */
  const targetSide = (A: Uint8Array, NA: readonly number[]): Uint8Array => {
    const blocked = new Uint8Array(n);
    for (const v of NA) blocked[v] = 1;
    const side = new Uint8Array(n);
    const stack: number[] = [];
    for (const t of p.targets) {
      if (active[t] && !A[t] && !blocked[t] && !side[t]) {
        side[t] = 1;
        stack.push(t);
      }
    }
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (const w of p.radj[v]) {
        if (active[w] && !A[w] && !blocked[w] && !side[w]) {
          side[w] = 1;
          stack.push(w);
        }
      }
    }
    return side;
  };

  function* search(A: Uint8Array, U: number[]): Generator<number[]> {
    const NA = boundary(A);
    const side = targetSide(A, NA);
    for (const u of U) if (!p.adj[u].some((w) => side[w])) return;
    const inU = new Set(U);
    const v = NA.find((w) => !inU.has(w));
    if (v === undefined) {
      yield NA;
      return;
    }
    yield* search(A, [...U, v]);
    const A2 = A.slice();
    A2[v] = 1;
    if (close(A2, [v])) yield* search(A2, U);
  }

  const A0 = new Uint8Array(n);
  const sources = p.sources.filter((s) => active[s]);
  for (const s of sources) {
    if (isTarget[s]) return;
    A0[s] = 1;
  }
  if (!close(A0, sources)) return;
  yield* search(A0, []);
}
