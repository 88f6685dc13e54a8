/**
 * trainModel's branch for mlp mechanisms: each is trained by Adam on its own (the likelihood of a
 * fully observed model factorises), from the columns of its child and its parents.
 */
import type { DataSource } from "../../data/data-source";
import { CausalError, error } from "../../errors/diagnostic";
import type { ParamValue } from "../../runtime/message";
import type { VariableSpec } from "../../runtime/model-spec";
import type { ParamStore } from "../../runtime/param-store";
import type { MechanismTrained, TrainOptions, TrainProgress } from "../train-model";
import { mlpFeatures, type MlpProgress, trainMlp } from "./mlp";
import { mlpJob, type MlpJob } from "./mlp-job";

export interface MlpMechanismsResult {
  values: Record<string, Float64Array>;
  mechanisms: MechanismTrained[];
  /** Sum over rows and these mechanisms of the log-likelihood at the end. */
  logLikelihood: number;
  backend: string;
  stepsPerSecond: number;
  stopped: boolean;
}

/** The named columns of a source in memory. */
async function columnsOf(source: DataSource, names: readonly string[]): Promise<Map<string, Float64Array>> {
  for (const n of names) source.column(n); // a missing column fails here, named
  const out = names.map(() => new Float64Array(source.rowCount));
  let at = 0;
  await source.scan(names, (cols, n) => { cols.forEach((c, j) => out[j].set(c.subarray(0, n), at)); at += n; });
  return new Map(names.map((n, j) => [n, out[j]]));
}

/** The features and child column of one mlp mechanism, and the values it resumes from. */
async function mechanismData(v: VariableSpec, source: DataSource, options: TrainOptions) {
  const spec = v.learned!;
  if (v.latent || v.parents.some((p) => !source.names.includes(p)) || !source.names.includes(v.name)) {
    const missing = [v.name, ...v.parents].filter((p) => !source.names.includes(p));
    throw new CausalError(error("missing-column", `the mlp mechanism of "${v.name}" is trained from the columns of "${v.name}" and its parents; the data have no column ${missing.map((m) => `"${m}"`).join(", ")}. Add the column, map one to it, or train latent variables with SVI`, v.range));
  }
  const cols = await columnsOf(source, [...new Set([v.name, ...v.parents])]);
  const n = source.rowCount, d = spec.features.length;
  const x = mlpFeatures(spec, v.parents, cols, n, v.name);
  const init: Record<string, Float64Array> = {};
  for (const name of [...(spec.params.weights ?? []), ...(spec.params.biases ?? [])]) {
    const r = options.resume?.get(name);
    if (r instanceof Float64Array) init[name] = r;
  }
  return { cols, n, d, x, init };
}

/**
 * Independent mlp mechanisms trained at once by options.parallel (worker threads): the same
 * seeded trainer per mechanism, so the params equal the one-after-another path's; wall time is
 * the slowest mechanism's rather than the sum. Checkpoints merge each worker's latest values.
 */
async function trainInParallel(neural: readonly VariableSpec[], source: DataSource, options: TrainOptions, storeWith: (values: Readonly<Record<string, ParamValue>>) => ParamStore): Promise<MlpMechanismsResult> {
  const jobs: MlpJob[] = [];
  for (const v of neural) {
    const { cols, n, d, x, init } = await mechanismData(v, source, options);
    jobs.push(mlpJob({ name: v.name, spec: v.learned!, x, y: cols.get(v.name)!, n, d }, {
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.batch !== undefined ? { batch: options.batch } : {}),
      ...(options.lr !== undefined ? { lr: options.lr } : {}),
      seed: options.seed ?? 0, backend: options.backend ?? "auto",
      ...(Object.keys(init).length ? { init } : {}),
      ...(options.checkpoint ? { checkpointEvery: options.checkpoint.every } : {}),
    }));
  }
  const latest: Record<string, Float64Array> = {};
  const asProgress = (i: number, p: MlpProgress): TrainProgress => ({ mechanism: neural[i].name, method: "Adam", ...p });
  const t0 = performance.now();
  let writing = Promise.resolve();
  const results = await options.parallel!(jobs, {
    ...(options.onProgress ? { onProgress: (i, p) => options.onProgress!(asProgress(i, p)) } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.checkpoint ? {
      onCheckpoint: (i, params, p) => {
        Object.assign(latest, params);
        const store = storeWith({ ...latest });
        writing = writing.then(() => options.checkpoint!.write(store, asProgress(i, p)));
      },
    } : {}),
  });
  await writing;
  const seconds = (performance.now() - t0) / 1000;
  const values: Record<string, Float64Array> = {};
  let logLikelihood = 0, steps = 0, stopped = false;
  const mechanisms: MechanismTrained[] = results.map((r, i) => {
    Object.assign(values, r.params);
    logLikelihood -= r.finalLoss * jobs[i].n;
    steps += r.steps;
    stopped ||= r.stopped;
    return { mechanism: neural[i].name, method: "Adam" as const, finalLoss: r.finalLoss, steps: r.steps, converged: !r.stopped };
  });
  return { values, mechanisms, logLikelihood, backend: results[0]?.backend ?? "", stepsPerSecond: steps / Math.max(1e-9, seconds), stopped };
}

/**
 * Trains every mlp mechanism of `neural`; `storeWith(values)` is the full ParamStore with these values
 * (for checkpoints). Resumes a mechanism from options.resume when it holds that mechanism's params.
 */
export async function trainMlpMechanisms(neural: readonly VariableSpec[], source: DataSource, options: TrainOptions, storeWith: (values: Readonly<Record<string, ParamValue>>) => ParamStore): Promise<MlpMechanismsResult> {
  if (options.parallel && neural.length >= 2) return trainInParallel(neural, source, options, storeWith);
  const values: Record<string, Float64Array> = {};
  const mechanisms: MechanismTrained[] = [];
  let logLikelihood = 0, steps = 0, seconds = 0, stopped = false, backend = "";
  for (const v of neural) {
    if (options.shouldStop?.()) { stopped = true; break; }
    const spec = v.learned!;
    const { cols, n, d, x, init } = await mechanismData(v, source, options);
    const t0 = performance.now();
    const progress = (p: { step: number; steps: number; epoch: number; epochs: number; loss: number; stepsPerSecond: number; elapsedMs: number }): TrainProgress => ({ mechanism: v.name, method: "Adam", ...p });
    const r = await trainMlp({ name: v.name, spec, x, y: cols.get(v.name)!, n, d }, {
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.batch !== undefined ? { batch: options.batch } : {}),
      ...(options.lr !== undefined ? { lr: options.lr } : {}),
      seed: options.seed ?? 0,
      backend: options.backend ?? "auto",
      ...(Object.keys(init).length ? { init } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onProgress ? { onProgress: (p) => options.onProgress!(progress(p)) } : {}),
      ...(options.checkpoint ? { checkpoint: { every: options.checkpoint.every, write: (p, pr) => options.checkpoint!.write(storeWith({ ...values, ...p }), progress(pr)) } } : {}),
    });
    seconds += (performance.now() - t0) / 1000;
    steps += r.steps;
    backend = r.backend;
    Object.assign(values, r.params);
    logLikelihood -= r.finalLoss * n;
    mechanisms.push({ mechanism: v.name, method: "Adam", finalLoss: r.finalLoss, steps: r.steps, converged: !r.stopped });
    if (r.stopped) { stopped = true; break; }
  }
  return { values, mechanisms, logLikelihood, backend, stepsPerSecond: steps / Math.max(1e-9, seconds), stopped };
}
