/**
 * CausalGraph: an immutable DAG or ADMG (directed edges plus bidirected edges for hidden
 * confounding) with adjacency indexes. It never changes after construction; transforms
 * (src/core/graph/transform) return new graphs. Nodes are addressed by id in the public API
 * and by dense integer index inside the analyses, which keeps the hot loops allocation-free.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { GraphData, GraphEdge, GraphNode } from "./types";

export class CausalGraph {
  readonly nodeIds: string[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Adjacency by node index: parents (a -> v), children (v -> c), spouses (v <-> s). */
  readonly pa: readonly number[][];
  readonly ch: readonly number[][];
  readonly sp: readonly number[][];
  readonly latent: readonly boolean[];
  private readonly index: Map<string, number>;
  private topo?: number[] | null;

  private constructor(nodes: GraphNode[], edges: GraphEdge[]) {
    this.nodes = nodes;
    this.edges = edges;
    this.nodeIds = nodes.map((n) => n.id);
    this.index = new Map(this.nodeIds.map((id, i) => [id, i]));
    const n = nodes.length;
    const pa: number[][] = Array.from({ length: n }, () => []);
    const ch: number[][] = Array.from({ length: n }, () => []);
    const sp: number[][] = Array.from({ length: n }, () => []);
    for (const e of edges) {
      const a = this.index.get(e.from)!;
      const b = this.index.get(e.to)!;
      if (e.kind === "directed") {
        pa[b].push(a);
        ch[a].push(b);
      } else {
        sp[a].push(b);
        sp[b].push(a);
      }
    }
    this.pa = pa;
    this.ch = ch;
    this.sp = sp;
    this.latent = nodes.map((nd) => nd.latent === true || (nd.roles?.includes("latent") ?? false));
  }

  /**
   * Builds a graph from plain data. Nodes named only by edges are added; duplicate nodes and
   * duplicate edges are merged. A bidirected self-loop throws (it has no meaning).
   */
  static from(data: GraphData): CausalGraph {
    const nodes: GraphNode[] = [];
    const seen = new Map<string, number>();
    const addNode = (node: GraphNode): void => {
      if (!seen.has(node.id)) {
        seen.set(node.id, nodes.length);
        nodes.push(node);
      }
    };
    for (const node of data.nodes) addNode(node);
    const edges: GraphEdge[] = [];
    const edgeKeys = new Set<string>();
    for (const e of data.edges) {
      if (e.kind === "bidirected" && e.from === e.to) {
        throw new CausalError(error("invalid-argument", `The bidirected edge ${e.from} <-> ${e.to} joins a node to itself; remove it.`, e.range));
      }
      addNode({ id: e.from });
      addNode({ id: e.to });
      const key = edgeKey(e);
      if (edgeKeys.has(key)) continue;
      edgeKeys.add(key);
      edges.push(e);
    }
    return new CausalGraph(nodes, edges);
  }

  toData(): GraphData {
    return { nodes: this.nodes.map((n) => ({ ...n })), edges: this.edges.map((e) => ({ ...e })) };
  }

  get size(): number {
    return this.nodeIds.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** The index of a node; throws CausalError "unknown-variable" for an id not in the graph. */
  indexOf(id: string): number {
    const i = this.index.get(id);
    if (i === undefined) {
      const known = this.nodeIds.length <= 12 ? ` Known variables: ${this.nodeIds.join(", ")}.` : "";
      throw new CausalError(error("unknown-variable", `Unknown variable "${id}": it is not a node of this graph.${known}`));
    }
    return i;
  }

  indicesOf(ids: readonly string[]): number[] {
    return ids.map((id) => this.indexOf(id));
  }

  node(id: string): GraphNode {
    return this.nodes[this.indexOf(id)];
  }

  isLatent(id: string): boolean {
    return this.latent[this.indexOf(id)];
  }

  parents(id: string): string[] {
    return this.pa[this.indexOf(id)].map((i) => this.nodeIds[i]);
  }

  children(id: string): string[] {
    return this.ch[this.indexOf(id)].map((i) => this.nodeIds[i]);
  }

  /** Nodes joined to `id` by a bidirected edge. */
  spouses(id: string): string[] {
    return this.sp[this.indexOf(id)].map((i) => this.nodeIds[i]);
  }

  /** Ancestors of the given nodes, the nodes themselves included (the usual convention). */
  ancestors(ids: readonly string[]): Set<string> {
    return this.names(this.closure(this.indicesOf(ids), this.pa));
  }

  /** Descendants of the given nodes, the nodes themselves included. */
  descendants(ids: readonly string[]): Set<string> {
    return this.names(this.closure(this.indicesOf(ids), this.ch));
  }

  /** Marks every node reachable from `start` along `adjacency` (start included). */
  closure(start: readonly number[], adjacency: readonly number[][], allowed?: (i: number) => boolean): Uint8Array {
    const mark = new Uint8Array(this.size);
    const stack: number[] = [];
    for (const s of start) {
      if (!mark[s]) {
        mark[s] = 1;
        stack.push(s);
      }
    }
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (const w of adjacency[v]) {
        if (!mark[w] && (allowed === undefined || allowed(w))) {
          mark[w] = 1;
          stack.push(w);
        }
      }
    }
    return mark;
  }

  names(mark: Uint8Array): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < mark.length; i++) if (mark[i]) out.add(this.nodeIds[i]);
    return out;
  }

  /** A topological order of the directed part (declaration order breaks ties), or null if cyclic. */
  topologicalOrder(): number[] | null {
    if (this.topo !== undefined) return this.topo;
    const indegree = this.pa.map((p) => p.length);
    const ready: number[] = [];
    for (let i = this.size - 1; i >= 0; i--) if (indegree[i] === 0) ready.push(i);
    const order: number[] = [];
    // A stack seeded in reverse keeps the order close to declaration order.
    while (ready.length > 0) {
      const v = ready.pop()!;
      order.push(v);
      const kids = this.ch[v];
      for (let k = kids.length - 1; k >= 0; k--) {
        const c = kids[k];
        if (--indegree[c] === 0) ready.push(c);
      }
    }
    this.topo = order.length === this.size ? order : null;
    return this.topo;
  }

  isAcyclic(): boolean {
    return this.topologicalOrder() !== null;
  }

  /** Throws CausalError "cycle" naming the cycle when the directed part is cyclic. */
  requireAcyclic(): number[] {
    const order = this.topologicalOrder();
    if (order) return order;
    const cycle = directedCycle(this) ?? [];
    throw new CausalError(error("cycle", `The graph has a directed cycle ${[...cycle, cycle[0]].join(" -> ")}; causal analyses need an acyclic graph.`));
  }
}

export function edgeKey(e: GraphEdge): string {
  if (e.kind === "bidirected") {
    const [a, b] = e.from < e.to ? [e.from, e.to] : [e.to, e.from];
    return `${a}\u0000<->\u0000${b}`;
  }
  return `${e.from}\u0000->\u0000${e.to}`;
}

/** One directed cycle as a node list (first node not repeated), or undefined. */
export function directedCycle(g: CausalGraph): string[] | undefined {
  const n = g.size;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      if (k < g.ch[v].length) {
        top[1]++;
        const w = g.ch[v][k];
        if (state[w] === 0) {
          state[w] = 1;
          parent[w] = v;
          stack.push([w, 0]);
        } else if (state[w] === 1) {
          const cycle = [w];
          for (let u = v; u !== w; u = parent[u]) cycle.push(u);
          cycle.push(w);
          cycle.reverse();
          cycle.pop();
          return cycle.map((i) => g.nodeIds[i]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return undefined;
}
