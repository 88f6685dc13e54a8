/**
 * User input on the drawing: click a node (select + reveal in the editor); Connect (or "a") then two
 * clicks to request an edge: the first click picks the source, the second the target, a neutral hint
 * says which click comes next and Esc cancels (with two nodes already selected, Connect connects them
 * at once; with one, it is the source); drag from a node's handle onto another node to request an
 * edge; click an edge and press Delete to request its removal; Ctrl+Z / Cmd+Z undo and Ctrl+Shift+Z /
 * Ctrl+Y redo the last edit of the model's file (the host runs them on its document); hover for the
 * mechanism, Tab / arrow keys to move between nodes, Enter to reveal, "f" or the Fit button to fit.
 */
import { pointer, select } from "d3";
import type { UndoRequest } from "../src/protocol/messages";
import { centre, type PlacedEdge } from "./layout";
import { edgeKey } from "./render/edges";
import type { DagView } from "./view";

export interface Controls { fit: HTMLElement; connect: HTMLElement; zoomIn: HTMLElement; zoomOut: HTMLElement }

/** Connect's two-click flow: which click comes next, shown in a hint (role=status, neutral style), never an error banner. */
class ConnectFlow {
  private kind: "directed" | "bidirected" | undefined;
  private source: string | undefined;
  readonly hint: HTMLElement;

  constructor(private readonly view: DagView, private readonly button: HTMLElement) {
    this.hint = document.getElementById("connect-hint") ?? document.body.appendChild(Object.assign(document.createElement("div"), { id: "connect-hint", hidden: true }));
    this.hint.setAttribute("role", "status");
    this.hint.setAttribute("aria-live", "polite");
    button.setAttribute("aria-pressed", "false");
  }

  get active(): boolean {
    return this.kind !== undefined;
  }

  /** Connect pressed (or "a" / "b"): with two nodes selected connect them; else start picking (the one selected node is the source). */
  start(kind: "directed" | "bidirected"): void {
    const [from, to] = this.view.selectedNodes;
    if (from && to) {
      this.stop();
      this.view.actions.edgeRequest("add", from, to, kind);
      return;
    }
    this.kind = kind;
    this.source = from;
    this.button.setAttribute("aria-pressed", "true");
    this.say();
  }

  /** A node click while picking: the source, then the target (which sends the request). True when it consumed the click. */
  click(id: string): boolean {
    if (!this.kind) return false;
    if (!this.source) {
      this.source = id;
      this.view.selectedNodes = [id];
      this.view.selectEdge(undefined);
      this.say();
      return true;
    }
    if (id === this.source) {
      this.say(`${id} cannot point to itself: click another variable (Esc cancels)`);
      return true;
    }
    const [from, kind] = [this.source, this.kind];
    this.stop();
    // Nothing stays selected: the next Connect starts a new pick instead of joining these two again.
    this.view.selectedNodes = [];
    this.view.draw();
    this.view.actions.edgeRequest("add", from, id, kind);
    return true;
  }

  stop(): void {
    this.kind = undefined;
    this.source = undefined;
    this.button.setAttribute("aria-pressed", "false");
    this.hint.hidden = true;
    this.hint.textContent = "";
  }

  private say(text?: string): void {
    const s = this.source;
    const arrow = this.kind === "bidirected" ? "share a hidden common cause with" : "point to";
    this.hint.textContent = text ?? (s ? `Now click the variable that ${s} should ${arrow} (Esc cancels)` : "Click the variable the new edge starts from (Esc cancels)");
    // Below the error banner when one is shown, so neither hides the other.
    const banner = document.getElementById("banner");
    this.hint.style.top = banner && !banner.hidden ? `${banner.offsetTop + banner.offsetHeight + 6}px` : "";
    this.hint.hidden = false;
    if (s) this.view.draw();
  }
}

/** Ctrl+Z / Cmd+Z: undo; Ctrl+Shift+Z / Cmd+Shift+Z / Ctrl+Y: redo; else undefined. */
export function undoKey(event: KeyboardEvent): UndoRequest | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return undefined;
  const key = event.key.toLowerCase();
  if (key === "z") return { type: "undoRequest", redo: event.shiftKey };
  if (key === "y" && !event.shiftKey) return { type: "undoRequest", redo: true };
  return undefined;
}

export function wireInteraction(view: DagView, controls: Controls, notify: (message: string) => void, post?: (message: UndoRequest) => void): void {
  const nodes = view.nodeLayer;
  const flow = new ConnectFlow(view, controls.connect);

  nodes.on("click", (event: MouseEvent) => {
    const id = nodeIdOf(event.target);
    if (!id) return;
    if (flow.click(id)) return;
    if (view.onQueryClick?.(id, event)) return;
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      view.selectedNodes = [...view.selectedNodes.filter((s) => s !== id), id].slice(-2);
      view.draw();
      return;
    }
    view.selectedNodes = [id];
    view.selectEdge(undefined);
    view.actions.nodeClicked(id);
  });
  nodes.on("mousemove", (event: MouseEvent) => view.hover(nodeIdOf(event.target), event.clientX, event.clientY));
  nodes.on("mouseleave", () => view.hover(undefined, 0, 0));
  nodes.on("focusin", (event: FocusEvent) => {
    const id = nodeIdOf(event.target);
    if (id) view.setCursorNode(id);
  });

  view.edgeLayer.on("click", (event: MouseEvent) => {
    const g = (event.target as Element).closest("g.edge") as (SVGGElement & { __data__?: PlacedEdge }) | null;
    if (!g?.__data__) return;
    view.selectEdge(edgeKey(g.__data__));
    event.stopPropagation();
  });

  const connect = (kind: "directed" | "bidirected") => {
    if (!view.graph?.editable) return notify("This graph cannot be edited from the diagram.");
    flow.start(kind);
  };
  controls.connect.addEventListener("click", () => (flow.active ? flow.stop() : connect("directed")));
  controls.fit.addEventListener("click", () => view.fit());
  controls.zoomIn.addEventListener("click", () => view.zoomBy(1.25));
  controls.zoomOut.addEventListener("click", () => view.zoomBy(0.8));

  document.addEventListener("keydown", (event: KeyboardEvent) => {
    // Keys typed into the query bar's fields are text, not shortcuts.
    if ((event.target as Element | null)?.closest?.("input, select, textarea, #popover, #query")) return;
    const focusedId = nodeIdOf(document.activeElement);
    const undo = undoKey(event);
    if (undo) {
      // VS Code's webview host also blocks the browser's own undo here and forwards the key to the
      // workbench, which only replays it into this page's (empty) text undo stack: the host does the real work.
      if (view.graph?.editable) post?.(undo);
      event.preventDefault();
      return;
    }
    if ((event.key === "Delete" || event.key === "Backspace") && view.selectedEdge) {
      const e = view.edgeByKey(view.selectedEdge);
      if (!e) return;
      if (!view.graph?.editable) return notify("This graph cannot be edited from the diagram.");
      view.actions.edgeRequest("remove", e.from, e.to, e.kind);
      event.preventDefault();
    } else if (event.key === "Enter" && focusedId && flow.active) {
      flow.click(focusedId);
    } else if (event.key === "Enter" && focusedId) {
      view.actions.nodeClicked(focusedId);
    } else if (event.key === "a" && !event.ctrlKey && !event.metaKey) {
      connect("directed");
    } else if (event.key === "b" && !event.ctrlKey && !event.metaKey) {
      connect("bidirected");
    } else if (event.key === "f") {
      view.fit();
    } else if (event.key === "Escape") {
      flow.stop();
      view.selectedNodes = [];
      view.selectEdge(undefined);
    } else if (event.key.startsWith("Arrow") && focusedId) {
      const next = neighbourInDirection(view, focusedId, event.key);
      if (next) focusNode(view, next);
      event.preventDefault();
    }
  });

  wireHandleDrag(view);
}

function nodeIdOf(target: EventTarget | Element | null): string | undefined {
  const g = (target as Element | null)?.closest?.("g.node");
  return g?.getAttribute("data-node-id") ?? undefined;
}

export function focusNode(view: DagView, id: string): void {
  const el = view.nodeLayer.node()?.querySelector<SVGGElement>(`g.node[data-node-id="${CSS.escape(id)}"]`);
  el?.focus();
}

/** The nearest node whose centre lies in the arrow key's direction (within a 45 degree cone). */
export function neighbourInDirection(view: DagView, id: string, key: string): string | undefined {
  const layout = view.layout;
  const from = layout?.nodes.get(id);
  if (!layout || !from) return undefined;
  const c = centre(from);
  const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key] ?? [0, 0];
  let best: string | undefined;
  let bestScore = Infinity;
  for (const n of layout.nodes.values()) {
    if (n.id === id) continue;
    const p = centre(n);
    const dx = p.x - c.x;
    const dy = p.y - c.y;
    const along = dx * dir[0] + dy * dir[1];
    const across = Math.abs(dx * dir[1] - dy * dir[0]);
    if (along <= 0 || across > along) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = n.id;
    }
  }
  return best;
}

/** Drag from a node's handle (the small circle on its edge) and drop on another node: add that edge. */
function wireHandleDrag(view: DagView): void {
  let from: string | undefined;
  let line: SVGLineElement | undefined;
  view.nodeLayer.on("mousedown", (event: MouseEvent) => {
    if (!(event.target as Element).classList.contains("handle")) return;
    from = nodeIdOf(event.target);
    const start = from ? view.layout?.nodes.get(from) : undefined;
    if (!from || !start) return;
    event.preventDefault();
    event.stopPropagation();
    const c = centre(start);
    line = select(view.dragLayer.node()!).append("line").attr("class", "drag-line")
      .attr("x1", c.x).attr("y1", c.y).attr("x2", c.x).attr("y2", c.y).node() ?? undefined;
  });
  window.addEventListener("mousemove", (event) => {
    if (!line) return;
    const [x, y] = pointer(event, view.dragLayer.node());
    line.setAttribute("x2", String(x));
    line.setAttribute("y2", String(y));
  });
  window.addEventListener("mouseup", (event) => {
    if (!line || !from) return;
    line.remove();
    line = undefined;
    const to = nodeIdOf(document.elementFromPoint(event.clientX, event.clientY));
    const source = from;
    from = undefined;
    if (!to || to === source) return;
    if (!view.graph?.editable) return;
    view.actions.edgeRequest("add", source, to, "directed");
  });
}
