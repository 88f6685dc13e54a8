/**
 * "Causal Studio: Export DAG": SVG or PNG (drawn by the DAG panel, as it looks there), DAGitty, Graphviz
 * dot or Mermaid text; written atomically (a temp file renamed over the target), so an interrupted
 * export leaves the previous file intact.
 */
import type * as vscode from "vscode";
import { printDagitty, toDot, toMermaid } from "../../core/graph/index";
import { writeFileAtomic } from "../../core/io/atomic-write";
import type { CommandCtx } from "../ctx";
import { graphFileName, readGraphSource } from "../graph-source";
import { exportFileName } from "../file-labels";
import { activeGraph, dagPanelFor } from "./active-graph";

export type ExportFormat = "svg" | "png" | "dagitty" | "dot" | "mermaid";
const FORMATS: { format: ExportFormat; label: string; extension: string }[] = [
  { format: "svg", label: "SVG image", extension: "svg" },
  { format: "png", label: "PNG image", extension: "png" },
  { format: "dagitty", label: "DAGitty", extension: "dagitty" },
  { format: "dot", label: "Graphviz dot", extension: "dot" },
  { format: "mermaid", label: "Mermaid", extension: "mmd" },
];

export function exportDag(ctx: CommandCtx) {
  return async (formatArg?: unknown, target?: unknown): Promise<string | undefined> => {
    const { model, document } = activeGraph(ctx);
    const chosen = FORMATS.find((f) => f.format === formatArg)
      ?? (await ctx.ui.pick(FORMATS.map((f) => ({ ...f, description: `.${f.extension}` })), { title: "Export DAG as" }));
    if (!chosen) return undefined;
    // <stem>-dag.<ext> beside the file, like every other export (file-labels.ts); a file's later models add their name.
    const index = readGraphSource(document.getText(), graphFileName(document)).models.findIndex((m) => m.name === model.name);
    const what = index > 0 ? `${model.name}-dag` : "dag";
    const base = ctx.editor.sibling(document.uri, exportFileName(document.uri.fsPath, what, chosen.extension));
    const uri = ctx.editor.toUri(target, { paths: true }) ?? (await ctx.ui.saveAs(base, { [chosen.label]: [chosen.extension] }));
    if (!uri) return undefined;
    const data = await render(ctx, chosen.format, model.graph, document);
    await writeFileAtomic(uri.fsPath, data);
    ctx.log(`exported ${model.name} as ${chosen.label} to ${uri.fsPath}`);
    ctx.ui.info(`exported ${model.name} to ${ctx.editor.relativePath(uri)}`);
    return uri.fsPath;
  };
}

async function render(ctx: CommandCtx, format: ExportFormat, graph: Parameters<typeof toDot>[0], document: vscode.TextDocument): Promise<string | Uint8Array> {
  if (format === "dagitty") return printDagitty(graph);
  if (format === "dot") return toDot(graph);
  if (format === "mermaid") return toMermaid(graph);
  const data = await dagPanelFor(ctx, document).requestExport(format);
  if (format === "svg") return data;
  const prefix = "data:image/png;base64,";
  if (!data.startsWith(prefix)) throw new Error("the DAG view answered with something that is not a PNG");
  return Buffer.from(data.slice(prefix.length), "base64");
}
