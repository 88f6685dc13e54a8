/**
 * How a job that did not answer is reported (model-process.ts): a child that went away (out of
 * memory, crashed, exited), a timeout — with what the query had computed so far when it had streamed
 * an estimate — and a message that did not come from the runner. Each is a value, never a throw.
 */
import { basename } from "node:path";
import { type Diagnostic, error } from "../errors/diagnostic";
import type { Answer, QueryProgress } from "../query/answer";
import { meanOf } from "../query/query-job";
import type { JobKind } from "./model-process-messages";

/**
 * A query's estimate when it was stopped by the timeout: the last batch the child streamed. `answer` is
 * that batch's whole answer; `estimate` and `standardError` are its single number (a probability, a
 * mean, P(1) of a 0/1 distribution), absent for a distribution over more values.
 */
export interface PartialAnswer {
  answer: Answer;
  estimate?: number;
  standardError?: number;
  /** Samples drawn so far, of `requested`. */
  samples: number;
  requested: number;
}

export type Failed = { status: "failed"; diagnostics: Diagnostic[]; partial?: PartialAnswer };

export function partialOf(p: QueryProgress): PartialAnswer | undefined {
  if (p.exact || p.samples <= 0) return undefined;
  const one = p.answer.type === "probability" ? p.answer.estimate : meanOf(p.answer);
  return { answer: p.answer, ...(one ? { estimate: one.value, standardError: one.standardError } : {}), samples: p.samples, requested: p.totalSamples };
}

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
const num = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(3))) : x.toExponential(2));

function partialText(p: PartialAnswer): string {
  if (p.estimate !== undefined && p.standardError !== undefined) return `${num(p.estimate)} ± ${num(p.standardError)}`;
  if (p.answer.type !== "distribution") return "";
  const rows = p.answer.rows.slice(0, 6).map((r) => `${p.answer.type === "distribution" ? p.answer.variable : ""} = ${r.value}: ${num(r.estimate.value)} ± ${num(r.estimate.standardError)}`);
  return rows.join(", ") + (p.answer.rows.length > 6 ? ", …" : "");
}

export function timeoutResult(kind: JobKind, file: string, timeoutMs: number, partial: PartialAnswer | undefined): Failed {
  const setting = kind === "train" ? "causalStudio.trainTimeoutMs (the CLI: --timeout-ms)" : "causalStudio.queryTimeoutMs (the CLI: --timeout-ms)";
  if (partial) {
    const message = `the query stopped after ${seconds(timeoutMs)} with ${count(partial.samples)} of ${count(partial.requested)} samples: ${partialText(partial)} (partial). Raise ${setting} for the full answer, or ask for fewer samples.`;
    return { status: "failed", diagnostics: [error("model-timeout", message, undefined, [`file: ${file}`])], partial };
  }
  const what = kind === "train" ? "training" : kind === "diagnose" ? "diagnosing" : "the query";
  const message = `${what} did not finish within ${timeoutMs} ms, so the model process was stopped (an endless loop in a mechanism?). Raise ${setting} if it only needs longer.`;
  return { status: "failed", diagnostics: [error("model-timeout", message, undefined, [`file: ${file}`])] };
}

export function forgedResult(file: string, why: string): Failed {
  const message = `${basename(file)}: the model process sent a message that did not come from the runner; the process was restarted (does the model or a package it imports call process.send?)`;
  return { status: "failed", diagnostics: [error("model-crashed", message, undefined, [why])] };
}

/** Why a child went away while a job was running, as a value. */
export function exitResult(stderr: string, code: number | null, signal: NodeJS.Signals | null, memoryMb: number, kind: JobKind): Failed {
  const tail = stderr.trim().split("\n").slice(-8).join("\n");
  if (/heap out of memory|Allocation failed|Reached heap limit/i.test(stderr)) {
    return { status: "failed", diagnostics: [error("model-out-of-memory", `the model ran out of memory (the limit is ${memoryMb} MB); the model process was stopped. Raise causalStudio.queryMemoryMb${kind === "train" ? " (the CLI: --memory-mb), or use a smaller --batch" : ", or ask for fewer samples"}.`)] };
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const while_ = kind === "train" ? "while training" : kind === "diagnose" ? "while diagnosing" : "while answering the query";
  return { status: "failed", diagnostics: [error("model-crashed", `the model process ${how} ${while_} (does the model call process.exit or crash Node?)`, undefined, tail ? [tail] : undefined)] };
}
