/**
 * Turns an error thrown while running a bundled user module into a Diagnostic located in the
 * user's own source: the first stack frame inside the bundle is mapped back through the
 * bundle's inline source map.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { inspect } from "node:util";
import { type Diagnostic, type SourceRange, error } from "../errors/diagnostic";
import { DiagnosticSchema } from "./diagnostic-schema";
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

/**
 * The one code path for "the model threw": a Diagnostic for any value user code throws (an Error of
 * any realm, a string, a null-prototype object, a Proxy whose every trap throws, a fake CausalError).
 * Nothing thrown is trusted: a CausalError's diagnostic is used only when DiagnosticSchema accepts it,
 * every property is read inside a try, and the position is the innermost stack frame in the model's
 * bundle whenever the value carries a stack. It never throws.
 */
export function diagnosticFromThrown(thrown: unknown, info: BundleInfo, what: string): Diagnostic {
  try {
    const stack = read(thrown, "stack");
    const where = typeof stack === "string" ? safely(() => locateInBundle(stack, info)) : undefined;
    const name = read(thrown, "name");
    if (name === "CausalError") {
      const d = DiagnosticSchema.safeParse(read(thrown, "diagnostic"));
      if (d.success) {
        const moved = safely(() => onTheArgument(remapDiagnostic(d.data, info))) ?? d.data;
        return moved.range || !where ? moved : { ...moved, range: where };
      }
      return error("model-load-error", `${what} threw an object named CausalError whose diagnostic is not a valid diagnostic (${describe(read(thrown, "diagnostic"))})`, where);
    }
    const message = read(thrown, "message");
    const text = safely(() => thrown instanceof Error) || (typeof name === "string" && typeof message === "string")
      ? `${typeof name === "string" ? name : "Error"}: ${typeof message === "string" ? message : describe(message)}`
      : `a value that is not an Error: ${describe(thrown)}`;
    return error("model-load-error", `${what} threw ${text}`, where);
  } catch {
    return error("model-load-error", `${what} threw a value that cannot be described`);
  }
}

/** `x[key]`, or undefined when x is not an object or reading it throws (a getter, a Proxy trap). */
function read(x: unknown, key: string): unknown {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return undefined;
  return safely(() => (x as Record<string, unknown>)[key]);
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** A short, printable description of any value (util.inspect copes with null prototypes and Proxies). */
function describe(x: unknown): string {
  const s = safely(() => inspect(x, { depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 })) ?? safely(() => Object.prototype.toString.call(x)) ?? typeof x;
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
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
