/**
 * Parameter constraints and their bijections to unconstrained space, as NumPyro's
 * `constraints` + `biject_to`: a learnable parameter is declared with a constraint, checked
 * wherever a value is given (declaration, withParams, a parameter file), and an optimiser works
 * on the unconstrained value u with x = fromUnconstrained(u); SVI adds log|det dx/du|.
 *
 * | constraint         | x                   | u -> x                                  |
 * |--------------------|---------------------|-----------------------------------------|
 * | real               | any finite number   | identity                                |
 * | positive           | x > 0               | softplus(u) = log(1 + e^u)              |
 * | unit-interval      | 0 < x < 1           | sigmoid(u)                              |
 * | interval [lo, hi]  | lo < x < hi         | lo + (hi - lo) sigmoid(u)               |
 * | simplex (k)        | x_j > 0, sum x = 1  | stick-breaking from k - 1 reals (Stan)  |
 * | simplices: k       | consecutive blocks of k entries in [0, 1] summing to 1 (a CPT's rows; zeros allowed) | stick-breaking per block |
 *
 * Softplus rather than exp for positive values: its gradient does not blow up for large u
 * (the choice of Pyro's `softplus_positive` and TFP's default for scales).
 */
import { CausalError, error } from "../errors/diagnostic";

export type Constraint = "real" | "positive" | "unit-interval" | "simplex" | { interval: readonly [number, number] } | { simplices: number };

/** Applies `f` to each block of k entries of a `{ simplices: k }` value and concatenates the results. */
function blockwise(k: number, x: Float64Array, blockIn: number, f: (b: Float64Array) => Float64Array, blockOut: number): Float64Array {
  const blocks = x.length / blockIn, out = new Float64Array(blocks * blockOut);
  for (let b = 0; b < blocks; b++) out.set(f(x.subarray(b * blockIn, (b + 1) * blockIn)), b * blockOut);
  return out;
}

export function describeConstraint(c: Constraint): string {
  if (typeof c === "object" && "simplices" in c) return `rows of ${c.simplices} entries, each a probability vector (entries in [0, 1] summing to 1)`;
  return typeof c === "object" ? `in the interval (${c.interval[0]}, ${c.interval[1]})` : c === "real" ? "a finite number" : c === "positive" ? "positive" : c === "unit-interval" ? "in (0, 1)" : "a simplex (positive entries summing to 1)";
}

/** Why `value` breaks the constraint, or undefined when it holds. Simplex values are vectors; the others scalars or vectors (elementwise). */
export function constraintViolation(c: Constraint, value: number | Float64Array): string | undefined {
  if (typeof c === "object" && "simplices" in c) {
    const k = c.simplices;
    if (!(Number.isInteger(k) && k >= 2)) return `a rows-of-simplices constraint needs rows of at least 2 entries, got ${k}`;
    if (typeof value === "number" || value.length === 0 || value.length % k !== 0) return `needs a vector whose length is a multiple of ${k}`;
    // A table's rows may hold zeros: counts give them wherever a level never follows a configuration,
    // and a params file trained so must load again.
    for (let b = 0; b < value.length / k; b++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const x = value[b * k + j];
        if (!(x >= 0 && x <= 1)) return `row ${b}: entry ${j} is ${x}; a table's entries lie in [0, 1]`;
        sum += x;
      }
      if (!(Math.abs(sum - 1) <= 1e-9 * k)) return `row ${b}: the entries sum to ${sum}, not 1`;
    }
    return undefined;
  }
  if (c === "simplex") {
    if (typeof value === "number" || value.length < 2) return "a simplex needs a vector of at least 2 entries";
    let sum = 0;
    for (let j = 0; j < value.length; j++) {
      if (!(value[j] > 0 && value[j] < 1)) return `entry ${j} is ${value[j]}; simplex entries lie in (0, 1)`;
      sum += value[j];
    }
    return Math.abs(sum - 1) <= 1e-9 * value.length ? undefined : `the entries sum to ${sum}, not 1`;
  }
  const xs = typeof value === "number" ? [value] : Array.from(value);
  for (let j = 0; j < xs.length; j++) {
    const x = xs[j], at = typeof value === "number" ? "" : `entry ${j}: `;
    if (!Number.isFinite(x)) return `${at}${x} is not a finite number`;
    if (c === "positive" && !(x > 0)) return `${at}${x} is not positive`;
    if (c === "unit-interval" && !(x > 0 && x < 1)) return `${at}${x} is not in (0, 1)`;
    if (typeof c === "object" && "interval" in c && !(x > c.interval[0] && x < c.interval[1])) return `${at}${x} is not in (${c.interval[0]}, ${c.interval[1]})`;
  }
  return undefined;
}

/** Throws "invalid-parameter" naming the param when the value breaks its constraint. */
export function checkConstraint(name: string, c: Constraint, value: number | Float64Array): void {
  const why = constraintViolation(c, value);
  if (why) throw new CausalError(error("invalid-parameter", `param "${name}" must be ${describeConstraint(c)}: ${why}`));
}

const softplus = (u: number) => (u > 30 ? u : Math.log1p(Math.exp(u)));
const softplusInverse = (x: number) => (x > 30 ? x : Math.log(Math.expm1(x)));
const sigmoid = (u: number) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)));
const logit = (p: number) => Math.log(p) - Math.log1p(-p);
/** log sigmoid(u), stable for large |u|. */
const logSigmoid = (u: number) => (u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u)));

/** The number of unconstrained reals behind a value of `size` entries (a simplex loses one). */
export function unconstrainedSize(c: Constraint, size: number): number {
  if (typeof c === "object" && "simplices" in c) return (size / c.simplices) * (c.simplices - 1);
  return c === "simplex" ? size - 1 : size;
}

/** u with fromUnconstrained(u) = x. */
export function toUnconstrained(c: Constraint, x: Float64Array): Float64Array {
  if (typeof c === "object" && "simplices" in c) return blockwise(c.simplices, x, c.simplices, (b) => toUnconstrained("simplex", b), c.simplices - 1);
  if (c === "simplex") {
    // Stick-breaking: z_j = x_j / (1 - sum_{i<j} x_i), u_j = logit(z_j) + log(k - 1 - j) (centred at the uniform simplex).
    const k = x.length, u = new Float64Array(k - 1);
    let rest = 1;
    for (let j = 0; j < k - 1; j++) {
      const z = Math.min(Math.max(x[j] / rest, 1e-300), 1 - 1e-16);
      u[j] = logit(z) + Math.log(k - 1 - j);
      rest -= x[j];
    }
    return u;
  }
  return Float64Array.from(x, (v) => {
    if (c === "real") return v;
    if (c === "positive") return softplusInverse(v);
    if (c === "unit-interval") return logit(v);
    const [lo, hi] = (c as { interval: readonly [number, number] }).interval;
    return logit((v - lo) / (hi - lo));
  });
}

/** x from the unconstrained u. */
export function fromUnconstrained(c: Constraint, u: Float64Array): Float64Array {
  if (typeof c === "object" && "simplices" in c) return blockwise(c.simplices, u, c.simplices - 1, (b) => fromUnconstrained("simplex", b), c.simplices);
  if (c === "simplex") {
    const k = u.length + 1, x = new Float64Array(k);
    let rest = 1;
    for (let j = 0; j < k - 1; j++) {
      const z = sigmoid(u[j] - Math.log(k - 1 - j));
      x[j] = rest * z;
      rest -= x[j];
    }
    x[k - 1] = rest;
    return x;
  }
  return Float64Array.from(u, (v) => {
    if (c === "real") return v;
    if (c === "positive") return softplus(v);
    if (c === "unit-interval") return sigmoid(v);
    const [lo, hi] = (c as { interval: readonly [number, number] }).interval;
    return lo + (hi - lo) * sigmoid(v);
  });
}

/** log |det d fromUnconstrained(u) / du| (what a change of variables adds to a log density). */
export function logAbsDetJacobian(c: Constraint, u: Float64Array): number {
  let s = 0;
  if (typeof c === "object" && "simplices" in c) {
    const m = c.simplices - 1;
    for (let b = 0; b < u.length / m; b++) s += logAbsDetJacobian("simplex", u.subarray(b * m, (b + 1) * m));
    return s;
  }
  if (c === "simplex") {
    const k = u.length + 1;
    let rest = 1;
    for (let j = 0; j < k - 1; j++) {
      const v = u[j] - Math.log(k - 1 - j), z = sigmoid(v);
      // dx_j/du_j = rest * z (1 - z); the Jacobian is triangular.
      s += Math.log(rest) + logSigmoid(v) + logSigmoid(-v);
      rest -= rest * z;
    }
    return s;
  }
  for (const v of u) {
    if (c === "real") continue;
    if (c === "positive") s += logSigmoid(v); // d softplus / du = sigmoid(u)
    else if (c === "unit-interval") s += logSigmoid(v) + logSigmoid(-v);
    else { const [lo, hi] = (c as { interval: readonly [number, number] }).interval; s += Math.log(hi - lo) + logSigmoid(v) + logSigmoid(-v); }
  }
  return s;
}
