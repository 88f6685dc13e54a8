/**
 * The user's source location of a builder call, read from `new Error().stack` (V8 format):
 * `depth` frames above this function (callerRange <- declare <- variable/latent <- user code),
 * which also holds when the core is bundled into one file. Best-effort: undefined if unparsable.
 * Offsets are not known from a stack trace, so `offset` is -1 (line and column are exact).
 */
import type { SourceRange } from "../errors/diagnostic";

export function callerRange(depth = 3): SourceRange | undefined {
  const stack = new Error().stack ?? "";
  const frames = stack.split("\n").filter((l) => /^\s*at /.test(l));
  for (const line of frames.slice(depth, depth + 1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1];
    const pos = { line: Number(m[2]), column: Number(m[3]) - 1, offset: -1 };
    return { file: file.replace(/^file:\/\//, ""), start: pos, end: pos };
  }
  return undefined;
}
