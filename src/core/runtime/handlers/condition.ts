/**
 * ConditionHandler: marks sites as observed with the given values (in one world, the factual one
 * by default): a number for every row, or a whole data column. It only says what was seen; what
 * follows from it is other handlers' work: the site's effect fixes the value to the observation,
 * `score` adds log p(value | parents) to each row's weight (likelihood weighting), and the noise
 * handler abducts the noise given the value (counterfactuals).
 *
 *     rt.run([seed(rng), score(), condition({ tar: 2 })], () => runModel(rt, spec, n));
 */
import { FACTUAL } from "../model-spec";
import type { Handler, SiteMessage } from "../message";

export class ConditionHandler implements Handler {
  constructor(readonly data: Readonly<Record<string, number | Float64Array>>, readonly world: string = FACTUAL) {}
  process(msg: SiteMessage): void {
    if (msg.type !== "sample" || msg.world !== this.world || !Object.hasOwn(this.data, msg.name)) return;
    msg.observed = this.data[msg.name];
  }
}

export const condition = (data: Readonly<Record<string, number | Float64Array>>, world?: string): ConditionHandler => new ConditionHandler(data, world);
