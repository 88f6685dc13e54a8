/**
 * "Intervene…" / "Counterfactual…" (CodeLens above each scm(...) chain, and the palette): opens the
 * DAG panel for that model with its query bar in the chosen mode. Runs no user code by itself.
 */
import * as vscode from "vscode";
import type { Ctx } from "../ctx";
import { DagPanel } from "../panel";

export function openQuery(mode: "intervene" | "counterfactual") {
  return (ctx: Ctx) => async (uri?: unknown, offset?: unknown): Promise<void> => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) throw new Error(`open a *.causal.ts model first, then run ${mode === "intervene" ? "Intervene" : "Counterfactual"}`);
    const document = await vscode.workspace.openTextDocument(target);
    const editor = vscode.window.activeTextEditor;
    const at = typeof offset === "number" ? offset : editor?.document === document ? document.offsetAt(editor.selection.active) : undefined;
    DagPanel.show(ctx, document, at).openQuery(mode);
  };
}
