/**
 * Learnable mechanism families: `linearGaussian(({ educ, ability }) => ({ educ, ability }))` is a
 * mechanism whose parents are the names its features function destructures (so static extraction
 * and the live DAG read it like any mechanism) and whose numbers are params the builder declares
 * for it, named after the variable (`wage.coef`, `wage.sd`). The features function returns the
 * named features of one row — usually the parents themselves, or any arithmetic of them
 * (`({ x }) => ({ x, x2: x * x })`); trainers read columns straight from the data when a feature is
 * a parent unchanged (`LearnedSpec.featureParents`).
 *
 * A family is data: its params for d features (names, initial values, constraints) and its batch
 * distribution from a feature matrix and the params. One file per family; FAMILIES lists them.
 */
import type { BatchDistribution } from "../distributions/batch-distribution";
import type { Distribution } from "../distributions/distribution";
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import type { ParamValue } from "../runtime/message";
import type { LearnedFamily, LearnedSpec, ParamDecl, VectorizedMechanism } from "../runtime/model-spec";
import { nameRecord } from "../runtime/name-record";

/** Brand shared by every bundled copy of the library (a model file bundles its own). */
export const LEARNED = Symbol.for("causal-studio.learned");

/** What a family helper returns: a mechanism value carrying its recipe. */
export interface LearnedRecipe {
  family: LearnedFamily;
  features: (parents: Record<string, number>) => Record<string, number>;
  options: LearnedOptions;
}

export interface LearnedOptions {
  levels?: number;
  /** tabular: levels of each feature, by feature name. */
  featureLevels?: Record<string, number>;
  /** tabular: Dirichlet pseudo-count per cell. */
  pseudoCount?: number;
  hidden?: readonly number[];
  activation?: "tanh" | "relu";
  likelihood?: "normal" | "bernoulli" | "categorical";
}

/**
 * A learnable mechanism as the builder's `.variable` receives it. Typed as a mechanism of the
 * parents V (so `.variable` infers V from the model) returning values T.
 */
export type LearnedMechanism<V, T extends number> = ((parents: V, params: Readonly<Record<string, ParamValue>>) => Distribution<T>) & { readonly [LEARNED]: LearnedRecipe };

export function learned<V, T extends number>(family: LearnedFamily, features: (parents: V) => Record<string, number>, options: LearnedOptions = {}): LearnedMechanism<V, T> {
  if (typeof features !== "function") {
    throw new CausalError(error("invalid-argument", `a ${family} mechanism needs a features function that destructures its parents, e.g. ({ x, z }) => ({ x, z })`));
  }
  const fn = () => {
    throw new CausalError(error("invalid-argument", `a ${family} mechanism is run by the model it is declared in; pass it to .variable(name, ...)`));
  };
  // The features function's source stands for the mechanism's, so parseParents reads its pattern.
  Object.defineProperty(fn, "toString", { value: () => features.toString() });
  return Object.assign(fn, { [LEARNED]: { family, features: features as LearnedRecipe["features"], options } }) as unknown as LearnedMechanism<V, T>;
}

export function learnedRecipe(x: unknown): LearnedRecipe | undefined {
  return typeof x === "function" ? ((x as unknown as Record<symbol, LearnedRecipe | undefined>)[LEARNED]) : undefined;
}

/** One family's definition: its params for d features and its batch distribution. */
export interface FamilyDefinition {
  /** The params (names under `variable.`), their roles in LearnedSpec.params, initial values and constraints. */
  params(variable: string, d: number, spec: Omit<LearnedSpec, "params">, range?: SourceRange): { decls: ParamDecl[]; roles: LearnedSpec["params"] };
  /** The batch's distribution given its n x d feature matrix (row-major) and the params. */
  distribution(x: Float64Array, n: number, d: number, params: Readonly<Record<string, ParamValue>>, spec: LearnedSpec, variable: string): BatchDistribution;
  /** Checks the options at declaration (levels and the like); a message, or undefined when fine. */
  checkOptions?(options: LearnedOptions, features: readonly string[]): string | undefined;
}

/** Reads a param as a vector of the expected length (a trainer or a params file may hand any value). */
export function vectorParam(params: Readonly<Record<string, ParamValue>>, name: string, length: number, variable: string): Float64Array {
  const v = params[name];
  if (!(v instanceof Float64Array) || v.length !== length) {
    throw new CausalError(error("invalid-parameter", `the mechanism of "${variable}" needs param "${name}" as a vector of ${length}, got ${v === undefined ? "nothing" : typeof v === "number" ? "a number" : `a vector of ${v.length}`}`));
  }
  return v;
}

/** eta[i] = coef[offset] + sum_j coef[offset + 1 + j] x[i, j] for every row. */
export function linearPredictor(x: Float64Array, n: number, d: number, coef: Float64Array, offset = 0, out = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = coef[offset];
    for (let j = 0, r = i * d; j < d; j++) s += coef[offset + 1 + j] * x[r + j];
    out[i] = s;
  }
  return out;
}

/**
 * Expands a recipe into what the builder stores: the parents, the learned spec, its param
 * declarations and a vectorized mechanism. The features function is probed on two rows of
 * distinct values to learn the feature names and which features are parents unchanged.
 */
export function expandLearned(variable: string, parents: readonly string[], recipe: LearnedRecipe, def: FamilyDefinition, range?: SourceRange) {
  const where = `the ${recipe.family} mechanism of "${variable}"`;
  const probe = (base: number) => {
    const row: Record<string, number> = nameRecord();
    parents.forEach((p, i) => { row[p] = base + 0.137 * (i + 1); });
    let out: unknown;
    try {
      out = recipe.features(row);
    } catch (e) {
      throw new CausalError(error("invalid-argument", `${where}: its features function threw on a probe row (${e instanceof Error ? e.message : String(e)}); it must compute features from the parents alone`, range));
    }
    if (typeof out !== "object" || out === null || Array.isArray(out)) {
      throw new CausalError(error("invalid-argument", `${where}: its features function must return an object of named numbers, e.g. ({ x, z }) => ({ x, z })`, range));
    }
    return { row, out: out as Record<string, unknown> };
  };
  const a = probe(1.5), b = probe(-2.25);
  const features = Object.keys(a.out);
  for (const f of features) {
    if (typeof a.out[f] !== "number") throw new CausalError(error("invalid-argument", `${where}: feature "${f}" is ${typeof a.out[f]}, not a number`, range));
  }
  if (Object.keys(b.out).join("\0") !== features.join("\0")) {
    throw new CausalError(error("invalid-argument", `${where}: its features function must return the same feature names on every row`, range));
  }
  const featureParents = features.map((f) => parents.find((p) => a.out[f] === a.row[p] && b.out[f] === b.row[p]));
  const fast = featureParents.every((p) => p !== undefined);
  const d = features.length;
  const featuresOf = (row: Readonly<Record<string, number>>): Float64Array => {
    const out = recipe.features(row as Record<string, number>);
    return Float64Array.from(features, (f) => out[f]);
  };
  const o = recipe.options;
  const base: Omit<LearnedSpec, "params"> = {
    family: recipe.family, features, featureParents, featuresOf,
    ...(o.levels !== undefined ? { levels: o.levels } : {}),
    ...(o.featureLevels ? { featureLevels: features.map((f) => o.featureLevels![f]) } : {}),
    ...(o.pseudoCount ? { pseudoCount: o.pseudoCount } : {}),
    ...(o.hidden ? { hidden: [...o.hidden] } : {}),
    ...(o.activation ? { activation: o.activation } : {}),
    ...(o.likelihood ? { likelihood: o.likelihood } : {}),
  };
  const why = def.checkOptions?.(o, features);
  if (why) throw new CausalError(error("invalid-argument", `${where}: ${why}`, range));
  const { decls, roles } = def.params(variable, d, base, range);
  const spec: LearnedSpec = { ...base, params: roles };
  const mechanism: VectorizedMechanism = (cols, params) => {
    const n = parents.length ? cols[parents[0]].length : 1;
    const x = new Float64Array(n * d);
    if (fast) {
      featureParents.forEach((p, j) => { const c = cols[p!]; for (let i = 0; i < n; i++) x[i * d + j] = c[i]; });
    } else {
      const row: Record<string, number> = nameRecord();
      for (let i = 0; i < n; i++) {
        for (const p of parents) row[p] = cols[p][i];
        const out = recipe.features(row);
        for (let j = 0; j < d; j++) {
          const v = out[features[j]];
          if (!Number.isFinite(v)) throw new CausalError(error("invalid-parameter", `row ${i}: ${where}: feature "${features[j]}" is ${v}, not a finite number`, range));
          x[i * d + j] = v;
        }
      }
    }
    return def.distribution(x, n, d, params, spec, variable);
  };
  return { spec, decls, mechanism };
}
