/**
 * The base of every distribution a mechanism can return. A distribution is a small immutable
 * value: declared, validated parameters; pure `sample` / `logProb`; a finite `support` when it
 * has one (what exact inference enumerates); and its exogenous-noise semantics, which is what
 * makes counterfactuals defined (see NoiseKind).
 *
 * Noise semantics, one row per distribution (each mechanism x = f(parents, U)):
 *
 * | distribution | noise U                 | x = f(U)                        | abduction U | x, parents     |
 * |--------------|-------------------------|---------------------------------|-------------------------|
 * | normal       | eps ~ N(0,1) (additive) | mu + sigma * eps                | eps = (x - mu) / sigma (exact)   |
 * | logNormal    | eps ~ N(0,1) (log scale)| exp(mu + sigma * eps)           | eps = (log x - mu) / sigma (exact)|
 * | bernoulli    | u ~ U(0,1) (threshold)  | u < p ? 1 : 0                   | u ~ U(0,p) if 1, U(p,1) if 0     |
 * | categorical  | g_j ~ Gumbel(0,1)       | argmax_j log p_j + g_j          | top-down truncated Gumbels       |
 * | uniform, beta, gamma, poisson | u ~ U(0,1) (inverse CDF) | F^-1(u)    | u = F(x); discrete: U(F(x-1), F(x)) |
 * | delta        | none (deterministic)    | the value                       | nothing to abduct                |
 *
 * Bernoulli's threshold coupling is Gumbel-max with two categories (x = 1 iff a logistic noise
 * exceeds -logit p), so binary counterfactuals are exact and monotone. A user who wants another
 * coupling declares the noise as a latent variable and passes it through `delta`.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Rng } from "../random/rng";

export type NoiseKind = "additive" | "threshold" | "gumbel" | "inverse-cdf" | "none";

/**
 * A parameter's constraint as data, so hovers, docs and the check read one table: the
 * constructor's check is compiled from these (compileCheck), and `valid` tests one value.
 */
export type Check = "finite" | "positive" | "nonNegative" | "probability" | "number" | { finiteAbove: string };

/**
 * One declared parameter: what hovers and docs show (description, constraint), what the
 * constructor checks (check, compiled once per family) and the message when it fails.
 */
export interface ParamSpec {
  name: string;
  description: string;
  constraint: string;
  check: Check;
  /** Why a rejected value is invalid, read after "is invalid; ". */
  requirement: string | ((all: readonly number[]) => string);
  /** Whether a value is allowed; `all` holds every parameter's value in table order (cross-parameter checks). */
  valid(value: number, all: readonly number[]): boolean;
  /** True when the check reads another parameter's value (e.g. uniform's b > a). */
  readsOthers?: boolean;
}

/** The check of one value `v` as a JavaScript expression; `other` names another parameter's value. */
function checkSource(check: Check, v: string, other: (name: string) => string): string {
  if (typeof check === "object") return `(Number.isFinite(${v}) && ${v} > ${other(check.finiteAbove)})`;
  switch (check) {
    case "finite": return `Number.isFinite(${v})`;
    case "positive": return `(${v} > 0 && ${v} < Infinity)`;
    case "nonNegative": return `(${v} >= 0 && ${v} < Infinity)`;
    case "probability": return `(${v} >= 0 && ${v} <= 1)`;
    case "number": return `(typeof ${v} === "number" && ${v} === ${v})`;
  }
}

function checkValue(check: Check, x: number, other: (name: string) => number): boolean {
  if (typeof check === "object") return Number.isFinite(x) && x > other(check.finiteAbove);
  switch (check) {
    case "finite": return Number.isFinite(x);
    case "positive": return x > 0 && x < Infinity;
    case "nonNegative": return x >= 0 && x < Infinity;
    case "probability": return x >= 0 && x <= 1;
    case "number": return typeof x === "number" && !Number.isNaN(x);
  }
}

/** A family's parameter table from its declarations (adds `valid` and `readsOthers` from each check). */
export function defineParams(entries: readonly Omit<ParamSpec, "valid" | "readsOthers">[]): readonly ParamSpec[] {
  const names = entries.map((e) => e.name);
  return entries.map((e) => {
    const reads = typeof e.check === "object";
    return { ...e, ...(reads ? { readsOthers: true } : {}), valid: (x: number, all: readonly number[]) => checkValue(e.check, x, (n) => all[names.indexOf(n)]) };
  });
}

/**
 * One function that checks all of a family's parameters at once, generated from the table so the
 * constructor's check is a single inlinable call (a distribution is built per row on the hot
 * path); where code generation is not allowed, the table's `valid` functions are used in a loop.
 */
export function compileCheck(table: readonly ParamSpec[]): (...values: number[]) => boolean {
  const args = table.map((_, j) => `p${j}`);
  const argOf = (name: string) => `p${table.findIndex((t) => t.name === name)}`;
  try {
    return new Function(...args, `return ${table.map((t, j) => checkSource(t.check, `p${j}`, argOf)).join(" && ")};`) as (...values: number[]) => boolean;
  } catch {
    return (...values) => table.every((t, j) => t.valid(values[j], values));
  }
}

/** Checks the values against the family's parameter table; throws the first "invalid-parameter". */
export function validateParameters(dist: string, table: readonly ParamSpec[], values: readonly number[]): void {
  for (let j = 0; j < table.length; j++) {
    const spec = table[j];
    if (!spec.valid(values[j], values)) {
      invalidParameter(dist, spec.name, values[j], typeof spec.requirement === "string" ? spec.requirement : spec.requirement(values));
    }
  }
}

/** The exogenous noise of a batch: a scalar per row, or a vector per row for Gumbel-max (categorical). */
export interface NoiseColumns {
  u: Float64Array;
  g: (Float64Array | undefined)[];
}

export function noiseColumns(n: number): NoiseColumns {
  return { u: new Float64Array(n), g: new Array<Float64Array | undefined>(n) };
}

export abstract class Distribution<T extends number = number> {
  /** Phantom field carrying the value type for the builder's parent typing. */
  declare readonly __value?: T;
  abstract get kind(): string;
  abstract get noise(): NoiseKind;
  /** Draws one value. */
  abstract sample(rng: Rng): number;
  /** Log density (continuous) or log mass (discrete) of x. */
  abstract logProb(x: number): number;
  /**
   * The mass of x (discrete families): exp(logProb(x)) unless a family holds the mass itself, as
   * categorical and bernoulli do; exact tables (variable elimination, BIF export) read it, so a
   * table entry written 0.3 stays 0.3 instead of exp(log(0.3)), one rounding away.
   */
  mass(x: number): number {
    return Math.exp(this.logProb(x));
  }
  /** log p(x[i]) for every row of a column into out (families hoist what does not depend on x). */
  logProbColumn(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; i++) out[i] = this.logProb(x[i]);
  }
  /** The finite support in increasing order, or undefined when it is infinite or continuous. */
  support(): readonly number[] | undefined {
    return undefined;
  }
  /**
   * Whether x lies in the support of this distribution FAMILY at its current parameters (not
   * whether it has positive mass: bernoulli(1) still takes values in {0, 1}). Queries use it to
   * refuse do(), evidence and events that name a value the variable can never take.
   */
  abstract inSupport(x: number): boolean;
  /** The support in words for messages, read after "whose values are", e.g. `0 and 1`. */
  abstract supportText(): string;
  /** True when the support is discrete (values are counted, evidence has mass). */
  get discrete(): boolean {
    return false;
  }
  /**
   * Draws this row's exogenous noise into `noise` and returns the value the mechanism takes at it.
   * Scalar noise by default; a family with another kind of noise (categorical's Gumbel vector)
   * overrides these three methods, so the runtime never asks which family it holds.
   */
  drawNoise(rng: Rng, noise: NoiseColumns, row: number): number {
    const u = this.sampleNoise(rng);
    noise.u[row] = u;
    return this.fromNoise(u);
  }
  /** The value at this row's recorded noise (the prediction step of abduction-action-prediction). */
  pushNoise(noise: NoiseColumns, row: number, _rng: Rng): number {
    return this.fromNoise(noise.u[row]);
  }
  /** Draws this row's noise from its posterior given the observed value x (abduction). */
  abductNoise(x: number, rng: Rng, noise: NoiseColumns, row: number): void {
    noise.u[row] = this.abduct(x, rng);
  }
  /**
   * P(x = 1) when the variable is x = 1 iff U < p for a shared uniform U (bernoulli, a
   * two-category categorical, a 0/1 delta): copies in several worlds then have an exact joint.
   */
  thresholdProbability(): number | undefined {
    return undefined;
  }
  /** The value of a deterministic mechanism (delta), else undefined. */
  deterministicValue(): number | undefined {
    return undefined;
  }
  /** Scalar noise: draws U from its prior (for "none" returns 0). */
  abstract sampleNoise(rng: Rng): number;
  /** Scalar noise: the value the mechanism takes at noise U. */
  abstract fromNoise(u: number): number;
  /** Scalar noise: draws U from its posterior given that the mechanism produced x. */
  abstract abduct(x: number, rng: Rng): number;
  /** A short description for hovers and messages, e.g. `normal(0, 1)`. */
  abstract describe(): string;
}

/** Throws the catalogue's "invalid-parameter" error naming the parameter and its value. */
export function invalidParameter(dist: string, param: string, value: unknown, requirement: string): never {
  const shown = Array.isArray(value) ? `[${value.map((v) => (typeof v === "number" ? valueText(v) : String(v))).join(", ")}]` : typeof value === "number" ? valueText(value) : String(value);
  throw new CausalError(error("invalid-parameter", `${dist}: parameter ${param} = ${shown} is invalid; ${requirement}`));
}

/**
 * A number for a message, in at most 6 significant digits (0.123456789 is "0.123457"); a value within
 * rounding noise of a short one says so, e.g. -0.30000000000000004 is "-0.3 - 5.6e-17" and
 * 1.0000000000000002 is "1 + 2.2e-16", so the reason it fails a bound stays visible. Integers, NaN, ±Infinity as they are.
 */
export function valueText(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  const short = Number(x.toPrecision(6));
  const noise = x - short;
  if (noise === 0 || Math.abs(noise) > 1e-9 * Math.abs(x)) return String(short);
  return `${short} ${noise > 0 ? "+" : "-"} ${Number(Math.abs(noise).toPrecision(2))}`;
}

/** Uniform draw on the open interval (0, 1). */
export function openUniform(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return u;
}

/** Uniform draw on (lo, hi), clamped inside the interval. */
export function uniformBetween(lo: number, hi: number, rng: Rng): number {
  if (!(hi > lo)) return lo;
  return lo + (hi - lo) * openUniform(rng);
}
