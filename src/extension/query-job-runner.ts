/**
 * A query job on a ModelProcess as the panel needs it: progress events (each batch, then the answer
 * with its code and notes before the summaries finish), cancellation tokens turned into the
 * process's kill and stop signals, and failures as one-line messages with file:line:col.
 * No `vscode` value import (tokens are typed structurally), so tests and the bench use it with a
 * real child process and no editor; ModelRunner adds Workspace Trust, settings and Problems.
 */
import type { Diagnostic } from "../core/errors/diagnostic";
import type { ModelProcess, PartialAnswer } from "../core/io/model-process";
import type { JobInput, JobOutput } from "../core/io/model-process-messages";
import type { Answer, QueryProgress } from "../core/query/answer";
import { type QueryCode, queryAsCode } from "../core/query/query-as-code";
import type { AnsweredQuery } from "../core/query/query-job";

/** A query job as the panel sends it: core's QueryJob, maybe with a parameters file (model-process-messages.ts). */
export type PanelQueryJob = JobInput<"query">;
/** Its result: core's QueryJobResult, with `params` saying whether the file's values were used. */
export type PanelQueryResult = JobOutput<"query">;

/** What a running query job reports: each sampling batch of the answer, then (once) the answer with its code. */
export type QueryJobEvent =
  | { type: "batch"; progress: QueryProgress }
  | { type: "answered"; answered: AnsweredQuery; code: QueryCode; elapsedMs: number; notes: string[] };

export type QueryOutcome =
  | {
    status: "answered";
    result: PanelQueryResult;
    code: QueryCode;
    /** Problems that did not stop the answer (the ATE's other arm failed), as sentences. */
    notes: string[];
    /** Wall time from the call to the job's end, and to its first progress report; the child's start-up when this run started it. */
    elapsedMs: number;
    firstProgressMs?: number;
    childStartMs?: number;
    /** Whether the model file was bundled for this job (false: the child's cached bundle was current). */
    bundled: boolean;
  }
  /** diagnostics[0] is the main error; message is its one-line text (with file:line:col) for the panel. */
  /** partial: a query stopped by the timeout, with its estimate so far (also in message: "… 0.412 ± 0.003 (partial)"). */
  | { status: "failed"; message: string; diagnostics: Diagnostic[]; partial?: PartialAnswer }
  | { status: "cancelled" };

/** The part of a vscode.CancellationToken used here. */
export interface Token {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface RunJobOptions {
  onProgress?: (e: QueryJobEvent) => void;
  /** Cancelling kills the model process (the job ends "cancelled"). */
  token?: Token;
  /** Cancelling skips the job's remaining steps (a query's summaries); the job still ends with what it has. */
  stop?: Token;
}

/** Runs one query job on a model file: the answer with progress, and whatever else the job asks for. */
export type RunQueryJob = (file: string, job: PanelQueryJob, options?: RunJobOptions) => Promise<QueryOutcome>;

export function queryJobRunner(process: ModelProcess, paths: { relativePath: (file: string) => string } = { relativePath: (f) => f }): RunQueryJob {
  const oneLine = (d: Diagnostic) => {
    const r = d.range;
    return `${d.message}${r?.file ? ` (${paths.relativePath(r.file)}:${r.start.line}:${r.start.column + 1})` : ""}`;
  };
  const notesOf = (a: AnsweredQuery) => [
    ...(a.ateFailure ? [`The ATE's other arm ${a.ateFailure.arm} failed: ${oneLine(a.ateFailure.diagnostic)}`] : []),
    ...(a.comparisonFailure ? [`No comparison world: ${oneLine(a.comparisonFailure.diagnostic)}`] : []),
  ];
  return async (file, job, options = {}) => {
    if (options.token?.isCancellationRequested) return { status: "cancelled" };
    const started = performance.now();
    const codeOf = (a: Answer) => {
      const support = a.type === "distribution" ? a.rows.map((x) => x.value) : undefined;
      return queryAsCode(job.spec, paths.relativePath(file), { ...job.options, ...(support ? { support } : {}) });
    };
    const cancel = new AbortController();
    const stop = new AbortController();
    const subs = [options.token?.onCancellationRequested(() => cancel.abort()), options.stop?.onCancellationRequested(() => stop.abort())];
    if (options.stop?.isCancellationRequested) stop.abort();
    try {
      const r = await process.runJob("query", file, job, {
        signal: cancel.signal, stop: stop.signal,
        onProgress: (p) => {
          if (p.type === "batch") return options.onProgress?.(p);
          options.onProgress?.({ type: "answered", answered: p.answered, code: codeOf(p.answered.answer), elapsedMs: performance.now() - started, notes: notesOf(p.answered) });
        },
      });
      if (r.status === "cancelled") return r;
      if (r.status === "failed") return { status: "failed", message: oneLine(r.diagnostics[0]), diagnostics: r.diagnostics, ...(r.partial ? { partial: r.partial } : {}) };
      const { firstProgressMs, childStartMs } = r;
      return {
        status: "answered", result: r.result, code: codeOf(r.result.answer), notes: notesOf(r.result), elapsedMs: r.elapsedMs, bundled: r.bundled,
        ...(firstProgressMs !== undefined ? { firstProgressMs } : {}), ...(childStartMs !== undefined ? { childStartMs } : {}),
      };
    } finally {
      for (const s of subs) s?.dispose();
    }
  };
}
