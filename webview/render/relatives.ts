/**
 * A node's ancestors (nodes with a directed path to it) and descendants (nodes it has a directed path
 * to), read from an update's directed edges: the DAG panel tints them when one node is selected and the
 * hover lists them, as DAGitty does. The index is built once per update; each question is a
 * breadth-first search with an explicit queue (no recursion, so a long chain cannot overflow the stack),
 * linear in the graph. Names come back in the update's node order, the node itself never among them.
 */
import type { GraphUpdate } from "../../src/protocol/messages";

export interface Relatives {
  ancestors(id: string): string[];
  descendants(id: string): string[];
}

export function relatives(graph: Pick<GraphUpdate, "nodes" | "edges">): Relatives {
  const ids = graph.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const parents: number[][] = ids.map(() => []);
  const children: number[][] = ids.map(() => []);
  for (const e of graph.edges) {
    const from = index.get(e.from), to = index.get(e.to);
    if (e.kind !== "directed" || from === undefined || to === undefined) continue;
    children[from].push(to);
    parents[to].push(from);
  }
  const reached = (id: string, next: number[][]): string[] => {
    const start = index.get(id);
    if (start === undefined) return [];
    const seen = new Uint8Array(ids.length);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const w of next[queue[i]]) {
        if (!seen[w]) { seen[w] = 1; queue.push(w); }
      }
    }
    seen[start] = 0; // on a cycle the node reaches itself; it is not its own relative
    return ids.filter((_, i) => seen[i]);
  };
  return { ancestors: (id) => reached(id, parents), descendants: (id) => reached(id, children) };
}
