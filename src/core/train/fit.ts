/**
 * fitMaximumLikelihood(model, data): maximum-likelihood values of a model's params for a fully
 * observed data set, whatever the mechanisms' code, with standard errors from the observed
 * information. The objective is core's logLikelihood (every variable observed, per row); params
 * are optimised in their unconstrained space (constraints.ts) by BFGS with numeric gradients, and
 * the standard errors come from the numeric Hessian there, carried to the params by the delta
 * method (se = sqrt(diag(J I^-1 J^T)), J = dx/du). Suited to models with up to a few dozen params;
 * closed-form and gradient-based (TensorFlow.js) fitting are the next steps for bigger ones.
 *
 *     const { model: fitted, params, standardErrors } = fitMaximumLikelihood(m, table);
 *     fitted.do({ x: 1 }).mean("y");
 */
import { type Constraint, fromUnconstrained, toUnconstrained } from "../distributions/constraints";
import { CausalError, error } from "../errors/diagnostic";
import { type DataColumns, type LogLikelihood, logLikelihood, type TableLike } from "../infer/log-likelihood";
import type { ParamValue } from "../runtime/message";
import type { ModelSpec, ParamDecl } from "../runtime/model-spec";
import { ParamStore } from "../runtime/param-store";
import { inverseSpd, minimiseBfgs, numericHessian } from "./bfgs";

export interface FitOptions {
  maxIterations?: number;
  /** Called after each iteration with the log-likelihood so far; return true to stop (cancel). */
  onIteration?: (iteration: number, logLikelihood: number) => boolean | void;
  /** Params held at these values, not fitted (trainModel fits some mechanisms in closed form first). */
  fixed?: Readonly<Record<string, ParamValue>>;
}

export interface FitResult<M> {
  /** The model with the fitted values (when the model value has withParams). */
  model: M;
  params: ParamStore;
  /** Per param: its standard error (a vector for a vector param); NaN where the information is singular. */
  standardErrors: Record<string, number | Float64Array>;
  logLikelihood: LogLikelihood;
  iterations: number;
  converged: boolean;
}

type Fittable<M> = { spec(): ModelSpec; withParams?(values: ParamStore): M };

export function fitMaximumLikelihood<M extends Fittable<M>>(model: M, data: DataColumns | TableLike, options: FitOptions = {}): FitResult<M> {
  const spec = model.spec();
  const fixed = options.fixed ?? {};
  const decls = (spec.params ?? []).filter((d) => !(d.name in fixed));
  if (!decls.length) throw new CausalError(error("invalid-argument", `model "${spec.name}" declares no params${Object.keys(fixed).length ? " left to fit" : ""}, so there is nothing to fit; declare learnable values with .param(name, init)`));
  const layout = layoutOf(decls);
  const storeAt = (u: Float64Array) => new ParamStore({ ...fixed, ...Object.fromEntries(decls.map((d, i) => [d.name, unpack(layout[i], u)])) });
  const first = logLikelihood(spec, data, { params: storeAt(layout.u0) });
  const rows = Math.max(1, first.rows);
  // The mean negative log-likelihood per row keeps the objective's scale independent of the data size.
  // Outside the params' domain (a mechanism rejects its parameters, a row becomes impossible) the
  // objective is +Infinity, which the line search steps back from.
  const objective = (u: Float64Array) => {
    if (!u.every(Number.isFinite)) return Infinity;
    try {
      const ll = logLikelihood(spec, data, { params: storeAt(u) }).total;
      return Number.isFinite(ll) ? -ll / rows : Infinity;
    } catch (e) {
      if (e instanceof CausalError && e.diagnostic.code === "invalid-parameter") return Infinity;
      throw e;
    }
  };
  if (!Number.isFinite(objective(layout.u0))) {
    throw new CausalError(error("invalid-data", `the data are impossible under model "${spec.name}" at the params' initial values (a row has probability 0); start from values under which every row is possible`));
  }
  // The likelihood factorises over mechanisms: params read by different mechanisms are fitted
  // apart (smaller, better-conditioned problems). Which mechanisms read a param is seen by nudging it.
  const groups = paramGroups(spec, data, layout, storeAt);
  let u = Float64Array.from(layout.u0), iterations = 0, converged = true;
  for (const g of groups) {
    const idx = g.slots.flatMap((k) => Array.from({ length: layout[k].length }, (_, j) => layout[k].offset + j));
    const part = (v: Float64Array) => {
      const full = Float64Array.from(u);
      idx.forEach((i, j) => { full[i] = v[j]; });
      if (!full.every(Number.isFinite)) return Infinity;
      try {
        const ll = logLikelihood(spec, data, { params: storeAt(full) });
        let s = 0;
        for (const m of g.mechanisms) s += ll.perMechanism[m].total;
        return Number.isFinite(s) ? -s / rows : Infinity;
      } catch (e) {
        if (e instanceof CausalError && e.diagnostic.code === "invalid-parameter") return Infinity;
        throw e;
      }
    };
    const r = minimiseBfgs(part, Float64Array.from(idx, (i) => u[i]), {
      maxIterations: options.maxIterations ?? 500,
      onIteration: options.onIteration && ((it, v) => options.onIteration!(iterations + it, -v * rows)),
    });
    idx.forEach((i, j) => { u[i] = r.x[j]; });
    iterations += r.iterations;
    converged &&= r.converged;
  }
  const result = { x: u, iterations, converged };
  const params = storeAt(result.x);
  const standardErrors = standardErrorsAt(objective, result.x, rows, layout, decls);
  return {
    model: model.withParams ? model.withParams(params) : model,
    params, standardErrors,
    logLikelihood: logLikelihood(spec, data, { params }),
    iterations: result.iterations, converged: result.converged,
  };
}

interface Slot {
  decl: ParamDecl;
  constraint: Constraint;
  scalar: boolean;
  size: number;
  /** Where this param's unconstrained entries start in the vector, and how many there are. */
  offset: number;
  length: number;
}

function layoutOf(decls: readonly ParamDecl[]): Slot[] & { u0: Float64Array } {
  const slots: Slot[] = [];
  const parts: Float64Array[] = [];
  let offset = 0;
  for (const d of decls) {
    const constraint = d.constraint ?? "real";
    const value = typeof d.init === "number" ? Float64Array.of(d.init) : d.init;
    const u = toUnconstrained(constraint, value);
    slots.push({ decl: d, constraint, scalar: typeof d.init === "number", size: value.length, offset, length: u.length });
    parts.push(u);
    offset += u.length;
  }
  const u0 = new Float64Array(offset);
  parts.forEach((p, i) => u0.set(p, slots[i].offset));
  return Object.assign(slots, { u0 });
}

function unpack(slot: Slot, u: Float64Array): ParamValue {
  const x = fromUnconstrained(slot.constraint, u.subarray(slot.offset, slot.offset + slot.length));
  return slot.scalar ? x[0] : x;
}

interface ParamGroup {
  slots: number[];
  mechanisms: string[];
}

/** Params grouped so that no two groups are read by one mechanism, each with the mechanisms that read it. */
function paramGroups(spec: ModelSpec, data: DataColumns | TableLike, layout: Slot[] & { u0: Float64Array }, storeAt: (u: Float64Array) => ParamStore): ParamGroup[] {
  const base = logLikelihood(spec, data, { params: storeAt(layout.u0) }).perMechanism;
  const readers = layout.map((slot) => {
    const seen = new Set<string>();
    for (let j = 0; j < slot.length; j++) {
      const u = Float64Array.from(layout.u0);
      u[slot.offset + j] += 1e-3 * Math.max(1, Math.abs(u[slot.offset + j]));
      let ll: ReturnType<typeof logLikelihood>["perMechanism"] | undefined;
      try { ll = logLikelihood(spec, data, { params: storeAt(u) }).perMechanism; } catch { ll = undefined; }
      for (const v of spec.variables) if (!ll || ll[v.name].total !== base[v.name].total) seen.add(v.name);
    }
    return seen;
  });
  // Union of params that share a reader.
  const groups: ParamGroup[] = [];
  layout.forEach((_, k) => {
    const hit = groups.filter((g) => g.mechanisms.some((m) => readers[k].has(m)));
    const merged: ParamGroup = { slots: [k, ...hit.flatMap((g) => g.slots)], mechanisms: [...new Set([...readers[k], ...hit.flatMap((g) => g.mechanisms)])] };
    for (const g of hit) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  });
  return groups.map((g) => ({ slots: g.slots.sort((a, b) => a - b), mechanisms: g.mechanisms.length ? g.mechanisms : spec.variables.map((v) => v.name) }));
}

function standardErrorsAt(objective: (u: Float64Array) => number, u: Float64Array, rows: number, layout: Slot[], decls: readonly ParamDecl[]): Record<string, number | Float64Array> {
  const n = u.length;
  // Observed information in u: the Hessian of the total negative log-likelihood.
  const H = numericHessian(objective, u).map((v) => v * rows);
  const cov = inverseSpd(H, n);
  const out: Record<string, number | Float64Array> = {};
  layout.forEach((slot, k) => {
    const se = new Float64Array(slot.size).fill(NaN);
    if (cov) {
      // J = dx/du for this param's entries (numeric), then diag(J C J^T) over its block of C.
      const uBlock = u.slice(slot.offset, slot.offset + slot.length);
      const J = new Float64Array(slot.size * slot.length);
      for (let j = 0; j < slot.length; j++) {
        const h = 1e-6 * Math.max(1, Math.abs(uBlock[j]));
        const up = Float64Array.from(uBlock), dn = Float64Array.from(uBlock);
        up[j] += h; dn[j] -= h;
        const a = fromUnconstrained(slot.constraint, up), b = fromUnconstrained(slot.constraint, dn);
        for (let i = 0; i < slot.size; i++) J[i * slot.length + j] = (a[i] - b[i]) / (2 * h);
      }
      for (let i = 0; i < slot.size; i++) {
        let v = 0;
        for (let a = 0; a < slot.length; a++) for (let b = 0; b < slot.length; b++) v += J[i * slot.length + a] * cov[(slot.offset + a) * n + slot.offset + b] * J[i * slot.length + b];
        se[i] = Math.sqrt(Math.max(0, v));
      }
    }
    out[decls[k].name] = slot.scalar ? se[0] : se;
  });
  return out;
}
