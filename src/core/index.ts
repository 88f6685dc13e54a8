// The public API of Causal Studio's core: named re-exports only.
export { CausalError, error, rangeFromOffsets, positionAt } from "./diagnostics/diagnostic";
export type { Diagnostic, DiagnosticCode, Severity, SourcePosition, SourceRange, TextEdit } from "./diagnostics/diagnostic";
export type { GraphData, GraphNode, GraphEdge, EdgeKind, NodeRole } from "./graph/types";

export { scm, isModel, ScmBuilder } from "./dsl/scm";
export type { Model, VariableInfo } from "./dsl/scm";
export { parentsFromSource, parseParents } from "./dsl/parse-parents";

export { Distribution } from "./dist/distribution";
export type { NoiseKind, ParamSpec } from "./dist/distribution";
export { bernoulli, Bernoulli } from "./dist/bernoulli";
export { categorical, Categorical } from "./dist/categorical";
export { normal, Normal } from "./dist/normal";
export { logNormal, LogNormal } from "./dist/log-normal";
export { uniform, Uniform } from "./dist/uniform";
export { beta, Beta } from "./dist/beta";
export { gamma, Gamma } from "./dist/gamma";
export { poisson, Poisson } from "./dist/poisson";
export { delta, Delta } from "./dist/delta";
export { sigmoid } from "./dist/sigmoid";

export { createRng } from "./runtime/rng";
export type { Rng } from "./runtime/rng";
export { Runtime } from "./runtime/runtime";
export { runModel } from "./runtime/run-model";
export { FACTUAL } from "./runtime/model-spec";
export type { ModelSpec, VariableSpec, Mechanism } from "./runtime/model-spec";
export type { Handler, SiteMessage } from "./runtime/message";
export { SeedHandler, seed } from "./runtime/handlers/seed";
export { TraceHandler, trace } from "./runtime/handlers/trace";
export { ConditionHandler, condition } from "./runtime/handlers/condition";
export { DoHandler, doIntervention } from "./runtime/handlers/do";
export { ReplayHandler, replay } from "./runtime/handlers/replay";
export { BlockHandler, block } from "./runtime/handlers/block";
export { MultiWorldHandler } from "./runtime/handlers/multi-world";

export type { Estimate } from "./infer/estimate";
export { Query } from "./query/query";
export type { AteSpec } from "./query/query";
export { WorldsQuery, CounterfactualQuery } from "./query/counterfactual";
export type { CounterfactualSpec, WorldValues } from "./query/counterfactual";
export type { Assignment, Event, MeanTarget } from "./query/event";
export type { QueryOptions, Method } from "./query/options";

// Graph analysis (pure; works on GraphData from m.graph(), static extraction or parseDagitty).
export {
  CausalGraph, findCycle, dSeparated, impliedIndependencies, minimalAdjustmentSets, checkAdjustmentSet,
  frontdoorSets, instruments, identify, paths, latentProjection,
  parseDagitty, printDagitty, toDot, toMermaid, dagittyEdgeEdits,
} from "./graph/index";
export type { Independence, AdjustmentCheck, Instrument, GraphPath, Identification, EdgeChange } from "./graph/index";
