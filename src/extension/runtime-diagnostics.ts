/**
 * Problems from a run (a query, training or a diagnosis that failed on the model's code, e.g. an invalid
 * parameter) describe the file as it was when it ran. They are cleared when the user edits that document:
 * the edit may be the fix, VS Code does not move a diagnostic's range with edits (a stale squiggle would sit
 * on the wrong text), and only the next run can say whether the problem is still there (it reports again
 * then). Static problems (the graph's, src/extension/diagnostics.ts) are recomputed on every edit instead.
 * Imports `vscode` for types only, so it is unit-tested with plain objects.
 */
import type * as vscode from "vscode";

type Problems = Pick<vscode.DiagnosticCollection, "has" | "delete">;
type Change = Pick<vscode.TextDocumentChangeEvent, "document" | "contentChanges">;

/** Forgets `problems` of the changed document when the change edits its text; true when some were forgotten. */
export function forgetRunProblemsOnEdit(problems: Problems, change: Change): boolean {
  if (change.contentChanges.length === 0 || !problems.has(change.document.uri)) return false;
  problems.delete(change.document.uri);
  return true;
}
