/**
 * The "Testable implications" section of the DAG panel: the conditional independencies the graph
 * implies among its observed variables (ImplicationsUpdate, computed by the host from the static
 * graph, as `causal-studio graph` lists them), folded under one toggle line at the bottom right of the
 * drawing. Hovering or focusing a line highlights its two variables and the conditioning set on the
 * graph; clicking it (or Enter) pins the highlight until another click, Escape or another model. The
 * list is capped by the host ("and N more"). It does not change the graph, the query or the host.
 */
import type { GraphUpdate, ImplicationDto, ImplicationsUpdate } from "../../src/protocol/messages";
import type { DagView } from "../view";

export interface ImplicationsElements { section: HTMLElement; toggle: HTMLButtonElement; list: HTMLElement }

/** Where the user's choice (folded or open) is kept: the webview state. */
export interface ImplicationsStore { get(): boolean | undefined; set(open: boolean): void }

const GAP = 6;
/** Narrower than this beside the legend, the section goes above it; never wider than MAX_WIDTH. */
const MIN_WIDTH = 180;
const MAX_WIDTH = 420;

/** The other side of a statement: one name (per-pair lists) or a set (the local Markov basis). */
const ys = (i: ImplicationDto): string[] => (typeof i.y === "string" ? [i.y] : i.y);

/** "y ⊥ x | a, b" or "x ⊥ y1, y2 | a", as the panel prints one statement (the CLI prints `_||_`). */
export function implicationText(i: ImplicationDto): string {
  return `${i.x} ⊥ ${ys(i).join(", ")}${i.given.length ? ` | ${i.given.join(", ")}` : ""}`;
}

export class ImplicationsSection {
  private shown: ImplicationsUpdate | undefined;
  private pinned: number | undefined;
  private hovered: number | undefined;

  constructor(private readonly el: ImplicationsElements, private readonly view: DagView, private readonly store: ImplicationsStore, private readonly onToggle: () => void) {
    el.toggle.addEventListener("click", () => this.setOpen(!this.open));
    el.list.addEventListener("mouseover", (e) => this.hover(indexOf(e.target)));
    el.list.addEventListener("mouseleave", () => this.hover(undefined));
    el.list.addEventListener("focusin", (e) => this.hover(indexOf(e.target)));
    el.list.addEventListener("focusout", () => this.hover(undefined));
    el.list.addEventListener("click", (e) => this.pin(indexOf(e.target)));
    el.list.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        this.pin(indexOf(e.target));
        e.preventDefault();
      } else if (e.key === "Escape") this.pin(undefined, true);
    });
    // The nodes are redrawn (their classes rewritten) after every edit and query change: mark them again.
    const after = view.afterDraw;
    view.afterDraw = () => {
      after?.();
      this.mark();
    };
    this.render();
  }

  get open(): boolean {
    return !this.el.list.hidden;
  }

  /** Opens or folds the list (the toggle, and the "Show Testable Implications" command). */
  setOpen(open: boolean, focus = false): void {
    this.store.set(open);
    this.applyOpen(open);
    this.onToggle();
    if (open && focus) (this.el.list.querySelector<HTMLElement>("li.implication") ?? this.el.toggle).focus();
  }

  private applyOpen(open: boolean): void {
    this.el.list.hidden = !open;
    this.el.toggle.setAttribute("aria-expanded", String(open));
    this.el.section.classList.toggle("open", open);
    this.place();
  }

  /** A graph arrived: a graph of another model drops the list until its own implications arrive. */
  graphArrived(graph: GraphUpdate): void {
    if (graph.nodes.length === 0) return; // errors only: the last good drawing (and its list) stay
    if (this.shown && this.shown.model !== graph.title) this.set(undefined);
  }

  set(update: ImplicationsUpdate | undefined): void {
    const same = update && this.shown && update.model === this.shown.model && sameItems(update.items, this.shown.items);
    this.shown = update;
    if (!same) this.pinned = this.hovered = undefined;
    this.render();
  }

  /** Pixels at the bottom of `area` (the SVG's box) the open list covers, for Fit (as the legend's reserve). */
  reserve(area: DOMRect): number {
    if (this.el.section.hidden || this.el.section.offsetParent === null) return 0;
    this.place();
    const r = this.el.section.getBoundingClientRect();
    if (r.height === 0 || r.top >= area.bottom || r.bottom <= area.top) return 0;
    return area.bottom - r.top + GAP;
  }

  /**
   * Beside the legend (bottom left) when there is room, narrowed to what is left; else stacked above it,
   * so neither covers the other in a narrow panel.
   */
  private place(): void {
    const s = this.el.section;
    s.style.removeProperty("max-width");
    s.style.removeProperty("bottom");
    const legend = document.getElementById("legend");
    if (!legend || legend.offsetParent === null || s.hidden) return;
    const l = legend.getBoundingClientRect();
    const page = (s.offsetParent ?? document.body).getBoundingClientRect();
    const room = page.right - 10 - l.right - 2 * GAP;
    if (room >= MIN_WIDTH) s.style.setProperty("max-width", `${Math.min(room, MAX_WIDTH)}px`);
    else s.style.setProperty("bottom", `${page.bottom - l.top + GAP}px`);
  }

  private render(): void {
    const u = this.shown;
    this.el.section.hidden = !u;
    this.applyOpen(this.store.get() ?? false);
    if (!u) {
      this.el.list.replaceChildren();
      this.mark();
      return;
    }
    this.el.toggle.textContent = `Testable implications (${u.total})`;
    this.el.toggle.title = "Conditional independencies this graph implies: data that break one contradict the graph";
    const rows: HTMLElement[] = u.items.map((item, k) => {
      const li = document.createElement("li");
      li.className = "implication";
      li.tabIndex = 0;
      li.dataset.index = String(k);
      li.dataset.x = item.x;
      li.dataset.y = ys(item).join(",");
      li.dataset.given = item.given.join(",");
      li.textContent = implicationText(item);
      li.title = `${item.x} and ${ys(item).join(", ")} are independent${item.given.length ? ` given ${item.given.join(", ")}` : ""} if the graph is right (click to keep them highlighted)`;
      if (k === this.pinned) li.classList.add("pinned");
      return li;
    });
    const note = (cls: string, text: string) => Object.assign(document.createElement("li"), { className: cls, textContent: text });
    if (u.error) rows.push(note("implications-error", u.error));
    else if (u.total === 0) rows.push(note("implications-none", "None: every pair of observed variables is adjacent or joined through a hidden common cause, so there is no conditional independence to test."));
    else if (u.note) rows.push(note("implications-more", u.note));
    else if (u.total > u.items.length) rows.push(note("implications-more", `and ${u.total - u.items.length} more (causal-studio graph --json lists all)`));
    this.el.list.replaceChildren(...rows);
    this.place();
    this.mark();
  }

  private hover(k: number | undefined): void {
    if (k === this.hovered) return;
    this.hovered = k;
    this.mark();
  }

  private pin(k: number | undefined, clear = false): void {
    this.pinned = clear || k === this.pinned ? undefined : k;
    this.el.list.querySelectorAll("li.implication").forEach((li) => li.classList.toggle("pinned", Number((li as HTMLElement).dataset.index) === this.pinned));
    this.mark();
  }

  /** Marks the hovered (else the pinned) statement's variables on the graph: the pair, and what it conditions on. */
  private mark(): void {
    const k = this.hovered ?? this.pinned;
    const item = k === undefined ? undefined : this.shown?.items[k];
    const svg = this.view.nodeLayer.node()?.ownerSVGElement;
    svg?.classList.toggle("implying", !!item);
    this.view.nodeLayer.selectAll<SVGGElement, unknown>("g.node").each(function () {
      const id = this.getAttribute("data-node-id");
      this.classList.toggle("implied-pair", !!item && (id === item.x || (id !== null && ys(item).includes(id))));
      this.classList.toggle("implied-given", !!item && id !== null && item.given.includes(id));
    });
  }
}

function indexOf(target: EventTarget | null): number | undefined {
  const li = (target as Element | null)?.closest?.("li.implication") as HTMLElement | null;
  return li?.dataset.index === undefined ? undefined : Number(li.dataset.index);
}

function sameItems(a: ImplicationDto[], b: ImplicationDto[]): boolean {
  return a.length === b.length && a.every((x, k) => implicationText(x) === implicationText(b[k]));
}
