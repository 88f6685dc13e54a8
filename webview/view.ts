/**
 * The DAG view: owns the SVG, the current graph and its layout, and turns host messages into drawings.
 * Layout runs only when the graph's structure changed (text-only edits reuse the last layout), with the
 * previous positions fed back in; an update that carries only errors keeps the last good drawing.
 * It never talks to the host directly: user actions go out through the `actions` callbacks.
 * The view fits itself to the panel: on the first drawing, whenever the panel (or the header or the legend)
 * changes size, and when a new layout no longer fits; but never once the user has zoomed or panned since
 * the last fit (their view is kept until they press Fit). An update superseded by a newer one before it
 * was drawn is skipped.
 */
import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior } from "d3";
import type { AdjustmentHighlight, GraphUpdate } from "../src/protocol/messages";
import { ElkRunner } from "./elk-runner";
import { layoutOptions, readLayout, reuseLayout, structureKey, toElkGraph, type Layout } from "./layout";
import { drawEdges, drawMarkers, edgeKey } from "./render/edges";
import { drawNodes, highlightNode } from "./render/nodes";
import { relatives, type Relatives } from "./render/relatives";
import { tooltipText } from "./render/tooltip";
import { placeStatus, showBanner, showStatus, showTooltip } from "./render/overlays";

export interface ViewActions {
  nodeClicked(id: string): void;
  edgeRequest(op: "add" | "remove", from: string, to: string, kind: "directed" | "bidirected"): void;
  error(message: string): void;
  persist(positions: Layout["nodes"], zoom: { k: number; x: number; y: number }): void;
}

export interface ViewElements {
  svg: SVGSVGElement; banner: HTMLElement; status: HTMLElement; tooltip: HTMLElement;
  /** The pixels at the bottom of the SVG that Fit keeps free (the legend's room; see render/legend.ts). */
  reserveBottom?: (area: DOMRect, top: number) => number;
}

/** How the current query marks the graph: intervened nodes (their incoming edges are cut), evidence, the target, a hedge. */
export interface QueryDecor { do: ReadonlySet<string>; given: ReadonlySet<string>; target?: string; hedge: ReadonlySet<string> }

type G = Selection<SVGGElement, unknown, null, undefined>;
const ANIMATE_LIMIT = 300;

export class DagView {
  graph: GraphUpdate | undefined;
  layout: Layout | undefined;
  selectedNodes: string[] = [];
  selectedEdge: string | undefined;
  renders = 0;
  /** Where the last update's time went; also the `dag-rendered` event's detail. */
  timings = { layoutMs: 0, drawMs: 0 };
  /** Whether ELK's code has run once in the worker (then <body data-elk-warm="true">). */
  elkWarm = false;
  private key = "";
  private cursorId: string | null = null;
  private adjustment: AdjustmentHighlight | undefined;
  /** The current graph's ancestors and descendants, indexed once per update. */
  private kin: Relatives = relatives({ nodes: [], edges: [] });
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: G;
  readonly nodeLayer: G;
  readonly edgeLayer: G;
  /** Between the edges and the nodes: a diagnosis's violated implications (render/evidence.ts). */
  readonly evidenceLayer: G;
  readonly dragLayer: G;
  /** Drawn over the nodes (sparklines); redrawn by `afterDraw` whenever the nodes move. */
  readonly overlayLayer: G;
  query: QueryDecor = { do: new Set(), given: new Set(), hedge: new Set() };
  /** In query mode a click on a node goes here instead (returns true when it handled the click). */
  onQueryClick: ((id: string, event: MouseEvent) => boolean) | undefined;
  afterDraw: (() => void) | undefined;
  /** Decorates the nodes and edges after every draw (a diagnosis's evidence, render/evidence.ts). */
  decorate: ((animate: boolean) => void) | undefined;
  /** A line the hover tooltip adds under a node's mechanism (its evidence). */
  hoverNote: ((id: string) => string | undefined) | undefined;
  private readonly zoomer: ZoomBehavior<SVGSVGElement, unknown>;
  private pending: Promise<void> = Promise.resolve();
  /** The newest update handed to `update` (older ones still queued behind a layout are skipped). */
  private latest: GraphUpdate | undefined;
  /** True once the user zoomed or panned after the last fit: then resizes keep their view. */
  userView = false;
  private refit = 0;

  constructor(private readonly el: ViewElements, private readonly elk: ElkRunner, readonly actions: ViewActions,
    private previous: Layout["nodes"] | undefined, initialZoom?: { k: number; x: number; y: number }) {
    this.svg = select(el.svg);
    drawMarkers(this.svg.append("defs"));
    this.viewport = this.svg.append("g").attr("class", "viewport");
    this.edgeLayer = this.viewport.append("g").attr("class", "edges");
    this.evidenceLayer = this.viewport.append("g").attr("class", "violations");
    this.nodeLayer = this.viewport.append("g").attr("class", "nodes");
    this.overlayLayer = this.viewport.append("g").attr("class", "overlay");
    this.dragLayer = this.viewport.append("g").attr("class", "drag");
    this.zoomer = zoom<SVGSVGElement, unknown>().scaleExtent([0.05, 4])
      .filter((event: Event) => !(event.target as Element).closest?.(".handle") && (event.type !== "mousedown" || !(event.target as Element).closest?.("g.node")))
      .on("zoom", (event: { transform: { toString(): string }; sourceEvent: Event | null }) => {
        this.viewport.attr("transform", event.transform.toString());
        if (event.sourceEvent) this.userView = true; // a wheel, drag or pinch (fit and zoomBy set it themselves)
        this.persist();
      });
    this.svg.call(this.zoomer).on("dblclick.zoom", null);
    if (initialZoom) this.svg.call(this.zoomer.transform, zoomIdentity.translate(initialZoom.x, initialZoom.y).scale(initialZoom.k));
    // The panel, the header (status line, toolbar) and the legend: a change in any of their sizes re-fits.
    const toolbar = document.getElementById("toolbar");
    const legend = document.getElementById("legend");
    const watched = [el.svg, el.status, toolbar, legend].filter((e): e is NonNullable<typeof e> => e !== null);
    if (typeof ResizeObserver !== "undefined") {
      const ro = new ResizeObserver(() => this.resized());
      for (const e of watched) ro.observe(e);
    }
  }

  /** The panel or its chrome changed size: place the status line beside the toolbar, then re-fit (next frame, once). */
  private resized(): void {
    if (this.refit) return;
    this.refit = requestAnimationFrame(() => {
      this.refit = 0;
      placeStatus(this.el.status, document.getElementById("toolbar"));
      if (this.layout && !this.userView) this.fit();
    });
  }

  /** Applies a graph update; resolves once it is drawn (or superseded). Updates are applied in order. */
  update(graph: GraphUpdate): Promise<void> {
    this.latest = graph;
    this.pending = this.pending.then(() => (graph === this.latest ? this.apply(graph) : undefined)).catch((e: unknown) => {
      const message = `Causal Studio could not lay out the graph: ${e instanceof Error ? e.message : String(e)}`;
      showBanner(this.el.banner, [message]);
      this.actions.error(message);
    });
    return this.pending;
  }

  private async apply(graph: GraphUpdate): Promise<void> {
    const errors = graph.errors.map((e) => (e.range ? `line ${e.range.line}:${e.range.column + 1}: ${e.message}` : e.message));
    if (graph.nodes.length === 0 && errors.length > 0) {
      showBanner(this.el.banner, this.graph ? [...errors, "(showing the last good graph)"] : errors);
      this.done();
      return;
    }
    showBanner(this.el.banner, errors);
    const key = structureKey(graph);
    let layout: Layout;
    const t0 = performance.now();
    if (this.layout && key === this.key) {
      layout = reuseLayout(graph, this.layout);
    } else {
      const measure = measureText();
      const laid = await this.elk.layout(toElkGraph(graph, this.layout?.nodes ?? this.previous, measure));
      if (!laid) return; // superseded by a newer update
      layout = readLayout(graph, laid);
    }
    const firstDraw = this.layout === undefined;
    const relaid = !firstDraw && key !== this.key;
    this.graph = graph;
    this.kin = relatives(graph);
    this.layout = layout;
    this.key = key;
    this.previous = layout.nodes;
    const nodes = graph.nodes.length;
    showStatus(this.el.status, graph.totalNodes !== undefined && graph.totalNodes > nodes
      ? `${graph.title}: showing ${nodes} of ${graph.totalNodes} variables (the rest are left out to stay responsive)`
      : `${graph.title}: ${nodes} variable${nodes === 1 ? "" : "s"}, ${graph.edges.length} edge${graph.edges.length === 1 ? "" : "s"}`);
    this.selectedNodes = this.selectedNodes.filter((id) => layout.nodes.has(id));
    const t1 = performance.now();
    const animate = nodes <= ANIMATE_LIMIT && !firstDraw;
    this.draw(animate);
    if (relaid && !this.userView && !this.fitsView()) this.fit(animate);
    if (firstDraw) {
      this.fit();
      setTimeout(() => void this.elk.warmUp(layoutOptions(graph.direction, false, nodes)).then(() => {
        this.elkWarm = true;
        document.body.dataset.elkWarm = "true";
      }), 300);
    }
    this.timings = { layoutMs: t1 - t0, drawMs: performance.now() - t1 };
    this.persist();
    this.done();
  }

  draw(animate = false): void {
    if (!this.graph || !this.layout) return;
    const q = this.query;
    // Graph surgery: do(X) removes every edge into X (directed) and X's hidden-confounding arcs.
    const cut = (e: { from: string; to: string; kind: string }) => q.do.has(e.to) || (e.kind === "bidirected" && q.do.has(e.from));
    const learnable = new Map(this.graph.edges.map((e) => [`${e.from}|${e.to}|${e.kind}`, e.learnable]));
    drawEdges(this.edgeLayer, this.layout, animate, this.selectedEdge, cut, (e) => learnable.get(`${e.from}|${e.to}|${e.kind}`));
    const kin = this.selectionKin();
    drawNodes(this.nodeLayer, this.graph.nodes, this.layout, { animate, roles: (id) => [...this.rolesOf(id), ...(kin.get(id) ?? [])] });
    highlightNode(this.nodeLayer, this.cursorId);
    this.decorate?.(animate);
    this.afterDraw?.();
  }

  private rolesOf(id: string): string[] {
    const roles = new Set<string>(this.graph?.nodes.find((n) => n.id === id)?.roles ?? []);
    const a = this.adjustment;
    if (a) {
      if (a.exposures.includes(id)) roles.add("exposure");
      if (a.outcomes.includes(id)) roles.add("outcome");
      if (a.set?.includes(id)) roles.add("adjusted");
    }
    if (this.selectedNodes.includes(id)) roles.add("selected");
    if (this.query.do.has(id)) roles.add("intervened");
    if (this.query.given.has(id)) roles.add("evidence");
    if (this.query.target === id) roles.add("target");
    if (this.query.hedge.has(id)) roles.add("hedge");
    return [...roles];
  }

  /**
   * With exactly one node selected, as DAGitty shows it: the classes `ancestor`, `descendant` and
   * `blanket` (its Markov blanket, from the host) of every node related to it.
   */
  private selectionKin(): Map<string, string[]> {
    const kin = new Map<string, string[]>();
    const [id] = this.selectedNodes;
    if (this.selectedNodes.length !== 1) return kin;
    const mark = (ids: readonly string[], cls: string) => { for (const n of ids) kin.set(n, [...(kin.get(n) ?? []), cls]); };
    mark(this.kin.ancestors(id), "ancestor");
    mark(this.kin.descendants(id), "descendant");
    mark(this.graph?.nodes.find((n) => n.id === id)?.blanket ?? [], "blanket");
    return kin;
  }

  setQuery(decor: QueryDecor): void {
    this.query = decor;
    this.draw();
  }

  setCursorNode(id: string | null): void {
    this.cursorId = id;
    highlightNode(this.nodeLayer, id);
  }

  setAdjustment(a: AdjustmentHighlight): void {
    this.adjustment = a.set === null && a.exposures.length === 0 ? undefined : a;
    showStatus(this.el.status, a.caption);
    this.draw();
  }

  selectEdge(key: string | undefined): void {
    this.selectedEdge = key;
    this.draw();
  }

  edgeByKey(key: string) {
    return this.layout?.edges.find((e) => edgeKey(e) === key);
  }

  hover(id: string | undefined, x: number, y: number): void {
    const node = id ? this.graph?.nodes.find((n) => n.id === id) : undefined;
    const note = node ? this.hoverNote?.(node.id) : undefined;
    showTooltip(this.el.tooltip, node && this.graph ? tooltipText(node, this.graph, this.kin, note) : undefined, x, y);
  }

  /**
   * Zooms so that the whole drawing fits the free part of the panel (below the status line and the
   * toolbar, above the legend), centred in it both ways. The user's view is the fitted one again.
   */
  fit(animate = false): void {
    if (!this.layout) return;
    const { box, top, free } = this.freeArea();
    const w = Math.max(1, this.layout.width);
    const h = Math.max(1, this.layout.height);
    const k = Math.min(1.2, 0.92 * Math.min(box.width / w, free / h)) || 1;
    const t = zoomIdentity.translate((box.width - k * w) / 2, top + (free - k * h) / 2).scale(k);
    if (animate) this.svg.transition().duration(250).call(this.zoomer.transform, t);
    else this.svg.call(this.zoomer.transform, t);
    this.userView = false;
  }

  /** The SVG's box, and the band of it (from `top`, `free` pixels high) that the header and the legend leave free. */
  private freeArea(): { box: DOMRect; top: number; free: number } {
    const box = this.el.svg.getBoundingClientRect();
    let header = 0;
    for (const e of [this.el.status, document.getElementById("toolbar")]) {
      const r = e?.getBoundingClientRect();
      if (r && r.height > 0) header = Math.max(header, r.bottom - box.top);
    }
    const top = Math.max(24, header + 8);
    const bottom = Math.max(18, this.el.reserveBottom?.(box, top) ?? 54);
    return { box, top, free: Math.max(1, box.height - top - bottom) };
  }

  /** Whether every node, at the current zoom and pan, lies inside the free area. */
  private fitsView(): boolean {
    if (!this.layout) return true;
    const { box, top, free } = this.freeArea();
    const t = (this.el.svg as SVGSVGElement & { __zoom?: { k: number; x: number; y: number } }).__zoom ?? { k: 1, x: 0, y: 0 };
    for (const n of this.layout.nodes.values()) {
      const x = t.x + t.k * n.x, y = t.y + t.k * n.y;
      if (x < 0 || y < top || x + t.k * n.width > box.width || y + t.k * n.height > top + free) return false;
    }
    return true;
  }

  /** Zooms by `factor` about the centre (the toolbar's + and −): the user's own view from now on. */
  zoomBy(factor: number): void {
    this.svg.call(this.zoomer.scaleBy, factor);
    this.userView = true;
  }

  private persist(): void {
    if (!this.layout) return;
    const t = (this.el.svg as SVGSVGElement & { __zoom?: { k: number; x: number; y: number } }).__zoom ?? { k: 1, x: 0, y: 0 };
    this.actions.persist(this.layout.nodes, { k: t.k, x: t.x, y: t.y });
  }

  private done(): void {
    this.renders++;
    document.body.dataset.renders = String(this.renders);
    // Observable from the page (test/browser, bench/webview.ts): the render count and where its time went.
    document.dispatchEvent(new CustomEvent("dag-rendered", { detail: { renders: this.renders, ...this.timings } }));
  }
}

let canvas: HTMLCanvasElement | undefined;
function measureText(): (text: string) => number {
  canvas ??= document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  if (!ctx) return (t) => t.length * 7.4;
  ctx.font = `${getComputedStyle(document.body).getPropertyValue("--dag-font-size") || "13px"} ${getComputedStyle(document.body).fontFamily}`;
  return (t) => ctx.measureText(t).width;
}
