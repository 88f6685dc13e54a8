// The public API of Causal Studio's core: named re-exports only.
export { CausalError, error, rangeFromOffsets, positionAt } from "./errors/diagnostic";
export type { Diagnostic, DiagnosticCode, Severity, SourcePosition, SourceRange, TextEdit } from "./errors/diagnostic";
export type { GraphData, GraphNode, GraphEdge, EdgeKind, NodeRole } from "./graph/types";

export { scm, isModel, ScmBuilder } from "./dsl/scm";
export type { Model, VariableInfo } from "./dsl/scm";
export { parentsFromSource, parseParents } from "./dsl/parse-parents";

export { Distribution } from "./distributions/distribution";
export type { NoiseKind, ParamSpec } from "./distributions/distribution";
export { bernoulli, Bernoulli } from "./distributions/bernoulli";
export { categorical, Categorical } from "./distributions/categorical";
export { normal, Normal } from "./distributions/normal";
export { logNormal, LogNormal } from "./distributions/log-normal";
export { uniform, Uniform } from "./distributions/uniform";
export { beta, Beta } from "./distributions/beta";
export { gamma, Gamma } from "./distributions/gamma";
export { poisson, Poisson } from "./distributions/poisson";
export { delta, Delta } from "./distributions/delta";
export { sigmoid } from "./distributions/sigmoid";
// The Gumbel-max SCM of a categorical (Oberst & Sontag 2019): sampling, abduction, counterfactuals.
export { gumbelMaxSample, perturbedArgmax, posteriorGumbels, counterfactualCategorical } from "./distributions/gumbel-max";
export { counterfactualCategoricalExact } from "./distributions/gumbel-max-exact";

export { createRng } from "./random/rng";
export type { Rng } from "./random/rng";
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
