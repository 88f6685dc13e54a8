/**
 * All simple paths between two nodes (edges followed in either direction), each with its
 * open/blocked status given a conditioning set: a collider is open iff it is in An(given), any
 * other inner node is open iff it is not conditioned on. A bidirected edge and a directed edge
 * between the same pair are different paths. The number of paths grows exponentially, so the
 * listing stops at `limit` (default 10,000).
 */
import type { CausalGraph } from "../causal-graph";
import type { GraphEdge } from "../types";
import { ancestorMark, markOf } from "./d-separation";

export interface GraphPath {
  nodes: string[];
  edges: GraphEdge[];
  open: boolean;
}

interface Step {
  to: number;
  edge: GraphEdge;
  /** Arrowhead at the node we leave / at the node we enter. */
  headAtFrom: boolean;
  headAtTo: boolean;
}

export function paths(g: CausalGraph, from: string, to: string, given: string[], options: { limit?: number } = {}): GraphPath[] {
  const s = g.indexOf(from);
  const t = g.indexOf(to);
  const z = markOf(g.size, g.indicesOf(given));
  const anZ = ancestorMark(g, z);
  const limit = options.limit ?? 10_000;
  const index = new Map(g.nodeIds.map((id, i) => [id, i]));
  const steps: Step[][] = Array.from({ length: g.size }, () => []);
  for (const e of g.edges) {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    const bi = e.kind === "bidirected";
    steps[a].push({ to: b, edge: e, headAtFrom: bi, headAtTo: true });
    if (a !== b) steps[b].push({ to: a, edge: e, headAtFrom: true, headAtTo: bi });
  }
  const out: GraphPath[] = [];
  if (s === t) return [{ nodes: [from], edges: [], open: !z[s] }];
  const onPath = new Uint8Array(g.size);
  const nodeStack = [s];
  const edgeStack: Step[] = [];
  onPath[s] = 1;
  const isOpen = (): boolean => {
    for (let i = 1; i < nodeStack.length - 1; i++) {
      const v = nodeStack[i];
      const collider = edgeStack[i - 1].headAtTo && edgeStack[i].headAtFrom;
      if (collider ? !anZ[v] : z[v]) return false;
    }
    return true;
  };
  const dfs = (v: number): void => {
    for (const step of steps[v]) {
      if (out.length >= limit) return;
      if (onPath[step.to]) continue;
      nodeStack.push(step.to);
      edgeStack.push(step);
      if (step.to === t) {
        out.push({ nodes: nodeStack.map((i) => g.nodeIds[i]), edges: edgeStack.map((st) => st.edge), open: isOpen() });
      } else {
        onPath[step.to] = 1;
        dfs(step.to);
        onPath[step.to] = 0;
      }
      nodeStack.pop();
      edgeStack.pop();
    }
  };
  dfs(s);
  return out;
}
