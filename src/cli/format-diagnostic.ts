/**
 * Prints core Diagnostics for a terminal: `file:line:col: severity: message`, the source line
 * with a caret when the text is at hand, then `note:` lines. Columns print 1-based (as editors
 * and compilers show them); core ranges keep esbuild's 0-based columns. Bounded output: the
 * excerpt is a window of EXCERPT_WIDTH columns around the column (… marks what is cut), and a
 * list prints at most MAX_PRINTED diagnostics, then "… and N more".
 */
import { relative } from "node:path";
import type { Diagnostic } from "../core/errors/diagnostic";
import { omittedBy } from "../core/errors/diagnostic-cap";
import { printable } from "../core/errors/printable";

/** Columns of source shown under a message: enough for the context of a problem, never a whole minified line. */
export const EXCERPT_WIDTH = 100;
/** Diagnostics printed in one list: the first ones are what a person fixes; the rest are counted. */
export const MAX_PRINTED = 20;

export interface FormatOptions {
  /** Paths print relative to this directory. */
  cwd?: string;
  /** Source texts by file name, for the excerpt under the message. */
  sources?: Map<string, string>;
}

export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  const r = d.range;
  let where = "causal-studio";
  if (r?.file) where = `${displayPath(r.file, opts.cwd)}:${r.start.line}:${r.start.column + 1}`;
  else if (r) where = `${r.start.line}:${r.start.column + 1}`;
  const out = [`${where}: ${d.severity}: ${d.message}`];
  const text = r?.file ? opts.sources?.get(r.file) : undefined;
  if (r && text !== undefined) out.push(...excerpt(text, r.start.offset - r.start.column, r.start.column, r.end.line === r.start.line ? r.end.column : Infinity));
  for (const n of d.notes ?? []) out.push(`  note: ${n}`);
  // Names and messages can come from a hostile or binary file: no control character reaches the terminal.
  return printable(out.join("\n")) + "\n";
}

/** The source line and carets, cut to a window around `col` (only the window is read, not the line). */
function excerpt(text: string, lineStart: number, col: number, endCol: number): string[] {
  if (lineStart < 0 || lineStart > text.length || (lineStart > 0 && text[lineStart - 1] !== "\n")) return [];
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const length = lineEnd - lineStart;
  let from = 0;
  let to = length;
  if (length > EXCERPT_WIDTH) {
    from = Math.max(0, Math.min(col - Math.floor(EXCERPT_WIDTH / 3), length - EXCERPT_WIDTH));
    to = from + EXCERPT_WIDTH;
  }
  // Tabs and other control characters print as spaces so the carets stay under their column.
  const shown = text.slice(lineStart + from, lineStart + to).replace(/[\p{Cc}]/gu, " ");
  const left = from > 0 ? "…" : "";
  const right = to < length ? "…" : "";
  const caretAt = Math.min(Math.max(col - from, 0), shown.length);
  const width = Math.max(1, Math.min(endCol - col, shown.length - caretAt));
  return [`  ${left}${shown}${right}`.trimEnd(), `  ${" ".repeat(left.length + caretAt)}${"^".repeat(width)}`];
}

export function formatDiagnostics(ds: Diagnostic[], opts: FormatOptions = {}): string {
  const printed = ds.slice(0, MAX_PRINTED).map((d) => formatDiagnostic(d, opts));
  // A parser's summary diagnostic stands for the problems it only counted.
  const more = ds.slice(MAX_PRINTED).reduce((n, d) => n + (omittedBy(d) || 1), 0);
  if (more > 0) printed.push(`… and ${more.toLocaleString("en-US")} more (only the first ${MAX_PRINTED} are printed; fix these first)\n`);
  return printed.join("");
}

function displayPath(file: string, cwd?: string): string {
  if (!cwd || !file.startsWith("/")) return file;
  const rel = relative(cwd, file);
  return rel.startsWith("..") ? file : rel;
}
