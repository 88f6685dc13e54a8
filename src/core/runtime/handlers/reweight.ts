/**
 * ReweightHandler: importance weights. For each named site, a function of the site's value column
 * gives a per-row log weight that is added to the batch's log weights: draws from the model's
 * distribution p then estimate expectations under q when the function is log q(x) - log p(x)
 * (importance sampling; e.g. shifting a cause's distribution to test a mechanism off its
 * training distribution, Shimodaira 2000).
 *
 *     rt.run([seed(rng), reweight({ x: (xs, out) => xs.forEach((v, i) => (out[i] = 0.5 * v)) })], run);
 */
import type { Handler, SiteMessage } from "../message";

export type LogWeightFn = (value: Float64Array, out: Float64Array) => void;

export class ReweightHandler implements Handler {
  constructor(readonly weights: Readonly<Record<string, LogWeightFn>>, readonly world?: string) {}
  postprocess(msg: SiteMessage): void {
    if (msg.type !== "sample" || !Object.hasOwn(this.weights, msg.name)) return;
    if (this.world !== undefined && msg.world !== this.world) return;
    const w = msg.logWeight;
    if (!w) return;
    const out = new Float64Array(msg.n);
    this.weights[msg.name](msg.value!, out);
    for (let i = 0; i < msg.n; i++) w[i] += out[i];
  }
}

export const reweight = (weights: Readonly<Record<string, LogWeightFn>>, world?: string): ReweightHandler => new ReweightHandler(weights, world);
