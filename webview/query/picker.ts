/**
 * Which value picker a node gets, from the distribution its mechanism returns (read statically by the
 * host): a switch for bernoulli, a list for categorical (and other small integer supports), a number
 * field for continuous ones; and whether a value lies in the variable's support. Pure (no DOM).
 */
import type { GraphNodeDto } from "../../src/protocol/messages";

export type Picker =
  | { kind: "switch" }
  | { kind: "list"; values: number[] }
  | { kind: "number"; integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean };

export function pickerFor(node: Pick<GraphNodeDto, "distribution" | "mechanism">): Picker {
  const dist = node.distribution ?? /^\s*([A-Za-z_$][\w$]*)\s*\(/.exec(node.mechanism ?? "")?.[1];
  switch (dist) {
    case "bernoulli":
      return { kind: "switch" };
    case "categorical": {
      const k = categoryCount(node.mechanism ?? "");
      return k ? { kind: "list", values: Array.from({ length: k }, (_, i) => i) } : { kind: "number", integer: true, min: 0 };
    }
    case "poisson":
      return { kind: "number", integer: true, min: 0 };
    case "beta":
      return { kind: "number", integer: false, min: 0, max: 1 };
    case "gamma":
    case "logNormal":
      return { kind: "number", integer: false, min: 0, exclusiveMin: true };
    case "uniform": {
      const b = literalArgs(node.mechanism ?? "");
      return b && b.length === 2 ? { kind: "number", integer: false, min: b[0], max: b[1] } : { kind: "number", integer: false };
    }
    default:
      return { kind: "number", integer: false };
  }
}

/** `categorical([0.2, 0.3, 0.5])` -> 3 (only for a literal array; otherwise unknown). */
function categoryCount(text: string): number | undefined {
  const m = /categorical\s*\(\s*\[([^\][]*)\]/.exec(text);
  if (!m) return undefined;
  const parts = m[1].split(",").map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts.length : undefined;
}

/** `uniform(0, 10)` -> [0, 10] when both arguments are number literals. */
function literalArgs(text: string): number[] | undefined {
  const m = /\(\s*(-?[\d.]+(?:e-?\d+)?)\s*,\s*(-?[\d.]+(?:e-?\d+)?)\s*\)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
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
  if (picker.min !== undefined && picker.max !== undefined) return (picker.min + picker.max) / 2;
  if (picker.min !== undefined) return picker.exclusiveMin ? picker.min + 1 : picker.min;
  return 0;
}
