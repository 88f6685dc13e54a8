/**
 * ScoreHandler: likelihood weighting. For every observed sample site it computes log p(value |
 * parents) per row (msg.logProb, reusing one an effect already computed) and adds it to the
 * batch's log weights (msg.logWeight). An observed site whose value an intervention fixed scores
 * 0 where the two agree and -Infinity where they do not (that evidence is impossible).
 * The weighted rows estimate E[f | evidence] self-normalised (Koller & Friedman 2009, §12.2).
 *
 *     rt.run([seed(rng), score(), condition({ tar: 2 })], () => runModel(rt, spec, n));
 */
import type { Handler, SiteMessage } from "../message";
import { observedColumn } from "../message";

export class ScoreHandler implements Handler {
  postprocess(msg: SiteMessage): void {
    if (msg.type !== "sample" || msg.observed === undefined) return;
    const value = msg.value!, n = msg.n;
    let lp = msg.logProb;
    if (!lp) {
      lp = new Float64Array(n);
      if (msg.intervened) {
        const obs = observedColumn(msg)!;
        for (let i = 0; i < n; i++) lp[i] = value[i] === obs[i] ? 0 : -Infinity;
      } else {
        msg.fn.logProb(value, lp);
      }
      msg.logProb = lp;
    }
    const w = msg.logWeight;
    if (w) for (let i = 0; i < n; i++) w[i] += lp[i];
  }
}

export const score = (): ScoreHandler => new ScoreHandler();
