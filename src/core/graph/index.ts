/**
 * Graph analysis for causal DAGs and ADMGs: the immutable CausalGraph, d-separation and implied
 * independencies, adjustment sets, front-door sets, instruments, the ID algorithm, paths, and
 * DAGitty / Graphviz / Mermaid interop. Pure functions; nothing here changes a graph.
 */
export type { EdgeKind, GraphData, GraphEdge, GraphNode, NodeRole } from "./types";
export { CausalGraph } from "./causal-graph";
export { findCycle } from "./find-cycle";
export { dSeparated } from "./analyze/d-separated";
export { firstImpliedIndependencies, impliedIndependencies, orderedPairs, type Independence } from "./analyze/implied-independencies";
export { localMarkovBasis, type SetIndependence } from "./analyze/local-markov-basis";
export { allMinimalSeparations } from "./analyze/all-minimal-separations";
export { IMPLICATION_KINDS, implications, implicationStream, selectionNodes, type ImplicationKind, type ImplicationList } from "./analyze/implications";
export { countEquivalentDags, equivalentDags, markovEquivalenceClass, type EquivalenceClass } from "./analyze/equivalence";
export { adjustmentSetStream, allAdjustmentSetStream, allAdjustmentSetsIdx, checkAdjustmentSet, forcedAdjustment, minimalAdjustmentSets, type AdjustmentCheck } from "./analyze/adjustment-sets";
export { frontdoorSets } from "./analyze/frontdoor";
export { instruments, type Instrument } from "./analyze/instruments";
export { paths, type GraphPath } from "./analyze/paths";
export { identify, type Identification } from "./identify/identify";
export { latentProjection } from "./transform/latent-projection";
export { parseDagitty } from "./dagitty/parse-dagitty";
export { printDagitty } from "./dagitty/print-dagitty";
export { dagittyEdgeEdits, type EdgeChange } from "./dagitty/edge-edits";
export { parseBif, type BifNetwork, type BifParse, type BifTable, type BifVariable } from "./bif/parse-bif";
export { printBif } from "./bif/print-bif";
export { toDot } from "./export/to-dot";
export { toMermaid } from "./export/to-mermaid";
export { parseLavaan, type LavaanParse } from "./lavaan/parse-lavaan";
export { toLavaan } from "./export/to-lavaan";
export { toBnlearn } from "./export/to-bnlearn";
export { canonicalAdjustmentSet, directEffectSets } from "./analyze/direct-effect";
export { markovBlanket } from "./analyze/markov-blanket";
