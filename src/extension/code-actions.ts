/**
 * Quick fixes (the light bulb, Ctrl+.) for Causal Studio's graph diagnostics in *.causal.ts files:
 * keep an edge whose parent the mechanism still reads, or move a declaration so a parent comes before
 * its child. The fixes themselves are computed statically in graph-fixes.ts; this file only adapts them.
 */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { toVscodeRange } from "./diagnostics";
import { graphFileName } from "./graph-source";
import { graphFixes } from "./graph-fixes";

const FIXABLE = new Set(["undeclared-parent-read", "parent-declared-later"]);

export class GraphFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== "Causal Studio" || typeof d.code !== "string" || !FIXABLE.has(d.code)) continue;
      for (const fix of graphFixes(document.getText(), graphFileName(document), d.code, document.offsetAt(d.range.start))) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(document.uri, toVscodeRange(e.range), e.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}

export function registerCodeActions(ctx: Ctx): void {
  ctx.push(vscode.languages.registerCodeActionsProvider({ pattern: "**/*.causal.ts" }, new GraphFixProvider(), { providedCodeActionKinds: GraphFixProvider.kinds }));
}
