/** A discrete Bayesian network as read from (or written to) BIF: named states, one table per variable. */
import type { Diagnostic, SourceRange } from "../../errors/diagnostic";
import type { GraphData } from "../types";

export interface BifVariable {
  name: string;
  states: string[];
  properties: string[];
  /** The name in `variable NAME {` and the whole block. */
  range: SourceRange;
  declarationRange: SourceRange;
}

export interface BifTable {
  child: string;
  parents: string[];
  /**
   * P(child | parents): one row of `states(child)` entries per parent configuration, rows in mixed
   * radix over the parents in order, the first parent most significant (the last varies fastest).
   */
  values: Float64Array;
  range: SourceRange;
  /** Each parent name's range in the `probability ( … )` header. */
  parentRanges: SourceRange[];
}

export interface BifNetwork {
  name: string;
  properties: string[];
  /** Parents first; among variables whose parents are placed, the earliest in the file. */
  variables: BifVariable[];
  /** One per variable, in the variables' order. */
  tables: BifTable[];
}

export interface BifParse {
  /** Present when the file has no errors (warnings and info may remain). */
  network?: BifNetwork;
  /** The DAG as far as it could be read (also when there are errors), for the editor. */
  graph: GraphData;
  diagnostics: Diagnostic[];
}
