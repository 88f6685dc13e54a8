/** What the DAG panel does for a clicked node (reveal its declaration) and the theme kind it sends the webview. */
import * as vscode from "vscode";
import type { ToWebview } from "../protocol/messages";
import { toVscodeRange } from "./diagnostics";
import type { GraphSource } from "./graph-source";
import { refusalNotice } from "./refusal-notices";

export interface RevealTarget {
  document: vscode.TextDocument;
  model: GraphSource["models"][number] | undefined;
  fileLabel: string;
  post(m: ToWebview): void;
  log(line: string): void;
}

/** Puts the cursor on the variable's name (inside its quotes) in an editor beside the panel, or says it has no declaration. */
export async function revealDeclaration(t: RevealTarget, id: string): Promise<void> {
  const variable = t.model?.variables.find((v) => v.name === id);
  const node = t.model?.graph.nodes.find((n) => n.id === id);
  const range = variable?.nameRange ?? node?.range;
  if (!range) {
    t.post(refusalNotice(`"${id}" has no declaration in ${t.fileLabel}.`, "info"));
    return;
  }
  const r = toVscodeRange(range);
  const inner = variable && r.end.character - r.start.character >= 2 && r.isSingleLine ? new vscode.Range(r.start.translate(0, 1), r.end.translate(0, -1)) : r;
  const column = vscode.window.visibleTextEditors.find((e) => e.document === t.document)?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(t.document, { viewColumn: column, preserveFocus: false });
  editor.selection = new vscode.Selection(inner.start, inner.start);
  editor.revealRange(inner, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  t.log(`revealed ${id} at ${t.fileLabel}:${inner.start.line + 1}:${inner.start.character + 1}`);
}

export function themeKind(kind: vscode.ColorThemeKind): "light" | "dark" | "high-contrast" | "high-contrast-light" {
  switch (kind) {
    case vscode.ColorThemeKind.Light: return "light";
    case vscode.ColorThemeKind.HighContrast: return "high-contrast";
    case vscode.ColorThemeKind.HighContrastLight: return "high-contrast-light";
    default: return "dark";
  }
}
