/**
 * The host-side query service the panels use: runs a QuerySpec on a user's model file in a
 * separate Node process (src/core/io/model-process.ts), streams progress, honours a
 * CancellationToken, reads causalStudio.queryTimeoutMs / causalStudio.queryMemoryMb, refuses in
 * untrusted workspaces, and puts runner errors that have a source range into the Problems view.
 *
 * Interface first (for the query panel to wire against); the implementation follows.
 */
import type * as vscode from "vscode";
import type { Diagnostic } from "../core/diagnostics/diagnostic";
import type { Answer, QueryProgress } from "../core/query/answer-query";
import type { QueryRunOptions, QuerySpec } from "../core/query/query-spec";

export type { Answer, QueryProgress, QueryRunOptions, QuerySpec };

/** The query as code, so the UI never hides what it did (see core/query/query-as-code.ts). */
export interface QueryCode {
  typescript: string;
  cli: string;
}

export type QueryOutcome =
  | {
    status: "answered";
    /** The model's name (its scm("...") title). */
    model: string;
    answer: Answer;
    /** The same evidence without the action: P(target | given) beside P(target | do(...), given); absent without do. */
    comparison?: Answer;
    code: QueryCode;
    /** Wall time from the call to the final answer, and to the first progress report. */
    elapsedMs: number;
    firstProgressMs?: number;
  }
  /** diagnostics[0] is the main error; message is its one-line text for the panel. */
  | { status: "failed"; message: string; diagnostics: Diagnostic[] }
  | { status: "cancelled" };

export interface RunQueryOptions {
  onProgress?: (p: QueryProgress) => void;
  token?: vscode.CancellationToken;
  /** seed (default 1), samples, method; the seed makes the answer reproducible. */
  run?: Partial<QueryRunOptions>;
}

export type RunQuery = (file: string, spec: QuerySpec, options?: RunQueryOptions) => Promise<QueryOutcome>;
