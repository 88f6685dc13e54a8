/**
 * The host-side query service the panels use: runs a QuerySpec on a user's model file in a
 * separate Node process (src/core/io/model-process.ts, child dist/model-runner.js), streams
 * progress, honours a CancellationToken, reads causalStudio.queryTimeoutMs / queryMemoryMb,
 * refuses in untrusted workspaces (no user code runs there), and puts runner errors that have a
 * source range into the Problems view. The file runs as saved on disk.
 * Identification is separate and pure (src/core/query/identify-query.ts): it needs no process.
 */
import { join } from "node:path";
import * as vscode from "vscode";
import { type Diagnostic, error } from "../core/errors/diagnostic";
import { extractModels } from "../core/extract/extract-models";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, ModelProcess } from "../core/io/model-process";
import { readTextFile } from "../core/io/read-text-file";
import type { Answer, QueryProgress } from "../core/query/answer-query";
import { type QueryCode, queryAsCode } from "../core/query/query-as-code";
import type { QueryRunOptions, QuerySpec } from "../core/query/query-spec";
import type { Ctx } from "./ctx";
import { toVscodeDiagnostic } from "./diagnostics";

export type { Answer, QueryCode, QueryProgress, QueryRunOptions, QuerySpec };

export type QueryOutcome =
  | {
    status: "answered";
    /** The model's name (its scm("...") title). */
    model: string;
    answer: Answer;
    /** The same evidence without the action: P(target | given) beside P(target | do(...), given); absent without do. */
    comparison?: Answer;
    code: QueryCode;
    /** Wall time from the call to the final answer, and to the first progress report; the child's start-up when this run started it. */
    elapsedMs: number;
    firstProgressMs?: number;
    childStartMs?: number;
  }
  /** diagnostics[0] is the main error; message is its one-line text (with file:line:col) for the panel. */
  | { status: "failed"; message: string; diagnostics: Diagnostic[] }
  | { status: "cancelled" };

export interface RunQueryOptions {
  onProgress?: (p: QueryProgress) => void;
  token?: vscode.CancellationToken;
  /** seed (default 1), samples, method; the seed makes the answer reproducible. */
  run?: Partial<QueryRunOptions>;
  /** Also compute the observational comparison (default true; only for queries with do). */
  comparison?: boolean;
}

export type RunQuery = (file: string, spec: QuerySpec, options?: RunQueryOptions) => Promise<QueryOutcome>;

export interface RunnerConfig { timeoutMs: number; memoryMb: number }

export function readRunnerConfig(): RunnerConfig {
  const c = vscode.workspace.getConfiguration("causalStudio");
  const timeoutMs = c.get<number>("queryTimeoutMs", DEFAULT_TIMEOUT_MS);
  const memoryMb = c.get<number>("queryMemoryMb", DEFAULT_MEMORY_MB);
  return {
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs >= 100 ? Math.floor(timeoutMs) : DEFAULT_TIMEOUT_MS,
    memoryMb: Number.isFinite(memoryMb) && memoryMb >= 64 ? Math.floor(memoryMb) : DEFAULT_MEMORY_MB,
  };
}

export class ModelRunner implements vscode.Disposable {
  private readonly process: ModelProcess;
  private readonly problems = vscode.languages.createDiagnosticCollection("causal-studio-runner");
  /** Files whose Problems entries came from the last failed run on each model file. */
  private readonly reported = new Map<string, vscode.Uri[]>();

  constructor(entry: string) {
    this.process = new ModelProcess({ entry, ...readRunnerConfig() });
  }

  /** Starts the model process ahead of the first query (call when a query panel opens). */
  warm(): void {
    if (vscode.workspace.isTrusted) void this.process.warm();
  }

  readonly runQuery: RunQuery = async (file, spec, options = {}) => {
    if (!vscode.workspace.isTrusted) {
      const d = error("untrusted-workspace", "Queries run the model's code, which Causal Studio does only in a trusted workspace (untrusted workspace). Trust this folder (Manage Workspace Trust) to run queries; the DAG still works without.");
      return { status: "failed", message: d.message, diagnostics: [d] };
    }
    if (options.token?.isCancellationRequested) return { status: "cancelled" };
    this.process.setLimits(readRunnerConfig());
    const run: QueryRunOptions = { seed: 1, ...options.run };
    const ac = new AbortController();
    const sub = options.token?.onCancellationRequested(() => ac.abort());
    try {
      const distribution = await declaredDistribution(file, spec);
      const r = await this.process.run(
        { file, spec, options: run, comparison: options.comparison ?? true, ...(distribution ? { distribution } : {}) },
        { signal: ac.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
      );
      if (r.status === "cancelled") return r;
      if (r.status === "failed") {
        this.report(file, r.diagnostics);
        return { status: "failed", message: oneLine(r.diagnostics[0]), diagnostics: r.diagnostics };
      }
      this.report(file, []);
      const support = r.answer.type === "distribution" ? r.answer.rows.map((x) => x.value) : undefined;
      const code = queryAsCode(spec, vscode.workspace.asRelativePath(file, false), { ...run, ...(support ? { support } : {}) });
      return { ...r, code };
    } finally {
      sub?.dispose();
    }
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

/** The runner for this extension, its child at dist/model-runner.js beside dist/extension.js; disposed with the extension. */
export function createModelRunner(ctx: Ctx): ModelRunner {
  const runner = new ModelRunner(join(ctx.extension.extensionPath, "dist", "model-runner.js"));
  ctx.push(runner);
  return runner;
}

/** The target's statically declared distribution ("bernoulli" gives the support {0, 1} without a probe sample). */
async function declaredDistribution(file: string, spec: QuerySpec): Promise<string | undefined> {
  if (spec.kind !== "single") return undefined;
  const read = await readTextFile(file);
  if ("diagnostics" in read) return undefined;
  for (const m of extractModels(read.text, read.file).models) {
    const v = m.variables.find((x) => x.name === spec.target);
    if (v?.distribution) return v.distribution;
  }
  return undefined;
}

function oneLine(d: Diagnostic): string {
  const r = d.range;
  const at = r?.file ? ` (${vscode.workspace.asRelativePath(r.file, false)}:${r.start.line}:${r.start.column + 1})` : "";
  return `${d.message}${at}`;
}
