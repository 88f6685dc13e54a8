/**
 * Random DAGs for tests and benchmarks of large graphs: n nodes v0 … v(n-1) in a random topological
 * order, each ordered pair joined with probability degree / (n - 1) (expected degree `degree`), from a
 * fixed seed. As data, or as DAGitty text the CLI reads.
 */
import { createRng } from "../../src/core/random/rng";
import type { GraphData, GraphEdge } from "../../src/core/graph/types";

export function randomDag(n: number, seed: number, degree = 3): GraphData {
  const r = createRng(seed);
  const ids = Array.from({ length: n }, (_, i) => `v${i}`);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const p = n > 1 ? degree / (n - 1) : 0;
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (r.next() < p) edges.push({ from: ids[i], to: ids[j], kind: "directed" });
  return { nodes: ids.map((id) => ({ id })), edges };
}

/** The graph as a `dag { … }` file: every node on a line of its own, then one line per edge. */
export function dagittyText(g: GraphData): string {
  return `dag {\n${g.nodes.map((v) => `  ${v.id}\n`).join("")}${g.edges.map((e) => `  ${e.from} ${e.kind === "directed" ? "->" : "<->"} ${e.to}\n`).join("")}}\n`;
}
