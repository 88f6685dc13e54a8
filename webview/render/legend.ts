/**
 * The legend's collapse state and the room it takes at the bottom of the drawing. A small toggle
 * button folds the legend to one line; the user's choice is kept in the webview state. Until the
 * user chooses, the legend folds itself when, expanded, it would leave the graph less than
 * MIN_SHARE of the panel's height (a short panel). `reserve` tells Fit how many pixels at the bottom
 * of the SVG the legend covers, so that no node is drawn under it. Other parts of the page may add a
 * section under the rows (setSection).
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
