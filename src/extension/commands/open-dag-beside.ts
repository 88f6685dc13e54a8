/** "Causal Studio: Open DAG Beside": the DAG panel for the active (or given) model file. */
import * as vscode from "vscode";
import type { Ctx } from "../ctx";
import { DagPanel } from "../panel";

export function openDagBeside(ctx: Ctx) {
  return async (uri?: unknown, offset?: unknown): Promise<void> => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) throw new Error("open a *.causal.ts or *.dagitty file first, then run Open DAG Beside");
    const document = await vscode.workspace.openTextDocument(target);
    const editor = vscode.window.activeTextEditor;
    const at = typeof offset === "number" ? offset : editor?.document === document ? document.offsetAt(editor.selection.active) : undefined;
    DagPanel.show(ctx, document, at);
  };
}
