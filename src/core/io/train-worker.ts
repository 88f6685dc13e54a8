/**
 * A worker thread that trains one mlp mechanism (bundled to dist/train-worker.js; spawned by
 * worker-mlp-runner.ts). It receives { type: "job", job }, streams { type: "progress" } and
 * { type: "checkpoint" } messages, answers { type: "done", result } or { type: "failed", message },
 * and stops at its next step on { type: "stop" }.
 */
import { parentPort } from "node:worker_threads";
import { type MlpJob, runMlpJob } from "../train/tf/mlp-job";

let stop = false;
parentPort?.on("message", (m: { type: "job"; job: MlpJob } | { type: "stop" }) => {
  if (m.type === "stop") { stop = true; return; }
  runMlpJob(m.job, {
    onProgress: (p) => parentPort!.postMessage({ type: "progress", progress: p }),
    onCheckpoint: (params, p) => parentPort!.postMessage({ type: "checkpoint", params, progress: p }),
    shouldStop: () => stop,
  }).then(
    (result) => parentPort!.postMessage({ type: "done", result }),
    (e: unknown) => parentPort!.postMessage({ type: "failed", message: e instanceof Error ? e.message : String(e), diagnostic: (e as { diagnostic?: unknown }).diagnostic }),
  );
});
