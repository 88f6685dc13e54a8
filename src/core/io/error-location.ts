/**
 * Turns an error thrown while running a bundled user module into a Diagnostic located in the
 * user's own source: the first stack frame inside the bundle is mapped back through the
 * bundle's inline source map.
 */
import { resolve } from "node:path";
import { CausalError, type Diagnostic, type SourceRange, error } from "../diagnostics/diagnostic";
import type { SourceMapReader } from "./source-map";

export interface BundleInfo {
  /** The file name the bundle was compiled under (appears in stack traces). */
  bundleName: string;
  /** Directory that the source map's `sources` are relative to. */
  sourceRoot: string;
  map?: SourceMapReader;
}

/** The user-source location of the innermost stack frame that lies in the bundle. */
export function locateInBundle(stack: string | undefined, info: BundleInfo): SourceRange | undefined {
  if (!stack || !info.map) return undefined;
  for (const line of stack.split("\n")) {
    const at = line.lastIndexOf(info.bundleName + ":");
    if (at < 0) continue;
    const m = /^(\d+):(\d+)/.exec(line.slice(at + info.bundleName.length + 1));
    if (!m) continue;
    const pos = info.map.originalPosition(Number(m[1]), Number(m[2]) - 1);
    if (!pos) continue;
    const start = { line: pos.line, column: pos.column, offset: pos.offset ?? 0 };
    return { file: resolve(info.sourceRoot, pos.source), start, end: start };
  }
  return undefined;
}

/** A Diagnostic for anything thrown by user code; CausalErrors keep their own code and range. */
export function diagnosticFromThrown(thrown: unknown, info: BundleInfo, what: string): Diagnostic {
  const stack = thrown instanceof Error ? thrown.stack : undefined;
  const where = locateInBundle(stack, info);
  if (thrown instanceof CausalError || isCausalErrorLike(thrown)) {
    const d = (thrown as CausalError).diagnostic;
    return d.range || !where ? d : { ...d, range: where };
  }
  const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : `a non-error value was thrown: ${String(thrown)}`;
  return error("model-load-error", `${what} threw ${message}`, where);
}

function isCausalErrorLike(x: unknown): boolean {
  return typeof x === "object" && x !== null && (x as { name?: unknown }).name === "CausalError" && typeof (x as { diagnostic?: unknown }).diagnostic === "object";
}
