/**
 * The DAG webview's entry point: acquires the VS Code API once, builds the page, and routes validated
 * host messages to the view. The page (made by src/extension/panel.ts, or a test host) provides
 * #dag, #banner, #status, #tooltip, #legend, the toolbar buttons and `data-elk-worker` on <body>.
 */
import "d3-transition";
import { type PanelCommandName, PROTOCOL_VERSION, type ToWebview } from "../src/protocol/messages";
import { Bridge, type VsCodeApi } from "./bridge";
import { ElkRunner } from "./elk-runner";
import { exportSvg, svgToPng } from "./export";
import { wireInteraction } from "./interaction";
import { wireSelectionClearing } from "./selection";
import { EvidenceLayer } from "./render/evidence";
import { ImplicationsSection } from "./render/implications";
import { Legend } from "./render/legend";
import { drawLegend, showBanner } from "./render/overlays";
import { loadState, positionsOf, saveState } from "./state";
import { QueryPanel } from "./query/query-panel";
import { DagView } from "./view";

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const byId = <T extends Element>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Causal Studio webview: the page has no #${id}`);
  return el as unknown as T;
};
const banner = byId<HTMLElement>("banner");
const notify = (message: string) => showBanner(banner, [message]);
const bridge = new Bridge(api, notify);
const state = loadState(api);

const legendElement = byId<HTMLElement>("legend");
const legendToggle = drawLegend(legendElement);
let legend: Legend | undefined;
let implications: ImplicationsSection | undefined;
const view = new DagView(
  { svg: byId<SVGSVGElement>("dag"), banner, status: byId("status"), tooltip: byId("tooltip"), reserveBottom: (area, top) => Math.max(legend?.reserve(area, top) ?? 0, implications?.reserve(area) ?? 0) },
  new ElkRunner(document.body.dataset.elkWorker ?? "elk-worker.min.js"),
  {
    nodeClicked: (id) => bridge.post({ type: "nodeClicked", id }),
    edgeRequest: (op, from, to, kind) => bridge.post({ type: "edgeRequest", op, from, to, kind }),
    error: (message) => bridge.post({ type: "webviewError", message }),
    persist: (positions, zoom) => {
      state.positions = Object.fromEntries([...positions].map(([id, p]) => [id, { x: p.x, y: p.y, width: p.width, height: p.height }]));
      state.zoom = zoom;
      saveState(api, state);
    },
  },
  positionsOf(state),
  state.zoom,
);
legend = new Legend(legendElement, legendToggle, {
  get: () => state.legendCollapsed,
  set: (collapsed) => {
    state.legendCollapsed = collapsed;
    saveState(api, state);
  },
}, () => view.fit());
const query = new QueryPanel(view, {
  section: byId("query"), toggle: byId("intervene"), bar: byId("query-bar"), text: byId("query-text"), chips: byId("query-chips"), run: byId("query-run"),
  cancel: byId("query-cancel"), mode: byId("query-mode"), results: byId("query-results"), popover: byId("popover"), svg: byId<SVGSVGElement>("dag"),
}, (m) => bridge.post(m), {
  get: () => state.queries,
  set: (queries) => {
    state.queries = queries;
    saveState(api, state);
  },
}, legend);
const evidence = new EvidenceLayer(view, legend, {
  get: () => state.evidence,
  set: (e) => {
    state.evidence = e;
    saveState(api, state);
  },
}, (m) => bridge.post(m));
wireInteraction(view, { fit: byId("fit"), connect: byId("connect"), zoomIn: byId("zoom-in"), zoomOut: byId("zoom-out") }, notify, (m) => bridge.post(m));
wireSelectionClearing(view, byId<SVGSVGElement>("dag"));
implications = new ImplicationsSection({ section: byId("implications"), toggle: byId("implications-toggle"), list: byId("implications-list") }, view, {
  get: () => state.implicationsOpen,
  set: (open) => {
    state.implicationsOpen = open;
    saveState(api, state);
  },
}, () => view.fit());
const shownImplications = implications;

/** A palette command (Causal Studio: Run Query, Fit DAG to View, ...): what the matching button does. */
function panelCommand(name: PanelCommandName): void {
  switch (name) {
    case "runQuery":
      if (!query.active) query.setActive(true);
      return query.run();
    case "cancelQuery": return query.cancel();
    case "clearQuery": return query.clear();
    case "closeQuery": return query.setActive(false);
    case "fitView": return view.fit();
    case "zoomIn": return view.zoomBy(1.25);
    case "zoomOut": return view.zoomBy(0.8);
    case "showImplications": return shownImplications.setOpen(true, true);
    default: {
      const never: never = name;
      void never;
    }
  }
}

/** The last graph message (as sent) and the host's refusal shown over it, if any. */
let lastDrawing = "";
let notice: { message: string; drawing: string } | undefined;

async function handle(message: ToWebview): Promise<void> {
  switch (message.type) {
    case "graph": {
      // A refusal is about the drawing it came with: the host re-sending that same drawing (a focus change, the panel
      // shown again) keeps it; an edit or another file replaces it with the new drawing's own errors.
      const drawing = JSON.stringify(message);
      const kept = notice && notice.drawing === drawing ? notice.message : undefined;
      lastDrawing = drawing;
      query.graphArrived(message);
      evidence.graphArrived(message);
      shownImplications.graphArrived(message);
      await view.update(message);
      if (kept !== undefined) showBanner(banner, [kept]);
      else notice = undefined;
      query.graphDrawn();
      return;
    }
    case "highlightNode":
      view.setCursorNode(message.id);
      return;
    case "adjustmentSet":
      view.setAdjustment(message);
      return;
    case "theme":
      document.body.dataset.theme = message.kind;
      return;
    case "notice":
      notice = { message: message.message, drawing: lastDrawing };
      showBanner(banner, [message.message]);
      return;
    case "exportRequest": {
      const { requestId, format } = message;
      try {
        if (!view.layout) throw new Error("there is no drawing to export yet");
        const svg = exportSvg(byId<SVGSVGElement>("dag"), view.layout);
        bridge.post({ type: "exportResult", requestId, format, data: format === "svg" ? svg : await svgToPng(svg) });
      } catch (e) {
        bridge.post({ type: "exportResult", requestId, format, error: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case "queryProgress":
      query.onProgress(message);
      return;
    case "queryResult":
      query.onResult(message);
      return;
    case "queryFailed":
      query.onFailed(message);
      return;
    case "nodeSummaries":
      query.onSummaries(message);
      return;
    case "queryMode":
      query.open(message.mode);
      return;
    case "paramsStatus":
      showParamsStatus(byId<HTMLElement>("params-status"), message.text, message.stale);
      return;
    case "evidence":
      evidence.set(message.evidence);
      return;
    case "implications":
      shownImplications.set(message);
      return;
    case "command":
      panelCommand(message.name);
      return;
    default: {
      const never: never = message;
      void never;
    }
  }
}

/** Which param values Run uses: the trained file's line, or (stale) a warning that the declared values are used. */
function showParamsStatus(el: HTMLElement, text: string | null, stale: string | undefined): void {
  el.hidden = text === null && !stale;
  el.classList.toggle("stale", !!stale);
  el.textContent = stale ? `⚠ ${text ? `${text}: ` : ""}${stale}` : text ? `Params: ${text}` : "";
  el.title = stale ? "Train the model again (Causal Studio: Train Model…) to use learned values" : "Run answers with these trained values";
}

bridge.listen(window, (message) => void handle(message));
bridge.post({ type: "ready", version: PROTOCOL_VERSION });
