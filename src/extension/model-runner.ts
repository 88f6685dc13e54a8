/**
 * The host side of the job pipeline for the panels: runs a job (a query today) on a user's model
 * file in a separate Node process (src/core/io/model-process.ts, child dist/model-runner.js), streams
 * its progress, honours a CancellationToken (kills the child) and a stop token (skips the job's
 * remaining steps, keeps the child warm), applies causalStudio.queryTimeoutMs / queryMemoryMb, refuses
 * in untrusted workspaces (no user code runs there), and puts runner errors that have a source range
 * into the Problems view. The file runs as saved on disk. Owned by the Ctx (ctx.runner).
 * Identification is separate and pure (src/core/query/identify-query.ts): it needs no process.
 */
import { join } from "node:path";
import * as vscode from "vscode";
import { type Diagnostic, error } from "../core/errors/diagnostic";
import { ModelProcess } from "../core/io/model-process";
import type { Config } from "./config";
import { toVscodeDiagnostic } from "./diagnostics";
import { queryJobRunner, type RunQueryJob } from "./query-job-runner";

export type { QueryJobEvent, QueryOutcome, RunJobOptions, RunQueryJob } from "./query-job-runner";

export class ModelRunner implements vscode.Disposable {
  private readonly process: ModelProcess;
  private readonly problems = vscode.languages.createDiagnosticCollection("causal-studio-runner");
  /** Files whose Problems entries came from the last failed run on each model file. */
  private readonly reported = new Map<string, vscode.Uri[]>();

  private readonly run: RunQueryJob;

  /** `extensionPath`: the child is dist/model-runner.js beside dist/extension.js; `limits`: the settings, read on each job (ctx.config). */
  constructor(extensionPath: string, private readonly limits: () => Config["runner"]) {
    this.process = new ModelProcess({ entry: join(extensionPath, "dist", "model-runner.js"), ...limits() });
    this.run = queryJobRunner(this.process, { relativePath: (f) => vscode.workspace.asRelativePath(f, false) });
  }

  /** Starts the model process ahead of the first query (call when a query panel opens). */
  warm(): void {
    if (vscode.workspace.isTrusted) void this.process.warm();
  }

  /** The job on `file` (as saved): refused in an untrusted workspace; failures with a range go to Problems. */
  readonly runQueryJob: RunQueryJob = async (file, job, options = {}) => {
    if (!vscode.workspace.isTrusted) {
      const d = error("untrusted-workspace", "Queries run the model's code, which Causal Studio does only in a trusted workspace (untrusted workspace). Trust this folder (Manage Workspace Trust) to run queries; the DAG still works without.");
      return { status: "failed", message: d.message, diagnostics: [d] };
    }
    this.process.setLimits(this.limits());
    const outcome = await this.run(file, job, options);
    if (outcome.status === "failed") this.report(file, outcome.diagnostics);
    else if (outcome.status === "answered") this.report(file, []);
    return outcome;
  };

  dispose(): void {
    this.process.dispose();
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

