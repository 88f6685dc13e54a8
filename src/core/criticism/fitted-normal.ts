/**
 * The location and scale of every normal-noise mechanism on every data row: the model is run once
 * through the runtime with every variable that has a column observed (condition), the params
 * substituted (substitute), and a capture handler reading each site's batch distribution; a row
 * whose distribution is a Normal gives (mu, sigma). This is what a residual check needs from a
 * mechanism — linear-Gaussian or any other whose noise is additive normal — and it runs the
 * mechanisms exactly as inference does (no second evaluator). Variables with no column (latent
 * ones) are sampled from a fixed seed so the run can proceed; mechanisms that read them are
 * reported as not checkable, never checked against invented values.
 */
import { Normal, NormalColumns } from "../distributions/normal";
import { type BatchDistribution, valueAt } from "../distributions/batch-distribution";
import { createRng } from "../random/rng";
import { ConditionHandler } from "../runtime/handlers/condition";
import { SeedHandler } from "../runtime/handlers/seed";
import { SubstituteHandler } from "../runtime/handlers/substitute";
import type { Handler, SiteMessage } from "../runtime/message";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { runModel } from "../runtime/run-model";
import { Runtime } from "../runtime/runtime";

export interface NormalFit {
  mu: Float64Array;
  sigma: Float64Array;
}

export type FittedMechanism = { normal: true; fit: NormalFit } | { normal: false; reason: string };

/** Keeps each factual site's batch distribution (read after the value exists). */
class CaptureDistributions implements Handler {
  readonly fns = new Map<string, BatchDistribution>();
  postprocess(msg: SiteMessage): void {
    if (msg.type === "sample" && msg.world === FACTUAL) this.fns.set(msg.name, msg.fn);
  }
}

export function fittedNormalMechanisms(spec: ModelSpec, columns: ReadonlyMap<string, Float64Array>, rows: number, params?: ParamStore, seed = 0): Map<string, FittedMechanism> {
  const observed: Record<string, Float64Array> = {};
  for (const [k, v] of columns) observed[k] = v;
  const capture = new CaptureDistributions();
  const handlers: Handler[] = [capture, new ConditionHandler(observed, FACTUAL), new SeedHandler(createRng(seed))];
  if (params) handlers.unshift(new SubstituteHandler(params));
  const rt = new Runtime(spec.variables.map((v) => v.name));
  rt.run(handlers, () => runModel(rt, spec, rows));
  const out = new Map<string, FittedMechanism>();
  for (const v of spec.variables) {
    if (!columns.has(v.name)) continue;
    const unseen = v.parents.filter((p) => !columns.has(p));
    if (unseen.length) {
      out.set(v.name, { normal: false, reason: `its mechanism reads ${unseen.map((p) => `"${p}"`).join(", ")}, which the data has no column for` });
      continue;
    }
    out.set(v.name, normalFit(capture.fns.get(v.name)!, rows));
  }
  return out;
}

function normalFit(fn: BatchDistribution, rows: number): FittedMechanism {
  const mu = new Float64Array(rows), sigma = new Float64Array(rows);
  if (fn instanceof NormalColumns) {
    for (let i = 0; i < rows; i++) { mu[i] = valueAt(fn.mu, i); sigma[i] = valueAt(fn.sigma, i); }
    return { normal: true, fit: { mu, sigma } };
  }
  for (let i = 0; i < rows; i++) {
    const d = fn.at(i);
    if (!(d instanceof Normal)) return { normal: false, reason: `its noise is not normal (row ${i + 1} has a ${d.kind} distribution), so it has no residuals on the scale of the data` };
    mu[i] = d.mu;
    sigma[i] = d.sigma;
  }
  return { normal: true, fit: { mu, sigma } };
}
