/**
 * The authoring API: `scm(name).latent(...).variable(name, ({ parents }) => distribution)`.
 * Each call returns a new immutable builder whose type records the variables declared so far,
 * so a mechanism's parameter is typed from earlier variables only (bernoulli -> 0 | 1, normal
 * -> number) and reading an undeclared parent does not compile. The builder is the Model: it
 * answers queries (immutable Query values) and draws its graph from the declared parents.
 *
 * Declared parents are the names a mechanism destructures (parse-parents.ts). They are checked
 * when the model is first used: a parent declared later, or never, is a CausalError with the
 * declaration's location; a duplicate name is one at once.
 */
import { CausalError, error, type Diagnostic, type SourceRange } from "../errors/diagnostic";
import type { BatchDistribution } from "../distributions/batch-distribution";
import { type Constraint, constraintViolation, describeConstraint } from "../distributions/constraints";
import type { Distribution } from "../distributions/distribution";
import type { GraphData } from "../graph/types";
import type { Estimate } from "../infer/estimate";
import type { ParamValue } from "../runtime/message";
import { ParamStore } from "../runtime/param-store";
import type { ImageSpec, Mechanism, ModelSpec, ParamDecl, VariableSpec, VectorLatentSpec } from "../runtime/model-spec";
import { Normal } from "../distributions/normal";
import { expandImage, isImageDecoder, type ImageDecoderRecipe } from "../learned/image-decoder";
import { CounterfactualQuery, WorldsQuery, type CounterfactualSpec } from "../query/counterfactual";
import type { Assignment, Event, MeanTarget, Values } from "../query/event";
import type { QueryOptions } from "../query/options";
import { Query, type AteSpec } from "../query/query";
import type { SingleQuerySpec } from "../query/query-spec";
import { FAMILIES } from "../learned/families";
import { expandLearned, learnedRecipe } from "../learned/learned-mechanism";
import { callerRange } from "./call-site";
import { parseParents } from "./parse-parents";

const MODEL_BRAND = Symbol.for("causal-studio.model");

export interface VariableInfo {
  name: string;
  latent: boolean;
  parents: string[];
}


/** Flattens an intersection so editors show `{ a: 0 | 1; b: number }`, not `{ a: 0 | 1 } & { b: number }`. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The learnable parameters declared so far, as a mechanism's second argument sees them. */
export type ParamValues = Record<string, ParamValue>;

/** What a vectorized mechanism receives: every earlier variable as a column of the batch. */
export type Columns<V> = { readonly [K in keyof V]: Float64Array };

export interface ParamOptions {
  /** Where the value must lie: "real" (default), "positive", "unit-interval", "simplex", { interval: [lo, hi] }. */
  constraint?: Constraint;
}

export interface VariableOptions {
  /**
   * The mechanism takes its parents as columns (Float64Array) and returns a batch distribution
   * (`normalColumns`, `bernoulliColumns`) or one distribution for every row; it is called once
   * per batch instead of once per row.
   */
  vectorized: true;
}

/** What the scalar engine never sees: vector latents and the images that read them. */
interface Blocks { vectors: readonly VectorLatentSpec[]; images: readonly ImageSpec[] }
const NO_BLOCKS: Blocks = { vectors: [], images: [] };

export class ScmBuilder<V extends Values = {}, P extends ParamValues = {}> {
  readonly [MODEL_BRAND] = true;
  private checked?: ModelSpec;

  constructor(
    readonly name: string,
    private readonly decls: readonly VariableSpec[] = [],
    private readonly confoundings: readonly (readonly [string, string])[] = [],
    private readonly paramDecls: readonly ParamDecl[] = [],
    private readonly blocks: Blocks = NO_BLOCKS,
  ) {
    if (typeof name !== "string") throw new CausalError(error("invalid-argument", `scm() needs a model name (a string), got ${String(name)}`));
  }

  /**
   * A learnable parameter with its initial value (a number, or a Float64Array for a vector). Every
   * mechanism declared after it reads it from its second argument: `({ x }, { slope }) => normal(slope * x, 1)`.
   * Queries use the initial value unless a parameter store is substituted (fitting, training).
   */
  param<N extends string, I extends ParamValue>(name: N, init: I, options: ParamOptions = {}): ScmBuilder<V, Flat<P & { [K in N]: I extends number ? number : Float64Array }>> {
    const range = callerRange(2); // called by the user's code directly (declare() is one frame deeper)
    if (typeof name !== "string" || name.length === 0) throw new CausalError(error("invalid-argument", `a param needs a non-empty name, got ${JSON.stringify(name)}`, range));
    const ok = typeof init === "number" ? Number.isFinite(init) : init instanceof Float64Array && init.every(Number.isFinite);
    if (!ok) throw new CausalError(error("invalid-argument", `param "${name}" needs a finite initial value (a number or a Float64Array), got ${String(init)}`, range));
    if (this.paramDecls.some((d) => d.name === name)) throw new CausalError(error("duplicate-name", `model "${this.name}" declares param "${name}" twice; param names must be unique`, range));
    const constraint = options.constraint;
    if (constraint !== undefined) {
      const why = constraintViolation(constraint, init);
      if (why) throw new CausalError(error("invalid-argument", `param "${name}" must be ${describeConstraint(constraint)}, but its initial value is not: ${why}`, range));
    }
    const decl: ParamDecl = {
      name, init: typeof init === "number" ? init : Float64Array.from(init as Float64Array),
      ...(constraint !== undefined && constraint !== "real" ? { constraint } : {}), ...(range ? { range } : {}),
    };
    return new ScmBuilder(this.name, this.decls, this.confoundings, [...this.paramDecls, decl], this.blocks);
  }

  /** An observed variable whose mechanism reads the variables declared before it. */
  variable<N extends string, T extends number>(name: N, mechanism: (parents: V, params: P) => Distribution<T>): ScmBuilder<Flat<V & { [K in N]: T }>, P>;
  /** An observed variable whose vectorized mechanism maps the batch's parent columns to a batch distribution. */
  variable<N extends string, T extends number>(name: N, mechanism: (parents: Columns<V>, params: P) => BatchDistribution<T> | Distribution<T>, options: VariableOptions): ScmBuilder<Flat<V & { [K in N]: T }>, P>;
  variable(name: string, mechanism: (...a: never[]) => unknown, options?: VariableOptions): unknown {
    return this.declare(name, mechanism, false, options);
  }

  /** A latent (unobserved) variable: hidden confounders and declared noise. */
  latent<N extends string, T extends number>(name: N, mechanism: (parents: V, params: P) => Distribution<T>): ScmBuilder<Flat<V & { [K in N]: T }>, P>;
  latent<N extends string, T extends number>(name: N, mechanism: (parents: Columns<V>, params: P) => BatchDistribution<T> | Distribution<T>, options: VariableOptions): ScmBuilder<Flat<V & { [K in N]: T }>, P>;
  /**
   * A vector latent: `size` independent copies of a fixed normal, `.latent("z", () => normal(0, 1), { size: 12 })`,
   * the nuisance latent of an image decoder (the only mechanism that may read it).
   */
  latent<N extends string>(name: N, mechanism: () => Distribution<number>, options: { size: number }): ScmBuilder<V, P>;
  latent(name: string, mechanism: (...a: never[]) => unknown, options?: VariableOptions | { size: number }): unknown {
    if (options !== undefined && typeof options === "object" && options !== null && "size" in options) return this.declareVector(name, mechanism, options.size);
    return this.declare(name, mechanism, true, options as VariableOptions | undefined);
  }

  /**
   * An image variable: a leaf whose mechanism is an image decoder of earlier variables and one
   * vector latent (`imageDecoder(({ shape, z }) => ({ shape, z }), { width: 32, height: 32 })`).
   * No mechanism reads it; `imageQuery(model)` samples it, and `trainImageModel` trains it.
   */
  image<N extends string>(name: N, decoder: ImageDecoderRecipe): ScmBuilder<V, P> {
    const range = callerRange(2);
    this.assertNewName(name, range);
    if (!isImageDecoder(decoder)) throw new CausalError(error("invalid-argument", `image "${name}" needs an imageDecoder(({ ... }) => ({ ... }), { width, height }) as its mechanism`, range));
    const parents = parseParents(decoder.features);
    const x = expandImage(name, parents, decoder, this.decls, this.blocks.vectors, range);
    const clash = x.decls.find((d) => this.paramDecls.some((p) => p.name === d.name));
    if (clash) throw new CausalError(error("duplicate-name", `the image decoder of "${name}" declares param "${clash.name}", which model "${this.name}" already declares; rename one`, range));
    return new ScmBuilder(this.name, this.decls, this.confoundings, [...this.paramDecls, ...x.decls], { ...this.blocks, images: [...this.blocks.images, x.spec] });
  }

  private declareVector(name: string, mechanism: (...a: never[]) => unknown, size: number): ScmBuilder<V, P> {
    const range = callerRange(3);
    this.assertNewName(name, range);
    if (!(Number.isInteger(size) && size >= 1 && size <= 4096)) throw new CausalError(error("invalid-argument", `vector latent "${name}" needs { size } as a whole number from 1 to 4096, got ${size}`, range));
    if (typeof mechanism !== "function" || parseParents(mechanism).length) throw new CausalError(error("invalid-argument", `vector latent "${name}" is a root: its mechanism reads no parent, e.g. () => normal(0, 1)`, range));
    let d: unknown;
    try { d = (mechanism as () => unknown)(); } catch (e) { throw new CausalError(error("invalid-argument", `the prior of vector latent "${name}" could not be evaluated: ${e instanceof Error ? e.message : String(e)}`, range)); }
    if (!(d instanceof Normal)) throw new CausalError(error("invalid-argument", `vector latent "${name}" needs a normal(mu, sigma) prior with fixed numbers (each of its ${size} components is one)`, range));
    const spec: VectorLatentSpec = { name, size, mu: d.mu, sigma: d.sigma, ...(range ? { range } : {}) };
    return new ScmBuilder(this.name, this.decls, this.confoundings, this.paramDecls, { ...this.blocks, vectors: [...this.blocks.vectors, spec] });
  }

  private assertNewName(name: string, range: SourceRange | undefined): void {
    if (typeof name !== "string" || name.length === 0) throw new CausalError(error("invalid-argument", `a variable needs a non-empty name, got ${JSON.stringify(name)}`, range));
    const previous = [...this.decls, ...this.blocks.vectors, ...this.blocks.images].find((d) => d.name === name);
    if (previous) {
      const where = previous.range ? ` (first declared at line ${previous.range.start.line})` : "";
      throw new CausalError(error("duplicate-name", `model "${this.name}" declares "${name}" twice${where}; variable names must be unique`, range));
    }
  }

  private declare(name: string, mechanism: (...a: never[]) => unknown, latent: boolean, options?: VariableOptions): ScmBuilder<Values, P> {
    const range = callerRange();
    this.assertNewName(name, range);
    if (typeof mechanism !== "function") throw new CausalError(error("invalid-argument", `variable "${name}" needs a mechanism function ({ parents }) => distribution`, range));
    if (options !== undefined && (typeof options !== "object" || options === null || options.vectorized !== true)) {
      throw new CausalError(error("invalid-argument", `the options of variable "${name}" must be { vectorized: true } or left out`, range));
    }
    const recipe = learnedRecipe(mechanism);
    if (recipe) {
      // A learnable family: its parents are what its features function destructures; it declares its own params.
      const parents = parseParents(recipe.features);
      const x = expandLearned(name, parents, recipe, FAMILIES[recipe.family], range);
      const clash = x.decls.find((d) => this.paramDecls.some((p) => p.name === d.name));
      if (clash) throw new CausalError(error("duplicate-name", `the ${recipe.family} mechanism of "${name}" declares param "${clash.name}", which model "${this.name}" already declares; rename one`, range));
      const spec: VariableSpec = { name, latent, parents, mechanism: x.mechanism as unknown as Mechanism, vectorized: true, learned: x.spec, ...(range ? { range } : {}) };
      return new ScmBuilder(this.name, [...this.decls, spec], this.confoundings, [...this.paramDecls, ...x.decls], this.blocks);
    }
    const spec: VariableSpec = {
      name, latent, parents: parseParents(mechanism), mechanism: mechanism as unknown as Mechanism,
      ...(options?.vectorized ? { vectorized: true } : {}), ...(range ? { range } : {}),
    };
    return new ScmBuilder(this.name, [...this.decls, spec], this.confoundings, this.paramDecls, this.blocks);
  }

  /**
   * Declares hidden confounding between two variables (a bidirected edge a <-> b, as in DAGitty)
   * without modelling the confounder. Graph analysis (adjustment sets, identification) uses it;
   * queries refuse to run, because the model no longer says how the two are confounded: to run
   * queries, declare the confounder as a `.latent(...)` that both mechanisms read.
   */
  confounded<A extends keyof V & string, B extends keyof V & string>(a: A, b: B): ScmBuilder<V, P> {
    const range = callerRange(2);
    for (const n of [a, b]) {
      if (!this.decls.some((d) => d.name === n)) throw new CausalError(error("unknown-variable", `.confounded names "${String(n)}", which is not declared before it in model "${this.name}"`, range));
    }
    if ((a as string) === b) throw new CausalError(error("invalid-argument", `.confounded needs two different variables, got "${a}" twice`, range));
    return new ScmBuilder(this.name, this.decls, [...this.confoundings, [a, b] as const], this.paramDecls, this.blocks);
  }

  get variables(): VariableInfo[] {
    return this.decls.map((d) => ({ name: d.name, latent: d.latent, parents: [...d.parents] }));
  }

  /**
   * The same model with these parameter values in place of the declared initial ones (fitted or
   * loaded values): every query on the result uses them. Names must be declared params, vectors
   * must keep their length; params not given keep their values.
   *
   *     const fitted = m.withParams(ParamStore.fromJSON(JSON.parse(text)));
   *     fitted.do({ x: 1 }).mean("y");
   */
  withParams(values: ParamStore | Readonly<Record<string, ParamValue>>): ScmBuilder<V, P> {
    // By shape, not instanceof: a model file bundles its own copy of the library, the CLI has another.
    const isStore = typeof (values as ParamStore).names === "function" && typeof (values as ParamStore).get === "function";
    const store = isStore ? (values as ParamStore) : new ParamStore(values as Readonly<Record<string, ParamValue>>);
    const declared = this.paramDecls.map((d) => d.name);
    for (const name of store.names()) {
      if (!declared.includes(name)) {
        throw new CausalError(error("unknown-variable", `model "${this.name}" has no param "${name}" (${declared.length ? `its params: ${declared.join(", ")}` : "it declares no params"})`));
      }
    }
    const decls = this.paramDecls.map((d) => {
      const v = store.get(d.name);
      if (v === undefined) return d;
      const want = typeof d.init === "number" ? "a number" : `a vector of ${d.init.length}`;
      const got = typeof v === "number" ? "a number" : `a vector of ${v.length}`;
      if (want !== got) throw new CausalError(error("invalid-argument", `param "${d.name}" of model "${this.name}" is ${want}, but the value given is ${got}`, d.range));
      const why = d.constraint && constraintViolation(d.constraint, v);
      if (why) throw new CausalError(error("invalid-parameter", `param "${d.name}" of model "${this.name}" must be ${describeConstraint(d.constraint!)}: ${why}`, d.range));
      return { ...d, init: v };
    });
    return new ScmBuilder(this.name, this.decls, this.confoundings, decls, this.blocks);
  }

  /** The declared learnable parameters and their current values (initial, or given by withParams). */
  get params(): { name: string; init: ParamValue; constraint?: Constraint }[] {
    return this.paramDecls.map((d) => ({ name: d.name, init: typeof d.init === "number" ? d.init : Float64Array.from(d.init), ...(d.constraint ? { constraint: d.constraint } : {}) }));
  }

  /** Build-time problems: parents declared later or not at all. Empty when the model is valid. */
  check(): Diagnostic[] {
    const out: Diagnostic[] = [];
    const index = new Map(this.decls.map((d, i) => [d.name, i]));
    this.decls.forEach((d, i) => {
      for (const p of d.parents) {
        const j = index.get(p);
        const block = j === undefined ? [...this.blocks.vectors, ...this.blocks.images].find((b) => b.name === p) : undefined;
        if (block) out.push(error("unknown-parent", `the mechanism of "${d.name}" reads "${p}", ${"size" in block ? `a vector latent (size ${block.size}): only an image decoder may read it` : "an image: no mechanism may read one"}`, d.range));
        else if (j === undefined) out.push(error("unknown-parent", `the mechanism of "${d.name}" declares parent "${p}", which is not a variable of model "${this.name}"`, d.range));
        else if (j >= i) out.push(error("parent-declared-later", `the mechanism of "${d.name}" declares parent "${p}", which is declared ${j === i ? "as the variable itself" : "after it"}; declare variables in causal order (parents first)`, d.range));
      }
    });
    return out;
  }

  /** The validated runtime description (throws the first build-time problem). */
  spec(): ModelSpec {
    const spec = this.validSpec();
    if (this.confoundings.length) {
      const pairs = this.confoundings.map(([a, b]) => `${a} <-> ${b}`).join(", ");
      throw new CausalError(error("unsupported-query",
        `model "${this.name}" declares hidden confounding (${pairs}) without a mechanism, so it can be analysed as a graph but not queried`,
        undefined, [`declare the confounder as a latent variable read by both, e.g. .latent("u", () => normal(0, 1)) and ({ u, ... }) in both mechanisms`]));
    }
    return spec;
  }

  private validSpec(): ModelSpec {
    if (!this.checked) {
      const problems = this.check();
      if (problems.length) throw new CausalError(problems.length > 1 ? { ...problems[0], notes: problems.slice(1).map((p) => p.message) } : problems[0]);
      const { vectors, images } = this.blocks;
      this.checked = {
        name: this.name, variables: this.decls, ...(this.paramDecls.length ? { params: this.paramDecls } : {}),
        ...(vectors.length ? { vectorLatents: vectors } : {}), ...(images.length ? { images } : {}),
      };
    }
    return this.checked;
  }

  graph(): GraphData {
    const spec = this.validSpec();
    return {
      nodes: [
        ...spec.variables.map((v) => ({ id: v.name, ...(v.latent ? { latent: true } : {}), ...(v.range ? { declarationRange: v.range } : {}) })),
        ...this.blocks.vectors.map((v) => ({ id: v.name, latent: true, ...(v.range ? { declarationRange: v.range } : {}) })),
        ...this.blocks.images.map((v) => ({ id: v.name, ...(v.range ? { declarationRange: v.range } : {}) })),
      ],
      edges: [
        ...spec.variables.flatMap((v) => v.parents.map((p) => ({ from: p, to: v.name, kind: "directed" as const }))),
        ...this.blocks.images.flatMap((v) => v.parents.map((p) => ({ from: p, to: v.name, kind: "directed" as const }))),
        ...this.confoundings.map(([a, b]) => ({ from: a, to: b, kind: "bidirected" as const })),
      ],
    };
  }

  private query(): Query<V> {
    return new Query<V>(() => this.spec());
  }
  do(values: Assignment<V>): Query<V> { return this.query().do(values); }
  condition(values: Assignment<V>): Query<V> { return this.query().condition(values); }
  prob(event: Event<V>, options?: QueryOptions): Estimate { return this.query().prob(event, options); }
  mean(target: MeanTarget<V>, options?: QueryOptions): Estimate { return this.query().mean(target, options); }
  ate(s: AteSpec<V>, options?: QueryOptions): Estimate { return this.query().ate(s, options); }
  sample(n: number, options?: { seed?: number }): Record<string, Float64Array> { return this.query().sample(n, options); }
  /** The observational query on `target` (P(target = value), or its distribution or mean) as plain data for answer(). */
  toSpec(target: keyof V & string, value?: number): SingleQuerySpec { return this.query().toSpec(target, value); }
  counterfactual(s: CounterfactualSpec<V>): CounterfactualQuery<V> { return new CounterfactualQuery<V>(() => this.spec(), s); }
  worlds<W extends string>(worlds: Record<W, Assignment<V>>): WorldsQuery<V, W> { return new WorldsQuery<V, W>(() => this.spec(), worlds); }
}

export type Model<V extends Values = Values> = ScmBuilder<V, any>;

export function scm(name: string): ScmBuilder<{}> {
  return new ScmBuilder(name);
}

export function isModel(x: unknown): x is Model<any> {
  return typeof x === "object" && x !== null && (x instanceof ScmBuilder || (x as Record<symbol, unknown>)[MODEL_BRAND] === true);
}
