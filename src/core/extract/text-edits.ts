/**
 * Plain-text helpers for source edits: apply TextEdits to a text (as an editor would, all ranges
 * relative to the original text), and the one smallest TextEdit that turns one text into another
 * (common prefix and suffix kept), so a compound change reaches the editor as a single undo step.
 */
import type { TextEdit } from "../errors/diagnostic";
import { LineIndex } from "./line-index";

/** The text after `edits` (non-overlapping, offsets into `text`). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  return out;
}

/** One edit replacing the part of `before` that differs from `after` ([] when equal). */
export function minimalEdit(before: string, after: string, file?: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return [{ range: new LineIndex(before, file).range(start, before.length - tail), newText: after.slice(start, after.length - tail) }];
}
