/**
 * ParamStore: the values of a model's learnable parameters, held explicitly (no module global, as
 * Pyro's param store is): the substitute handler reads it, fitting and training write it, and it
 * can be saved beside the model. Values are numbers or Float64Array vectors; names are the
 * model's `.param(...)` declarations.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { ParamValue } from "./message";
import { nameRecord } from "./name-record";

export class ParamStore {
  private readonly values = new Map<string, ParamValue>();

  constructor(initial: Readonly<Record<string, ParamValue>> = {}) {
    for (const [k, v] of Object.entries(initial)) this.set(k, v);
  }

  get(name: string): ParamValue | undefined {
    return this.values.get(name);
  }

  set(name: string, value: ParamValue): void {
    const bad = typeof value === "number" ? !Number.isFinite(value) : !(value instanceof Float64Array) || value.some((x) => !Number.isFinite(x));
    if (bad) throw new CausalError(error("invalid-parameter", `param "${name}" must be a finite number or a Float64Array of finite numbers`));
    this.values.set(name, typeof value === "number" ? value : Float64Array.from(value));
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /**
   * A store from parsed JSON (what toJSON wrote): an object of numbers and arrays of numbers.
   * `source` names the file in messages.
   */
  static fromJSON(json: unknown, source = "the parameters"): ParamStore {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new CausalError(error("invalid-argument", `${source}: expected an object of parameter values ({ "name": number or [numbers] }), got ${Array.isArray(json) ? "an array" : String(json)}`));
    }
    const store = new ParamStore();
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
      if (typeof v === "number") store.set(k, v);
      else if (Array.isArray(v) && v.every((x) => typeof x === "number")) store.set(k, Float64Array.from(v as number[]));
      else throw new CausalError(error("invalid-argument", `${source}: param "${k}" must be a number or an array of numbers, got ${JSON.stringify(v)}`));
    }
    return store;
  }

  /** A plain copy (vectors as arrays), e.g. to save as JSON. */
  toJSON(): Record<string, number | number[]> {
    const out: Record<string, number | number[]> = nameRecord();
    for (const [k, v] of this.values) out[k] = typeof v === "number" ? v : Array.from(v);
    return out;
  }
}
