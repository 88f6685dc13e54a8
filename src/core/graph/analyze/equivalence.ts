/**
 * The Markov equivalence class of a DAG: the DAGs that imply exactly the same conditional
 * independencies, which observational data cannot tell apart. Two DAGs are equivalent iff they
 * have the same skeleton and the same v-structures a -> c <- b with a, b non-adjacent (Verma &
 * Pearl 1990). The class is drawn as its CPDAG (completed partially directed graph): the arrows of
 * the v-structures, then every arrow Meek's rules R1–R3 force (Meek 1995: complete when there is
 * no background knowledge), directed; the rest undirected (reversible). Written from the papers.
 * Graphs with latent variables or <-> edges have a PAG as their class, which this does not draw.
 */
import { CausalError, error } from "../../errors/diagnostic";
import { CausalGraph } from "../causal-graph";

export interface EquivalenceClass {
  /** Arrows [from, to] every DAG of the class has (learnable from observational data). */
  compelled: [string, string][];
  /** Adjacent pairs [a, b] (a first in node order) oriented one way in some DAGs of the class and the other way in others. */
  reversible: [string, string][];
  /** With `countUpTo`: how many DAGs the class holds (undefined: more than countUpTo). */
  dags?: number;
}

/** A partially directed graph over node indices: `dir[v]` the arrows out of v, `par[v]` those into it, `und[v]` its undirected neighbours. */
interface Pdag {
  dir: Set<number>[];
  par: Set<number>[];
  und: Set<number>[];
}

function requireDag(g: CausalGraph): void {
  g.requireAcyclic();
  if (g.sp.some((s) => s.length) || g.latent.some(Boolean)) {
    throw new CausalError(error("invalid-argument", "The Markov equivalence class is drawn for DAGs without latent variables or <-> edges; with hidden confounders the class is a PAG (partial ancestral graph), which Causal Studio does not compute. Remove the latent marks and <-> edges to see the class of the observed DAG."));
  }
}

const adjacent = (p: Pdag, a: number, b: number) => p.und[a].has(b) || p.dir[a].has(b) || p.dir[b].has(a);

function orient(p: Pdag, a: number, b: number): void {
  p.und[a].delete(b);
  p.und[b].delete(a);
  p.dir[a].add(b);
  p.par[b].add(a);
}

/**
 * Applies Meek's rules until none fires: R1 a -> b - c, a, c non-adjacent: b -> c (else a new
 * v-structure); R2 a -> c -> b, a - b: a -> b (else a cycle); R3 a - c -> b, a - d -> b, c, d
 * non-adjacent, a - b: a -> b (else a cycle through c or d).
 */
function closeUnderMeek(p: Pdag): void {
  const n = p.und.length;
  for (let changed = true; changed;) {
    changed = false;
    for (let a = 0; a < n; a++) {
      for (const b of [...p.und[a]]) {
        if (!p.und[a].has(b)) continue;
        const pb = [...p.par[b]];
        // R1, at b: some parent of a not adjacent to b orients a -> b.
        const r1 = [...p.par[a]].some((c) => c !== b && !adjacent(p, c, b));
        // R2: a -> c -> b.
        const r2 = pb.some((c) => p.dir[a].has(c));
        // R3: two non-adjacent parents c, d of b, both undirected neighbours of a.
        const mid = pb.filter((c) => p.und[a].has(c));
        let r3 = false;
        for (let i = 0; i < mid.length && !r3; i++) for (let j = i + 1; j < mid.length && !r3; j++) r3 = !adjacent(p, mid[i], mid[j]);
        if (r1 || r2 || r3) {
          orient(p, a, b);
          changed = true;
        }
      }
    }
  }
}

function cpdag(g: CausalGraph): Pdag {
  const n = g.size;
  const sets = () => Array.from({ length: n }, () => new Set<number>());
  const p: Pdag = { dir: sets(), par: sets(), und: sets() };
  for (let v = 0; v < n; v++) for (const u of g.pa[v]) { p.und[u].add(v); p.und[v].add(u); }
  for (let c = 0; c < n; c++) {
    const pa = g.pa[c];
    for (let i = 0; i < pa.length; i++) {
      for (let j = i + 1; j < pa.length; j++) {
        if (adjacent(p, pa[i], pa[j])) continue;
        orient(p, pa[i], c);
        orient(p, pa[j], c);
      }
    }
  }
  closeUnderMeek(p);
  return p;
}

/** The class of a DAG as its compelled arrows and reversible pairs (the CPDAG); with `countUpTo`, also how many DAGs it holds, counted up to that. */
export function markovEquivalenceClass(g: CausalGraph, countUpTo?: number): EquivalenceClass {
  requireDag(g);
  const p = cpdag(g);
  const name = (i: number) => g.nodeIds[i];
  const compelled: [string, string][] = [];
  const reversible: [string, string][] = [];
  for (let a = 0; a < g.size; a++) {
    for (const b of [...p.dir[a]].sort((x, y) => x - y)) compelled.push([name(a), name(b)]);
    for (const b of [...p.und[a]].sort((x, y) => x - y)) if (a < b) reversible.push([name(a), name(b)]);
  }
  return countUpTo === undefined ? { compelled, reversible } : { compelled, reversible, dags: countDags(g, p, countUpTo) };
}

/**
 * Every DAG of the class, one at a time, each as its arrows [from, to] (the graph's own DAG among
 * them). Orients one reversible pair each way, closes under Meek's rules, and at the end keeps a DAG
 * only if it is acyclic with the class's v-structures, so nothing depends on the rules being enough.
 */
export function* equivalentDags(g: CausalGraph): Generator<[string, string][]> {
  requireDag(g);
  const start = cpdag(g);
  const vstructures = vStructureKey(g.size, (v) => g.pa[v], (a, b) => start.und[a].has(b) || start.dir[a].has(b) || start.dir[b].has(a));
  const copy = (p: Pdag): Pdag => ({ dir: p.dir.map((s) => new Set(s)), par: p.par.map((s) => new Set(s)), und: p.und.map((s) => new Set(s)) });
  const stack: Pdag[] = [start];
  while (stack.length) {
    const p = stack.pop()!;
    const a = p.und.findIndex((s) => s.size > 0);
    if (a < 0) {
      if (isAcyclic(p) && vStructureKey(g.size, (v) => [...p.par[v]], (x, y) => adjacent(p, x, y)) === vstructures) {
        const edges: [string, string][] = [];
        p.dir.forEach((s, u) => { for (const v of [...s].sort((x, y) => x - y)) edges.push([g.nodeIds[u], g.nodeIds[v]]); });
        yield edges;
      }
      continue;
    }
    const b = Math.min(...p.und[a]);
    for (const [x, y] of [[b, a], [a, b]]) {
      const q = copy(p);
      orient(q, x, y);
      closeUnderMeek(q);
      stack.push(q);
    }
  }
}

function vStructureKey(n: number, parents: (v: number) => readonly number[], adj: (a: number, b: number) => boolean): string {
  const out: string[] = [];
  for (let c = 0; c < n; c++) {
    const pa = [...parents(c)].sort((x, y) => x - y);
    for (let i = 0; i < pa.length; i++) for (let j = i + 1; j < pa.length; j++) if (!adj(pa[i], pa[j])) out.push(`${pa[i]},${c},${pa[j]}`);
  }
  return out.join(";");
}

function isAcyclic(p: Pdag): boolean {
  const n = p.dir.length;
  const indeg = new Int32Array(n);
  for (const s of p.dir) for (const v of s) indeg[v]++;
  const ready: number[] = [];
  for (let v = 0; v < n; v++) if (!indeg[v]) ready.push(v);
  let seen = 0;
  while (ready.length) {
    const u = ready.pop()!;
    seen++;
    for (const v of p.dir[u]) if (--indeg[v] === 0) ready.push(v);
  }
  return seen === n;
}

/**
 * How many DAGs the class holds, counted up to `limit` (undefined past it). The reversible edges
 * form chain components whose orientations are independent of each other (Andersson, Madigan &
 * Perlman 1997), so the count is the product of each component's own count, each enumerated on the
 * graph induced by its nodes — not the product's worth of whole DAGs.
 */
export function countEquivalentDags(g: CausalGraph, limit: number): number | undefined {
  requireDag(g);
  return countDags(g, cpdag(g), limit);
}

function countDags(g: CausalGraph, p: Pdag, limit: number): number | undefined {
  const seen = new Uint8Array(g.size);
  let total = 1;
  for (let v = 0; v < g.size; v++) {
    if (seen[v] || !p.und[v].size) continue;
    const component: number[] = [];
    const stack = [v];
    seen[v] = 1;
    while (stack.length) {
      const u = stack.pop()!;
      component.push(u);
      for (const w of p.und[u]) if (!seen[w]) { seen[w] = 1; stack.push(w); }
    }
    const inside = new Set(component);
    const induced = CausalGraph.from({
      nodes: component.map((u) => ({ id: g.nodeIds[u] })),
      edges: component.flatMap((u) => g.ch[u].filter((w) => inside.has(w)).map((w) => ({ from: g.nodeIds[u], to: g.nodeIds[w], kind: "directed" as const }))),
    });
    let count = 0;
    for (const _ of equivalentDags(induced)) if (++count * total > limit) return undefined;
    total *= count;
  }
  return total;
}
