/** The graph the user means: the DAG panel's model, else the active editor's first model. */
import * as vscode from "vscode";
import type { ExtractedModel } from "../../core/extract/extract-models";
import { isGraphDocument } from "../diagnostics";
import { modelIndexAt, readGraphSource } from "../graph-source";
import { DagPanel } from "../panel";

export interface ActiveGraph { model: ExtractedModel; document: vscode.TextDocument }

export function activeGraph(): ActiveGraph {
  const panel = DagPanel.current;
  const editor = vscode.window.activeTextEditor;
  if (editor && isGraphDocument(editor.document) && editor.document.uri.toString() !== panel?.documentUri.toString()) {
    const doc = editor.document;
    const source = readGraphSource(doc.getText(), doc.languageId === "dagitty" && !doc.fileName.endsWith(".dagitty") ? `${doc.fileName}.dagitty` : doc.fileName);
    const model = source.models[modelIndexAt(source, doc.offsetAt(editor.selection.active))];
    if (model) return { model, document: doc };
  }
  if (panel?.model) return { model: panel.model, document: vscode.workspace.textDocuments.find((d) => d.uri.toString() === panel.documentUri.toString())! };
  throw new Error("open a *.causal.ts or *.dagitty file with a model first");
}
