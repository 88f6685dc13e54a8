/** A "Show DAG" CodeLens above every scm(...) chain in *.causal.ts files (static; runs no user code). */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { readGraphSource } from "./graph-source";

export class DagCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { models } = readGraphSource(document.getText(), document.fileName);
    return models.map((m) => {
      const at = new vscode.Position(m.range.start.line - 1, m.range.start.column);
      return new vscode.CodeLens(new vscode.Range(at, at), {
        title: `Show DAG (${m.variables.length} variable${m.variables.length === 1 ? "" : "s"})`,
        command: "causalStudio.openDagBeside",
        arguments: [document.uri, m.range.start.offset],
      });
    });
  }
}

export function registerCodeLens(ctx: Ctx): void {
  ctx.push(vscode.languages.registerCodeLensProvider({ pattern: "**/*.causal.ts" }, new DagCodeLensProvider()));
}
