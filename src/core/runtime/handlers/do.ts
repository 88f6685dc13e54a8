/**
 * DoHandler: the intervention do(X = x). Every site named in `values` (in the given world, or in
 * all worlds) gets the constant column x and its mechanism is never called: the edges into X are
 * cut (the mutilated graph / single-world intervention graph of Richardson & Robins 2013).
 *
 *     rt.run([seed(rng), doIntervention({ smoking: 0 })], () => runModel(rt, spec, n));
 */
import { constantColumn, type Handler, type SiteMessage } from "../message";

export class DoHandler implements Handler {
  constructor(readonly values: Readonly<Record<string, number>>, readonly world?: string) {}
  process(msg: SiteMessage): void {
    if (msg.type !== "sample") return;
    if (this.world !== undefined && msg.world !== this.world) return;
    if (!Object.hasOwn(this.values, msg.name)) return;
    msg.value = constantColumn(msg.n, this.values[msg.name]);
    msg.intervened = true;
  }
}

export const doIntervention = (values: Readonly<Record<string, number>>, world?: string): DoHandler => new DoHandler(values, world);
