/**
 * The plain description of a model the runtime executes: variables in causal order, each with
 * its declared parents and its mechanism. The DSL builds it; inference only reads it.
 */
import type { SourceRange } from "../errors/diagnostic";
import type { Distribution } from "../distributions/distribution";

export type Mechanism = (parents: Record<string, number>) => Distribution<number>;

export interface VariableSpec {
  name: string;
  latent: boolean;
  parents: readonly string[];
  mechanism: Mechanism;
  /** Where the variable was declared (the builder call), when the call site could be read. */
  range?: SourceRange;
}

export interface ModelSpec {
  name: string;
  variables: readonly VariableSpec[];
}

/** The factual world's name in multi-world (counterfactual) runs. */
export const FACTUAL = "factual";
