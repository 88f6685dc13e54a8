/**
 * Sparklines under the nodes after a query: each node's marginal when observed (grey) and under the
 * intervention (accent), as paired bars for a discrete variable or two dots on a small axis for a
 * mean. Drawn in the view's overlay layer from the current layout, so they follow the nodes.
 */
import type { Selection } from "d3";
import type { NodeSummaries, SummaryDto } from "../../src/protocol/messages";
import type { Layout } from "../layout";

const H = 14;
const BAR = 4;

export function drawSparklines(layer: Selection<SVGGElement, unknown, null, undefined>, layout: Layout | undefined, summaries: NodeSummaries | undefined): void {
  layer.selectAll("g.sparkline").remove();
  if (!layout || !summaries) return;
  for (const s of summaries.nodes) {
    const n = layout.nodes.get(s.id);
    if (!n) continue;
    const g = layer.append("g").attr("class", "sparkline").attr("data-node-id", s.id)
      .attr("transform", `translate(${n.x + n.width / 2},${n.y + n.height + 3})`);
    g.append("title").text(`${s.id}: observed ${describe(s.observed)}; intervened ${describe(s.intervened)}`);
    if (s.observed.kind === "discrete" && s.intervened.kind === "discrete") drawBars(g, s.observed, s.intervened);
    else if (s.observed.kind === "mean" && s.intervened.kind === "mean") drawMeans(g, s.observed.mean, s.intervened.mean);
  }
}

function drawBars(g: Selection<SVGGElement, unknown, null, undefined>, obs: Extract<SummaryDto, { kind: "discrete" }>, int: Extract<SummaryDto, { kind: "discrete" }>): void {
  const values = [...new Set([...obs.values, ...int.values])].sort((a, b) => a - b);
  const p = (s: typeof obs, v: number) => s.probabilities[s.values.indexOf(v)] ?? 0;
  const width = values.length * (2 * BAR + 3);
  values.forEach((v, i) => {
    const x = -width / 2 + i * (2 * BAR + 3);
    for (const [k, s, cls] of [[0, obs, "observed"], [1, int, "intervened"]] as const) {
      const h = Math.max(0.5, H * p(s, v));
      g.append("rect").attr("class", cls).attr("x", x + k * BAR).attr("y", H - h).attr("width", BAR - 0.5).attr("height", h)
        .attr("data-value", v).attr("data-probability", p(s, v));
    }
  });
}

function drawMeans(g: Selection<SVGGElement, unknown, null, undefined>, a: number, b: number): void {
  const w = 40;
  const lo = Math.min(a, b), hi = Math.max(a, b);
  const pad = (hi - lo) * 0.25 || Math.abs(hi) * 0.1 || 1;
  const x = (v: number) => -w / 2 + (w * (v - (lo - pad))) / (hi - lo + 2 * pad);
  g.append("line").attr("class", "axis").attr("x1", -w / 2).attr("x2", w / 2).attr("y1", H / 2).attr("y2", H / 2);
  g.append("circle").attr("class", "observed").attr("cx", x(a)).attr("cy", H / 2).attr("r", 3).attr("data-mean", a);
  g.append("circle").attr("class", "intervened").attr("cx", x(b)).attr("cy", H / 2).attr("r", 3).attr("data-mean", b);
}

function describe(s: SummaryDto): string {
  if (s.kind === "mean") return `mean ${s.mean.toPrecision(3)}`;
  return s.values.map((v, i) => `P(${v}) = ${s.probabilities[i].toFixed(2)}`).join(", ");
}
