/**
 * The user's source location of a builder call, read from `new Error().stack` (V8 format):
 * the first frame outside this folder. Best-effort: undefined when no frame can be parsed.
 * Offsets are not known from a stack trace, so `offset` is -1 (line and column are exact).
 */
import type { SourceRange } from "../diagnostics/diagnostic";

export function callerRange(): SourceRange | undefined {
  const stack = new Error().stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1];
    if (/[\\/]core[\\/]dsl[\\/]/.test(file) || file.startsWith("node:")) continue;
    const pos = { line: Number(m[2]), column: Number(m[3]) - 1, offset: -1 };
    return { file: file.replace(/^file:\/\//, ""), start: pos, end: pos };
  }
  return undefined;
}
