/** Cycle detection on plain graph data: the cycle as a node list, e.g. ["a", "b", "c"] for a -> b -> c -> a. */
import { CausalGraph, directedCycle } from "./causal-graph";
import type { GraphData } from "./types";

export function findCycle(data: GraphData): string[] | undefined {
  const directed: GraphData = { nodes: data.nodes, edges: data.edges.filter((e) => e.kind === "directed") };
  return directedCycle(CausalGraph.from(directed));
}
