/**
 * `causal-studio train <file.causal.ts> --data <file>`: static checks here, then a "train" job in
 * the model process (core/io/model-process.ts, child dist/model-runner.js), the pipeline the
 * editor's "Train Model…" uses, so the user's code runs isolated with a time and memory limit.
 * The child reads the data, runs core/train's trainModel, writes checkpoints every N steps and the
 * parameters file at the end, each atomically; this file draws progress (a bar redrawn in place on
 * a terminal, nothing otherwise) and prints the fitted values with their standard errors, or one
 * JSON object (src/cli/README-json.md). Ctrl-C once stops and keeps what was learned; twice kills.
 */
import { printable } from "../core/errors/printable";
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Diagnostic, error } from "../core/errors/diagnostic";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { DEFAULT_MEMORY_MB, DEFAULT_TRAIN_TIMEOUT_MS, ModelProcess } from "../core/io/model-process";
import { readTextFile } from "../core/io/read-text-file";
import type { TrainJob, TrainJobResult } from "../core/io/train-job";
import type { TrainBackend, TrainProgress } from "../core/train/train-model";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";
import { parseTrainArgs, type TrainArgs } from "./train-args";
import { formatProgressBar, formatTrainResult, trainJson } from "./train-format";

/** The child script: beside dist/cli.js when bundled; CAUSAL_STUDIO_MODEL_RUNNER overrides it (tests). */
export function modelRunnerPath(): string {
  return process.env.CAUSAL_STUDIO_MODEL_RUNNER ?? join(__dirname, "model-runner.js");
}

/** The model runner's path, or the error that says how to build it when it is missing. */
export function modelRunner(): { entry: string } | { missing: Diagnostic } {
  const entry = modelRunnerPath();
  return existsSync(entry) ? { entry } : { missing: error("internal", `the model runner ${entry} is missing; run \`npm run build\` (it is built beside dist/cli.js)`) };
}

export async function trainCommand(args: string[], io: CliIo): Promise<number> {
  const a = parseTrainArgs(args);
  if (graphFileKind(a.file) !== "typescript") throw new UsageError(`train needs a TypeScript model file (.causal.ts), got "${a.file}"`);
  const read = await readTextFile(resolve(io.cwd, a.file));
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  if (report(io, extractModels(read.text, read.file).diagnostics, sources)) return EXIT_ERROR;

  const job = trainJobOf(a, read.file, io.cwd);
  if ("diagnostics" in job) return report(io, job.diagnostics), EXIT_ERROR;
  const runner = modelRunner();
  if ("missing" in runner) return report(io, [runner.missing]), EXIT_ERROR;
  const { entry } = runner;

  const proc = new ModelProcess({ entry, timeoutMs: a.timeoutMs ?? DEFAULT_TRAIN_TIMEOUT_MS, memoryMb: a.memoryMb ?? DEFAULT_MEMORY_MB, prestart: false });
  const stop = new AbortController();
  const kill = new AbortController();
  const onSigint = () => (stop.signal.aborted ? kill.abort() : (stop.abort(), io.stderr("\nstopping after this step (Ctrl-C again to kill)…\n")));
  const bar = io.stderrIsTTY ? (p: TrainProgress) => io.stderr(`\r\x1b[K${formatProgressBar(p)}`) : undefined;
  if (io.stderrIsTTY) process.on("SIGINT", onSigint);
  let drew = false;
  try {
    const r = await proc.runJob("train", read.file, job, {
      stop: stop.signal, signal: kill.signal, timeoutMs: a.timeoutMs ?? DEFAULT_TRAIN_TIMEOUT_MS,
      ...(bar ? { onProgress: (p: TrainProgress) => (bar(p), (drew = true)) } : {}),
    });
    if (drew) io.stderr("\r\x1b[K");
    if (r.status === "cancelled") return io.stderr("training killed; the last checkpoint (if any) is kept\n"), EXIT_ERROR;
    if (r.status === "failed") return report(io, r.diagnostics, sources), EXIT_ERROR;
    const result: TrainJobResult = r.result;
    if (a.json) io.stdout(JSON.stringify(trainJson(read.file, job, result), null, 2) + "\n");
    else io.stdout(printable(formatTrainResult(result, io.cwd)));
    const notConverged = result.mechanisms.filter((m) => !m.converged && !result.stopped);
    if (notConverged.length) report(io, [warning(`${notConverged.map((m) => m.mechanism).join(", ")}: did not converge in the steps allowed; the values written are the best found (raise --epochs, or --resume to continue)`)]);
    if (result.stopped) report(io, [warning(`stopped before the end; ${result.paramsFile} holds what was learned so far (--resume continues from it)`)]);
    return EXIT_OK;
  } finally {
    if (io.stderrIsTTY) process.off("SIGINT", onSigint);
    proc.dispose();
  }
}

/** The job the child runs: paths resolved against the working directory, the checkpoint beside the parameters file. */
export function trainJobOf(a: TrainArgs, modelFile: string, cwd: string): TrainJob | { diagnostics: Diagnostic[] } {
  const out = a.out ? resolve(cwd, a.out) : join(dirname(modelFile), `${basename(modelFile).replace(/\.causal\.ts$|\.ts$/, "")}.params.json`);
  const checkpoint = checkpointPath(out);
  let resume: string | undefined;
  if (a.resume) {
    resume = [checkpoint, out].find((f) => existsSync(f));
    if (!resume) return { diagnostics: [error("invalid-argument", `--resume: nothing to continue from: neither the checkpoint ${checkpoint} nor the parameters file ${out} exists; train once without --resume first`)] };
  }
  const backend: TrainBackend | undefined = a.backend;
  return {
    data: resolve(cwd, a.data), out,
    ...(Object.keys(a.map).length ? { map: a.map } : {}), ...(Object.keys(a.levels).length ? { levels: a.levels } : {}),
    ...(a.epochs !== undefined ? { epochs: a.epochs } : {}), ...(a.batch !== undefined ? { batch: a.batch } : {}),
    ...(a.lr !== undefined ? { lr: a.lr } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}), ...(backend ? { backend } : {}),
    ...(resume ? { resume } : {}),
    ...(a.checkpointEvery > 0 ? { checkpoint: { path: checkpoint, every: a.checkpointEvery } } : {}),
  };
}

/** `<out>.checkpoint.json` beside the parameters file (`wages.params.json` -> `wages.params.checkpoint.json`). */
export function checkpointPath(out: string): string {
  return out.replace(/\.json$/, "") + ".checkpoint.json";
}

function warning(message: string): Diagnostic {
  return { ...error("invalid-argument", message), severity: "warning" };
}
