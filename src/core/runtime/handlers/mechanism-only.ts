/**
 * MechanismOnlyHandler: sites are not sampled; each keeps only its distribution `fn` (the value
 * column is left empty). Exact inference and the support probe use it to read conditional
 * distributions: a batch's rows are the parents' configurations.
 *
 *     const [p0, p1] = conditionalDistributions(rt, spec.variables[1], [Float64Array.of(0, 1)], 2);   // P(b | a = 0), P(b | a = 1)
 */
import type { Distribution } from "../../distributions/distribution";
import type { Handler, ParamValue, SiteEffect, SiteMessage } from "../message";
import type { VariableSpec } from "../model-spec";
import type { Runtime } from "../runtime";

const NOT_SAMPLED = new Float64Array(0);
/** The value stays an empty column: nothing was sampled, only `fn` is read. */
const keepDistribution: SiteEffect = (msg) => {
  msg.value = NOT_SAMPLED;
};

export class MechanismOnlyHandler implements Handler {
  process(msg: SiteMessage): void {
    if (msg.type === "sample") msg.effect = keepDistribution;
  }
}

const MECHANISM_ONLY: readonly Handler[] = [new MechanismOnlyHandler()];

/** Each row's distribution of `variable` given its parents' columns, evaluated through the runtime. */
export function conditionalDistributions(rt: Runtime, variable: VariableSpec, parentValues: Float64Array[], n: number, params?: Readonly<Record<string, ParamValue>>): Distribution[] {
  const msg = rt.site(variable, "enumerate", n, parentValues, params);
  rt.run(MECHANISM_ONLY, () => rt.sample(msg));
  const fn = msg.fn;
  return Array.from({ length: n }, (_, i) => fn.at(i));
}
