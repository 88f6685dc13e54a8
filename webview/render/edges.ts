/**
 * Draws the edges. Directed edges follow ELK's polyline with an arrowhead; bidirected edges (hidden
 * confounding) are dashed quadratic curves with arrowheads at both ends, bent to one side so they do
 * not hide a directed edge between the same nodes. Each edge has a wide transparent twin for clicking.
 * An edge cut by an intervention (into a do(…) node) is drawn faint and solid with a break mark across
 * its middle: its own look, never the dashes of a hidden common cause.
 */
import type { Selection } from "d3";
import { line, curveBasis } from "d3";
import { centre, type Layout, type PlacedEdge, type PlacedNode, type Point } from "../layout";

export const edgeKey = (e: { from: string; to: string; kind: string }): string => `${e.from}|${e.to}|${e.kind}`;
const polyline = line<Point>().x((p) => p.x).y((p) => p.y).curve(curveBasis);

export function edgePath(e: PlacedEdge, layout: Layout): string {
  if (e.kind === "directed") return polyline(e.points) ?? "";
  const a = layout.nodes.get(e.from)!;
  const b = layout.nodes.get(e.to)!;
  const ca = centre(a);
  const cb = centre(b);
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const len = Math.hypot(dx, dy) || 1;
  const bend = Math.min(60, 0.3 * len + 12);
  const control = { x: (ca.x + cb.x) / 2 - (dy / len) * bend, y: (ca.y + cb.y) / 2 + (dx / len) * bend };
  const start = border(a, control);
  const end = border(b, control);
  return `M${start.x},${start.y}Q${control.x},${control.y} ${end.x},${end.y}`;
}

/** Where the segment from the node's centre towards `toward` leaves the node's box. */
export function border(n: PlacedNode, toward: Point): Point {
  const c = centre(n);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  const sx = dx === 0 ? Infinity : n.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : n.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/** The hover text of an arrow by its place in the Markov equivalence class (undefined: not known). */
export function learnableNote(e: { from: string; to: string; learnable?: boolean }): string | undefined {
  if (e.learnable === undefined) return undefined;
  return e.learnable
    ? `${e.from} → ${e.to}: learnable from observational data (every DAG with the same independencies has this arrow)`
    : `${e.from} → ${e.to}: reversible: observational data cannot orient this arrow (a DAG with the same independencies has ${e.to} → ${e.from})`;
}

export function drawEdges(layer: Selection<SVGGElement, unknown, null, undefined>, layout: Layout, animate: boolean, selected: string | undefined,
  cut: (e: PlacedEdge) => boolean = () => false, learnable: (e: PlacedEdge) => boolean | undefined = () => undefined): void {
  const joined = layer.selectAll<SVGGElement, PlacedEdge>("g.edge").data(layout.edges, edgeKey);
  joined.exit().remove();
  const entered = joined.enter().append("g");
  entered.append("path").attr("class", "hit");
  entered.append("path").attr("class", "line");
  entered.append("path").attr("class", "cut-mark");
  const all = entered.merge(joined);
  all.attr("class", (d) => `edge ${d.kind}${edgeKey(d) === selected ? " selected" : ""}${cut(d) ? " cut" : ""}${learnable(d) === false ? " reversible" : ""}`)
    .attr("data-from", (d) => d.from).attr("data-to", (d) => d.to).attr("data-kind", (d) => d.kind)
    .attr("data-note", (d) => learnableNote({ ...d, learnable: learnable(d) }) ?? null)
    .attr("tabindex", -1);
  // The note is the edge's hover text (the evidence overlay puts its verdict first when there is one).
  all.each(function () {
    const note = this.getAttribute("data-note");
    let title = this.querySelector<SVGTitleElement>(":scope > title");
    if (!note) { title?.remove(); return; }
    if (!title) title = this.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title"));
    title.textContent = note;
  });
  all.select("path.line")
    .attr("marker-end", "url(#arrow)")
    .attr("marker-start", (d) => (d.kind === "bidirected" ? "url(#arrow-start)" : null));
  entered.selectAll<SVGPathElement, PlacedEdge>("path").attr("d", (d) => edgePath(d, layout));
  all.select("path.hit").attr("d", (d) => edgePath(d, layout));
  // The break mark sits on the edge's final geometry (the hit path has it at once, the line may still be moving).
  all.each(function (d) {
    const mark = this.querySelector<SVGPathElement>("path.cut-mark");
    const hit = this.querySelector<SVGPathElement>("path.hit");
    if (!mark) return;
    if (!cut(d) || !hit) {
      mark.removeAttribute("d");
      return;
    }
    mark.setAttribute("d", breakMark(hit));
  });
  const lines = joined.select<SVGPathElement>("path.line");
  if (animate) lines.transition().duration(250).attr("d", (d) => edgePath(d, layout));
  else lines.attr("d", (d) => edgePath(d, layout));
}

/** Two short bars across the middle of `path`, perpendicular to it ("‖"): the edge is cut there. */
export function breakMark(path: SVGPathElement): string {
  const total = path.getTotalLength();
  if (!(total > 0)) return "";
  const m = path.getPointAtLength(total / 2);
  const a = path.getPointAtLength(Math.max(0, total / 2 - 2));
  const b = path.getPointAtLength(Math.min(total, total / 2 + 2));
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const t = { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
  const n = { x: -t.y, y: t.x };
  const bar = (s: number) => {
    const c = { x: m.x + s * 2.5 * t.x, y: m.y + s * 2.5 * t.y };
    return `M${(c.x + 6 * n.x).toFixed(1)},${(c.y + 6 * n.y).toFixed(1)}L${(c.x - 6 * n.x).toFixed(1)},${(c.y - 6 * n.y).toFixed(1)}`;
  };
  return bar(-1) + bar(1);
}

/** The arrowhead markers (one per direction) in the SVG's <defs>. */
export function drawMarkers(defs: Selection<SVGDefsElement, unknown, null, undefined>): void {
  for (const [id, orient] of [["arrow", "auto"], ["arrow-start", "auto-start-reverse"]] as const) {
    defs.append("marker").attr("id", id).attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
      .attr("markerWidth", 8).attr("markerHeight", 8).attr("orient", orient)
      .append("path").attr("class", "arrowhead").attr("d", "M0,0L10,5L0,10z");
  }
}
