/**
 * Runs a model for one batch of n rows through the runtime: variables in causal order, and in
 * each variable every world (factual first), so a multi-world handler sees the factual site
 * (and its noise) before the counterfactual copies.
 */
import { newMessage } from "./message";
import { FACTUAL, type ModelSpec } from "./model-spec";
import type { Runtime } from "./runtime";

export type WorldColumns = Record<string, Record<string, Float64Array>>;

export interface BatchResult {
  worlds: WorldColumns;
  logWeight: Float64Array;
}

export function runModel(rt: Runtime, spec: ModelSpec, n: number, worlds: readonly string[] = [FACTUAL]): BatchResult {
  const logWeight = new Float64Array(n);
  const out: WorldColumns = {};
  for (const w of worlds) out[w] = {};
  for (const v of spec.variables) {
    for (const w of worlds) {
      const env = out[w];
      const msg = newMessage(v, w, n, v.parents.map((p) => env[p]));
      msg.logWeight = logWeight;
      env[v.name] = rt.sample(msg);
    }
  }
  return { worlds: out, logWeight };
}
