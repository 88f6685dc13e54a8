/**
 * The plain description of a model the runtime executes: learnable parameters, then variables in
 * causal order, each with its declared parents and its mechanism. The DSL builds it; inference
 * only reads it.
 */
import type { SourceRange } from "../errors/diagnostic";
import type { Distribution } from "../distributions/distribution";
import type { BatchDistribution } from "../distributions/batch-distribution";
import type { Constraint } from "../distributions/constraints";
import type { ParamValue } from "./message";

/** Row by row: the parents' values of one row (and the params) to that row's distribution. */
export type Mechanism = (parents: Record<string, number>, params: Readonly<Record<string, ParamValue>>) => Distribution<number>;
/** Vectorized: the parents' columns of a whole batch to the batch's distribution. */
export type VectorizedMechanism = (parents: Record<string, Float64Array>, params: Readonly<Record<string, ParamValue>>) => BatchDistribution | Distribution<number>;

export interface VariableSpec {
  name: string;
  latent: boolean;
  parents: readonly string[];
  /** Row by row; when `vectorized` is set it is a VectorizedMechanism stored under this type. */
  mechanism: Mechanism;
  /** True when the mechanism takes parent columns and returns a batch distribution. */
  vectorized?: boolean;
  /** Where the variable was declared (the builder call), when the call site could be read. */
  range?: SourceRange;
}

export interface ParamDecl {
  name: string;
  init: ParamValue;
  /** Where the value must lie (default: any finite number); optimisers work in its unconstrained space. */
  constraint?: Constraint;
  range?: SourceRange;
}

export interface ModelSpec {
  name: string;
  variables: readonly VariableSpec[];
  /** Learnable parameters every mechanism can read from its second argument. */
  params?: readonly ParamDecl[];
}

/** The factual world's name in multi-world (counterfactual) runs. */
export const FACTUAL = "factual";
