/**
 * "Causal Studio: Diagnose Model…" (palette, and the "Diagnose…" CodeLens with the file and the
 * model's offset): asks for a data file (the dialog opens on the one last diagnosed for this model,
 * else the one it was trained on), then, when the file has columns that are not model variables,
 * which of them names each row's environment and which names the intervened variable (each
 * optional, the last choice first); refuses in an untrusted workspace; saves the model file; runs a
 * "diagnose" job in the model process (with the trained params when there are some) under a
 * progress notification whose Cancel kills the job; and shows the result three ways: the
 * diagnostics panel (plots and a sentence per variable), the Problems panel (a finding per failing
 * mechanism and violated implication) and the DAG's colours. Returns the report (undefined when
 * dismissed or cancelled).
 */
import { open } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type * as vscode from "vscode";
import type { DiagnosisReport } from "../../core/criticism/diagnosis-report";
import type { DiagnoseJob } from "../../core/io/diagnose-job";
import type { CommandCtx, CommandFactory } from "../ctx";
import { rememberedData, trainedParams } from "../trained-params";
import { modelAt, modelDocument, tokenSource } from "./train-model";

const DATA_FILTERS = { "Data (CSV, Parquet, JSON lines)": ["csv", "parquet", "jsonl", "ndjson"], "All files": ["*"] };
const NONE = "(none)";
let runs = 0;

interface Remembered {
  data: string;
  environment?: string;
  interventions?: string;
}
const key = (modelFile: string) => `causalStudio.diagnose:${modelFile}`;

export const diagnoseModel: CommandFactory = (ctx) => async (arg?: unknown, offset?: unknown) => {
  const document = await modelDocument(ctx, arg, "Diagnose Model…");
  if (!ctx.trusted) {
    ctx.ui.warn("Diagnosing runs the model's code, which Causal Studio does only in a trusted workspace. Trust this folder (Manage Workspace Trust) to diagnose; the DAG still works without.");
    return undefined;
  }
  const file = document.uri.fsPath;
  const model = modelAt(ctx, document, offset, "diagnose");
  const last = ctx.state.get<Remembered>(key(file));
  const trained = trainedParams(ctx.state, file);
  const suggested = last?.data ?? trained?.data ?? rememberedData(ctx.state, file);
  const data = await ctx.ui.openFile({ title: `Data to diagnose "${model.name}" on`, filters: DATA_FILTERS, defaultUri: ctx.editor.toUri(suggested ?? dirname(file), { paths: true }) });
  if (!data) return undefined;

  const variables = new Set(model.variables.map((v) => v.name));
  const extra = (await columnsOf(data.fsPath)).filter((c) => !variables.has(c));
  const choose = async (title: string, options: string[], previous: string | undefined) => {
    if (!options.length) return undefined;
    const ordered = previous && options.includes(previous) ? [previous, ...options.filter((o) => o !== previous), NONE] : [NONE, ...options];
    const picked = await ctx.ui.pickName(ordered, { title });
    return picked === undefined ? null : picked === NONE ? undefined : picked;
  };
  const environment = await choose(`Column naming each row's environment (stability and invariance checks), or ${NONE}`, extra, last?.environment);
  if (environment === null) return undefined;
  const interventions = await choose(`Column naming the variable each interventional row set (do-prediction checks), or ${NONE}`, extra.filter((c) => c !== environment), last?.interventions);
  if (interventions === null) return undefined;
  await ctx.state.update(key(file), { data: data.fsPath, ...(environment ? { environment } : {}), ...(interventions ? { interventions } : {}) } satisfies Remembered);
  if (document.isDirty) await document.save();

  const job: DiagnoseJob = {
    data: data.fsPath, ...(environment ? { environment } : {}), ...(interventions ? { interventions } : {}),
    ...(trained?.paramsFile ? { params: trained.paramsFile } : {}),
  };
  const runId = ++runs;
  const panel = ctx.panels.showDiagnostics();
  const dataLabel = ctx.editor.relativePath(data);
  panel.post({ type: "diagnosisStarted", runId, model: model.name, data: dataLabel });
  const kill = tokenSource();
  panel.onCancel((id) => id === runId && kill.cancel());
  ctx.log(`diagnosing ${model.name} (${ctx.editor.relativePath(document.uri)}) on ${dataLabel}${environment ? `, environments "${environment}"` : ""}${interventions ? `, interventions "${interventions}"` : ""}${job.params ? `, params ${basename(job.params)}` : ""}`);

  const outcome = await ctx.ui.withProgress(`Diagnosing ${model.name} on ${basename(data.fsPath)}`, (report, token) => {
    const sub = token.onCancellationRequested(() => kill.cancel());
    return ctx.runner.runDiagnoseJob(file, job, {
      kill: kill.token,
      onProgress: (p) => {
        panel.post({ type: "diagnosisProgress", runId, check: p.check, done: p.done, total: p.total });
        report(`${p.check} (${p.done + 1}/${p.total})`);
      },
    }).finally(() => sub.dispose());
  });
  if (outcome.status === "cancelled") {
    panel.post({ type: "diagnosisFailed", runId, message: "Cancelled: the model process was stopped." });
    return undefined;
  }
  if (outcome.status === "failed") {
    panel.post({ type: "diagnosisFailed", runId, message: outcome.message });
    throw new Error(`diagnosing ${model.name} failed: ${outcome.message}`);
  }
  const r: DiagnosisReport = outcome.result;
  panel.post({ type: "diagnosisDone", runId, report: r });
  ctx.findings.show(document.uri, r);
  const dag = ctx.panels.dag;
  if (dag && dag.documentUri.toString() === document.uri.toString()) dag.showEvidence();
  const c = r.counts;
  ctx.ui.info(`diagnosed ${model.name} on ${basename(data.fsPath)} (${r.data.rows.toLocaleString("en-US")} rows): ${r.verdict.toUpperCase()}, ${c.fail} fail, ${c.warn} warn, ${c.pass} pass.`);
  return r;
};

/** The column names of a CSV (its header) or JSON-lines file (the first record's keys); [] for Parquet and unreadable files. */
export async function columnsOf(path: string): Promise<string[]> {
  if (/\.parquet$/i.test(path)) return [];
  let handle;
  try {
    handle = await open(path, "r");
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
    if (/\.(jsonl|ndjson)$/i.test(path)) {
      const row: unknown = JSON.parse(first);
      return row && typeof row === "object" ? Object.keys(row) : [];
    }
    return first.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1")).filter(Boolean);
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}
