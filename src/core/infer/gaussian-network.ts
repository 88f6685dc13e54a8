/**
 * Closed-form inference for linear-Gaussian models (issue 14, item 3): every mechanism is
 * normal(b0 + sum_j b_j * parent_j, sd) with constant b and sd. Each variable's copy in a world is
 * then an affine function of the standardised exogenous noise e ~ N(0, I) shared by all worlds
 * (x_w = c_w + M_w e, built in causal order: an intervened copy is its constant, any other
 * b0 + B x_w + sd * e), so an interventional, conditional or counterfactual mean of a linear target
 * is Gaussian conditioning of e on the evidence: E[e | y] = M_E^T (M_E M_E^T)^-1 (y - c_E) and
 * Cov = I - M_E^T (M_E M_E^T)^-1 M_E. The target's mean and standard deviation are exact.
 *
 * Linearity is read from the model, not declared: each mechanism is evaluated through the runtime
 * at the origin, at each parent's unit vector and at 24 seeded points spread over scales from 0.1
 * to 10^4, and must give a normal whose mean is affine in the parents (to 1e-9, relative) and
 * whose sd is constant. A mechanism that is affine on all of those points but not elsewhere would
 * be misread; any other shape (another family, a branch the points reach, a throw) makes the
 * model not linear-Gaussian (NotExactError), and the caller samples. Targets must be linear in
 * the values they read (probed the same way): a mean, or a difference of two worlds' means.
 */
import { Normal } from "../distributions/normal";
import { CausalError, error } from "../errors/diagnostic";
import { createRng } from "../random/rng";
import { conditionalDistributions } from "../runtime/handlers/mechanism-only";
import type { ModelSpec } from "../runtime/model-spec";
import { runParams } from "../runtime/run-model";
import { Runtime } from "../runtime/runtime";
import type { WorldSpec } from "./discrete-network";
import type { Target } from "./estimate";
import { NotExactError } from "./not-exact";

interface LinearGaussian {
  index: Map<string, number>;
  /** Per variable: intercept, parents' indices and coefficients, noise sd. */
  rows: { b0: number; parents: number[]; coef: number[]; sd: number }[];
}

const PROBES = 24;
const TOLERANCE = 1e-9;
const cache = new WeakMap<ModelSpec, LinearGaussian | NotExactError>();

/** The model's linear-Gaussian form, or NotExactError naming the first mechanism that is not. */
export function linearGaussianForm(spec: ModelSpec): LinearGaussian {
  let form = cache.get(spec);
  if (!form) {
    try {
      form = readForm(spec);
    } catch (e) {
      if (!(e instanceof NotExactError)) throw e;
      form = e;
    }
    cache.set(spec, form);
  }
  if (form instanceof NotExactError) throw form;
  return form;
}

function readForm(spec: ModelSpec): LinearGaussian {
  const rt = new Runtime(spec.variables.map((v) => v.name));
  const { params } = runParams(rt, spec);
  const index = new Map(spec.variables.map((v, i) => [v.name, i]));
  const rng = createRng(0x9a55);
  const rows = spec.variables.map((v) => {
    const k = v.parents.length;
    const points: number[][] = [Array(k).fill(0), ...Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, i) => (i === j ? 1 : 0)))];
    for (let p = 0; p < PROBES; p++) {
      const scale = 10 ** (-1 + (5 * p) / (PROBES - 1));
      points.push(Array.from({ length: k }, () => scale * (2 * rng.next() - 1)));
    }
    let dists;
    try {
      dists = conditionalDistributions(rt, v, v.parents.map((_, j) => Float64Array.from(points, (r) => r[j])), points.length, params);
    } catch (e) {
      throw new NotExactError(`"${v.name}" is not linear-Gaussian (its mechanism threw on a probe: ${(e as Error).message})`);
    }
    const not = (why: string) => new NotExactError(`"${v.name}" is not linear-Gaussian (${why})`);
    if (!dists.every((d) => d instanceof Normal)) throw not(`its mechanism gives ${dists.find((d) => !(d instanceof Normal))!.describe()}`);
    const normals = dists as Normal[];
    const b0 = normals[0].mu;
    const coef = v.parents.map((_, j) => normals[1 + j].mu - b0);
    const sd = normals[0].sigma;
    normals.forEach((d, r) => {
      const affine = b0 + coef.reduce((a, b, j) => a + b * points[r][j], 0);
      const scale = 1 + Math.abs(b0) + coef.reduce((a, b, j) => a + Math.abs(b * points[r][j]), 0);
      if (!(Math.abs(d.mu - affine) <= TOLERANCE * scale)) throw not(`its mean is not affine in ${v.parents.join(", ")}`);
      if (!(Math.abs(d.sigma - sd) <= TOLERANCE * sd)) throw not("its sd depends on its parents");
    });
    return { b0, parents: v.parents.map((p) => index.get(p)!), coef, sd };
  });
  return { index, rows };
}

/** E[target] and its sd given the evidence (observed in the first world), in closed form. */
export function gaussianExpectation(spec: ModelSpec, worlds: readonly WorldSpec[], evidence: readonly { world: string; name: string; value: number }[], target: Target): { value: number; sd: number } {
  const form = linearGaussianForm(spec);
  const n = form.rows.length;
  // Each copy x = c + m . e, per world, in causal order (worlds share e).
  const copies = new Map<string, { c: number; m: Float64Array }[]>();
  for (const w of worlds) {
    const xs: { c: number; m: Float64Array }[] = [];
    form.rows.forEach((r, i) => {
      const name = spec.variables[i].name;
      if (Object.hasOwn(w.do, name)) return void xs.push({ c: w.do[name], m: new Float64Array(n) });
      const m = new Float64Array(n);
      let c = r.b0;
      r.parents.forEach((p, j) => {
        c += r.coef[j] * xs[p].c;
        const mp = xs[p].m;
        for (let q = 0; q < n; q++) m[q] += r.coef[j] * mp[q];
      });
      m[i] += r.sd;
      xs.push({ c, m });
    });
    copies.set(w.name, xs);
  }
  const copy = (world: string, name: string) => {
    const i = form.index.get(name);
    const xs = copies.get(world);
    if (i === undefined || !xs) throw new RangeError(`no copy of "${name}" in world "${world}"`);
    return xs[i];
  };
  const { a, g } = linearTarget(target, copy, n);
  const ev = evidence.map((e) => ({ ...copy(e.world, e.name), y: e.value, label: `${e.name} = ${e.value}` }));
  const { mean, project } = condition(ev, n);
  let value = a;
  for (let q = 0; q < n; q++) value += g[q] * mean[q];
  // Var = g^T (I - P) g, where P projects onto the evidence rows' span.
  let variance = 0;
  for (let q = 0; q < n; q++) variance += g[q] * g[q];
  variance -= project(g);
  return { value, sd: Math.sqrt(Math.max(0, variance)) };
}

/** The target as a + g . e, when it is linear in the copies it reads (probed at the origin, unit values and random points). */
function linearTarget(target: Target, copy: (w: string, n: string) => { c: number; m: Float64Array }, n: number): { a: number; g: Float64Array } {
  const reads: string[] = [];
  const at = (values: Map<string, number>) => target((w, name) => {
    const k = `${w}\u0000${name}`;
    if (!reads.includes(k)) reads.push(k);
    return values.get(k) ?? 0;
  });
  const t0 = at(new Map());
  const coef = reads.map((k) => at(new Map([[k, 1]])) - t0);
  const rng = createRng(7);
  for (let p = 0; p < 8; p++) {
    const values = new Map(reads.map((k) => [k, 100 * (2 * rng.next() - 1)]));
    const expect = t0 + reads.reduce((s, k, j) => s + coef[j] * values.get(k)!, 0);
    const got = at(values);
    if (!(Math.abs(got - expect) <= TOLERANCE * (1 + Math.abs(expect) + Math.abs(t0)) * 100) || reads.length !== coef.length) {
      throw new NotExactError("the target is not linear in the variables it reads");
    }
  }
  let a = t0;
  const g = new Float64Array(n);
  reads.forEach((k, j) => {
    const [w, name] = k.split("\u0000");
    const x = copy(w, name);
    a += coef[j] * x.c;
    for (let q = 0; q < n; q++) g[q] += coef[j] * x.m[q];
  });
  return { a, g };
}

/**
 * Conditions e ~ N(0, I) on rows c_k + m_k . e = y_k by Gram-Schmidt on the rows: an orthonormal
 * basis of their span gives the posterior mean (the minimum-norm e meeting the evidence) and the
 * projection. A row in the span of earlier ones must agree with them (else the evidence is impossible).
 */
function condition(ev: { c: number; m: Float64Array; y: number; label: string }[], n: number): { mean: Float64Array; project: (g: Float64Array) => number } {
  const basis: Float64Array[] = [];
  const mean = new Float64Array(n);
  for (const e of ev) {
    const u = Float64Array.from(e.m);
    let rhs = e.y - e.c;
    for (const b of basis) {
      let d = 0;
      for (let q = 0; q < n; q++) d += u[q] * b[q];
      for (let q = 0; q < n; q++) u[q] -= d * b[q];
    }
    // The part of the residual the earlier evidence already explains.
    for (let q = 0; q < n; q++) rhs -= e.m[q] * mean[q];
    let norm = 0;
    for (let q = 0; q < n; q++) norm += u[q] * u[q];
    norm = Math.sqrt(norm);
    let scale = 0;
    for (let q = 0; q < n; q++) scale += e.m[q] * e.m[q];
    if (norm <= 1e-12 * (1 + Math.sqrt(scale))) {
      if (Math.abs(rhs) > 1e-9 * (1 + Math.abs(e.y))) throw new CausalError(error("impossible-evidence", `${e.label} is observed but the model and the other evidence fix it to ${e.y - rhs}`));
      continue;
    }
    for (let q = 0; q < n; q++) u[q] /= norm;
    // Move the mean along u so that row . mean = y - c: row . u = norm.
    for (let q = 0; q < n; q++) mean[q] += (rhs / norm) * u[q];
    basis.push(u);
  }
  return {
    mean,
    project: (g) => basis.reduce((s, b) => { let d = 0; for (let q = 0; q < n; q++) d += g[q] * b[q]; return s + d * d; }, 0),
  };
}
