/**
 * Prints core Diagnostics for a terminal: `file:line:col: severity: message`, the source line
 * with a caret when the text is at hand, then `note:` lines. Columns print 1-based (as editors
 * and compilers show them); core ranges keep esbuild's 0-based columns.
 */
import { relative } from "node:path";
import type { Diagnostic } from "../core/errors/diagnostic";

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
  if (r && text !== undefined) {
    const line = text.split("\n")[r.start.line - 1];
    if (line !== undefined) {
      const width = r.end.line === r.start.line ? Math.max(1, r.end.column - r.start.column) : 1;
      out.push(`  ${line.replace(/\t/g, " ").trimEnd()}`, `  ${" ".repeat(r.start.column)}${"^".repeat(Math.min(width, Math.max(1, line.length - r.start.column)))}`);
    }
  }
  for (const n of d.notes ?? []) out.push(`  note: ${n}`);
  return out.join("\n") + "\n";
}

export function formatDiagnostics(ds: Diagnostic[], opts: FormatOptions = {}): string {
  return ds.map((d) => formatDiagnostic(d, opts)).join("");
}

function displayPath(file: string, cwd?: string): string {
  if (!cwd || !file.startsWith("/")) return file;
  const rel = relative(cwd, file);
  return rel.startsWith("..") ? file : rel;
}
