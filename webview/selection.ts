/**
 * Clearing the selection: a click on the empty canvas (not on a node, an edge, a badge or a handle) or
 * Esc deselects the selected nodes and edge, as in any drawing tool. A click that ends a pan does not
 * count: d3-zoom swallows the click that follows a drag. Keys typed into the query bar, the popover or
 * any field are left alone (Esc there closes the popover, see webview/query). Selection itself is made
 * in interaction.ts; this file only ends it.
 */
import type { DagView } from "./view";

/** What a click may land on and still be "the empty canvas". */
const DRAWN = "g.node, g.edge, g.violation, .ev-badge, .ev-edge-badge, .handle, g.sparkline";

export function wireSelectionClearing(view: DagView, svg: SVGSVGElement): void {
  svg.addEventListener("click", (event) => {
    if (event.shiftKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as Element | null)?.closest?.(DRAWN)) return;
    clearSelection(view);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if ((event.target as Element | null)?.closest?.("input, select, textarea, #popover")) return;
    clearSelection(view);
  });
}

/** Deselects everything; redraws only when something was selected. */
export function clearSelection(view: DagView): void {
  if (view.selectedNodes.length === 0 && view.selectedEdge === undefined) return;
  view.selectedNodes = [];
  view.selectEdge(undefined);
}
