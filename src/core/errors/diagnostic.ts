/**
 * Diagnostics are data: a code from the catalogue, a severity, a message a user can act on,
 * and a source range where one exists. Core code collects them and never formats them; the
 * CLI (src/cli/format-diagnostic.ts) and the extension (Problems panel) print them.
 */

/** A position in a source text: 1-based line, 0-based column (esbuild's convention). */
export interface SourcePosition {
  line: number;
  column: number;
  /** 0-based character offset into the text. */
  offset: number;
}

export interface SourceRange {
  file?: string;
  start: SourcePosition;
  end: SourcePosition;
}

export type Severity = "error" | "warning" | "info";

/** The catalogue of diagnostic codes. Add a code here before using it. */
export type DiagnosticCode =
  | "parse-error"
  | "unknown-parent"
  | "undeclared-parent-read"
  | "parent-declared-later"
  | "duplicate-name"
  | "cycle"
  | "invalid-parameter"
  | "unknown-variable"
  | "impossible-evidence"
  | "outside-support"
  | "unsupported-query"
  | "exact-inference-unavailable"
  | "non-finite-estimate"
  | "not-a-model"
  | "model-load-error"
  | "model-timeout"
  | "model-crashed"
  | "model-out-of-memory"
  | "untrusted-workspace"
  | "invalid-argument"
  | "not-identifiable"
  | "non-literal-name"
  | "unreadable-parents"
  | "missing-mechanism"
  | "invalid-data"
  | "missing-column"
  | "constant-column"
  | "unreadable-data-file"
  | "cancelled"
  | "diagnosis"
  | "internal";

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range?: SourceRange;
  notes?: string[];
}

/**
 * Thrown by the fluent library API (where returning a value would break chaining) and
 * caught at every boundary (CLI, extension, model runner) that turns it back into a value.
 */
export class CausalError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = "CausalError";
    this.diagnostic = diagnostic;
  }
}

export function error(code: DiagnosticCode, message: string, range?: SourceRange, notes?: string[]): Diagnostic {
  return { code, severity: "error", message, ...(range ? { range } : {}), ...(notes?.length ? { notes } : {}) };
}

/** Turns an offset range in `text` into a SourceRange (lines 1-based, columns 0-based). */
export function rangeFromOffsets(text: string, start: number, end: number, file?: string): SourceRange {
  return { ...(file ? { file } : {}), start: positionAt(text, start), end: positionAt(text, end) };
}

export function positionAt(text: string, offset: number): SourcePosition {
  const starts = lineStarts(text);
  const stop = Math.min(Math.max(offset, 0), text.length);
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= stop) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, column: stop - starts[lo], offset: stop };
}

// Parsers ask for many positions in one text: index its line starts once (a one-entry cache,
// so positionAt is O(log lines) instead of a scan from the start of the text per call).
let cachedText: string | undefined;
let cachedStarts: number[] = [0];
function lineStarts(text: string): number[] {
  if (text !== cachedText) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    cachedText = text;
    cachedStarts = starts;
  }
  return cachedStarts;
}

/** A replacement of the text in `range` by `newText` (the shape of an LSP/VS Code TextEdit). */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}
