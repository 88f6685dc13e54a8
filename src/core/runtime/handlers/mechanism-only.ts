/**
 * MechanismOnlyHandler: sites are not sampled; each keeps only its distribution `fn` (the value
 * column is left NaN). Exact inference and the support probe use it to read conditional
 * distributions: a batch's rows are the parents' configurations.
 */
import type { Distribution } from "../../distributions/distribution";
import type { Handler, ParamValue, SiteEffect, SiteMessage } from "../message";
import type { VariableSpec } from "../model-spec";
import type { Runtime } from "../runtime";

const keepDistribution: SiteEffect = (msg) => {
  msg.value = new Float64Array(msg.n).fill(NaN);
};

export class MechanismOnlyHandler implements Handler {
  process(msg: SiteMessage): void {
    if (msg.type === "sample") msg.effect = keepDistribution;
  }
}

/** Each row's distribution of `variable` given its parents' columns, evaluated through the runtime. */
export function conditionalDistributions(rt: Runtime, variable: VariableSpec, parentValues: Float64Array[], n: number, params?: Readonly<Record<string, ParamValue>>): Distribution[] {
  const msg = rt.site(variable, "enumerate", n, parentValues, params);
  rt.run([new MechanismOnlyHandler()], () => rt.sample(msg));
  const fn = msg.fn;
  return Array.from({ length: n }, (_, i) => fn.at(i));
}
