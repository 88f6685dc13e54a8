/**
 * workerMlpRunner(entry): trainModel's `parallel` option — independent mlp mechanisms trained at
 * once, each in its own worker thread (dist/train-worker.js) with its own TensorFlow.js instance
 * (tfjs-wasm is single-threaded in Node, so threads are where the cores come from). At most
 * `maxWorkers` run at a time (default: the machine's cores). A stop request is forwarded to every
 * worker, which returns what it learned so far; a worker that fails ends the run with its error.
 *
 *     await trainModel(model, data, { parallel: workerMlpRunner(join(__dirname, "train-worker.js")) });
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CausalError, error } from "../errors/diagnostic";
import type { Diagnostic } from "../errors/diagnostic";
import type { MlpTrainResult } from "../train/tf/mlp";
import { type MlpRunner, transferables } from "../train/tf/mlp-job";

export function workerMlpRunner(entry: string, maxWorkers = availableParallelism()): MlpRunner {
  return async (jobs, hooks) => {
    const results: MlpTrainResult[] = new Array(jobs.length);
    let next = 0;
    const runOne = (i: number) => new Promise<void>((resolve, reject) => {
      const w = new Worker(entry);
      const poll = hooks.shouldStop ? setInterval(() => { if (hooks.shouldStop!()) w.postMessage({ type: "stop" }); }, 100) : undefined;
      const end = (f: () => void) => { if (poll) clearInterval(poll); void w.terminate(); f(); };
      w.on("message", (m: { type: string } & Record<string, unknown>) => {
        if (m.type === "progress") hooks.onProgress?.(i, m.progress as never);
        else if (m.type === "checkpoint") hooks.onCheckpoint?.(i, m.params as Record<string, Float64Array>, m.progress as never);
        else if (m.type === "done") end(() => { results[i] = m.result as MlpTrainResult; resolve(); });
        else if (m.type === "failed") end(() => reject(m.diagnostic ? new CausalError(m.diagnostic as Diagnostic) : new CausalError(error("internal", `training "${jobs[i].name}" failed in its worker: ${String(m.message)}`))));
      });
      w.on("error", (e) => end(() => reject(new CausalError(error("internal", `the training worker of "${jobs[i].name}" stopped: ${e.message}`)))));
      w.on("exit", (code) => { if (results[i] === undefined) end(() => reject(new CausalError(error("internal", `the training worker of "${jobs[i].name}" exited (code ${code}) before it answered`)))); });
      // Copies, so the caller's arrays stay usable; the copies' buffers move to the worker.
      const job = { ...jobs[i], x: Float64Array.from(jobs[i].x), y: Float64Array.from(jobs[i].y) };
      w.postMessage({ type: "job", job }, transferables(job));
    });
    const lane = async () => { while (next < jobs.length) await runOne(next++); };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(maxWorkers, jobs.length)) }, lane));
    return results;
  };
}
