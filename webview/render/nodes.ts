/**
 * Draws the nodes: a rounded box and a label per variable, keyed by id so d3 moves (not redraws)
 * nodes that survive an edit. Latent nodes get the `latent` class (dashed outline in dag.css);
 * roles (exposure, outcome, adjusted, selected) and a selected node's relatives (ancestor, descendant,
 * blanket) become classes too.
 */
import { select, type Selection } from "d3";
import type { GraphNodeDto } from "../../src/protocol/messages";
import type { Layout } from "../layout";

export interface NodeDrawOptions {
  animate: boolean;
  roles: (id: string) => string[];
}

export function drawNodes(layer: Selection<SVGGElement, unknown, null, undefined>, nodes: GraphNodeDto[], layout: Layout, options: NodeDrawOptions): void {
  const placed = nodes.filter((n) => layout.nodes.has(n.id));
  const joined = layer.selectAll<SVGGElement, GraphNodeDto>("g.node").data(placed, (d) => d.id);
  joined.exit().remove();
  const entered = joined.enter().append("g").attr("class", "node").attr("tabindex", 0).attr("role", "button");
  entered.append("rect").attr("rx", 6).attr("ry", 6);
  entered.append("text").attr("dominant-baseline", "central").attr("text-anchor", "middle");
  entered.append("circle").attr("class", "handle").attr("r", 5);
  entered.attr("transform", (d) => translate(layout, d.id));

  const all = entered.merge(joined);
  all.attr("data-node-id", (d) => d.id)
    .attr("aria-label", (d) => `${d.latent ? "latent variable" : "variable"} ${d.id}`)
    .attr("class", (d) => ["node", d.latent ? "latent" : "", ...options.roles(d.id)].filter(Boolean).join(" "));
  all.select("rect").attr("width", (d) => layout.nodes.get(d.id)!.width).attr("height", (d) => layout.nodes.get(d.id)!.height);
  all.select("text").text((d) => d.id)
    .attr("x", (d) => layout.nodes.get(d.id)!.width / 2).attr("y", (d) => layout.nodes.get(d.id)!.height / 2);
  all.select("circle.handle")
    .attr("cx", (d) => (layout.nodes.get(d.id)!.width))
    .attr("cy", (d) => layout.nodes.get(d.id)!.height / 2);
  if (options.animate) joined.transition().duration(250).attr("transform", (d) => translate(layout, d.id));
  else joined.attr("transform", (d) => translate(layout, d.id));
}

function translate(layout: Layout, id: string): string {
  const p = layout.nodes.get(id)!;
  return `translate(${p.x},${p.y})`;
}

/** Marks one node as highlighted (from the editor's cursor) and clears the rest. */
export function highlightNode(layer: Selection<SVGGElement, unknown, null, undefined>, id: string | null): void {
  layer.selectAll<SVGGElement, GraphNodeDto>("g.node").each(function (d) {
    select(this).classed("cursor", d.id === id);
  });
}
