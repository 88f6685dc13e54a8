/**
 * d-separation (m-separation on ADMGs) by linear-time reachability over (node, arrival) states:
 * the "reachable" procedure of Koller & Friedman (Probabilistic Graphical Models, alg. 3.1),
 * extended with bidirected edges, which always carry arrowheads at both ends.
 * A node is a collider on a path when both adjacent edges point into it; a collider is open
 * exactly when it is an ancestor of (or in) the conditioning set, every other node is open
 * exactly when it is not conditioned on. These functions do not change the graph.
 */
import type { CausalGraph } from "../causal-graph";

/** Arrival modes: HEAD = entered v through an arrowhead at v; TAIL = entered through a tail at v (or v is a start). */
const HEAD = 0;
const TAIL = 1;

export interface Reach {
  /** 1 for every node joined to a start node by a path that is open given Z. */
  reached: Uint8Array;
  /** Predecessor state of each visited state (state = 2 * node + mode), -1 for starts; only when traced. */
  pred?: Int32Array;
  /** First state reached for each node, -1 if none; only when traced. */
  firstState?: Int32Array;
  /** The edge each state was entered by: FORWARD (u -> v), BACKWARD (u <- v) or BIDIRECTED; only when traced. */
  via?: Int8Array;
}

export const FORWARD = 0;
export const BACKWARD = 1;
export const BIDIRECTED = 2;

/** Marks the ancestors of `z` (z included). */
export function ancestorMark(g: CausalGraph, z: Uint8Array): Uint8Array {
  const start: number[] = [];
  for (let i = 0; i < z.length; i++) if (z[i]) start.push(i);
  return g.closure(start, g.pa);
}

export function markOf(n: number, indices: Iterable<number>): Uint8Array {
  const m = new Uint8Array(n);
  for (const i of indices) m[i] = 1;
  return m;
}

/**
 * All nodes d-connected to some start node given Z. Start nodes in Z reach nothing.
 * With `trace`, records breadth-first predecessors so that `openPathTo` can return a shortest
 * open path (a shortest open walk never repeats a node, so it is a path).
 */
export function reachable(g: CausalGraph, starts: readonly number[], z: Uint8Array, trace = false, anZ = ancestorMark(g, z)): Reach {
  const n = g.size;
  const visited = new Uint8Array(2 * n);
  const reached = new Uint8Array(n);
  const pred = trace ? new Int32Array(2 * n).fill(-1) : undefined;
  const firstState = trace ? new Int32Array(n).fill(-1) : undefined;
  const via = trace ? new Int8Array(2 * n) : undefined;
  const queue = new Int32Array(2 * n);
  let head = 0;
  let tail = 0;
  const visit = (state: number, from: number, edge: number): void => {
    if (visited[state]) return;
    visited[state] = 1;
    queue[tail++] = state;
    const v = state >> 1;
    if (pred) pred[state] = from;
    if (via) via[state] = edge;
    if (!reached[v]) {
      reached[v] = 1;
      if (firstState) firstState[v] = state;
    }
  };
  for (const s of starts) if (!z[s]) visit(2 * s + TAIL, -1, FORWARD);
  while (head < tail) {
    const state = queue[head++];
    const v = state >> 1;
    const mode = state & 1;
    const inZ = z[v] === 1;
    if (mode === TAIL) {
      if (inZ) continue;
      for (const p of g.pa[v]) visit(2 * p + TAIL, state, BACKWARD);
      for (const c of g.ch[v]) visit(2 * c + HEAD, state, FORWARD);
      for (const s of g.sp[v]) visit(2 * s + HEAD, state, BIDIRECTED);
    } else {
      if (!inZ) for (const c of g.ch[v]) visit(2 * c + HEAD, state, FORWARD);
      if (anZ[v]) {
        for (const p of g.pa[v]) visit(2 * p + TAIL, state, BACKWARD);
        for (const s of g.sp[v]) visit(2 * s + HEAD, state, BIDIRECTED);
      }
    }
  }
  return { reached, pred, firstState, via };
}

export interface OpenPath {
  nodes: number[];
  /** kinds[i] is the edge between nodes[i] and nodes[i + 1]: FORWARD, BACKWARD or BIDIRECTED. */
  kinds: number[];
}

/** The open path (start first) found by a traced `reachable` to `target`, if any. */
export function openPathTo(reach: Reach, target: number): OpenPath | undefined {
  if (!reach.firstState || !reach.pred || !reach.via) throw new Error("openPathTo needs a traced reach");
  let state = reach.firstState[target];
  if (state < 0) return undefined;
  const nodes: number[] = [];
  const kinds: number[] = [];
  while (state >= 0) {
    nodes.push(state >> 1);
    if (reach.pred[state] >= 0) kinds.push(reach.via[state]);
    state = reach.pred[state];
  }
  return { nodes: nodes.reverse(), kinds: kinds.reverse() };
}

/** "a → b ← c ↔ d" */
export function describePath(names: readonly string[], path: OpenPath): string {
  let out = names[path.nodes[0]];
  for (let i = 0; i < path.kinds.length; i++) {
    const arrow = path.kinds[i] === FORWARD ? "→" : path.kinds[i] === BACKWARD ? "←" : "↔";
    out += ` ${arrow} ${names[path.nodes[i + 1]]}`;
  }
  return out;
}

/** True when every node of xs is d-separated from every node of ys given zs (all as indices). */
export function dSeparatedIdx(g: CausalGraph, xs: readonly number[], ys: readonly number[], zs: readonly number[]): boolean {
  const z = markOf(g.size, zs);
  const { reached } = reachable(g, xs, z);
  return !ys.some((y) => !z[y] && reached[y]);
}
