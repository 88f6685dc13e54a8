/**
 * CodeLenses above every scm(...) chain in *.causal.ts files: "Show DAG", "Intervene…",
 * "Counterfactual…" (these two open the DAG panel with its query bar in that mode), "Train…"
 * (Train Model… on this model) and "Diagnose…" (Diagnose Model… on this model); and "Run main…" above
 * the exported main of a script (Run Script… on that file). Static: providing them runs no user code.
 */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { readGraphSource } from "./graph-source";
import { isScriptFile, mainDeclarationLines } from "./main-lens";

export class DagCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { models } = readGraphSource(document.getText(), document.fileName);
    return models.flatMap((m) => {
      const at = new vscode.Position(m.range.start.line - 1, m.range.start.column);
      const range = new vscode.Range(at, at);
      const args = [document.uri, m.range.start.offset];
      return [
        new vscode.CodeLens(range, { title: `Show DAG (${m.variables.length} variable${m.variables.length === 1 ? "" : "s"})`, command: "causalStudio.openDagBeside", arguments: args }),
        new vscode.CodeLens(range, { title: "Intervene…", tooltip: "Click nodes to set do(…), add evidence and choose a target; the answer is plotted", command: "causalStudio.intervene", arguments: args }),
        new vscode.CodeLens(range, { title: "Counterfactual…", tooltip: "Given what was observed, what if a variable had been set otherwise?", command: "causalStudio.counterfactual", arguments: args }),
        new vscode.CodeLens(range, { title: "Train…", tooltip: "Learn this model's params from a data file (CSV, Parquet, JSON lines); Run then uses them", command: "causalStudio.trainModel", arguments: args }),
        new vscode.CodeLens(range, { title: "Diagnose…", tooltip: "Check this model against a data file: implied independencies, residuals, stability across environments; plots, verdicts and the DAG coloured by the evidence", command: "causalStudio.diagnoseModel", arguments: args }),
      ];
    });
  }
}

export class MainCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isScriptFile(document.fileName)) return [];
    return mainDeclarationLines(document.getText()).map((line) => new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
      title: "Run main…", tooltip: "Run this script (causal-studio run) and show its output and the figures main returns", command: "causalStudio.runScript", arguments: [document.uri],
    }));
  }
}

export function registerCodeLens(ctx: Ctx): void {
  ctx.push(vscode.languages.registerCodeLensProvider({ pattern: "**/*.causal.ts" }, new DagCodeLensProvider()));
  ctx.push(vscode.languages.registerCodeLensProvider({ pattern: "**/*.{ts,mts,cts}" }, new MainCodeLensProvider()));
}
