/**
 * The host side of the job pipeline for the panels: runs a job (a query today) on a user's model
 * file in a separate Node process (src/core/io/model-process.ts, child dist/model-runner.js), streams
 * its progress, honours a CancellationToken (kills the child) and a stop token (skips the job's
 * remaining steps; the job still ends with what it has), applies causalStudio.queryTimeoutMs / queryMemoryMb, refuses
 * in untrusted workspaces (no user code runs there), and puts runner errors that have a source range
 * into the Problems view. The file runs as saved on disk. Owned by the Ctx (ctx.runner).
 * Identification is separate and pure (src/core/query/identify-query.ts): it needs no process.
 */
import { join } from "node:path";
import * as vscode from "vscode";
import { type Diagnostic, error } from "../core/errors/diagnostic";
import { isBifFile } from "../core/io/load-bif";
import { ModelProcess } from "../core/io/model-process";
import type { Config } from "./config";
import { toVscodeDiagnostic } from "./diagnostics";
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import type { DiagnoseJob, DiagnoseProgress } from "../core/io/diagnose-job";
import type { JobInput, JobOutput, JobProgress } from "../core/io/model-process-messages";
import type { TrainJob, TrainJobResult } from "../core/io/train-job";
import type { TrainProgress } from "../core/train/train-model";
import { queryJobRunner, type RunQueryJob, type Token } from "./query-job-runner";
import { forgetRunProblemsOnEdit } from "./runtime-diagnostics";

/** How a long job (training, diagnosis) ended: the result (a training stopped early keeps what was learned), why not, or killed. */
export type LongOutcome<R> =
  | { status: "done"; result: R }
  | { status: "failed"; message: string; diagnostics: Diagnostic[] }
  | { status: "cancelled" };
export type TrainOutcome = LongOutcome<TrainJobResult>;

export interface LongRunOptions<P> {
  onProgress?: (p: P) => void;
  /** Cancelling stops after the current step (training keeps what was learned; a diagnosis ends failed "cancelled"). */
  stop?: Token;
  /** Cancelling kills the model process: the job ends "cancelled" (the last checkpoint stays). */
  kill?: Token;
}
export type TrainRunOptions = LongRunOptions<TrainProgress>;

export type { QueryJobEvent, QueryOutcome, RunJobOptions, RunQueryJob } from "./query-job-runner";

export class ModelRunner implements vscode.Disposable {
  private readonly process: ModelProcess;
  private readonly problems = vscode.languages.createDiagnosticCollection("causal-studio-runner");
  /** A run's problems go when their document is edited (runtime-diagnostics.ts). */
  private readonly edits = vscode.workspace.onDidChangeTextDocument((e) => forgetRunProblemsOnEdit(this.problems, e));
  /** Files whose Problems entries came from the last failed run on each model file. */
  private readonly reported = new Map<string, vscode.Uri[]>();

  private readonly run: RunQueryJob;

  /** `extensionPath`: the child is dist/model-runner.js beside dist/extension.js; `limits`: the settings, read on each job (ctx.config). */
  constructor(extensionPath: string, private readonly limits: () => Config["runner"], private readonly trainTimeoutMs: () => number = () => 30 * 60_000) {
    this.process = new ModelProcess({ entry: join(extensionPath, "dist", "model-runner.js"), ...limits() });
    this.run = queryJobRunner(this.process, { relativePath: (f) => vscode.workspace.asRelativePath(f, false) });
  }

  /** Starts the model process ahead of the first query (call when a query panel opens). */
  warm(): void {
    if (vscode.workspace.isTrusted) void this.process.warm();
  }

  /** The job on `file` (as saved): refused in an untrusted workspace; failures with a range go to Problems. */
  readonly runQueryJob: RunQueryJob = async (file, job, options = {}) => {
    // A .bif network is read, not run (core/io/load-bif.ts): it answers in untrusted workspaces too.
    if (!vscode.workspace.isTrusted && !isBifFile(file)) {
      const d = error("untrusted-workspace", "Queries run the model's code, which Causal Studio does only in a trusted workspace (untrusted workspace). Trust this folder (Manage Workspace Trust) to run queries; the DAG still works without.");
      return { status: "failed", message: d.message, diagnostics: [d] };
    }
    this.process.setLimits(this.limits());
    const outcome = await this.run(file, job, options);
    if (outcome.status === "failed") this.report(file, outcome.diagnostics);
    else if (outcome.status === "answered") this.report(file, []);
    return outcome;
  };

  /** A train job on `file` (as saved) with causalStudio.trainTimeoutMs: refused in an untrusted workspace, like queries. */
  runTrainJob(file: string, job: TrainJob, options: TrainRunOptions = {}): Promise<TrainOutcome> {
    return this.runLongJob("train", "Training", file, job, options);
  }

  /** A diagnose job on `file` (as saved), with the training time limit: refused in an untrusted workspace, like queries. */
  runDiagnoseJob(file: string, job: DiagnoseJob, options: LongRunOptions<DiagnoseProgress> = {}): Promise<LongOutcome<DiagnosisReport>> {
    return this.runLongJob("diagnose", "Diagnosing", file, job, options);
  }

  private async runLongJob<K extends "train" | "diagnose">(kind: K, what: string, file: string, job: JobInput<K>, options: LongRunOptions<JobProgress<K>>): Promise<LongOutcome<JobOutput<K>>> {
    if (!vscode.workspace.isTrusted) {
      const d = error("untrusted-workspace", `${what} runs the model's code, which Causal Studio does only in a trusted workspace (untrusted workspace). Trust this folder (Manage Workspace Trust) to ${what === "Training" ? "train" : "diagnose"}; the DAG still works without.`);
      return { status: "failed", message: d.message, diagnostics: [d] };
    }
    this.process.setLimits(this.limits());
    const stop = new AbortController();
    const kill = new AbortController();
    const subs = [options.stop?.onCancellationRequested(() => stop.abort()), options.kill?.onCancellationRequested(() => kill.abort())];
    if (options.stop?.isCancellationRequested) stop.abort();
    if (options.kill?.isCancellationRequested) kill.abort();
    try {
      const r = await this.process.runJob(kind, file, job, { stop: stop.signal, signal: kill.signal, timeoutMs: this.trainTimeoutMs(), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      if (r.status === "cancelled") return r;
      if (r.status === "failed") {
        this.report(file, r.diagnostics);
        const d = r.diagnostics[0];
        const at = d.range?.file ? ` (${vscode.workspace.asRelativePath(d.range.file, false)}:${d.range.start.line}:${d.range.start.column + 1})` : "";
        return { status: "failed", message: `${d.message}${at}`, diagnostics: r.diagnostics };
      }
      this.report(file, []);
      return { status: "done", result: r.result };
    } finally {
      for (const s of subs) s?.dispose();
    }
  }

  dispose(): void {
    this.process.dispose();
    this.edits.dispose();
    this.problems.dispose();
  }

  /** Replaces the Problems entries of the last run on `file` by the ranged ones among `diagnostics`. */
  private report(file: string, diagnostics: Diagnostic[]): void {
    for (const uri of this.reported.get(file) ?? []) this.problems.delete(uri);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) {
      if (!d.range?.file) continue;
      byFile.set(d.range.file, [...(byFile.get(d.range.file) ?? []), toVscodeDiagnostic(d)]);
    }
    const uris = [...byFile].map(([f, ds]) => {
      const uri = vscode.Uri.file(f);
      this.problems.set(uri, ds);
      return uri;
    });
    this.reported.set(file, uris);
  }
}

