/**
 * ConditionHandler: marks sites as observed with the given values (in one world, the factual one
 * by default). The default effect then fixes the value, adds log p(value | parents) to the row's
 * weight (likelihood weighting) and, when noise is recorded, abducts the noise given the value.
 *
 *     rt.run([seed(rng), condition({ tar: 2 })], () => runModel(rt, spec, n));
 */
import { FACTUAL } from "../model-spec";
import type { Handler, SiteMessage } from "../message";

export class ConditionHandler implements Handler {
  constructor(readonly data: Readonly<Record<string, number>>, readonly world: string = FACTUAL) {}
  process(msg: SiteMessage): void {
    if (msg.world !== this.world || !Object.hasOwn(this.data, msg.name)) return;
    if (msg.value !== undefined) {
      // Already fixed by an inner handler (an intervention): the evidence holds or it is impossible.
      if (msg.logWeight && msg.value.some((v) => v !== this.data[msg.name])) {
        const obs = this.data[msg.name];
        msg.value.forEach((v, i) => { if (v !== obs) msg.logWeight![i] = -Infinity; });
      }
      return;
    }
    msg.observed = this.data[msg.name];
  }
}

export const condition = (data: Readonly<Record<string, number>>, world?: string): ConditionHandler => new ConditionHandler(data, world);
