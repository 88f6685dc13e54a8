/**
 * The DAG panel's buttons as palette commands, so that keyboard users and accessibility tools reach
 * them: Run / Cancel / Clear / Close Query, Fit View, Zoom In / Out, Show Testable Implications, and
 * Intervene… / Ask a Counterfactual… from the panel itself. Each refuses with a message that says what
 * to open when there is nothing to act on; package.json's when clauses (the context keys that
 * ctx.ts sets from what the panel shows) keep them out of the palette there. Runs no user code: Run
 * Query asks the webview to run its query, which the host runs only in a trusted workspace.
 */
import type { PanelCommandName } from "../../protocol/messages";
import type { CommandCtx, DagPanelHandle } from "../ctx";
import { graphFileName, isGraphDocument } from "../graph-source";
import { openQuery } from "./open-query";

const NO_PANEL = "open a DAG first: Causal Studio: Open DAG Beside on a *.causal.ts or *.dagitty file";

/** The open DAG panel, or why this command has nothing to act on. */
function openPanel(ctx: CommandCtx, needs: "view" | "graph" | "model"): DagPanelHandle {
  const panel = ctx.panels.dag;
  if (!panel) throw new Error(NO_PANEL);
  if (needs === "view") return panel;
  if (!panel.model) throw new Error(`the DAG panel shows no model yet: fix the problems in ${ctx.editor.relativePath(panel.documentUri)} first`);
  if (needs === "model" && isDagitty(ctx, panel)) {
    throw new Error("a DAGitty graph has no mechanisms to run; queries need a *.causal.ts model (Testable implications and adjustment sets work on it)");
  }
  return panel;
}

function isDagitty(ctx: CommandCtx, panel: DagPanelHandle): boolean {
  const doc = ctx.editor.find(panel.documentUri);
  return (doc ? graphFileName(doc) : panel.documentUri.path).toLowerCase().endsWith(".dagitty");
}

/** A command that sends `name` to the open panel's webview. */
export function panelCommand(name: PanelCommandName) {
  const needs = name === "fitView" || name === "zoomIn" || name === "zoomOut" ? "view" : name === "showImplications" ? "graph" : "model";
  return (ctx: CommandCtx) => (): void => openPanel(ctx, needs).command(name);
}

/**
 * Intervene… / Ask a Counterfactual… from anywhere: from a CodeLens or a model's editor as open-query.ts
 * does; from the palette while the DAG panel has the focus (no text editor), on the panel's model.
 */
export function askQuery(mode: "intervene" | "counterfactual") {
  return (ctx: CommandCtx) => {
    const fromEditor = openQuery(mode)(ctx);
    return async (uri?: unknown, offset?: unknown): Promise<void> => {
      const active = ctx.editor.active();
      if (!ctx.editor.toUri(uri) && active && isGraphDocument(active.document) && graphFileName(active.document).toLowerCase().endsWith(".dagitty")) {
        throw new Error("a DAGitty graph has no mechanisms to run; queries need a *.causal.ts model");
      }
      if (ctx.editor.toUri(uri) || (active && isGraphDocument(active.document)) || !ctx.panels.dag) return fromEditor(uri, offset);
      const panel = openPanel(ctx, "model");
      const document = ctx.editor.find(panel.documentUri) ?? (await ctx.editor.open(panel.documentUri));
      // The model's own offset keeps the panel on the model it shows (a file may hold several).
      ctx.panels.showDag(document, panel.model?.range.start.offset).openQuery(mode);
    };
  };
}

/**
 * The when-clause keys of these commands (package.json menus.commandPalette; ctx.ts sets them as the
 * panel draws), for no panel (undefined), a panel with no model to show (null), or a panel showing a
 * model or a DAGitty graph: causalStudio.dagOpen (Fit, zoom), causalStudio.dagShowsGraph (Show
 * Testable Implications), causalStudio.dagShowsModel (the query commands: a DAGitty graph has no mechanisms).
 */
export function dagContextKeys(shown: { dagitty: boolean } | null | undefined): Record<string, boolean> {
  return {
    "causalStudio.dagOpen": shown !== undefined,
    "causalStudio.dagShowsGraph": !!shown,
    "causalStudio.dagShowsModel": !!shown && !shown.dagitty,
  };
}
