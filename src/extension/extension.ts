/**
 * Causal Studio's VS Code entry point: a table of contents. The Ctx owns the services (configuration,
 * model runner, panels); each command is a factory of it. The graph features are static analysis of
 * the source text (extraction, DAGitty parsing, graph analyses) and work in untrusted workspaces; only
 * queries run the model's code, in a separate process and only in a trusted workspace
 * (package.json: capabilities.untrustedWorkspaces "limited"); training runs it too, under the same rule.
 */
import * as vscode from "vscode";
import { registerCodeLens } from "./codelens";
import { exportDag } from "./commands/export-dag";
import { openDagBeside } from "./commands/open-dag-beside";
import { askQuery, panelCommand } from "./commands/panel-commands";
import { showAdjustmentSets } from "./commands/show-adjustment-sets";
import { diagnoseModel } from "./commands/diagnose-model";
import { runScript } from "./commands/run-script";
import { trainModel } from "./commands/train-model";
import { registerCodeActions } from "./code-actions";
import { Ctx } from "./ctx";
import { registerDiagnostics } from "./diagnostics";
import { DagPanel } from "./panel";

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const ctx = new Ctx(context);
  ctx.registerCommand("openDagBeside", openDagBeside);
  ctx.registerCommand("exportDag", exportDag);
  ctx.registerCommand("showAdjustmentSets", showAdjustmentSets);
  ctx.registerCommand("intervene", askQuery("intervene"));
  ctx.registerCommand("counterfactual", askQuery("counterfactual"));
  ctx.registerCommand("runQuery", panelCommand("runQuery"));
  ctx.registerCommand("cancelQuery", panelCommand("cancelQuery"));
  ctx.registerCommand("clearQuery", panelCommand("clearQuery"));
  ctx.registerCommand("closeQuery", panelCommand("closeQuery"));
  ctx.registerCommand("fitView", panelCommand("fitView"));
  ctx.registerCommand("zoomIn", panelCommand("zoomIn"));
  ctx.registerCommand("zoomOut", panelCommand("zoomOut"));
  ctx.registerCommand("showImplications", panelCommand("showImplications"));
  ctx.registerCommand("trainModel", trainModel);
  ctx.registerCommand("diagnoseModel", diagnoseModel);
  ctx.registerCommand("runScript", runScript);
  registerCodeLens(ctx);
  registerDiagnostics(ctx);
  registerCodeActions(ctx);
  ctx.push(vscode.window.registerWebviewPanelSerializer(DagPanel.viewType, { deserializeWebviewPanel: (panel) => DagPanel.revive(ctx, panel) }));
  ctx.log(`Causal Studio activated in ${(performance.now() - started).toFixed(1)} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
}

export function deactivate(): void {
  // Everything registered above is disposed through context.subscriptions.
}
