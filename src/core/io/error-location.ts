/**
 * Turns an error thrown while running a bundled user module into a Diagnostic located in the
 * user's own source: the first stack frame inside the bundle is mapped back through the
 * bundle's inline source map.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CausalError, type Diagnostic, type SourceRange, error } from "../errors/diagnostic";
import { locateParameterArgument } from "../extract/argument-range";
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

/** A range inside the bundle (e.g. a call site read from a stack trace) moved to the user's source. */
export function remapRange(range: SourceRange | undefined, info: BundleInfo): SourceRange | undefined {
  if (!range || range.file !== info.bundleName || !info.map) return range;
  const at = (p: SourceRange["start"]) => {
    const o = info.map!.originalPosition(p.line, p.column);
    return o ? { file: resolve(info.sourceRoot, o.source), pos: { line: o.line, column: o.column, offset: o.offset ?? 0 } } : undefined;
  };
  const start = at(range.start);
  if (!start) return undefined;
  const end = at(range.end);
  return { file: start.file, start: start.pos, end: end && end.file === start.file ? end.pos : start.pos };
}

/** The diagnostic with its range (if it points into the bundle) moved to the user's source. */
export function remapDiagnostic(d: Diagnostic, info: BundleInfo): Diagnostic {
  if (d.range?.file !== info.bundleName) return d;
  const range = remapRange(d.range, info);
  const { range: _dropped, ...rest } = d;
  return range ? { ...rest, range } : rest;
}

/** A Diagnostic for anything thrown by user code; CausalErrors keep their own code and range. */
export function diagnosticFromThrown(thrown: unknown, info: BundleInfo, what: string): Diagnostic {
  const stack = thrown instanceof Error ? thrown.stack : undefined;
  const where = locateInBundle(stack, info);
  if (thrown instanceof CausalError || isCausalErrorLike(thrown)) {
    const d = onTheArgument(remapDiagnostic((thrown as CausalError).diagnostic, info));
    return d.range || !where ? d : { ...d, range: where };
  }
  const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : `a non-error value was thrown: ${String(thrown)}`;
  return error("model-load-error", `${what} threw ${message}`, where);
}

function isCausalErrorLike(x: unknown): boolean {
  return typeof x === "object" && x !== null && (x as { name?: unknown }).name === "CausalError" && typeof (x as { diagnostic?: unknown }).diagnostic === "object";
}

/** An invalid-parameter error moved from the variable's `.variable(` call to the bad argument, read from the file as it ran. */
function onTheArgument(d: Diagnostic): Diagnostic {
  if (d.code !== "invalid-parameter" || !d.range?.file) return d;
  try {
    return locateParameterArgument(d, readFileSync(d.range.file, "utf8"));
  } catch {
    return d;
  }
}
