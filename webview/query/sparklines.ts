/**
 * Sparklines under the nodes after a query: for each descendant of the run's action, the node's
 * distribution when seeing (grey: the do values observed instead; for a counterfactual, the factual
 * world) and when doing (accent) — the same two worlds as the answer's plot, computed by the host
 * from the answer's own draws, so the target's card repeats the table's numbers digit for digit
 * (protocol/estimate-text.ts writes both).
 *
 * A card of two labelled rows, readable at the graph's default zoom: for a 0/1 variable a bar of
 * P(= 1) on a fixed 0–1 scale and its value, for a mean the value alone (no bar: an axis fitted to
 * two means would magnify noise into an effect), for a few-valued variable paired bars per value with
 * the values written under them. Nodes that are not descendants of the action get no card, whatever
 * the message holds: the action cannot move them. Drawn in the view's overlay layer from the current
 * layout, so the cards follow the nodes.
 */
import type { Selection } from "d3";
import type { NodeSummaries, SummaryDto } from "../../src/protocol/messages";
import { valueText } from "../../src/protocol/estimate-text";
import type { Layout } from "../layout";

type G = Selection<SVGGElement, unknown, null, undefined>;
type Discrete = Extract<SummaryDto, { kind: "discrete" }>;

/** Row height and font size (px, at zoom 1): the node labels are 13 px. */
const ROW = 15;
const FONT = 11;
const BAR = 40;
const PAD = 3;
/** Paired bars: height and width per world, for variables with a few values. */
const COLUMN = 24;
const COLUMN_W = 6;
const MAX_COLUMNS = 8;

export function drawSparklines(layer: G, layout: Layout | undefined, summaries: NodeSummaries | undefined): void {
  layer.selectAll("g.sparkline").remove();
  if (!layout || !summaries) return;
  const downstream = summaries.action ? descendants(layout, summaries.action) : undefined;
  const words = summaries.counterfactual ? (["factual", "counterfactual"] as const) : (["seeing", "doing"] as const);
  for (const s of summaries.nodes) {
    const n = layout.nodes.get(s.id);
    if (!n || (downstream && !downstream.has(s.id))) continue;
    const g = layer.append("g").attr("class", "sparkline").attr("data-node-id", s.id)
      .attr("transform", `translate(${n.x + n.width / 2},${n.y + n.height + 3})`);
    g.append("title").text(`${s.id}: ${words[0]} ${describe(s.observed)}; ${words[1]} ${describe(s.intervened)}`);
    if (s.observed.kind === "discrete" && s.intervened.kind === "discrete" && isBinary(s.observed, s.intervened)) drawRows(g, words, [p1(s.observed), p1(s.intervened)]);
    else if (s.observed.kind === "discrete" && s.intervened.kind === "discrete" && columns(s.observed, s.intervened).length <= MAX_COLUMNS) drawColumns(g, s.observed, s.intervened);
    else drawRows(g, words, [meanOf(s.observed), meanOf(s.intervened)]);
    fitCard(g);
  }
}

/** The nodes reached from `roots` along directed edges of the drawn graph. */
function descendants(layout: Layout, roots: readonly string[]): Set<string> {
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const v = stack.pop()!;
    for (const e of layout.edges) {
      if (e.kind !== "directed" || e.from !== v || out.has(e.to)) continue;
      out.add(e.to);
      stack.push(e.to);
    }
  }
  return out;
}

interface RowValue { value: number; se: number; bar?: number }

const isBinary = (a: Discrete, b: Discrete) => [...a.values, ...b.values].every((v) => v === 0 || v === 1);
const seOf = (s: Discrete, i: number) => s.standardErrors?.[i] ?? 0;

function p1(s: Discrete): RowValue {
  const i = s.values.indexOf(1);
  const p = i < 0 ? 0 : s.probabilities[i];
  return { value: p, se: i < 0 ? 0 : seOf(s, i), bar: p };
}

/** A mean, or the mean of a many-valued discrete distribution (no standard error of it is sent: 3 significant digits). */
function meanOf(s: SummaryDto): RowValue {
  if (s.kind === "mean") return { value: s.mean, se: s.standardError };
  const m = s.values.reduce((acc, v, i) => acc + v * s.probabilities[i], 0);
  return { value: Number(m.toPrecision(3)), se: 0 };
}

/** Two rows, "seeing 0.9025 [bar]" and "doing 0.5025 [bar]": the word, the value as the table writes it, a bar for a probability. */
function drawRows(g: G, words: readonly [string, string], values: [RowValue, RowValue]): void {
  const worlds = ["observed", "intervened"] as const;
  const label = (v: RowValue) => valueText(v.value, v.se);
  values.forEach((v, k) => {
    const y = k * ROW;
    const row = g.append("g").attr("class", `row ${worlds[k]}`).attr("data-world", words[k]).attr("data-value", String(v.value));
    row.append("text").attr("class", "word").attr("x", 0).attr("y", y + ROW / 2).attr("dominant-baseline", "central").attr("font-size", FONT).text(words[k]);
    row.append("text").attr("class", "value").attr("x", 0).attr("y", y + ROW / 2).attr("dominant-baseline", "central").attr("font-size", FONT).text(label(v));
    if (v.bar !== undefined) {
      row.append("rect").attr("class", "track").attr("y", y + 3).attr("width", BAR).attr("height", ROW - 6);
      row.append("rect").attr("class", `bar ${worlds[k]}`).attr("y", y + 3).attr("width", Math.max(0.5, BAR * v.bar)).attr("height", ROW - 6).attr("data-probability", v.bar);
    }
  });
  // Align the columns: words | values | bars, whatever the widths of the texts.
  // (A text not laid out yet measures 0: then estimate from its length.)
  const width = (sel: string) => Math.max(...g.selectAll<SVGTextElement, unknown>(sel).nodes().map((t) => t.getComputedTextLength() || (t.textContent ?? "").length * FONT * 0.6));
  const wordW = width("text.word"), valueW = width("text.value");
  g.selectAll("text.value").attr("x", wordW + 5);
  g.selectAll("rect.track, rect.bar").attr("x", wordW + 5 + valueW + 5);
  const total = wordW + 5 + valueW + (values[0].bar !== undefined ? 5 + BAR : 0);
  g.selectAll(":scope > g.row").attr("transform", `translate(${-total / 2},0)`);
}

function columns(a: Discrete, b: Discrete): number[] {
  return [...new Set([...a.values, ...b.values])].sort((x, y) => x - y);
}

/** Paired bars per value (seeing, doing) on a fixed 0–1 scale, each value written under its pair. */
function drawColumns(g: G, obs: Discrete, int: Discrete): void {
  const values = columns(obs, int);
  const p = (s: Discrete, v: number) => s.probabilities[s.values.indexOf(v)] ?? 0;
  const step = 2 * COLUMN_W + 5;
  const width = values.length * step;
  values.forEach((v, i) => {
    const x = -width / 2 + i * step;
    for (const [k, s, cls] of [[0, obs, "observed"], [1, int, "intervened"]] as const) {
      const h = Math.max(0.5, COLUMN * p(s, v));
      g.append("rect").attr("class", `bar ${cls}`).attr("x", x + k * COLUMN_W).attr("y", COLUMN - h).attr("width", COLUMN_W - 0.5).attr("height", h)
        .attr("data-value", v).attr("data-probability", p(s, v));
    }
    g.append("text").attr("class", "tick").attr("x", x + COLUMN_W).attr("y", COLUMN + FONT).attr("text-anchor", "middle").attr("font-size", FONT - 1).text(String(v));
  });
}

/** A background behind the card's contents (so edges under it do not cross the numbers). */
function fitCard(g: G): void {
  const box = (g.node() as SVGGElement).getBBox();
  g.insert("rect", ":first-child").attr("class", "card")
    .attr("x", box.x - PAD).attr("y", box.y - PAD).attr("width", box.width + 2 * PAD).attr("height", box.height + 2 * PAD).attr("rx", 3);
}

function describe(s: SummaryDto): string {
  if (s.kind === "mean") return `mean ${valueText(s.mean, s.standardError)}`;
  return s.values.map((v, i) => `P(${v}) = ${valueText(s.probabilities[i], seOf(s, i))}`).join(", ");
}
