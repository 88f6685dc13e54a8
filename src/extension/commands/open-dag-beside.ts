/** "Causal Studio: Open DAG Beside": the DAG panel for the active (or given) model file. */
import type { CommandCtx } from "../ctx";
import { targetDocument } from "./active-graph";

export function openDagBeside(ctx: CommandCtx) {
  return async (uri?: unknown, offset?: unknown): Promise<void> => {
    const { document, offset: at } = await targetDocument(ctx, uri, offset, "open a *.causal.ts or *.dagitty file first, then run Open DAG Beside");
    ctx.panels.showDag(document, at);
  };
}
