/**
 * Plain data for a causal graph (a DAG, or an ADMG when bidirected edges are present).
 * This is the shape that static extraction, the DAGitty parser and the graph analyses share.
 * The immutable CausalGraph class (causal-graph.ts) wraps it with adjacency indexes.
 */
import type { SourceRange } from "../errors/diagnostic";

export type NodeRole = "exposure" | "outcome" | "adjusted" | "latent" | "selected";

export interface GraphNode {
  id: string;
  /** Latent (unobserved) variable: drawn distinctly, never in an adjustment set. */
  latent?: boolean;
  roles?: NodeRole[];
  /** Layout hint carried by DAGitty's `pos="x,y"`. */
  position?: { x: number; y: number };
  /** Free attributes from DAGitty (`label`, ...). */
  attributes?: Record<string, string>;
  /** Where the node is declared (the name's range) and the whole declaration. */
  range?: SourceRange;
  declarationRange?: SourceRange;
  /** A short description of the mechanism, e.g. `bernoulli(0.8 | 0.2)` (hover text). */
  mechanism?: string;
}

export type EdgeKind = "directed" | "bidirected";

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Where the edge comes from in the source (the parent's name in the destructuring). */
  range?: SourceRange;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
