/**
 * The legend's collapse state and the room it takes at the bottom of the drawing. A small toggle
 * button folds the legend to one line; the user's choice is kept in the webview state. Until the
 * user chooses, the legend folds itself when, expanded, it would leave the graph less than
 * MIN_SHARE of the panel's height (a short panel). `reserve` tells Fit how many pixels at the bottom
 * of the SVG the legend covers, so that no node is drawn under it. Other parts of the page may add a
 * section under the rows (setSection). While a query cuts edges, a row shows how a cut edge looks
 * (showCut), beside the dashed "hidden common cause" it must not be mistaken for.
 */
export interface LegendStore {
  get(): boolean | undefined;
  set(collapsed: boolean): void;
}

const MIN_SHARE = 0.6;
const GAP = 6;

export class Legend {
  constructor(private readonly el: HTMLElement, private readonly toggle: HTMLButtonElement, private readonly store: LegendStore, onToggle: () => void) {
    this.apply(store.get() ?? false);
    toggle.addEventListener("click", () => {
      this.store.set(!this.collapsed);
      this.apply(!this.collapsed);
      onToggle();
    });
  }

  /**
   * Shows (or, undefined, removes) an extra section under the rows, e.g. a diagnosis's evidence
   * (render/evidence.ts). Its head stays visible when the legend is folded; the rest folds with the rows.
   */
  setSection(section: HTMLElement | undefined): void {
    this.el.querySelectorAll(":scope > .legend-section").forEach((e) => e.remove());
    if (!section) return;
    section.classList.add("legend-section");
    this.el.append(section);
  }

  /** Shows (or removes) the "edge cut by do(…)" row: a faint solid line with a break mark, as render/edges.ts draws it. */
  showCut(on: boolean): void {
    const rows = this.el.querySelector(".legend-rows");
    const existing = this.el.querySelector(".legend-row.query-cut");
    if (!on || !rows) {
      existing?.remove();
      return;
    }
    if (existing) return;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "cut-swatch");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "12");
    svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(ns, "path");
    line.setAttribute("class", "line");
    line.setAttribute("d", "M1,6L23,6");
    const mark = document.createElementNS(ns, "path");
    mark.setAttribute("class", "cut-mark");
    mark.setAttribute("d", "M9.5,1L9.5,11M14.5,1L14.5,11");
    svg.append(line, mark);
    const row = document.createElement("div");
    row.className = "legend-row query-cut";
    row.append(svg, document.createTextNode("edge cut by do(…)"));
    rows.append(row);
  }

  get collapsed(): boolean {
    return this.el.classList.contains("collapsed");
  }

  private apply(collapsed: boolean): void {
    this.el.classList.toggle("collapsed", collapsed);
    this.toggle.setAttribute("aria-expanded", String(!collapsed));
    this.toggle.title = collapsed ? "Show the legend" : "Hide the legend";
  }

  /** Pixels at the bottom of `area` (the SVG's box) that the legend covers, plus a gap. */
  private covered(area: DOMRect): number {
    if (this.el.offsetParent === null) return 0; // not displayed
    const r = this.el.getBoundingClientRect();
    if (r.height === 0 || r.top >= area.bottom || r.bottom <= area.top) return 0;
    return area.bottom - r.top + GAP;
  }

  /** The bottom margin Fit must keep free (`top` is what Fit keeps free above the graph). Decides the automatic fold first. */
  reserve(area: DOMRect, top: number): number {
    if (this.store.get() === undefined) {
      this.apply(false);
      const expanded = this.covered(area);
      this.apply(area.height - top - expanded < MIN_SHARE * (area.height - top));
    }
    return this.covered(area);
  }
}
