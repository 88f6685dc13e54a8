/**
 * The object a mechanism receives: own properties are exactly its declared parents; its
 * prototype is a Proxy that throws on any other read, so reading an undeclared variable is a
 * CausalError naming both. One object per site per batch, its properties rewritten per row.
 * Copying the argument would drop the guard and read `undefined` for every name it does not
 * declare (issue 13: `({ ...rest }) => rest.a` and `JSON.parse(JSON.stringify(p)).a` gave
 * P = 0.1 instead of 0.26), so copies are errors: an own enumerable symbol-keyed getter throws
 * when a spread, a rest pattern or Object.assign copies it (they copy symbol keys; Object.keys,
 * for-in and Object.entries do not, so enumeration returns exactly the declared parents), and the
 * guard's `toJSON` throws when JSON.stringify serialises it. The argument itself stays an
 * ordinary object (no Proxy on the hot path of sampling).
 */
import { CausalError, error } from "../errors/diagnostic";
import type { ParamValue } from "./message";
import type { ModelSpec, VariableSpec } from "./model-spec";

/** The guard prototype is made once per variable (its error names the model's variables as first seen). */
const guards = new WeakMap<VariableSpec, object>();

export function makeParentArgs(variable: VariableSpec, known: ReadonlySet<string>): Record<string, number> {
  let guard = guards.get(variable);
  if (!guard) {
    guard = makeGuard(variable, known);
    guards.set(variable, guard);
  }
  const args = Object.create(guard) as Record<string, number>;
  for (const p of variable.parents) args[p] = NaN;
  Object.defineProperty(args, COPIED, { enumerable: true, get: () => { throw copiedArgument(variable, "spreading"); } });
  return args;
}

/** The key a copy of the argument trips over (a symbol, so enumeration does not list it). */
const COPIED = Symbol("causal-studio: the parents argument was copied");

function makeGuard(variable: VariableSpec, known: ReadonlySet<string>): object {
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (typeof key === "symbol" || key === "then") return undefined;
      if (key === "toJSON") throw copiedArgument(variable, "serialising");
      throw undeclaredRead(variable, key, known);
    },
    has(_target, key) {
      if (typeof key === "symbol") return false;
      throw undeclaredRead(variable, key, known);
    },
  });
}

function undeclaredRead(variable: VariableSpec, key: string, known: ReadonlySet<string>): CausalError {
  const declared = variable.parents.length ? `it declares ${variable.parents.join(", ")}` : "it declares no parents";
  const what = known.has(key) ? `"${key}", which it does not declare as a parent` : `"${key}", which is not a variable of the model`;
  return new CausalError(
    error("undeclared-parent-read", `the mechanism of "${variable.name}" reads ${what} (${declared}). Declare parents by destructuring them: ({ ${[...variable.parents, key].join(", ")} }) => ...`, variable.range),
  );
}

function copiedArgument(variable: VariableSpec, how: "spreading" | "serialising"): CausalError {
  const shape = how === "spreading" ? "({ ...rest }), { ...p } or Object.assign" : "JSON.stringify";
  const named = variable.parents.length ? variable.parents.join(", ") : "parent1, parent2";
  return new CausalError(error("undeclared-parent-read",
    `the mechanism of "${variable.name}" reads its parents by ${how} the argument (${shape}); a copy holds only the declared parents, so every other name would read undefined. ` +
    `Read each parent by name: ({ ${named} }) => ... or p.${named.split(", ")[0]}`, variable.range));
}

export type FillParents = (args: Record<string, number>, columns: Float64Array[], row: number) => void;

/**
 * A setter that copies one row of the parent columns into the args object. Generated code with
 * constant property names keeps V8's stores monomorphic (the hot loop of ancestral sampling);
 * falls back to a keyed loop where code generation is not allowed.
 */
/** One generated setter per variable (code generation is the costly part), shared by every runtime. */
const fills = new WeakMap<VariableSpec, FillParents>();

export function fillParentsOf(variable: VariableSpec): FillParents {
  let fill = fills.get(variable);
  if (!fill) {
    fill = makeFillParents(variable.parents);
    fills.set(variable, fill);
  }
  return fill;
}

export function makeFillParents(parents: readonly string[]): FillParents {
  try {
    const body = parents.map((p, j) => `o[${JSON.stringify(p)}] = c[${j}][i];`).join("\n");
    return new Function("o", "c", "i", body) as FillParents;
  } catch {
    return (o, c, i) => { for (let j = 0; j < parents.length; j++) o[parents[j]] = c[j][i]; };
  }
}

/** The params argument of every mechanism: the values, with a prototype that throws on a read of an undeclared param. */
export function makeParamArgs(values: Readonly<Record<string, ParamValue>>, spec: ModelSpec): Readonly<Record<string, ParamValue>> {
  const declared = (spec.params ?? []).map((p) => p.name);
  const guard = new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (typeof key === "symbol" || key === "toJSON" || key === "then") return undefined;
      const list = declared.length ? `it declares ${declared.join(", ")}` : "it declares no params";
      throw new CausalError(error("unknown-variable", `a mechanism of model "${spec.name}" reads param "${key}", which is not declared (${list}). Declare it with .param("${key}", initialValue) before the variables that read it`));
    },
  });
  return Object.assign(Object.create(guard) as Record<string, ParamValue>, values);
}
