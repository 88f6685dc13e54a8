/**
 * Evidence from a diagnosis on the DAG (issue 11): each node and edge coloured by the strength of the
 * evidence against it, with a glyph so the verdict reads without colour (✕ fail, ! warn, ✓ pass; none for
 * untested), each violated implication x ⊥ y | Z drawn as a curved dash-dot connector between x and y
 * (a ⊥ mark at its middle, the test's sentence on hover), and a legend section with a Clear control.
 *
 * A click on a node's badge (or "d" on a focused node) opens that variable's plots (OpenDiagnostics);
 * a click on the node itself still selects it and reveals its declaration, as without evidence. Why
 * the badge and not the whole node: clicking a node is how users jump to the code while editing, and
 * a gesture that sometimes also opens a second panel (moving focus out of the editor) depending on
 * whether a diagnosis was run would surprise; the badge is drawn exactly where the verdict is.
 *
 * The evidence belongs to one model (EvidenceDto.model = the graph's title): redraws of that model
 * (live edits) keep it for the nodes and edges still there, a graph of another model clears it. It is
 * kept in the webview state so that a reloaded panel shows it again.
 */
import { select, type Selection } from "d3";
import type { EvidenceDto, EvidenceVerdictDto, FromWebview, GraphNodeDto, GraphUpdate, NodeEvidenceDto, ViolatedPairDto } from "../../src/protocol/messages";
import { centre, type Layout, type PlacedEdge, type Point } from "../layout";
import type { DagView } from "../view";
import { border } from "./edges";

type G = Selection<SVGGElement, unknown, null, undefined>;
const SVG = "http://www.w3.org/2000/svg";
const VERDICTS = ["fail", "warn", "pass", "untested"] as const;

/** The glyph drawn in a verdict's badge, as a path around (0, 0) that fits a circle of radius 7. */
export const GLYPH: Record<Exclude<EvidenceVerdictDto, "untested">, string> = {
  fail: "M-3,-3L3,3M3,-3L-3,3",
  warn: "M0,-4.2L0,0.6M0,2.8L0,4.2",
  pass: "M-3.5,0.3L-1.2,3L3.5,-3",
};
/** The ⊥ drawn at the middle of a violated implication's connector (on a rounded square, unlike the round badges). */
const PERP = "M-4.5,4L4.5,4M0,4L0,-4.5";

export const VERDICT_WORDS: Record<EvidenceVerdictDto, string> = {
  fail: "evidence against it",
  warn: "some evidence against it",
  pass: "no evidence against it",
  untested: "untested",
};

export interface EvidenceStore { get(): EvidenceDto | undefined; set(evidence: EvidenceDto | undefined): void }

/** Whether a graph update (one that draws nodes) is of another model than the evidence's. */
export function otherModel(evidence: EvidenceDto, graph: Pick<GraphUpdate, "title" | "modelIndex">): boolean {
  if (graph.title !== evidence.model) return true;
  return graph.modelIndex !== undefined && evidence.modelIndex !== undefined && graph.modelIndex !== evidence.modelIndex;
}

/**
 * The connector of a violated pair: a quadratic curve between the two nodes' borders, bent more than a
 * bidirected edge and further for each further pair between the same two nodes (`index`), always to the
 * same side of the pair taken in sorted order so that x ⊥ y and y ⊥ x do not cross.
 */
export function violationPath(layout: Layout, v: Pick<ViolatedPairDto, "x" | "y">, index: number): { d: string; mid: Point } | undefined {
  const [p, q] = v.x < v.y ? [v.x, v.y] : [v.y, v.x];
  const a = layout.nodes.get(p);
  const b = layout.nodes.get(q);
  if (!a || !b || p === q) return undefined;
  const ca = centre(a);
  const cb = centre(b);
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const len = Math.hypot(dx, dy) || 1;
  const bend = Math.min(90, 0.35 * len + 24) + 22 * index;
  const control = { x: (ca.x + cb.x) / 2 + (dy / len) * bend, y: (ca.y + cb.y) / 2 - (dx / len) * bend };
  const s = border(a, control);
  const e = border(b, control);
  // The curve's point at t = 1/2.
  const mid = { x: (s.x + 2 * control.x + e.x) / 4, y: (s.y + 2 * control.y + e.y) / 4 };
  return { d: `M${s.x},${s.y}Q${control.x},${control.y} ${e.x},${e.y}`, mid };
}

const pairKey = (v: ViolatedPairDto) => `${v.x}|${v.y}|${v.given.join(",")}`;
const implication = (v: ViolatedPairDto) => `${v.x} ⊥ ${v.y}${v.given.length ? ` | ${v.given.join(", ")}` : ""}`;

/** Appends (or updates) a verdict badge: a filled circle with the verdict's glyph. */
function badge(parent: G, cls: string, verdict: Exclude<EvidenceVerdictDto, "untested"> | undefined, at: Point, r: number, animate = false): G | undefined {
  const joined = parent.selectAll<SVGGElement, string>(`:scope > g.${cls}`).data(verdict ? [verdict] : []);
  joined.exit().remove();
  if (!verdict) return undefined;
  const entered = joined.enter().append("g");
  entered.append("circle");
  entered.append("path").attr("class", "glyph");
  const transform = `translate(${at.x},${at.y}) scale(${r / 7})`;
  entered.attr("transform", transform);
  const g = entered.merge(joined).attr("class", `${cls} ev-${verdict}`).attr("data-glyph", verdict);
  if (animate) joined.transition().duration(250).attr("transform", transform);
  else joined.attr("transform", transform);
  g.select("circle").attr("r", 7);
  g.select("path.glyph").attr("d", GLYPH[verdict]);
  return g as unknown as G;
}

function setTitle(parent: G, text: string | undefined): void {
  parent.selectAll<SVGTitleElement, string>(":scope > title").data(text ? [text] : []).join("title").text((t) => t);
}

const shown = (v: EvidenceVerdictDto): v is Exclude<EvidenceVerdictDto, "untested"> => v !== "untested";

export class EvidenceLayer {
  private evidence: EvidenceDto | undefined;
  private section: HTMLElement | undefined;
  private legendFor: EvidenceDto | undefined;
  /** Whether the drawing carries evidence marks now (then a draw without evidence must remove them). */
  private decorated = false;

  constructor(private readonly view: DagView, private readonly legend: { setSection(el: HTMLElement | undefined): void },
    private readonly store: EvidenceStore, private readonly post: (m: FromWebview) => void) {
    this.evidence = store.get();
    view.decorate = (animate) => this.draw(animate);
    view.hoverNote = (id) => this.note(id);
    document.addEventListener("keydown", (event) => {
      if ((event.target as Element | null)?.closest?.("input, select, textarea, #popover, #query")) return;
      if (event.key !== "d" || event.ctrlKey || event.metaKey || event.altKey) return;
      const id = document.activeElement?.closest?.("g.node")?.getAttribute("data-node-id");
      if (id && this.opens(id)) this.post({ type: "openDiagnostics", variable: id });
    });
    this.syncLegend(undefined);
  }

  get current(): EvidenceDto | undefined {
    return this.evidence;
  }

  /** From the host: show `evidence` (null clears). */
  set(evidence: EvidenceDto | null): void {
    const before = this.section !== undefined;
    this.evidence = evidence ?? undefined;
    this.store.set(this.evidence);
    // A whole redraw (it ends with this.draw), so that what drawEdges and drawNodes set comes back first.
    if (this.view.graph) this.view.draw();
    else this.draw();
    // The legend grew: refit so that it covers no node (only when the section appears, not on every new report).
    if (!before && this.section) this.view.fit();
  }

  /** Before a graph update is drawn: one of another model clears the evidence (error-only updates keep the drawing, and it). */
  graphArrived(graph: GraphUpdate): void {
    if (this.evidence && graph.nodes.length > 0 && otherModel(this.evidence, graph)) this.set(null);
  }

  /** The evidence that applies to the drawing now (none while the drawing is of another model). */
  private active(): EvidenceDto | undefined {
    const e = this.evidence;
    const g = this.view.graph;
    return e && g && !otherModel(e, g) ? e : undefined;
  }

  private nodeEvidence(id: string): NodeEvidenceDto | undefined {
    return this.active()?.nodes.find((n) => n.id === id);
  }

  private opens(id: string): boolean {
    const n = this.nodeEvidence(id);
    return n !== undefined && shown(n.verdict);
  }

  /** The line the hover tooltip adds under a node's mechanism. */
  note(id: string): string | undefined {
    const n = this.nodeEvidence(id);
    if (!n) return undefined;
    return `${n.verdict === "untested" ? "Untested" : `${n.verdict.toUpperCase()}: ${VERDICT_WORDS[n.verdict]}`}. ${n.sentence}${shown(n.verdict) ? "\nClick the badge (or press D) for the plots." : ""}`;
  }

  /** (Re)decorates the current drawing; called by DagView.draw after every draw (`animate`: as the nodes glide to new places). */
  draw(animate = false): void {
    const layout = this.view.layout;
    const e = this.active();
    // Nothing shown and nothing to take away: skip the pass over every node (large graphs redraw often).
    if (!e && !this.decorated) return this.syncLegend(undefined);
    this.decorated = e !== undefined;
    this.drawNodes(e);
    this.drawEdges(e, animate);
    this.drawViolations(e, layout, animate);
    this.syncLegend(e);
    document.body.classList.toggle("evidence-shown", e !== undefined);
  }

  private drawNodes(e: EvidenceDto | undefined): void {
    const byId = new Map((e?.nodes ?? []).map((n) => [n.id, n]));
    const layout = this.view.layout;
    const open = (id: string) => this.post({ type: "openDiagnostics", variable: id });
    const view = this.view;
    this.view.nodeLayer.selectAll<SVGGElement, GraphNodeDto>("g.node").each(function (d) {
      const g = select(this) as unknown as G;
      const ev = byId.get(d.id);
      for (const v of VERDICTS) g.classed(`ev-${v}`, ev?.verdict === v);
      g.attr("data-verdict", ev?.verdict ?? null)
        .attr("aria-description", ev ? `${ev.verdict}: ${ev.sentence}` : null);
      const placed = layout?.nodes.get(d.id);
      const b = badge(g, "ev-badge", ev && shown(ev.verdict) && placed ? ev.verdict : undefined, { x: (placed?.width ?? 0) - 2, y: 2 }, 7.5);
      if (!b || !ev) return;
      b.attr("role", "button").attr("aria-label", `Open the diagnostics of ${d.id}`);
      setTitle(b, `${d.id}: ${ev.verdict} (${VERDICT_WORDS[ev.verdict]}). ${ev.sentence}\nClick for the plots.`);
      b.on("click", (event: MouseEvent) => {
        event.stopPropagation();
        open(d.id);
      }).on("mouseenter", () => view.hover(undefined, 0, 0))
        .on("mousemove", (event: MouseEvent) => event.stopPropagation());
    });
  }

  private drawEdges(e: EvidenceDto | undefined, animate: boolean): void {
    if (e) this.ensureMarkers();
    const byKey = new Map((e?.edges ?? []).map((x) => [`${x.from}|${x.to}`, x]));
    this.view.edgeLayer.selectAll<SVGGElement, PlacedEdge>("g.edge").each(function (d) {
      const g = select(this) as unknown as G;
      const ev = byKey.get(`${d.from}|${d.to}`) ?? (d.kind === "bidirected" ? byKey.get(`${d.to}|${d.from}`) : undefined);
      for (const v of VERDICTS) g.classed(`ev-${v}`, ev?.verdict === v);
      g.attr("data-verdict", ev?.verdict ?? null);
      // Arrowheads in the edge's colour (drawEdges set the plain ones just before).
      if (ev && shown(ev.verdict)) {
        g.select("path.line").attr("marker-end", `url(#arrow-ev-${ev.verdict})`)
          .attr("marker-start", d.kind === "bidirected" ? `url(#arrow-start-ev-${ev.verdict})` : null);
      }
      const note = this.getAttribute("data-note") ?? undefined;
      setTitle(g, ev ? `${d.from} ${d.kind === "bidirected" ? "↔" : "→"} ${d.to}: ${ev.verdict}. ${ev.sentence}${note ? `\n${note}` : ""}` : note);
      const hit = this.querySelector<SVGPathElement>("path.hit");
      let mid: Point | undefined;
      if (ev && shown(ev.verdict) && hit) {
        const len = hit.getTotalLength();
        const p = hit.getPointAtLength(len / 2);
        mid = { x: p.x, y: p.y };
      }
      badge(g, "ev-edge-badge", mid && ev && shown(ev.verdict) ? ev.verdict : undefined, mid ?? { x: 0, y: 0 }, 5.5, animate);
    });
  }

  private drawViolations(e: EvidenceDto | undefined, layout: Layout | undefined, animate: boolean): void {
    const seen = new Map<string, number>();
    const placed = (e?.violated ?? []).flatMap((v) => {
      const pair = [v.x, v.y].sort().join("|");
      const index = seen.get(pair) ?? 0;
      const path = layout ? violationPath(layout, v, index) : undefined;
      if (!path) return [];
      seen.set(pair, index + 1);
      return [{ v, ...path }];
    });
    const joined = this.view.evidenceLayer.selectAll<SVGGElement, (typeof placed)[number]>("g.violation").data(placed, (p) => pairKey(p.v));
    joined.exit().remove();
    const entered = joined.enter().append("g");
    entered.append("path").attr("class", "hit");
    entered.append("path").attr("class", "line");
    entered.append("title");
    const mark = entered.append("g").attr("class", "perp");
    mark.append("rect").attr("x", -7).attr("y", -7).attr("width", 14).attr("height", 14).attr("rx", 3);
    mark.append("path").attr("d", PERP);
    const all = entered.merge(joined);
    all.attr("class", (p) => `violation ev-${p.v.verdict}`).attr("data-x", (p) => p.v.x).attr("data-y", (p) => p.v.y)
      .attr("data-given", (p) => p.v.given.join(","));
    all.select("title").text((p) => `Violated: ${implication(p.v)} (${p.v.verdict}). ${p.v.sentence}`);
    // New connectors appear in place; kept ones follow their nodes (with them, when the nodes glide).
    const at = (p: (typeof placed)[number]) => `translate(${p.mid.x},${p.mid.y})`;
    entered.select("path.hit").attr("d", (p) => p.d);
    entered.select("path.line").attr("d", (p) => p.d);
    entered.select("g.perp").attr("transform", at);
    joined.select("path.hit").attr("d", (p) => p.d);
    if (animate) {
      joined.select("path.line").transition().duration(250).attr("d", (p) => p.d);
      joined.select("g.perp").transition().duration(250).attr("transform", at);
    } else {
      joined.select("path.line").attr("d", (p) => p.d);
      joined.select("g.perp").attr("transform", at);
    }
  }

  /** Arrowhead markers per verdict, beside the plain ones in the SVG's <defs> (added once). */
  private ensureMarkers(): void {
    const defs = this.view.nodeLayer.node()?.ownerSVGElement?.querySelector("defs");
    if (!defs || defs.querySelector("#arrow-ev-fail")) return;
    for (const v of ["fail", "warn", "pass"] as const) {
      for (const [id, orient] of [[`arrow-ev-${v}`, "auto"], [`arrow-start-ev-${v}`, "auto-start-reverse"]] as const) {
        const marker = el(defs, "marker", { id, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "8", markerHeight: "8", orient });
        el(marker, "path", { class: `arrowhead ev-${v}`, d: "M0,0L10,5L0,10z" });
      }
    }
  }

  /** The legend's section for the evidence shown (rebuilt only when that changes). */
  private syncLegend(e: EvidenceDto | undefined): void {
    if (e === this.legendFor && (e === undefined) === (this.section === undefined)) return;
    this.legendFor = e;
    this.section = e ? evidenceLegend(e.data, () => this.set(null)) : undefined;
    this.legend.setSection(this.section);
  }
}

function svgSwatch(draw: (svg: SVGSVGElement) => void, width = 18): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "ev-swatch");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", "16");
  svg.setAttribute("viewBox", `0 0 ${width} 16`);
  svg.setAttribute("aria-hidden", "true");
  draw(svg);
  return svg;
}

function el<K extends keyof SVGElementTagNameMap>(parent: Element, tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.append(e);
  return e;
}

/** The legend's evidence section: what each colour and glyph means, the violated-pair connector, and Clear. */
export function evidenceLegend(data: string, clear: () => void): HTMLElement {
  const section = document.createElement("div");
  section.id = "legend-evidence";
  section.className = "legend-evidence";
  const head = document.createElement("div");
  head.className = "legend-evidence-head";
  const title = document.createElement("span");
  title.className = "legend-evidence-title";
  title.textContent = `Evidence (from ${data})`;
  const button = document.createElement("button");
  button.id = "evidence-clear";
  button.textContent = "Clear";
  button.title = "Hide the evidence (Diagnose Model… shows it again)";
  button.addEventListener("click", clear);
  head.append(title, button);
  const rows = document.createElement("div");
  rows.className = "legend-evidence-rows";
  const row = (swatch: SVGSVGElement, label: string, verdict: string) => {
    const r = document.createElement("div");
    r.className = "legend-row";
    r.dataset.verdict = verdict;
    r.append(swatch, document.createTextNode(label));
    return r;
  };
  for (const v of ["fail", "warn", "pass"] as const) {
    rows.append(row(svgSwatch((svg) => {
      const g = el(svg, "g", { class: `ev-badge ev-${v}`, transform: "translate(9,8) scale(0.93)" });
      el(g, "circle", { r: "7" });
      el(g, "path", { class: "glyph", d: GLYPH[v] });
    }), `${v}: ${VERDICT_WORDS[v]}`, v));
  }
  rows.append(row(svgSwatch((svg) => el(svg, "rect", { class: "ev-plain", x: "1.5", y: "3", width: "15", height: "10", rx: "3" })), "untested: no check could run", "untested"));
  rows.append(row(svgSwatch((svg) => {
    const g = el(svg, "g", { class: "violation ev-fail" });
    el(g, "path", { class: "line", d: "M1,13Q15,-3 29,13" });
    const m = el(g, "g", { class: "perp", transform: "translate(15,6) scale(0.7)" });
    el(m, "rect", { x: "-7", y: "-7", width: "14", height: "14", rx: "3" });
    el(m, "path", { d: PERP });
  }, 30), "violated: the graph says independent, the data disagree", "violated"));
  const hint = document.createElement("div");
  hint.className = "legend-evidence-hint";
  hint.textContent = "Edges take the same colours and glyphs. Click a badge (or press D on a node) for its plots; hover for the sentence.";
  section.append(head, rows, hint);
  return section;
}
