/**
 * A query as plain data: what `causal-studio query` parses its flags into, what the editor's
 * query panel builds from clicks, and what crosses the process boundary to the model runner.
 * No functions and no model here, so a spec can be printed, compared, sent and validated.
 */
import type { Method } from "./options";
import type { Threshold } from "./threshold";

/** Values keyed by variable name (booleans are 0/1). */
export type ValueAssignment = Record<string, number>;

/** One conjunct of a joint counterfactual event: `world.variable = value`. */
export interface WorldCondition {
  world: string;
  variable: string;
  value: number;
}

/**
 * `single`: the target's distribution (or P(target = value), or P(target > c) with `threshold`)
 * under do + given; with `counterfactual`, `given` is the factual evidence and `do` the
 * counterfactual action. `value` and `threshold` are exclusive.
 */
export interface SingleQuerySpec {
  kind: "single";
  counterfactual: boolean;
  do: ValueAssignment;
  given: ValueAssignment;
  target: string;
  value?: number;
  threshold?: Threshold;
}

/** Named worlds sharing exogenous noise: an event's probability or a mean over them. */
export interface JointQuerySpec {
  kind: "joint";
  worlds: Record<string, ValueAssignment>;
  given: ValueAssignment;
  event?: WorldCondition[];
  mean?: { world: string; variable: string } | { difference: [string, string]; variable: string };
  shortcut?: "pns" | "harm" | "ett";
}

export type QuerySpec = SingleQuerySpec | JointQuerySpec;

/** How to compute: a seed (the answer is a function of it), the sample budget and the method. */
export interface QueryRunOptions {
  seed: number;
  samples?: number;
  method?: Method;
}

/** Every variable name a spec mentions (for a "no such variable" check before running). */
export function referencedNames(spec: QuerySpec): string[] {
  if (spec.kind === "single") return [...new Set([...Object.keys(spec.do), ...Object.keys(spec.given), spec.target])];
  const out = new Set(Object.keys(spec.given));
  for (const a of Object.values(spec.worlds)) for (const k of Object.keys(a)) out.add(k);
  for (const c of spec.event ?? []) out.add(c.variable);
  if (spec.mean) out.add(spec.mean.variable);
  return [...out];
}
