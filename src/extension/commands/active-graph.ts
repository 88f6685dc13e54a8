/** The graph the user means: the active editor's model under the cursor, unless that is the DAG panel's document; else the panel's model. */
import type * as vscode from "vscode";
import type { ExtractedModel } from "../../core/extract/extract-models";
import type { CommandCtx } from "../ctx";
import { graphFileName, isGraphDocument, modelIndexAt, readGraphSource } from "../graph-source";

export interface ActiveGraph { model: ExtractedModel; document: vscode.TextDocument }

export function activeGraph(ctx: CommandCtx): ActiveGraph {
  const panel = ctx.panels.dag;
  const active = ctx.editor.active();
  if (active && isGraphDocument(active.document) && active.document.uri.toString() !== panel?.documentUri.toString()) {
    const doc = active.document;
    const source = readGraphSource(doc.getText(), graphFileName(doc));
    const model = source.models[modelIndexAt(source, active.offset)];
    if (model) return { model, document: doc };
  }
  const document = panel && ctx.editor.find(panel.documentUri);
  if (panel?.model && document) return { model: panel.model, document };
  throw new Error("open a *.causal.ts or *.dagitty file with a model first");
}

/** The DAG panel showing `document`: the open one if it does, else the panel retargeted to it. */
export function dagPanelFor(ctx: CommandCtx, document: vscode.TextDocument) {
  const panel = ctx.panels.dag;
  return panel?.documentUri.toString() === document.uri.toString() ? panel : ctx.panels.showDag(document);
}

/** The document a "show" command means: its URI argument (CodeLens), else the active editor's; and the offset to show. */
export async function targetDocument(ctx: CommandCtx, uri: unknown, offset: unknown, missing: string): Promise<{ document: vscode.TextDocument; offset: number | undefined }> {
  const active = ctx.editor.active();
  const target = ctx.editor.toUri(uri) ?? active?.document.uri;
  if (!target) throw new Error(missing);
  const document = await ctx.editor.open(target);
  return { document, offset: typeof offset === "number" ? offset : active?.document === document ? active.offset : undefined };
}
