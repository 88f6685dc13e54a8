/**
 * "Causal Studio: Show Adjustment Sets": pick an exposure and an outcome, list every minimal
 * adjustment set (back-door criterion, latent variables never adjusted for), and highlight the
 * chosen one in the DAG panel.
 */
import { CausalGraph, minimalAdjustmentSets } from "../../core/graph/index";
import type { CommandCtx } from "../ctx";
import { activeGraph, dagPanelFor } from "./active-graph";

export function showAdjustmentSets(ctx: CommandCtx) {
  return async (exposureArg?: unknown, outcomeArg?: unknown): Promise<string[][] | undefined> => {
    const { model, document } = activeGraph(ctx);
    const observed = model.graph.nodes.filter((n) => !n.latent).map((n) => n.id);
    if (observed.length < 2) throw new Error(`model "${model.name}" needs at least two observed variables`);
    const exposure = typeof exposureArg === "string" ? exposureArg : await ctx.ui.pickName(observed, { title: "Exposure (treatment)" });
    if (!exposure) return undefined;
    const outcome = typeof outcomeArg === "string" ? outcomeArg
      : await ctx.ui.pickName(observed.filter((n) => n !== exposure), { title: `Outcome (effect of ${exposure} on ...)` });
    if (!outcome) return undefined;
    const sets = minimalAdjustmentSets(CausalGraph.from(model.graph), [exposure], [outcome], { limit: 50 });
    const panel = dagPanelFor(ctx, document);
    const show = (set: string[] | null, caption: string) => panel.post({ type: "adjustmentSet", exposures: [exposure], outcomes: [outcome], set, caption });
    ctx.log(`adjustment sets for ${exposure} -> ${outcome} in ${model.name}: ${sets.length === 0 ? "none" : sets.map((s) => `{${s.join(", ")}}`).join(" ")}`);
    if (sets.length === 0) {
      show(null, `No adjustment set identifies the effect of ${exposure} on ${outcome} by the back-door criterion`);
      ctx.ui.warn(`no set of observed variables blocks every back-door path from ${exposure} to ${outcome}.`);
      return sets;
    }
    const label = (s: string[]) => (s.length === 0 ? "{} (no adjustment needed)" : `{${s.join(", ")}}`);
    const caption = (s: string[], i: number) => `Adjust for ${label(s)}: ${i + 1} of ${sets.length} minimal set${sets.length === 1 ? "" : "s"} for ${exposure} → ${outcome}`;
    show(sets[0], caption(sets[0], 0));
    if (typeof exposureArg === "string") return sets;
    const pick = await ctx.ui.pick(sets.map((s, i) => ({ label: label(s), index: i })), {
      title: `Minimal adjustment sets for ${exposure} → ${outcome}`,
      onDidSelectItem: (item) => show(sets[item.index], caption(sets[item.index], item.index)),
    });
    if (pick) show(sets[pick.index], caption(sets[pick.index], pick.index));
    return sets;
  };
}
