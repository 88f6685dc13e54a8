/**
 * The quick fixes for graph problems the Problems panel shows (no `vscode` import, so unit-tested
 * directly; code-actions.ts turns them into VS Code code actions):
 * - a stale parent read ("wage's mechanism still reads experience…"): keep the edge, i.e. declare the
 *   parent again (moving its declaration up first when it is declared after the child);
 * - a parent declared after its child: move its declaration above the child (never offered when the
 *   edge would close a cycle: the diagnostic's note names the cycle instead).
 */
import type { Diagnostic, TextEdit } from "../core/errors/diagnostic";
import { reviseLaterParentNotes, moveDeclarationEdits } from "../core/extract/declaration-order";
import { moveThenAddEdits, parentEdits } from "../core/extract/edit-parents";
import { isSyntaxError } from "../core/extract/parse-source";
import { findStaleReads, staleParentDiagnostics } from "../core/extract/stale-parents";
import { readGraphSource } from "./graph-source";

export interface GraphFix {
  title: string;
  edits: TextEdit[];
  preferred: boolean;
}

/**
 * Causal Studio's static diagnostics for a document: extraction's, with cycle-aware advice, plus stale parent reads.
 * A model file's syntax errors are left to VS Code's TypeScript, which reports them already (the DAG panel's banner shows them).
 */
export function graphDiagnostics(text: string, fileName: string): Diagnostic[] {
  const source = readGraphSource(text, fileName);
  if (source.kind !== "model") return source.diagnostics;
  const own = source.diagnostics.filter((d) => !isSyntaxError(d));
  return [...reviseLaterParentNotes(source.models, own), ...staleParentDiagnostics(text, source.models, fileName)];
}

/** The fixes for the diagnostic with `code` that starts at `offset` in `text`. */
export function graphFixes(text: string, fileName: string, code: string, offset: number): GraphFix[] {
  const source = readGraphSource(text, fileName);
  if (source.kind !== "model") return [];
  if (code === "undeclared-parent-read") {
    const read = findStaleReads(text, source.models, fileName).find((r) => r.range.start.offset === offset);
    if (!read) return [];
    const model = source.models[read.modelIndex];
    const change = { parent: read.parent, child: read.child };
    const direct = parentEdits(text, model, { op: "add", ...change });
    if (Array.isArray(direct)) return [{ title: `Keep the edge ${read.parent} → ${read.child} (declare ${read.parent} as a parent of ${read.child})`, edits: direct, preferred: true }];
    if (direct.code !== "parent-declared-later") return [];
    const moved = moveThenAddEdits(text, model, change);
    return Array.isArray(moved) ? [{ title: `Move ${read.parent} above ${read.child} and declare it as a parent`, edits: moved, preferred: true }] : [];
  }
  if (code === "parent-declared-later") {
    for (const model of source.models) {
      for (const v of model.variables) {
        const p = v.parents.find((q) => q.range.start.offset === offset);
        if (!p) continue;
        const moved = moveDeclarationEdits(text, model, p.name, v.name);
        return Array.isArray(moved) && moved.length ? [{ title: `Move the declaration of ${p.name} above ${v.name}`, edits: moved, preferred: true }] : [];
      }
    }
  }
  return [];
}
