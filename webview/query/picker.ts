/**
 * Which value picker a node gets, from its support as the host read it statically (SupportDto, from
 * src/core/extract/read-support.ts): a switch for bernoulli, a list for a finite support (categorical
 * with a literal array), a number field for the rest, bounded where the support is; and whether a
 * value lies in the variable's support. Pure (no DOM); it never reads mechanism text.
 */
import type { GraphNodeDto, SupportDto } from "../../src/protocol/messages";

export type Picker =
  | { kind: "switch" }
  | { kind: "list"; values: number[] }
  | { kind: "number"; integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; start?: number };

export function pickerFor(node: Pick<GraphNodeDto, "support">): Picker {
  const s: SupportDto = node.support ?? { kind: "unknown" };
  switch (s.kind) {
    case "binary":
      return { kind: "switch" };
    case "finite":
      return { kind: "list", values: s.values };
    case "integer":
      return { kind: "number", integer: true, ...(s.min !== undefined ? { min: s.min } : {}) };
    case "real": {
      const { min, max, exclusiveMin, exclusiveMax } = s;
      return { kind: "number", integer: false, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}),
        ...(exclusiveMin ? { exclusiveMin } : {}), ...(exclusiveMax ? { exclusiveMax } : {}) };
    }
    case "constant":
      // delta(v): an intervention may set a deterministic variable to any number; start at v.
      return { kind: "number", integer: false, ...(s.value !== undefined ? { start: s.value } : {}) };
    case "unknown":
      return { kind: "number", integer: false };
    default: {
      const never: never = s;
      void never;
      return { kind: "number", integer: false };
    }
  }
}

/** Why `value` is not a possible value of the variable, or undefined when it is. */
export function outsideSupport(name: string, picker: Picker, value: number): string | undefined {
  if (!Number.isFinite(value)) return `${name} needs a finite number`;
  switch (picker.kind) {
    case "switch":
      return value === 0 || value === 1 ? undefined : `${name} is bernoulli: its values are 0 and 1, not ${value}`;
    case "list":
      return picker.values.includes(value) ? undefined : `${name} is categorical with values ${picker.values.join(", ")}; ${value} is not one of them`;
    case "number": {
      if (picker.integer && !Number.isInteger(value)) return `${name} takes whole numbers; ${value} is not one`;
      const { min, max } = picker;
      if (min !== undefined && (picker.exclusiveMin ? value <= min : value < min)) return `${name} must be ${picker.exclusiveMin ? "greater than" : "at least"} ${min}; ${value} is outside its support`;
      if (max !== undefined && (picker.exclusiveMax ? value >= max : value > max)) return `${name} must be ${picker.exclusiveMax ? "less than" : "at most"} ${max}; ${value} is outside its support`;
      return undefined;
    }
  }
}

/** The value a picker starts at. */
export function defaultValue(picker: Picker): number {
  if (picker.kind === "switch") return 1;
  if (picker.kind === "list") return picker.values[0];
  if (picker.start !== undefined) return picker.start;
  if (picker.min !== undefined && picker.max !== undefined) return (picker.min + picker.max) / 2;
  if (picker.min !== undefined) return picker.exclusiveMin ? picker.min + 1 : picker.min;
  return 0;
}
