/** Validation of the variable names and values a query mentions. */
import { CausalError, error } from "../diagnostics/diagnostic";
import type { ModelSpec } from "../runtime/model-spec";

export function checkVariable(spec: ModelSpec, name: string, role: string): void {
  if (spec.variables.some((v) => v.name === name)) return;
  const known = spec.variables.map((v) => v.name).join(", ");
  throw new CausalError(error("unknown-variable", `${role} names "${name}", which is not a variable of model "${spec.name}" (its variables: ${known})`));
}

export function checkAssignment(spec: ModelSpec, values: Readonly<Record<string, unknown>>, role: string): Record<string, number> {
  if (values === null || typeof values !== "object") throw new CausalError(error("invalid-argument", `${role} must be an object of variable values, got ${String(values)}`));
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    checkVariable(spec, name, role);
    if (typeof value !== "number" || Number.isNaN(value)) throw new CausalError(error("invalid-argument", `${role}: ${name} = ${String(value)} is not a number`));
    out[name] = value;
  }
  return out;
}

/** The variables downstream of (and including) the intervened ones. */
export function descendantsOf(spec: ModelSpec, roots: Iterable<string>): Set<string> {
  const out = new Set(roots);
  for (const v of spec.variables) if (v.parents.some((p) => out.has(p))) out.add(v.name);
  return out;
}
