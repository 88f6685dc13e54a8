/**
 * An mlp training job as plain data (structured-clone-able: no functions, typed arrays transfer), so
 * independent mlp mechanisms can be trained in parallel, one TensorFlow.js instance per worker thread.
 * The worker side is `runMlpJob(job)`; spawning the workers belongs to core/io, the only layer allowed
 * worker_threads (test/architecture.test.ts).
 */
import type { LearnedSpec } from "../../runtime/model-spec";
import { type MlpData, type MlpProgress, type MlpTrainOptions, type MlpTrainResult, trainMlp } from "./mlp";

export interface MlpJob {
  name: string;
  layout: {
    features: string[];
    hidden: number[];
    activation: "tanh" | "relu";
    likelihood: "normal" | "bernoulli" | "categorical";
    levels?: number;
    weights: string[];
    biases: string[];
  };
  x: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  options: Pick<MlpTrainOptions, "epochs" | "batch" | "lr" | "seed" | "backend" | "init" | "progressMs"> & {
    /** Report the params every this many steps (hooks.onCheckpoint), for checkpoints. */
    checkpointEvery?: number;
  };
}

export interface MlpJobHooks {
  onProgress?: (p: MlpProgress) => void;
  onCheckpoint?: (params: Record<string, Float64Array>, p: MlpProgress) => void;
  shouldStop?: () => boolean;
}

/**
 * Trains several jobs at once (core/io's worker threads, one TensorFlow.js instance each); the
 * results come back in the jobs' order, and each hook is told which job (its index) spoke.
 */
export type MlpRunner = (jobs: readonly MlpJob[], hooks: {
  onProgress?: (job: number, p: MlpProgress) => void;
  onCheckpoint?: (job: number, params: Record<string, Float64Array>, p: MlpProgress) => void;
  shouldStop?: () => boolean;
}) => Promise<MlpTrainResult[]>;

export function mlpJob(data: MlpData, options: MlpJob["options"] = {}): MlpJob {
  const s = data.spec;
  return {
    name: data.name,
    layout: {
      features: [...s.features], hidden: [...(s.hidden ?? [32, 32])], activation: s.activation ?? "tanh", likelihood: s.likelihood ?? "normal",
      ...(s.levels !== undefined ? { levels: s.levels } : {}), weights: [...(s.params.weights ?? [])], biases: [...(s.params.biases ?? [])],
    },
    x: data.x, y: data.y, n: data.n, d: data.d,
    options: { ...options, ...(options.init ? { init: { ...options.init } } : {}) },
  };
}

/** The LearnedSpec a job describes (features are precomputed in x, so featuresOf is never called). */
function specOf(job: MlpJob): LearnedSpec {
  const l = job.layout;
  return {
    family: "mlp", features: l.features, featureParents: l.features.map(() => undefined),
    featuresOf: () => { throw new Error("an mlp job carries its features precomputed"); },
    hidden: l.hidden, activation: l.activation, likelihood: l.likelihood, ...(l.levels !== undefined ? { levels: l.levels } : {}),
    params: { weights: l.weights, biases: l.biases },
  };
}

export function runMlpJob(job: MlpJob, hooks: MlpJobHooks = {}): Promise<MlpTrainResult> {
  const { checkpointEvery, ...options } = job.options;
  const { onCheckpoint, ...rest } = hooks;
  return trainMlp({ name: job.name, spec: specOf(job), x: job.x, y: job.y, n: job.n, d: job.d }, {
    ...options, ...rest,
    ...(checkpointEvery && onCheckpoint ? { checkpoint: { every: checkpointEvery, write: onCheckpoint } } : {}),
  });
}

/** The typed arrays of a job, to pass in postMessage's transfer list. */
export function transferables(job: MlpJob): ArrayBuffer[] {
  return [job.x.buffer as ArrayBuffer, job.y.buffer as ArrayBuffer];
}
