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
import { type DataSource, memoryDataSource } from "../data/data-source";
import { featureCentres, momentMatrix } from "../data/sufficient-statistics";
import { CausalError, error } from "../errors/diagnostic";
import { type DataColumns, logLikelihood, type TableLike } from "../infer/log-likelihood";
import type { ParamValue } from "../runtime/message";
import type { LearnedFamily, ModelSpec, VariableSpec } from "../runtime/model-spec";
import { ParamStore } from "../runtime/param-store";
import type { ClosedFormFitter, ClosedFormInput } from "./closed-form/closed-form";
import { fitLinearGaussian } from "./closed-form/linear-gaussian";
import { fitLogistic } from "./closed-form/logistic";
import { fitPoisson } from "./closed-form/poisson";
import { fitSoftmax } from "./closed-form/softmax";
import { fitTabular } from "./closed-form/tabular";
import { fitMaximumLikelihood } from "./fit";
import type { MlpRunner } from "./tf/mlp-job";

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
  /**
   * Trains independent mlp mechanisms at once (core/io's `workerMlpRunner`: one worker thread and
   * TensorFlow.js instance each); without it they train one after another in this thread.
   */
  parallel?: MlpRunner;
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
  /** What the user should know about this mechanism's fit (e.g. parent configurations never seen). */
  warnings?: string[];
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
  /** Every mechanism's warnings, prefixed by nothing (each names its variable). */
  warnings?: string[];
}

type Trainable = { spec(): ModelSpec; withParams?(values: ParamStore): unknown };

/**
 * Per learnable family, how its mechanisms are fitted when the data are fully observed: from
 * sufficient statistics (SQL aggregates over a file, or sums over memory). A family not listed
 * (mlp, and hand-written mechanisms with params) goes to BFGS on the log-likelihood.
 */
const FAMILY_FITTERS: Partial<Record<LearnedFamily, ClosedFormFitter>> = {
  "linear-gaussian": fitLinearGaussian,
  logistic: fitLogistic,
  poisson: fitPoisson,
  softmax: fitSoftmax,
  tabular: fitTabular,
};

const MAX_NEWTON = 100;
const METHOD_OF: Partial<Record<LearnedFamily, TrainMethod>> = { "linear-gaussian": "closed form", tabular: "counts" };

function isDataSource(x: unknown): x is DataSource {
  return typeof x === "object" && x !== null && typeof (x as DataSource).scan === "function" && typeof (x as DataSource).requireVariation === "function";
}

export async function trainModel(model: Trainable, data: DataColumns | TableLike | DataSource, options: TrainOptions = {}): Promise<TrainResult> {
  const spec = model.spec();
  if (spec.images?.length) throw new CausalError(error("invalid-argument", `model "${spec.name}" has image variable${spec.images.length > 1 ? "s" : ""} (${spec.images.map((i) => i.name).join(", ")}), whose pixels a data table does not hold; train it from a script with trainImageModel(model, { columns, images }) (see samples/dsprites-vae)`));
  if (!spec.params?.length) throw new CausalError(error("invalid-argument", `model "${spec.name}" declares no params, so there is nothing to train; declare learnable values with .param(name, init) or use a learnable family (linearGaussian, logistic, mlp, ...)`));
  const source = isDataSource(data) ? data : memoryDataSource(data);
  const t0 = performance.now();
  const progress = (mechanism: string, method: TrainMethod, step: number, steps: number, loss: number) =>
    options.onProgress?.({ mechanism, method, step, steps, epoch: 0, epochs: 0, loss, stepsPerSecond: step / Math.max(1e-9, (performance.now() - t0) / 1000), elapsedMs: performance.now() - t0 });
  // Latent variables the data have no column for: SVI on the ELBO over the whole model (train/tf/svi.ts).
  if (spec.variables.some((v) => v.latent && !source.names.includes(v.name))) {
    const { trainModelSvi } = await import("./tf/train-svi");
    return trainModelSvi(spec, source, options, (partial) => storeOf(spec, partial));
  }
  const values: Record<string, ParamValue> = {};
  const standardErrors: Record<string, number | Float64Array> = {};
  const mechanisms: MechanismTrained[] = [];
  const warnings: string[] = [];
  let stopped = false, total = 0;

  const closed = spec.variables.filter((v) => v.learned && FAMILY_FITTERS[v.learned.family]);
  const moments = await sharedMoments(source, closed);
  for (const v of closed) {
    if (options.shouldStop?.()) { stopped = true; break; }
    const fitter = FAMILY_FITTERS[v.learned!.family]!;
    const input: ClosedFormInput = {
      variable: v.name, parents: v.parents, learned: v.learned!, source, maxIterations: MAX_NEWTON,
      ...(moments ? { moments } : {}),
      onIteration: (it, loss) => { progress(v.name, METHOD_OF[v.learned!.family] ?? "IRLS", it, MAX_NEWTON, loss); return options.shouldStop?.() ?? false; },
    };
    const r = await fitter(input);
    Object.assign(values, r.params);
    Object.assign(standardErrors, r.standardErrors);
    total -= r.loss * r.rows;
    warnings.push(...r.warnings);
    mechanisms.push({ mechanism: v.name, method: r.method, finalLoss: r.loss, steps: r.iterations, converged: r.converged, ...(r.warnings.length ? { warnings: r.warnings } : {}) });
    progress(v.name, r.method, r.iterations, r.iterations, r.loss);
  }

  // mlp mechanisms: Adam with TensorFlow.js (train/tf/, loaded only when a model has one).
  const neural = stopped ? [] : spec.variables.filter((v) => v.learned?.family === "mlp");
  let tfRun: { backend: string; stepsPerSecond: number } | undefined;
  if (neural.length) {
    const { trainMlpMechanisms } = await import("./tf/train-mechanisms");
    const r = await trainMlpMechanisms(neural, source, options, (partial) => storeOf(spec, { ...values, ...partial }));
    Object.assign(values, r.values);
    mechanisms.push(...r.mechanisms);
    total += r.logLikelihood;
    stopped ||= r.stopped;
    tfRun = { backend: r.backend, stepsPerSecond: r.stepsPerSecond };
  }

  // The rest by BFGS on the log-likelihood, the params fitted above held fixed.
  const done = new Set([...closed, ...neural].map((v) => v.name));
  const others = spec.variables.filter((v) => !done.has(v.name));
  const remaining = (spec.params ?? []).filter((d) => !(d.name in values));
  if (others.length && !stopped) {
    if (remaining.length) {
      const columns = isDataSource(data) ? await readColumns(source, spec.variables.map((v) => v.name)) : data;
      const fit = fitMaximumLikelihood(model as { spec(): ModelSpec }, columns, {
        fixed: values,
        onIteration: (it, ll) => {
          progress("*", "BFGS", it, 500, -ll / Math.max(1, source.rowCount));
          if (options.shouldStop?.()) return (stopped = true);
          return false;
        },
      });
      for (const d of remaining) { values[d.name] = fit.params.get(d.name)!; standardErrors[d.name] = fit.standardErrors[d.name]; }
      const rows = Math.max(1, fit.logLikelihood.rows);
      for (const v of others) {
        const t = fit.logLikelihood.perMechanism[v.name].total;
        total += t;
        mechanisms.push({ mechanism: v.name, method: "BFGS", finalLoss: -t / rows, steps: fit.iterations, converged: fit.converged });
      }
    } else {
      total += await streamedLogLikelihood(spec, source, others, storeOf(spec, values));
    }
  }
  return { params: storeOf(spec, values), standardErrors, mechanisms, rows: source.rowCount, logLikelihood: total, stopped, ...(tfRun ?? {}), ...(warnings.length ? { warnings } : {}) };
}

/** Every declared param: the trained value, else its initial value. */
function storeOf(spec: ModelSpec, values: Readonly<Record<string, ParamValue>>): ParamStore {
  return new ParamStore({ ...Object.fromEntries((spec.params ?? []).map((d) => [d.name, d.init])), ...values });
}

/**
 * The moment matrix over the columns of every linear-Gaussian mechanism whose features are
 * columns, from one pass over a file (each mechanism then reads its X'X, X'y, y'y off it).
 */
async function sharedMoments(source: DataSource, closed: readonly VariableSpec[]): Promise<ClosedFormInput["moments"]> {
  const linear = closed.filter((v) => v.learned!.family === "linear-gaussian" && v.learned!.featureParents.every((p) => p !== undefined));
  if (linear.length < 2 || !source.sql) return undefined;
  const names = [...new Set(linear.flatMap((v) => [v.name, ...(v.learned!.featureParents as string[])]))];
  for (const n of names) source.column(n); // a missing column fails here, named
  return momentMatrix(source, names, await featureCentres(source, { child: names[0], featureParents: names }));
}

/** The named columns of a source in memory (BFGS evaluates the log-likelihood many times). */
async function readColumns(source: DataSource, names: readonly string[]): Promise<Record<string, Float64Array>> {
  const out = names.map(() => new Float64Array(source.rowCount));
  let at = 0;
  await source.scan(names, (cols, n) => { cols.forEach((c, j) => out[j].set(c, at)); at += n; });
  return Object.fromEntries(names.map((n, j) => [n, out[j]]));
}

/** The log-likelihood of some mechanisms, chunk by chunk (flat memory). */
async function streamedLogLikelihood(spec: ModelSpec, source: DataSource, of: readonly VariableSpec[], params: ParamStore): Promise<number> {
  const names = spec.variables.map((v) => v.name);
  let total = 0;
  await source.scan(names, (cols) => {
    const ll = logLikelihood(spec, Object.fromEntries(names.map((n, j) => [n, cols[j]])), { params });
    for (const v of of) total += ll.perMechanism[v.name].total;
  });
  return total;
}
