/**
 * Runs a model for one batch of n rows through the runtime: its param sites first (their values
 * are every mechanism's second argument), then the variables in causal order, and in each
 * variable every world (factual first), so a multi-world handler sees the factual site (and its
 * noise) before the counterfactual copies.
 */
import type { ParamValue } from "./message";
import { FACTUAL, type ModelSpec } from "./model-spec";
import { makeParamArgs } from "./parent-args";
import type { Runtime } from "./runtime";
import { nameRecord } from "./name-record";

export type WorldColumns = Record<string, Record<string, Float64Array>>;

export interface BatchResult {
  worlds: WorldColumns;
  logWeight: Float64Array;
  params: Readonly<Record<string, ParamValue>>;
}

/** The model's param sites through the stack: their values, and the guarded object mechanisms receive. */
export function runParams(rt: Runtime, spec: ModelSpec): { values: Record<string, ParamValue>; params: Readonly<Record<string, ParamValue>> } {
  const values: Record<string, ParamValue> = nameRecord();
  for (const p of spec.params ?? []) values[p.name] = rt.param(p.name, p.init);
  return { values, params: makeParamArgs(values, spec) };
}

export function runModel(rt: Runtime, spec: ModelSpec, n: number, worlds: readonly string[] = [FACTUAL]): BatchResult {
  const logWeight = new Float64Array(n);
  const { values, params } = runParams(rt, spec);
  const out: WorldColumns = nameRecord();
  for (const w of worlds) out[w] = nameRecord();
  for (const v of spec.variables) {
    for (const w of worlds) {
      const env = out[w];
      const msg = rt.site(v, w, n, v.parents.map((p) => env[p]), params);
      msg.logWeight = logWeight;
      env[v.name] = rt.sample(msg);
    }
  }
  return { worlds: out, logWeight, params: values };
}
