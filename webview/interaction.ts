/**
 * User input on the drawing: click a node (select + reveal in the editor), Ctrl/Shift-click a second
 * node and press "a" (or the Connect button) to request an edge, drag from a node's handle onto another
 * node to request an edge, click an edge and press Delete to request its removal, hover for the
 * mechanism, Tab / arrow keys to move between nodes, Enter to reveal, "f" or the Fit button to fit.
 */
import { pointer, select } from "d3";
import { centre, type PlacedEdge } from "./layout";
import { edgeKey } from "./render/edges";
import type { DagView } from "./view";

export interface Controls { fit: HTMLElement; connect: HTMLElement; zoomIn: HTMLElement; zoomOut: HTMLElement }

export function wireInteraction(view: DagView, controls: Controls, notify: (message: string) => void): void {
  const nodes = view.nodeLayer;

  nodes.on("click", (event: MouseEvent) => {
    const id = nodeIdOf(event.target);
    if (!id) return;
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
    const [from, to] = view.selectedNodes;
    if (!from || !to) return notify("Select two nodes (click one, then Shift+click the other) to connect them.");
    view.actions.edgeRequest("add", from, to, kind);
  };
  controls.connect.addEventListener("click", () => connect("directed"));
  controls.fit.addEventListener("click", () => view.fit());
  controls.zoomIn.addEventListener("click", () => view.zoomBy(1.25));
  controls.zoomOut.addEventListener("click", () => view.zoomBy(0.8));

  document.addEventListener("keydown", (event: KeyboardEvent) => {
    // Keys typed into the query bar's fields are text, not shortcuts.
    if ((event.target as Element | null)?.closest?.("input, select, textarea, #popover, #query")) return;
    const focusedId = nodeIdOf(document.activeElement);
    if ((event.key === "Delete" || event.key === "Backspace") && view.selectedEdge) {
      const e = view.edgeByKey(view.selectedEdge);
      if (!e) return;
      if (!view.graph?.editable) return notify("This graph cannot be edited from the diagram.");
      view.actions.edgeRequest("remove", e.from, e.to, e.kind);
      event.preventDefault();
    } else if (event.key === "Enter" && focusedId) {
      view.actions.nodeClicked(focusedId);
    } else if (event.key === "a" && !event.ctrlKey && !event.metaKey) {
      connect("directed");
    } else if (event.key === "b" && !event.ctrlKey && !event.metaKey) {
      connect("bidirected");
    } else if (event.key === "f") {
      view.fit();
    } else if (event.key === "Escape") {
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
