/**
 * Graph problems in the Problems panel: core Diagnostics (ranges 1-based line / 0-based column) become
 * vscode.Diagnostics with exact ranges, refreshed while the user types (debounced by
 * causalStudio.debounceMs) for *.causal.ts, *.dagitty and *.bif documents. Static only: runs no user code.
 * Beside extraction's problems: a mechanism that still reads a variable it no longer declares as a
 * parent (left behind by an edge deleted in the diagram), and "declared later" advice that checks for
 * a cycle first (graph-fixes.ts; the quick fixes are in code-actions.ts).
 */
import * as vscode from "vscode";
import type { Diagnostic } from "../core/errors/diagnostic";
import type { Ctx } from "./ctx";
import { graphDiagnostics } from "./graph-fixes";
import { graphFileName, isGraphDocument } from "./graph-source";

const SEVERITY: Record<Diagnostic["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVscodeRange(r: NonNullable<Diagnostic["range"]>): vscode.Range {
  return new vscode.Range(r.start.line - 1, r.start.column, r.end.line - 1, r.end.column);
}

export function toVscodeDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const range = d.range ? toVscodeRange(d.range) : new vscode.Range(0, 0, 0, 0);
  const out = new vscode.Diagnostic(range, d.notes?.length ? `${d.message}\n${d.notes.join("\n")}` : d.message, SEVERITY[d.severity]);
  out.source = "Causal Studio";
  out.code = d.code;
  return out;
}

export function registerDiagnostics(ctx: Ctx): void {
  const collection = vscode.languages.createDiagnosticCollection("causal-studio");
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const refresh = (doc: vscode.TextDocument) => {
    if (!isGraphDocument(doc)) return;
    collection.set(doc.uri, graphDiagnostics(doc.getText(), graphFileName(doc)).map(toVscodeDiagnostic));
  };
  const schedule = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); refresh(doc); }, ctx.config.debounceMs));
  };
  vscode.workspace.textDocuments.forEach(refresh);
  ctx.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
