/**
 * DTO -> ELK JSON -> positions. Pure functions only: running ELK (in a worker) lives in elk-runner.ts.
 * Layout options are tuned, not ELK's defaults: thoroughness 1, SIMPLE node placement and polyline routing
 * (measured with elkjs 0.12 on random DAGs of ~1.5 edges per node, median of 5: 126 -> 24 ms at 50 nodes,
 * 1,839 -> 496 ms at 1,000; the defaults miss DESIGN.md's 50 ms and 1 s targets; details in the project's
 * shared notes, shared/notes/layout-and-extraction.md), plus no greedy-switch pass (bench/webview.ts).
 * Stability: when a graph changes, the previous positions are fed back in as ELK position hints with
 * semi-interactive crossing minimisation (model order costs seconds at 1,000 nodes, so it is off), so nodes that keep their edges keep their order.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { GraphEdgeDto, GraphUpdate, LayoutDirection } from "../src/protocol/messages";

export interface Point { x: number; y: number }
export interface PlacedNode { id: string; x: number; y: number; width: number; height: number }
export interface PlacedEdge { from: string; to: string; kind: GraphEdgeDto["kind"]; points: Point[] }
export interface Layout { nodes: Map<string, PlacedNode>; edges: PlacedEdge[]; width: number; height: number }

export const NODE_HEIGHT = 30;
const CHAR_WIDTH = 7.4;
const PADDING = 24;

/** The node width for a label: measured text width when given, else an estimate from its length. */
export function nodeWidth(label: string, measure?: (text: string) => number): number {
  const text = measure ? measure(label) : label.length * CHAR_WIDTH;
  return Math.max(44, Math.ceil(text + PADDING));
}

/** A key that changes exactly when a re-layout is needed: node ids, latency and edges (not text or roles). */
export function structureKey(graph: Pick<GraphUpdate, "nodes" | "edges" | "direction">): string {
  const nodes = graph.nodes.map((n) => `${n.id}${n.latent ? "~" : ""}`).join("\u0001");
  const edges = graph.edges.map((e) => `${e.from}\u0002${e.to}\u0002${e.kind}`).sort().join("\u0001");
  return `${graph.direction}\u0003${nodes}\u0003${edges}`;
}

/**
 * Above this many nodes the layout trades crossing reduction for speed: longest-path layering and
 * no crossing minimisation (nodes keep their source order, or their previous order, within a layer).
 * Measured on a 1,000-node DAG in Node: ~800 ms with crossing minimisation, ~410 ms without.
 */
export const LARGE_GRAPH_NODES = 400;

export function layoutOptions(direction: LayoutDirection, interactive: boolean, nodeCount = 0): Record<string, string> {
  const large = nodeCount > LARGE_GRAPH_NODES;
  return {
    "elk.algorithm": "layered",
    "elk.direction": direction,
    "elk.layered.thoroughness": "1",
    "elk.layered.nodePlacement.strategy": "SIMPLE",
    "elk.edgeRouting": "POLYLINE",
    // The greedy-switch crossing post-pass roughly doubles layout time at 50 nodes for few saved crossings.
    "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
    "elk.spacing.nodeNode": "28",
    "elk.layered.spacing.nodeNodeBetweenLayers": "44",
    ...(interactive && !large ? { "elk.layered.crossingMinimization.semiInteractive": "true" } : {}),
    ...(large ? { "elk.layered.layering.strategy": "LONGEST_PATH", "elk.layered.crossingMinimization.strategy": "NONE" } : {}),
  };
}

/**
 * Builds the ELK graph. Bidirected edges do not constrain layering (they are drawn as curves between
 * the placed nodes), so only directed edges go to ELK. Nodes keep their previous order (by previous
 * position along the layer axis) so that an edit elsewhere does not reshuffle them.
 */
export function toElkGraph(
  graph: Pick<GraphUpdate, "nodes" | "edges" | "direction">,
  previous: Map<string, PlacedNode> | undefined,
  measure?: (text: string) => number,
): ElkNode {
  const along = graph.direction === "DOWN" ? "x" : "y";
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const order = [...graph.nodes].sort((a, b) => {
    const pa = previous?.get(a.id);
    const pb = previous?.get(b.id);
    if (pa && pb) return pa[along] - pb[along];
    return (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0);
  });
  const interactive = previous !== undefined && graph.nodes.some((n) => previous.has(n.id));
  const children: ElkNode[] = order.map((n) => {
    const p = previous?.get(n.id);
    return { id: n.id, width: nodeWidth(n.id, measure), height: NODE_HEIGHT, ...(p ? { x: p.x, y: p.y } : {}) };
  });
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = [];
  graph.edges.forEach((e, i) => {
    if (e.kind !== "directed" || !ids.has(e.from) || !ids.has(e.to) || e.from === e.to) return;
    edges.push({ id: `e${i}`, sources: [e.from], targets: [e.to] });
  });
  return { id: "root", layoutOptions: layoutOptions(graph.direction, interactive, graph.nodes.length), children, edges };
}

/** Reads ELK's answer back into positions and edge polylines (bidirected edges get their two end nodes' centres). */
export function readLayout(graph: Pick<GraphUpdate, "edges">, laid: ElkNode): Layout {
  const nodes = new Map<string, PlacedNode>();
  for (const c of laid.children ?? []) {
    nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? NODE_HEIGHT });
  }
  const routed = new Map<string, Point[]>();
  for (const e of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const s = e.sections?.[0];
    if (s) routed.set(e.id, [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })));
  }
  const edges: PlacedEdge[] = [];
  graph.edges.forEach((e, i) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) return;
    const points = routed.get(`e${i}`) ?? [centre(a), centre(b)];
    edges.push({ from: e.from, to: e.to, kind: e.kind, points });
  });
  return { nodes, edges, width: laid.width ?? 0, height: laid.height ?? 0 };
}

export function centre(n: PlacedNode): Point {
  return { x: n.x + n.width / 2, y: n.y + n.height / 2 };
}

/** Re-pairs an existing layout with a graph of the same structure (text-only edits skip ELK entirely). */
export function reuseLayout(graph: Pick<GraphUpdate, "edges">, previous: Layout): Layout {
  const byKey = new Map(previous.edges.map((e) => [`${e.from}\u0002${e.to}\u0002${e.kind}`, e.points]));
  const edges = graph.edges.flatMap((e) => {
    const points = byKey.get(`${e.from}\u0002${e.to}\u0002${e.kind}`);
    return points ? [{ ...e, points }] : [];
  });
  return { ...previous, edges };
}
