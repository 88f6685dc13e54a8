/**
 * Which value picker a node gets, from its support as the host read it statically (SupportDto, from
 * src/core/extract/read-support.ts): a switch for bernoulli, a list for a finite support (categorical
 * with a literal array; its levels' names when the host knows them), a number field for the rest,
 * bounded where the support is, starting at the variable's typical value (GraphNodeDto.typical, its
 * mean read statically, or the observed mean of the last query); and whether a value lies in the
 * variable's support. Pure (no DOM); it never reads mechanism text.
 */
import type { GraphNodeDto, SupportDto } from "../../src/protocol/messages";

export type Picker =
  | { kind: "switch" }
  /** `labels[i]` names `values[i]` (absent: the levels are shown as their numbers). */
  | { kind: "list"; values: number[]; labels?: string[] }
  | { kind: "number"; integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; start?: number; typical?: number };

/** `typical`: a typical value the caller knows (the observed mean of the last query), used when the node carries none. */
export function pickerFor(node: Pick<GraphNodeDto, "support"> & { typical?: number; levels?: string[] }, typical?: number): Picker {
  const s: SupportDto = node.support ?? { kind: "unknown" };
  const t = node.typical ?? typical;
  const typ = t !== undefined && Number.isFinite(t) ? { typical: t } : {};
  switch (s.kind) {
    case "binary":
      return { kind: "switch" };
    case "finite":
      return { kind: "list", values: s.values, ...(node.levels && node.levels.length === s.values.length ? { labels: node.levels } : {}) };
    case "integer":
      // A categorical whose number of levels the syntax does not show, with level names from its training data.
      if (node.levels?.length && (s.min ?? 0) === 0) return { kind: "list", values: node.levels.map((_, i) => i), labels: node.levels };
      return { kind: "number", integer: true, ...(s.min !== undefined ? { min: s.min } : {}), ...typ };
    case "real": {
      const { min, max, exclusiveMin, exclusiveMax } = s;
      return { kind: "number", integer: false, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}),
        ...(exclusiveMin ? { exclusiveMin } : {}), ...(exclusiveMax ? { exclusiveMax } : {}), ...typ };
    }
    case "constant":
      // delta(v): an intervention may set a deterministic variable to any number; start at v.
      return { kind: "number", integer: false, ...(s.value !== undefined ? { start: s.value } : {}) };
    case "unknown":
      return { kind: "number", integer: false, ...typ };
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

/** `12.3456` -> 12.35: a typical value as a person would type it (4 significant digits). */
export function roundTypical(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

/** The value a picker starts at: the typical value when it lies in the support, else a value inside the support. */
export function defaultValue(picker: Picker): number {
  if (picker.kind === "switch") return 1;
  if (picker.kind === "list") return picker.values[0];
  if (picker.start !== undefined) return picker.start;
  if (picker.typical !== undefined) {
    const v = picker.integer ? Math.round(picker.typical) : roundTypical(picker.typical);
    if (outsideSupport("", picker, v) === undefined) return v;
  }
  if (picker.min !== undefined && picker.max !== undefined) return (picker.min + picker.max) / 2;
  if (picker.min !== undefined) return picker.exclusiveMin ? picker.min + 1 : picker.min;
  return 0;
}
