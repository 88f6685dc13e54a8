/**
 * SubstituteHandler: gives param sites their values from a parameter store (numpyro's
 * `substitute`), so the same model runs with its declared initial values, with fitted values, or
 * with a candidate an optimiser proposes. Params the store does not hold keep their initial value.
 *
 *     const store = new ParamStore({ slope: 2.1 });
 *     rt.run([seed(rng), substitute(store)], () => runModel(rt, spec, n));
 */
import type { Handler, SiteMessage } from "../message";
import type { ParamStore } from "../param-store";

export class SubstituteHandler implements Handler {
  constructor(readonly store: ParamStore) {}
  process(msg: SiteMessage): void {
    if (msg.type !== "param" || msg.value !== undefined) return;
    const v = this.store.get(msg.name);
    if (v !== undefined) msg.value = v;
  }
}

export const substitute = (store: ParamStore): SubstituteHandler => new SubstituteHandler(store);
