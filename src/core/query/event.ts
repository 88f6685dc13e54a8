/** Events: a partial assignment `{ cancer: 1 }` or a predicate over the variables' values. */
import { CausalError, error } from "../errors/diagnostic";
import type { Target } from "../infer/estimate";
import type { ModelSpec } from "../runtime/model-spec";
import { checkAssignment, checkVariable } from "./check-names";
import { worldView, type ReaderSlot } from "./views";

export type Values = Record<string, number>;
/** Values for some of the variables: keys are checked against the model, values are numbers. */
export type Assignment<V> = { [K in keyof V]?: number };
export type Event<V extends Values> = Assignment<V> | ((values: V) => boolean);
export type MeanTarget<V extends Values> = (keyof V & string) | ((values: V) => number);

/** The indicator of an event in one world, as a target. */
export function eventTarget<V extends Values>(spec: ModelSpec, event: Event<V>, world: string): Target {
  if (typeof event === "function") {
    const slot: ReaderSlot = { read: () => NaN };
    const view = worldView(spec, world, slot) as V;
    return (read) => { slot.read = read; return event(view) ? 1 : 0; };
  }
  const entries = Object.entries(checkAssignment(spec, event as Record<string, unknown>, "prob()"));
  return (read) => { for (const [k, x] of entries) if (read(world, k) !== x) return 0; return 1; };
}

export function meanTarget<V extends Values>(spec: ModelSpec, target: MeanTarget<V>, world: string): Target {
  if (typeof target === "function") {
    const slot: ReaderSlot = { read: () => NaN };
    const view = worldView(spec, world, slot) as V;
    return (read) => { slot.read = read; return checkNumber(target(view)); };
  }
  checkVariable(spec, target, "mean()");
  return (read) => read(world, target);
}

export function checkNumber(x: unknown): number {
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x !== "number") throw new CausalError(error("invalid-argument", `a mean() target must return a number, got ${typeof x}`));
  return x;
}
