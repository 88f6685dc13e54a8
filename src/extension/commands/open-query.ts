/**
 * "Intervene…" / "Counterfactual…" (CodeLens above each scm(...) chain, and the palette): opens the
 * DAG panel for that model with its query bar in the chosen mode. Runs no user code by itself.
 */
import type { CommandCtx } from "../ctx";
import { targetDocument } from "./active-graph";

export function openQuery(mode: "intervene" | "counterfactual") {
  return (ctx: CommandCtx) => async (uri?: unknown, offset?: unknown): Promise<void> => {
    const { document, offset: at } = await targetDocument(ctx, uri, offset, `open a *.causal.ts model first, then run ${mode === "intervene" ? "Intervene" : "Counterfactual"}`);
    ctx.panels.showDag(document, at).openQuery(mode);
  };
}
