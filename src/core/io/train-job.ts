/**
 * A "train" job: read the data file (core/data's readTable), learn the model's params with
 * core/train's trainModel, write checkpoints every N steps and the parameters file at the end,
 * each atomically (atomic-write.ts: a kill mid-write leaves the previous file whole). The model
 * process runs it for the editor and the CLI alike (model-process-child.ts); it does no printing.
 *
 * Files: `out` gets the final values (also when the job was stopped: what was learned is kept,
 * marked `stopped: true`); `checkpoint.path` gets the values so far every `every` steps and is
 * removed once `out` is written, so `--resume` reads the checkpoint when a run died and the
 * parameters file otherwise.
 */
import { stat, unlink } from "node:fs/promises";
import type { Diagnostic } from "../errors/diagnostic";
import { openDataSource } from "../data/data-source";
import type { ParamStore } from "../runtime/param-store";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { workerMlpRunner } from "./worker-mlp-runner";
import { type MechanismTrained, type TrainBackend, trainModel, type TrainOptions, type TrainProgress } from "../train/train-model";
import { writeFileAtomic } from "./atomic-write";
import type { LoadedModel } from "./model-cache";
import { type DataStamp, paramLayout, readParamsFile, type SavedParams, staleReason } from "./params-file";

const TRAIN_WORKER = join(__dirname, "train-worker.js");

export interface TrainJob {
  /** The data file (CSV, Parquet, JSON-lines), absolute or relative to the process's working directory. */
  data: string;
  map?: Record<string, string>;
  levels?: Record<string, string[]>;
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend?: TrainBackend;
  /** A parameters file or checkpoint to continue from. */
  resume?: string;
  checkpoint?: { path: string; every: number };
  /** The parameters file to write. */
  out: string;
}

/** One row of the fitted-params table: a scalar param, or one entry of a vector (`name[i]`). */
export interface FittedParamRow {
  name: string;
  value: number;
  /** NaN where the information matrix is singular; absent where the method gives none (Adam). */
  standardError?: number;
}

export interface TrainJobResult {
  model: string;
  paramsFile: string;
  rows: number;
  mechanisms: MechanismTrained[];
  backend?: string;
  stepsPerSecond?: number;
  params: Record<string, number | number[]>;
  standardErrors: Record<string, number | number[]>;
  table: FittedParamRow[];
  data: { file: string; rows: number; map?: Record<string, string>; levels?: Record<string, string[]>; stamp: DataStamp };
  logLikelihood: number;
  stopped: boolean;
  /** Checkpoints written during this run. */
  checkpoints: number;
  resumedFrom?: string;
  trainedAt: string;
  elapsedMs: number;
}

export interface TrainJobHooks {
  onProgress?: (p: TrainProgress) => void;
  shouldStop?: () => boolean;
  /** Where a checkpoint write may be interrupted (tests). */
  afterCheckpointTempWrite?: (temp: string) => void | Promise<void>;
}

export async function runTrainJob(model: LoadedModel, job: TrainJob, hooks: TrainJobHooks = {}): Promise<TrainJobResult | { diagnostics: Diagnostic[] }> {
  const t0 = performance.now();
  const spec = model.spec();
  const names = spec.variables.map((v) => v.name);
  const declared = paramLayout(spec.params);
  let resume: ParamStore | undefined;
  if (job.resume) {
    const r = await readParamsFile(job.resume);
    if ("diagnostics" in r) return r;
    const stale = staleReason(declared, r.store);
    if (stale) return { diagnostics: [{ code: "invalid-argument", severity: "error", message: `cannot resume from ${job.resume}: ${stale}; train from the declared values (without --resume) instead` }] };
    resume = r.store;
  }
  // A DataSource, not a Table: closed-form mechanisms fit from SQL aggregates over the file, so a
  // 10^7-row file trains with flat memory; only mlp and BFGS mechanisms read their columns in.
  const source = await openDataSource(job.data, { columns: names, ...(job.map ? { map: job.map } : {}), ...(job.levels ? { levels: job.levels } : {}) });
  try {
    const s = await stat(job.data);
    const stamp: DataStamp = { size: s.size, mtimeMs: s.mtimeMs };
    const levels: Record<string, string[]> = {};
    for (const name of source.names) { const col = source.column(name); if (col.kind === "categorical" && col.levels) levels[name] = [...col.levels]; }
    const data = { file: job.data, rows: source.rowCount, ...(job.map && Object.keys(job.map).length ? { map: job.map } : {}), ...(Object.keys(levels).length ? { levels } : {}), stamp };
    const saved = (params: ParamStore, extra: Record<string, unknown>): SavedParams => ({ model: spec.name, params: params.toJSON(), data, declared, trainedAt: new Date().toISOString(), ...extra });

    let checkpoints = 0;
    const options: TrainOptions = {
      ...pick(job, ["epochs", "batch", "lr", "seed", "backend"]),
      // Bundled, the worker script sits beside this process's script; unbundled (tests) mechanisms train in turn.
      ...(existsSync(TRAIN_WORKER) ? { parallel: workerMlpRunner(TRAIN_WORKER) } : {}),
      ...(resume ? { resume } : {}),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
      ...(job.checkpoint ? {
        checkpoint: {
          every: job.checkpoint.every,
          write: async (params, p) => {
            const body = JSON.stringify(saved(params, { checkpoint: { mechanism: p.mechanism, step: p.step, epoch: p.epoch, loss: p.loss } }), null, 2) + "\n";
            await writeFileAtomic(job.checkpoint!.path, body, { afterTempWrite: hooks.afterCheckpointTempWrite });
            checkpoints++;
          },
        },
      } : {}),
    };
    const r = await trainModel(model, source, options);
    const standardErrors = Object.fromEntries(Object.entries(r.standardErrors).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v)]));
    const params = r.params.toJSON();
    const trainedAt = new Date().toISOString();
    const file: SavedParams = {
      ...saved(r.params, {}), standardErrors, trainedAt,
      mechanisms: r.mechanisms, rows: r.rows, logLikelihood: r.logLikelihood, stopped: r.stopped,
      ...(r.backend ? { backend: r.backend } : {}), ...(job.resume ? { resumedFrom: job.resume } : {}),
    };
    await writeFileAtomic(job.out, JSON.stringify(file, null, 2) + "\n");
    if (job.checkpoint && job.checkpoint.path !== job.out) await unlink(job.checkpoint.path).catch(() => undefined);
    return {
      model: spec.name, paramsFile: job.out, rows: r.rows, mechanisms: r.mechanisms, params, standardErrors, table: paramTable(params, standardErrors), data,
      logLikelihood: r.logLikelihood, stopped: r.stopped, checkpoints, trainedAt, elapsedMs: performance.now() - t0,
      ...(r.backend ? { backend: r.backend } : {}), ...(r.stepsPerSecond !== undefined ? { stepsPerSecond: r.stepsPerSecond } : {}),
      ...(job.resume ? { resumedFrom: job.resume } : {}),
    };
  } finally {
    source.close();
  }
}

/** The fitted values one row per number (vectors as name[i]), each with its standard error where there is one. */
export function paramTable(params: Record<string, number | number[]>, standardErrors: Record<string, number | number[]>): FittedParamRow[] {
  const rows: FittedParamRow[] = [];
  for (const [name, v] of Object.entries(params)) {
    const se = standardErrors[name];
    if (typeof v === "number") rows.push({ name, value: v, ...(typeof se === "number" ? { standardError: se } : {}) });
    else v.forEach((x, i) => rows.push({ name: `${name}[${i}]`, value: x, ...(Array.isArray(se) && typeof se[i] === "number" ? { standardError: se[i] } : {}) }));
  }
  return rows;
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
