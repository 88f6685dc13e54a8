/** Validation of the variable names and values a query mentions. */
import { CausalError, error } from "../errors/diagnostic";
import type { Distribution } from "../distributions/distribution";
import type { ModelSpec } from "../runtime/model-spec";
import { supportProbe } from "./support-probe";
import { nameRecord } from "../runtime/name-record";

export function checkVariable(spec: ModelSpec, name: string, role: string): void {
  if (spec.variables.some((v) => v.name === name)) return;
  if (spec.images?.some((i) => i.name === name)) throw new CausalError(error("unknown-variable", `${role} names "${name}", an image of model "${spec.name}": query it with imageQuery(model); other queries answer the scalar variables`));
  if (spec.vectorLatents?.some((v) => v.name === name)) throw new CausalError(error("unknown-variable", `${role} names "${name}", a vector latent of model "${spec.name}", which only its image decoder reads`));
  const known = spec.variables.map((v) => v.name).join(", ");
  throw new CausalError(error("unknown-variable", `${role} names "${name}", which is not a variable of model "${spec.name}" (its variables: ${known})`));
}

/**
 * Checks the names and values of an assignment (do, evidence, a world's interventions, an
 * event): every name is a variable, every value a finite number in the variable's support.
 */
export function checkAssignment(spec: ModelSpec, values: Readonly<Record<string, unknown>>, role: string): Record<string, number> {
  if (values === null || typeof values !== "object") throw new CausalError(error("invalid-argument", `${role} must be an object of variable values, got ${String(values)}`));
  const out: Record<string, number> = nameRecord();
  for (const [name, value] of Object.entries(values)) {
    checkVariable(spec, name, role);
    if (typeof value !== "number" || Number.isNaN(value)) throw new CausalError(error("invalid-argument", `${role}: ${name} = ${String(value)} is not a number`));
    if (!Number.isFinite(value)) throw new CausalError(error("invalid-argument", `${role}: ${name} = ${value} is not a finite number`));
    out[name] = value;
  }
  for (const [name, value] of Object.entries(out)) checkSupport(spec, name, value, role);
  return out;
}

/** "outside-support" unless value is in the support of some distribution the variable's mechanism produces. */
export function checkSupport(spec: ModelSpec, name: string, value: number, role: string): void {
  const dists = supportProbe(spec).get(name) ?? [];
  if (dists.length === 0 || dists.some((d) => d.inSupport(value))) return;
  const what = role.endsWith("()") ? `${role.slice(0, -2)}(${name} = ${value})` : `${role}: ${name} = ${value}`;
  throw new CausalError(error("outside-support", `${what}: "${name}" is ${describeSupports(dists)}`));
}

const MAX_SHOWN = 3;

/** `bernoulli, whose values are 0 and 1`, or for a mechanism whose family or support varies with its parents `poisson (values ...) or bernoulli (values ...)`. */
function describeSupports(dists: readonly Distribution<number>[]): string {
  const kinds = new Map<string, { kind: string; text: string }>();
  for (const d of dists) kinds.set(`${d.kind}\u0000${d.supportText()}`, { kind: d.kind, text: d.supportText() });
  const all = [...kinds.values()];
  if (all.length === 1) return `${all[0].kind}, whose values are ${all[0].text}`;
  const shown = all.slice(0, MAX_SHOWN).map((k) => `${k.kind} (values ${k.text})`);
  return `${shown.join(" or ")}${all.length > MAX_SHOWN ? `, or one of ${all.length - MAX_SHOWN} more` : ""}, depending on its parents`;
}

