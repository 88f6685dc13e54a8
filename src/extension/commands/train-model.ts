/**
 * "Causal Studio: Train Model…" (palette, and the "Train…" CodeLens with the file and the model's
 * offset): asks for a data file (the dialog opens on the one last used for this model), refuses in
 * an untrusted workspace, saves the model file, runs a "train" job in the model process with a
 * progress notification (its Cancel stops after the current step and keeps what was learned), and
 * shows the training panel: the loss curve per mechanism, steps/s, then the fitted params. The
 * parameters file goes beside the model (<model>.params.json, as the CLI writes it); the DAG panel's
 * Run then answers with it and says so. Returns the train job's result (undefined when dismissed).
 */
import { basename, dirname } from "node:path";
import type * as vscode from "vscode";
import type { ExtractedModel } from "../../core/extract/extract-models";
import type { TrainJobResult } from "../../core/io/train-job";
import type { TrainProgress } from "../../core/train/train-model";
import type { ToTrainingPanel } from "../../protocol/training-messages";
import type { CommandCtx, CommandFactory } from "../ctx";
import { readGraphSource } from "../graph-source";
import type { Token } from "../query-job-runner";
import { defaultParamsFile, recordTrained, rememberData, rememberedData } from "../trained-params";

const DATA_FILTERS = { "Data (CSV, Parquet, JSON lines)": ["csv", "parquet", "jsonl", "ndjson"], "All files": ["*"] };
let runs = 0;

export const trainModel: CommandFactory = (ctx) => async (arg?: unknown, offset?: unknown) => {
  const document = await modelDocument(ctx, arg);
  if (!ctx.trusted) {
    ctx.ui.warn("Training runs the model's code, which Causal Studio does only in a trusted workspace. Trust this folder (Manage Workspace Trust) to train; the DAG still works without.");
    return undefined;
  }
  const file = document.uri.fsPath;
  const model = modelAt(ctx, document, offset, "train");
  const remembered = rememberedData(ctx.state, file);
  const data = await ctx.ui.openFile({
    title: `Data to train "${model.name}" on`, filters: DATA_FILTERS,
    defaultUri: ctx.editor.toUri(remembered ?? dirname(file), { paths: true }),
  });
  if (!data) return undefined;
  await rememberData(ctx.state, file, data.fsPath);
  if (document.isDirty) await document.save();

  const runId = ++runs;
  const panel = ctx.panels.showTraining();
  const dataLabel = ctx.editor.relativePath(data);
  panel.post({ type: "trainingStarted", runId, model: model.name, data: dataLabel });
  const stop = tokenSource();
  const kill = tokenSource();
  panel.onStop((id, k) => id === runId && (k ? kill.cancel() : stop.cancel()));
  ctx.log(`training ${model.name} (${ctx.editor.relativePath(document.uri)}) on ${dataLabel}`);

  const outcome = await ctx.ui.withProgress(`Training ${model.name} on ${basename(data.fsPath)}`, (report, token) => {
    const sub = token.onCancellationRequested(() => stop.cancel());
    return ctx.runner.runTrainJob(file, { data: data.fsPath, out: defaultParamsFile(file), checkpoint: { path: defaultParamsFile(file).replace(/\.json$/, ".checkpoint.json"), every: 100 } }, {
      stop: stop.token, kill: kill.token,
      onProgress: (p) => {
        panel.post(progressDto(runId, p));
        report(`${p.mechanism} (${p.method}) ${p.steps ? `${p.step}/${p.steps}` : p.step}, loss ${Number.isFinite(p.loss) ? p.loss.toPrecision(5) : p.loss}, ${p.stepsPerSecond.toFixed(1)} steps/s`);
      },
    }).finally(() => sub.dispose());
  });
  if (outcome.status === "cancelled") {
    panel.post({ type: "trainingFailed", runId, message: "Killed: the model process was stopped; the last checkpoint (if any) is kept." });
    return undefined;
  }
  if (outcome.status === "failed") {
    panel.post({ type: "trainingFailed", runId, message: outcome.message });
    throw new Error(`training ${model.name} failed: ${outcome.message}`);
  }
  const r = outcome.result;
  panel.post(doneDto(runId, r));
  await recordTrained(ctx.state, file, { paramsFile: r.paramsFile, data: r.data.file, rows: r.rows, trainedAt: r.trainedAt });
  const dag = ctx.panels.dag;
  if (dag && dag.documentUri.toString() === document.uri.toString()) dag.paramsChanged();
  ctx.ui.info(`${r.stopped ? "stopped training" : "trained"} ${model.name} on ${basename(r.data.file)} (${r.rows.toLocaleString("en-US")} rows): wrote ${basename(r.paramsFile)}; Run in the DAG panel uses it.`);
  return r;
};

/** The scm(...) model at `offset` (a CodeLens's), else at the cursor, else the file's first; an error naming the file when it has none. */
export function modelAt(ctx: CommandCtx, document: vscode.TextDocument, offset: unknown, verb: string): ExtractedModel {
  const models = readGraphSource(document.getText(), document.fileName).models;
  const at = typeof offset === "number" ? offset : ctx.editor.active()?.offset ?? 0;
  const model = models.find((m) => m.range.start.offset <= at && at <= m.range.end.offset) ?? models[0];
  if (!model) throw new Error(`${ctx.editor.relativePath(document.uri)} has no scm(...) model to ${verb}`);
  return model;
}

export async function modelDocument(ctx: CommandCtx, arg: unknown, command = "Train Model…"): Promise<vscode.TextDocument> {
  const uri = ctx.editor.toUri(arg, { paths: true });
  const document = uri ? ctx.editor.find(uri) ?? (await ctx.editor.open(uri)) : ctx.editor.active()?.document;
  if (!document || !document.fileName.endsWith(".causal.ts")) throw new Error(`open a *.causal.ts model first, then run ${command}`);
  return document;
}

export function progressDto(runId: number, p: TrainProgress): ToTrainingPanel {
  return {
    type: "trainingProgress", runId, mechanism: p.mechanism, method: p.method, step: Math.max(0, p.step), steps: Math.max(0, p.steps), epoch: Math.max(0, p.epoch), epochs: Math.max(0, p.epochs),
    loss: Number.isFinite(p.loss) ? p.loss : null, stepsPerSecond: Number.isFinite(p.stepsPerSecond) && p.stepsPerSecond > 0 ? p.stepsPerSecond : 0,
  };
}

export function doneDto(runId: number, r: TrainJobResult): ToTrainingPanel {
  return {
    type: "trainingDone", runId, paramsFile: r.paramsFile, rows: r.rows, elapsedMs: r.elapsedMs, stopped: r.stopped,
    ...(r.stepsPerSecond !== undefined && Number.isFinite(r.stepsPerSecond) ? { stepsPerSecond: Math.max(0, r.stepsPerSecond) } : {}), ...(r.backend ? { backend: r.backend } : {}),
    mechanisms: r.mechanisms.map((m) => ({ ...m, finalLoss: Number.isFinite(m.finalLoss) ? m.finalLoss : null })),
    params: r.table.map((row) => ({ name: row.name, value: row.value, ...(row.standardError !== undefined ? { standardError: Number.isFinite(row.standardError) ? row.standardError : null } : {}) })),
  };
}

/** A cancellation token without `vscode` values (commands import only its types). */
export function tokenSource(): { token: Token; cancel(): void } {
  let cancelled = false;
  const listeners = new Set<() => void>();
  return {
    token: {
      get isCancellationRequested() { return cancelled; },
      onCancellationRequested: (l) => (listeners.add(l), { dispose: () => void listeners.delete(l) }),
    },
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      for (const l of [...listeners]) l();
    },
  };
}
